"""Rule self-tests: every example sentence in the curated rules files, checked through the real pipeline.

A positive example, read as a one-sentence report, must evidence its requirement (status met); a negative
example must not. This catches concept groups that are too narrow or too loose for the wording they claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker import facts, findings, lexicon, rules
from checker.model import Document, Period, Status
from checker.units import Registry

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))
PERIOD = Period("2019-01-01", "2019-12-31", source="test")


def _report(sentence: str) -> Document:
    text = f"2019年度工作情况报告\n一、主要工作\n{sentence}\n"
    return Document(path="example.txt", format="txt", text=text, source_text=text)


def _cases() -> Iterator[Any]:
    for path in RULE_FILES:
        rs = rules.load(str(path))
        for ob in rs.obligations:
            for req in ob.requirements:
                for i, ex in enumerate(req.examples_positive):
                    yield pytest.param(path, ob.id, req.id, ex, True, id=f"{path.stem}:{req.id}:+{i}")
                for i, ex in enumerate(req.examples_negative):
                    yield pytest.param(path, ob.id, req.id, ex, False, id=f"{path.stem}:{req.id}:-{i}")


_loaded: dict[Path, tuple[Any, Any, Registry]] = {}


def _ruleset(path: Path) -> tuple[Any, Any, Registry]:
    if path not in _loaded:
        rs = rules.load(str(path))
        lex = lexicon.load(rules.lexicon_paths(rs))
        owners = [n for ob in rs.obligations for n in ob.owners.all()]
        _loaded[path] = (rs, lex, Registry(rs.units, owners))
    return _loaded[path]


@pytest.mark.parametrize(("path", "ob_id", "req_id", "sentence", "positive"), list(_cases()))
def test_example(path: Path, ob_id: str, req_id: str, sentence: str, positive: bool) -> None:
    rs, lex, registry = _ruleset(path)
    report = facts.extract(_report(sentence), period=PERIOD)
    result = findings.evaluate(rs, [report], lexicon=lex, period=PERIOD, registry=registry)
    ob = next(r for r in result.obligations if r.obligation.id == ob_id)
    req = next(r for r in ob.requirements if r.requirement.id == req_id)
    if positive:
        assert req.status is Status.MET, f"{sentence!r}: {req.status.value} ({req.reason})"
    else:
        assert req.status is not Status.MET, f"{sentence!r} counted as evidence: {req.reason}"
