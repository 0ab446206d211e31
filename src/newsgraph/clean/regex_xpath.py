"""XPaths whose EXSLT regex tests are answered once per distinct attribute value of a page.

An XPath predicate ``re:test(@class, 'pattern')`` calls back into Python for every element it
is tried on, and most pages have thousands of elements with a class: trafilatura's author
search (``trafilatura.metadata.extract_author``, two lists of such XPaths over the whole page)
was the costliest of our metadata steps. A page has far fewer distinct attribute values than
elements, so ``RegexXPaths.bind`` runs each such pattern once per distinct value of its
attribute on the page, with Python's ``re`` (the search lxml's EXSLT ``test`` runs:
``re.compile(pattern, re.UNICODE).search(value)``), and puts the values that match in the
XPath in the test's place (``@class='byline' or @class='post-author'``, ``false()`` for
none). The bound XPaths run natively in libxml2 and select the same elements on that page,
or on any tree cut from it (a pruned copy holds a subset of its values).

Only the two-argument form over one attribute is rewritten, and only for a pattern that does
not match the empty string (an element without the attribute tests ``""``); anything else is
left as it was. Bound XPaths are cached by their text: most pages bind to a few same texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

#: the EXSLT regular-expressions namespace lxml binds for ``re:`` in XPaths
REGEXP_NS = "http://exslt.org/regular-expressions"
_TEST = re.compile(r"re:test\(\s*@([A-Za-z_][\w.-]*)\s*,\s*'([^']*)'\s*\)")
#: bound XPaths kept by text (a page whose values are all new adds a few)
_CACHE_SIZE = 4096


def _literal(value: str) -> str:
    """``value`` as an XPath 1.0 string literal (``concat`` where it holds both quotes)."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in value.split("'")) + ")"


class RegexXPaths:
    """``xpaths`` (lxml ``XPath`` objects, in order) with their regex tests to be bound to a
    page's attribute values; an XPath with no test to rewrite is kept as it is."""

    def __init__(self, xpaths: Sequence[etree.XPath]) -> None:
        self.tests: list[tuple[str, re.Pattern[str]]] = []
        #: per XPath: its text split around the tests (``None`` for one kept as it is)
        self._parts: list[tuple[list[str], list[int]] | None] = []
        self._kept = list(xpaths)
        for xp in xpaths:
            pieces: list[str] = []
            which: list[int] = []
            last = 0
            for m in _TEST.finditer(xp.path):
                compiled = re.compile(m[2], re.UNICODE)
                if compiled.search(""):
                    continue
                pieces.append(xp.path[last:m.start()])
                which.append(len(self.tests))
                self.tests.append((m[1], compiled))
                last = m.end()
            pieces.append(xp.path[last:])
            self._parts.append((pieces, which) if which else None)
        attrs = dict.fromkeys(attr for attr, _ in self.tests)
        self._values = {attr: etree.XPath(f"//@{attr}", smart_strings=False) for attr in attrs}
        self._cache: dict[str, etree.XPath] = {}

    def bind(self, tree: etree._Element,
             values: dict[str, set[str]] | None = None) -> list[etree.XPath]:
        """The XPaths with every rewritten test replaced by the values of ``tree`` it matches.
        ``values``: attribute -> its values on ``tree``, shared between instances binding the
        same page (filled in here for the attributes it lacks)."""
        if not self.tests:
            return self._kept
        values = {} if values is None else values
        for attr, find in self._values.items():
            if attr not in values:
                values[attr] = set(find(tree))
        tests = []
        for attr, rx in self.tests:
            hits = sorted(v for v in values[attr] if rx.search(v))
            tests.append("(" + " or ".join(f"@{attr}={_literal(v)}" for v in hits) + ")"
                         if hits else "false()")
        out = []
        for xp, parts in zip(self._kept, self._parts, strict=True):
            if parts is None:
                out.append(xp)
                continue
            pieces, which = parts
            path = pieces[0] + "".join(tests[i] + piece
                                       for i, piece in zip(which, pieces[1:], strict=True))
            bound = self._cache.get(path)
            if bound is None:
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()
                bound = self._cache[path] = etree.XPath(path, namespaces={"re": REGEXP_NS})
            out.append(bound)
        return out
