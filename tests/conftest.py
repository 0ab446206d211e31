"""Shared fixtures: one real spaCy pipeline per test session, paths to samples and gold data."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The gold data beside the checkout; tests that need it skip on a user's machine."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
