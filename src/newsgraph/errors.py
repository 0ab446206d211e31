"""Coded errors and skip reasons.

Codes are stable so users can filter skips and search the docs: ``E1xx`` are input
problems recorded as skips, ``E2xx`` configuration and usage errors raised to the caller.
"""

from __future__ import annotations

from enum import StrEnum


class SkipCode(StrEnum):
    """Why an input was not turned into an article."""

    READ = "E100"  # the file or record could not be read
    EMPTY = "E101"  # zero bytes, or nothing but whitespace
    BINARY = "E102"  # looks like a binary file (NUL bytes, control characters)
    DECODE = "E103"  # no text encoding fits the bytes
    TOO_LARGE = "E104"  # over the configured size limit
    NOT_ENGLISH = "E105"  # language identified as something other than English
    NO_TEXT = "E106"  # nothing left after cleaning (no article body found)
    BAD_RECORD = "E107"  # malformed JSONL line or record without text/html
    UNSUPPORTED = "E108"  # a file type no reader handles
    FETCH_REFUSED = "E109"  # a URL whose host is not a public address (SSRF guard)
    FETCH_FAILED = "E110"  # network error, HTTP error status, too many redirects, time limit
    BAD_ARCHIVE = "E111"  # truncated or malformed WARC/ARC or gzip stream
    BAD_FEED = "E112"  # an RSS/Atom feed that cannot be parsed
    INTERNAL = "E199"  # a bug: an unexpected exception in a stage, recorded not raised


class NewsgraphError(Exception):
    """Base class for errors raised to the caller (never for bad input in a batch)."""

    code = "E200"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class ModelNotFound(NewsgraphError):
    """No usable spaCy English model is installed."""

    code = "E201"


class BadDate(NewsgraphError):
    """A user-supplied publication date could not be parsed."""

    code = "E202"


class SkipError(Exception):
    """Raised inside a stage to turn the current input into a ``Skip``."""

    def __init__(self, code: SkipCode, reason: str) -> None:
        super().__init__(f"[{code.value}] {reason}")
        self.code = code
        self.reason = reason
