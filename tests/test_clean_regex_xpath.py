"""``clean/regex_xpath.py``: XPaths with their regex tests bound to a page's values select
what the EXSLT regex XPaths select."""

from __future__ import annotations

import lxml.html
from lxml import etree

from newsgraph.clean.regex_xpath import REGEXP_NS, RegexXPaths, _literal

PAGE = """<html><body>
<div class="post-author">A</div><div class="Author box">B</div><span id="byline-1">C</span>
<p class="x">D</p><div class="it's &quot;quoted&quot; author">E</div><div class="">F</div>
<section id="author">G</section><div>H</div><div class="writer" id="main">I</div>
</body></html>"""


def _xpath(text: str) -> etree.XPath:
    return etree.XPath(text, namespaces={"re": REGEXP_NS})


def test_bound_xpaths_select_the_same_elements() -> None:
    tree = lxml.html.fromstring(PAGE)
    originals = [
        _xpath("//*[re:test(@class, '[Aa]uthor')]"),
        _xpath("//div[re:test(@class, 'writer|^post-') or re:test(@id, 'byline|^author$')]"),
        _xpath("//*[re:test(@id, 'zzz')]"),  # nothing on the page: false()
        _xpath("//*[re:test(@class, 'x?')]"),  # matches "" (elements without a class): kept
        _xpath("//*[re:test(@id|@class, 'main')]"),  # an attribute union: kept
        etree.XPath("//section"),  # no regex test at all
    ]
    fast = RegexXPaths(originals)
    assert len(fast.tests) == 4
    bound = fast.bind(tree)
    assert bound[3] is originals[3] and bound[4] is originals[4] and bound[5] is originals[5]
    for orig, new in zip(originals, bound, strict=True):
        assert new(tree) == orig(tree)
    # a tree cut from the page (a pruned copy) holds a subset of its values
    sub = tree.find(".//section").getparent()
    for orig, new in zip(originals, bound, strict=True):
        assert new(sub) == orig(sub)
    # a second page binds its own values; the same texts come from the cache
    other = lxml.html.fromstring('<html><body><b class="author">Z</b></body></html>')
    for orig, new in zip(originals, fast.bind(other), strict=True):
        assert new(other) == orig(other)
    assert fast.bind(other)[0] is fast.bind(other)[0]


def test_literal_quotes() -> None:
    tree = etree.fromstring("<r/>")
    for value in ("plain", "it's", 'say "hi"', "it's \"both\"", "'", "''\"\""):
        assert etree.XPath(f"string({_literal(value)})")(tree) == value



def test_shared_values_bind_the_same() -> None:
    tree = lxml.html.fromstring(PAGE)
    first = RegexXPaths([_xpath("//*[re:test(@class, '[Aa]uthor')]")])
    second = RegexXPaths([_xpath("//*[re:test(@id, 'byline') or re:test(@class, 'writer')]")])
    values: dict[str, set[str]] = {}
    a, b = first.bind(tree, values)[0], second.bind(tree, values)[0]
    assert set(values) == {"class", "id"}
    assert a(tree) == first.bind(tree)[0](tree) and b(tree) == second.bind(tree)[0](tree)
    assert [el.text for el in b(tree)] == ["C", "I"]
