"""Stored candidate rows read back once per kind, and only when a test needs them."""

from __future__ import annotations

import datetime as dt

from newsgraph.resolve import candidates
from newsgraph.resolve.candidates import (
    SPANS,
    _found,
    _from_member_row,
    _member_row,
    _mention,
    _parsed,
)
from newsgraph.resolve.compatibility import Mention
from newsgraph.resolve.dates import Window
from newsgraph.resolve.events import _reaches


def _m(event_id: str) -> Mention:
    return Mention(event_id=event_id, article_id="a1", outlet="example.org",
                   source_key="FRA@Paris", target_key="*CONSULT", stance="positive",
                   cameo="040", root="04", plover_type="CONSULT",
                   window=Window(dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
                   terms=frozenset({"minister", "talks"}), topic=(("summit", 2.5),),
                   main=True)


def test_a_kind_under_two_lookup_keys_is_parsed_once() -> None:
    row = _member_row(_m("e1"), "c1")
    under_key = (*row, "FRA@Paris", "*CONSULT")
    under_term = (*row, "^summit", "#")
    candidates._PARSED.clear()
    got = _parsed(under_key)
    assert _parsed(under_term) is got
    assert got == _from_member_row(row)
    # another cluster id (after a merge) is the same kind's reading
    assert _parsed((row[0], "c2", *row[2:], "FRA@Paris", "*CONSULT")) is got


def test_found_gives_stored_rows_unread_and_leaves_out_the_own_event() -> None:
    row = (*_member_row(_m("e1"), "c1"), "FRA@Paris", "*CONSULT")
    added = _m("e2")
    pools = ({("FRA@Paris", "*CONSULT", "positive"): [("c1", row, row[10], row[11])]},
             {("FRA@Paris", "*CONSULT", "positive"): [("c2", added, "2024-03-01",
                                                        "2024-03-01")]})
    spec = ("FRA@Paris", "*CONSULT", "positive", "2023-02-01", "2024-03-05", "2024-02-25")
    got = _found(spec, "e3", *pools)
    assert [(cid, o is row or o is added) for cid, o in got] == [("c1", True), ("c2", True)]
    assert _mention(got[0][1]) == _from_member_row(row)
    assert _mention(added) is added
    assert [cid for cid, _ in _found(spec, "e1", *pools)] == ["c2"]
    assert [cid for cid, _ in _found(spec, "e2", *pools)] == ["c1"]


def test_reaches_are_the_span_classes_back_from_the_least_hi() -> None:
    assert _reaches("2024-03-10") == tuple(
        (dt.date(2024, 3, 10) - dt.timedelta(days=s)).isoformat() for s in SPANS)
