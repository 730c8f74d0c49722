"""Hostile and broken inputs: hypothesis profiles and fixtures.

Profiles: `hostile` (the default: 150 examples per property, so `make test` stays fast) and `fuzz`
(10,000 examples per property, by hand: `HYPOTHESIS_PROFILE=fuzz pytest -q tests/hostile`).
The properties in this folder leave max_examples to the profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.hostile.helpers import MINIMAL_RULES, SMALL_REPORT

settings.register_profile(
    "hostile", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hostile"))


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    """A one-obligation rules file (学法不少于2次, owner 市司法局)."""
    path = tmp_path / "rules.yaml"
    path.write_text(MINIMAL_RULES, encoding="utf-8")
    return path


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    """A three-line report that meets the minimal rules."""
    path = tmp_path / "report.txt"
    path.write_text(SMALL_REPORT, encoding="utf-8")
    return path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for outputs; a test checks what a run left in it."""
    d = tmp_path / "out"
    d.mkdir()
    return d
