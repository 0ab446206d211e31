"""No regex in clean/ or extract/ backtracks super-linearly (issue 25), checked without timing.

``hostile.redos`` reads each compiled pattern's parse tree for the shapes that make Python's
backtracking engine quadratic or exponential. The rewritten patterns are checked to match
exactly what the old ones matched (hypothesis, on strings built from the words they test).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import newsgraph.clean
import newsgraph.extract
from hostile.redos import audit, findings
from newsgraph.clean import clutter, dateline
from newsgraph.clean.scan import followed_on_line
from newsgraph.extract import timex, timex_rules
from newsgraph.extract.quotes import is_anonymous

#: flagged shapes that cannot be reached, with the reason (anything else flagged fails)
ALLOWED = {
    # starts only at the string start or after a separator ([\s_-]), never inside the letter
    # run that recommend[^\W_]* scans: linear; the checker does not model a ^ alternative
    "html._CLUTTER_ATTR": "restart",
}


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for pkg in (newsgraph.extract, newsgraph.clean):
        for info in pkgutil.iter_modules(pkg.__path__):
            mod = importlib.import_module(f"{pkg.__name__}.{info.name}")
            out += [(f"{info.name}.{k}", v) for k, v in vars(mod).items()
                    if isinstance(v, re.Pattern)]
    out += [(f"timex.finder.{r.name}", rx) for _i, r, rx in timex._FINDERS]
    return out


def test_no_pattern_in_clean_or_extract_backtracks_superlinearly() -> None:
    patterns = _patterns()
    assert len(patterns) > 60
    found = audit(patterns)
    # the rules themselves only ever run as fullmatch (their finders, above, search)
    found.update(audit([(f"timex_rules.RULES.{r.name}", r.regex) for r in timex_rules.RULES],
                       search=False))
    bad = {name: fs for name, fs in found.items()
           if {f.shape for f in fs} != {ALLOWED.get(name)}}
    assert bad == {}


OLD_ANON = (r"\b(a|an|one|two|three|several|some|another|senior|unnamed|anonymous)\b.*"
            r"\b(spokes\w+|sources?|officials?|diplomats?|persons?|people|officers?|"
            r"aides?|insiders?|advisers?|advisors?)\b|^(the )?sources?\b|\bofficials\b|"
            r"\bwho (spoke|asked|requested|declined)\b")


def test_checker_flags_the_shapes_issue_25_found() -> None:
    def shapes(p: str) -> set[str]:
        return {f.shape for f in findings(re.compile(p, re.IGNORECASE))}

    assert "restart" in shapes(OLD_ANON)  # 20,000 "a|" pieces: 43.8 s
    assert "restart" in shapes(r"\s+(?:or\s+so)$")
    assert "adjacent" in shapes(r"^\s*\[?\s*(related)\s*:\s*\S.*$")  # 51 s on 20k spaces
    assert "nested" in shapes(r"(?:(?:the )?(?:last|the) )*\d")  # 2^n: 51 s at n = 20
    assert "nested" in shapes(r"(?:(?:same|year-ago|year-ago)[ -])+period")
    assert "nested" in shapes(r"(a+)+b")
    assert "restart" in shapes(r"(?<![\w])(?:(?:last|the)\s+)*\d")  # per word: 173 s, 36 kB
    for safe in (r"[\w'&-]+", r"\b(before|after)\s*$", r"^(?:(?:in|on)\s+)+",
                 r"(?<!\s)\s+(?:or\s+so)$", r"(?<![\w])(?:(?:last|the)\s+){0,6}\d"):
        assert shapes(safe) == set(), safe


WORDS = st.lists(st.sampled_from(["a", "an", "Some", "two", "the", "source", "sources",
                                  "officials", "official", "spokesman", "spokes", "who",
                                  "spoke", "people", "aid", "|", " ", "\n", "x", "-", "ab"]),
                 max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(WORDS)
def test_anonymous_rule_matches_what_the_old_regex_matched(text: str) -> None:
    assert is_anonymous(text) == bool(re.search(OLD_ANON, text, re.IGNORECASE))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["sign up for our", "sign up for the", "news", "newsletter",
                                 "newsletters", " ", "\n", "x", "Sign Up For Our"]),
                max_size=8).map("".join))
def test_sign_up_rule_matches_what_the_old_regex_matched(text: str) -> None:
    old = re.compile(r"\b(sign up for (our|the)\b.*newsletter)\b", re.IGNORECASE)
    assert followed_on_line(text, clutter._SIGN_UP, clutter._NEWSLETTER) == \
        bool(old.search(text))


SPACEY = st.lists(st.sampled_from([" ", "  ", "\t", "[", "(", ")", ":", "/", "photo", "Photos",
                                   "credit", "by", "Related", "read more", "x", "Jane Doe",
                                   "Published", "Posted:", "March 3, 2024", "3 March 2024"]),
                  max_size=9).map("".join)

OLD = {
    "_CREDIT": (clutter._CREDIT, r"^\s*(\(?\s*(photo|image|picture|pictured|video|graphic|"
                r"illustration)s?(\s+credits?)?\s*[:/]|\(?\s*credit\s*:|©|\(c\)\s)"),
    "_CREDIT_TAIL": (clutter._CREDIT_TAIL, r"(\s[/|]\s*|\s)\(?(photo|image|picture)s?"
                     r"(\s+credit)?\s*(:|by)\s*[^:]{0,80}\)?\s*$"),
    "_RELATED_HEAD": (clutter._RELATED_HEAD, r"^\s*(related( articles?| stories| coverage| "
                      r"news| content)?|read more|more from|more on this( story)?|you (may|"
                      r"might) also like|recommended( for you)?|most (read|popular)|trending"
                      r"( now)?|see also|further reading)\s*:?\s*$"),
    "_RELATED_LINE": (clutter._RELATED_LINE, r"^\s*\[?\s*(related( articles?| stories| "
                      r"coverage)?|read more|see more|more|also read|don'?t miss)\s*:\s*\S.*$"),
}


@settings(max_examples=500, deadline=None)
@given(SPACEY)
def test_rewritten_clutter_patterns_match_what_the_old_ones_matched(text: str) -> None:
    for new, old in OLD.values():
        m_old = re.search(old, text, re.IGNORECASE)
        m_new = new.search(text)
        assert (m_old is None) == (m_new is None), (new.pattern, text)
        if m_old is not None and m_new is not None:
            assert m_old.start() == m_new.start()


@settings(max_examples=300, deadline=None)
@given(SPACEY)
def test_line_date_matches_what_the_old_pattern_matched(text: str) -> None:
    old = re.compile(r"^\s*(?:Published|Posted|Updated)?:?\s*" + dateline._DATE + r"\s*$",
                     re.IGNORECASE | re.MULTILINE)
    assert (old.match(text) is None) == (dateline._LINE_DATE.match(text) is None)
