"""Linear-time helpers for tests a single backtracking regex would make quadratic.

``re.search(r"A.*B")`` restarts ``.*`` at every place ``A`` matches and rescans the rest
of the line each time: O(n^2) on a crafted input (issue 25: 20,000 ``a|`` pieces took
43.8 s in the anonymous-speaker rule). ``followed_on_line`` answers the same question in
one pass.
"""

from __future__ import annotations

import re


def followed_on_line(text: str, first: re.Pattern[str], then: re.Pattern[str]) -> bool:
    """Whether ``then`` matches after (not overlapping) a match of ``first`` on the same line.

    The same truth as ``re.search(first + ".*" + then)`` without DOTALL: the earliest
    ``first`` on a line ends earliest, so it is the only one worth looking past; each line
    is scanned once by each pattern (``first`` and ``then`` must not match a newline).
    """
    pos = 0
    while pos <= len(text):
        m = first.search(text, pos)
        if m is None:
            return False
        eol = text.find("\n", m.end())
        eol = len(text) if eol < 0 else eol
        if then.search(text, m.end(), eol) is not None:
            return True
        pos = eol + 1
    return False
