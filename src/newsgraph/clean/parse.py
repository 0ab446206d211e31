"""HTML to an lxml tree as trafilatura parses it, with lxml.html's element classes chosen in C.

``lxml.html``'s parser picks each element's Python class through a lookup written in Python
(``HtmlElementClassLookup.lookup``), called every time Python code touches an element it has
not touched yet: trafilatura's cleaning, XPaths and copies, htmldate, our layout walk. On the
WCXB tune pages it was ~7% of our HTML stage under cProfile (~6% CPU measured).
``parse_html`` parses
with trafilatura's own parser settings (a ``copy()`` of ``trafilatura.utils.HTML_PARSER``) and
``load_html``'s steps for a string, but with lxml's C-level default lookup mapping every element
to ``lxml.html.HtmlElement`` (comments, processing instructions and entities to their
``lxml.html`` classes). The copies trafilatura and htmldate make keep the parser, so their work
on the tree gets the same lookup.

The one difference is that ``form``, ``input``, ``select``, ``textarea`` and ``label`` are
plain ``HtmlElement``s rather than lxml.html's subclasses of it, which only add form-handling
properties (``value``, ``fields``, ``for_element`` ...); neither trafilatura, htmldate nor
newsgraph reads those. Body, text and metadata are the same on all 974 WCXB and Zyte pages
(``bench/extraction_dump.py``), and ``tests/test_clean.py`` compares the trees with
``trafilatura.utils.load_html``'s.
"""

from __future__ import annotations

import threading

import lxml.html
from lxml import etree
from trafilatura.utils import HTML_PARSER, is_dubious_html, repair_faulty_html

#: every element an ``HtmlElement``, chosen in C (``lxml.html``'s lookup is a Python method)
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)

_LOCAL = threading.local()


def _parser() -> lxml.html.HTMLParser:
    """This thread's parser: trafilatura's settings, our element class lookup."""
    parser: lxml.html.HTMLParser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = HTML_PARSER.copy()
        parser.set_element_class_lookup(_LOOKUP)
        _LOCAL.parser = parser
    return parser


def _from_bytes(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html.encode("utf8", "surrogatepass"), parser=_parser())
    except Exception:  # trafilatura's fallback gives up the same way (it logs)
        return None


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """``trafilatura.utils.load_html(html)`` for a string, with ``_LOOKUP``'s classes: the
    repair of faulty markup, the Unicode parse with the byte parse as fallback, and the
    refusal of a dubious document of one element (None)."""
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree: lxml.html.HtmlElement | None = None
    fallback = False
    try:
        tree = lxml.html.fromstring(html, parser=_parser())
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = _from_bytes(html)
        fallback = True
    except Exception:  # trafilatura logs and carries on the same way
        tree = None
    if (tree is None or len(tree) < 1) and not fallback:
        tree = _from_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree
