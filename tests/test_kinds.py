"""Requirement kinds, case by case: tests/cases/<kind>.yaml, one named case per behaviour.

Each case gives a requirement (as it would stand in a rules file), a short report, and the status and
evidence line the real pipeline (facts → matcher → durable engine → findings) must produce.
`pytest -k count` runs the count cases only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import facts, findings, lexicon, rules
from checker.model import Document, Period

CASES = Path(__file__).parent / "cases"
KINDS = ("mention", "count", "level", "deadline", "document")


def _load(kind: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASES / f"{kind}.yaml").read_text(encoding="utf-8"))
    assert data["kind"] == kind
    return list(data["cases"])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        params = [(k, c) for k in KINDS for c in _load(k)]
        metafunc.parametrize(
            "case", [p[1] | {"kind": p[0]} for p in params], ids=[f"{k}-{c['name']}" for k, c in params]
        )


def _rules_file(case: dict[str, Any], tmp_path: Path) -> Path:
    req = {"id": "01-1", "kind": case["kind"], **case["rule"]}
    data = {
        "schema": "plancheck/rules/v1",
        "plan": {"id": "case", "title": "测试工作要点", "period": {"start": "2019-01-01", "end": "2019-12-31"}},
        "obligations": [
            {"id": "01", "ref": "(一)", "title": "测试事项", "owners": ["市司法局"], "requirements": [req]}
        ],
    }
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_every_kind_has_cases() -> None:
    for kind in KINDS:
        assert len(_load(kind)) >= 3, kind


def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    rs = rules.load(str(_rules_file(case, tmp_path)))
    lex = lexicon.load()
    text = case["report"]
    doc = Document(path="report.txt", format="txt", text=text, source_text=text)
    period = Period(*case.get("period", ["2019-01-01", "2019-12-31"]), source="test")
    report = facts.extract(doc, period=period)
    result = findings.evaluate(rs, [report], lexicon=lex, period=period)
    [req] = result.obligations[0].requirements
    assert req.status.value == case["status"], f"{case['name']}: {req.status.value} — {req.reason}"
    if "line" in case:
        assert req.evidence, f"{case['name']}: no evidence"
        assert req.evidence[0].line == case["line"]
    if "found" in case:
        assert req.found is not None and req.found.value == case["found"]
    if "reason" in case:
        assert case["reason"] in req.reason
