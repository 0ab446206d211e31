"""Property tests over every parser and normaliser: no undocumented exception escapes.

The targets live in ``tests/hostile/targets.py`` and are shared with ``scripts/fuzz_all.py``,
which runs the same checks with far more examples. Here each target gets a small budget
(``NEWSGRAPH_FUZZ_EXAMPLES``, default 60) so the suite stays quick.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from hostile.targets import TARGETS, Target

EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "60"))


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_target_survives_hostile_input(target: Target) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(target.strategy)
    def run(value: object) -> None:
        target.check(value)

    run()


def test_brat_event_line_without_fields_is_skipped() -> None:
    """Found by fuzzing: an ``E`` line with an empty second column raised IndexError."""
    from newsgraph.eval.brat import parse_ann

    ann = parse_ann("E1\t\t\nT1\tContent 0 4\tthis\nE2\tAttr:T1 Content:T1\n")
    assert [e.id for e in ann.events] == ["E2"] and ann.textbounds["T1"].spans == ((0, 4),)
