"""`plancheck validate` and rules loading: broken files give file:line:col messages and exit 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from checker import rules
from checker.errors import RulesError
from cli import main

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "validate.yaml").read_text(encoding="utf-8"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])


def test_broken_rules_file_is_rejected(case: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(CASES["base"] + case["rules"], encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert str(path) in result.stderr
    assert case["error"] in result.stderr, result.stderr


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(
        CASES["base"]
        + "obligations:\n"
        + "  - {id: '01', title: a, owners: [x], requirements: [{id: r1, kind: cnt, text: t, match: {all: [[学法]]}}]}\n"
        + "  - {id: '02', title: b, owners: [x], requirements: [{id: r2, kind: mention, text: t, match: {all: [[学法]]}, w: 1}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesError) as e:
        rules.load(str(path))
    assert len(e.value.errors) == 2
    assert [m.split(":")[1] for m in e.value.errors] == ["4", "5"]


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RulesError, match="aliases are not allowed"):
        rules.load(str(path))


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["validate", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 2 and "not found" in r.stderr
    r = runner.invoke(main, ["validate", str(tmp_path)])
    assert r.exit_code == 2


def test_not_a_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("name: something else\n", encoding="utf-8")
    with pytest.raises(RulesError, match="not a plancheck rules file"):
        rules.load(str(path))


def test_owner_outside_registry_is_a_warning_with_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        CASES["base"]
        + "units:\n  - {name: 市政务服务和大数据管理局}\n"
        + "obligations:\n  - {id: '01', title: a, owners: [市政府服务和大数据管理局], requirements: [{id: r1, kind: mention, text: t, match: {all: [[审批]]}}]}\n",
        encoding="utf-8",
    )
    rs = rules.load(str(path))
    [warning] = [p for p in rs.problems if p.code == "owner-unknown"]
    assert "did you mean '市政务服务和大数据管理局'" in warning.message
    assert warning.line == 6
