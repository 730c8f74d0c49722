"""Shared test fixtures: the bundled documents and ../shared beside the repo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PLANS = ROOT / "plans"
REPORTS = ROOT / "reports"
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _rules_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the per-user rules cache (checker/rulecache.py) of the test run in a temporary folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("plancheck-cache")))
        yield
