"""`plancheck check` end to end on the bundled plan and report: contract, formats, exit codes, isolation."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker import findings, pipeline
from cli import main

ROOT = Path(__file__).resolve().parent.parent
RULES = str(ROOT / "rules" / "chibi-2019.yaml")
DANYANG = str(ROOT / "reports" / "danyang-2019.txt")
ZHAOTONG = str(ROOT / "reports" / "zhaotong-2015.txt")
SCHEMA = json.loads((ROOT / "checker" / "result.schema.json").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(scope="module")
def result() -> dict:
    code, out, _ = run("check", RULES, DANYANG, "--format", "json", "--fail-on", "none")
    assert code == 0
    return json.loads(out)


def test_json_follows_the_result_contract(result: dict) -> None:
    jsonschema.validate(result, SCHEMA)
    assert result["schema"] == "plancheck/result/v1"
    assert len(result["obligations"]) == 28
    assert [o["ref"] for o in result["obligations"]][:3] == ["(一)", "(二)", "(三)"]
    assert result["reports"][0]["period"] == {"start": "2019-01-01", "end": "2019-12-31"}
    total = sum(result["summary"][s] for s in ("met", "partial", "unmet", "unevidenced", "not_due", "waived"))
    assert total == result["summary"]["obligations"] == 28


def test_count_requirement_found_the_reported_number(result: dict) -> None:
    ob = next(o for o in result["obligations"] if o["ref"] == "(一)")
    req = next(r for r in ob["requirements"] if r["kind"] == "count" and "常务会" in r["text"])
    assert req["status"] == "met"
    assert req["found"]["value"] == 6 and req["found"]["before"] == 4
    [ev] = req["evidence"][:1]
    line = Path(DANYANG).read_text(encoding="utf-8").split("\n")[ev["line"] - 1]
    assert "常务会议学法由过去每年四次增加到每年六次" in line[ev["col"] - 1 :]


def test_every_owner_gets_a_row_with_its_gaps(result: dict) -> None:
    units = {u["unit"]: u for u in result["units"]}
    assert "市司法局" in units and "各乡镇人民政府" in units
    for u in result["units"]:
        assert sum(u["counts"].values()) >= len(u["gaps"])
        order = [g["status"] for g in u["gaps"]]
        assert order == sorted(order, key=["unmet", "unevidenced", "partial"].index)


def test_exit_codes() -> None:
    assert run("check", RULES, DANYANG, "--format", "json", "--fail-on", "none")[0] == 0
    assert run("check", RULES, DANYANG, "--format", "json")[0] == 1  # the report leaves gaps
    code, out, err = run("check", RULES, str(ROOT / "reports" / "missing.txt"))
    assert code == 2 and "no such file" in err and out == ""
    code, _, err = run("check", str(ROOT / "plans" / "chibi-2019.txt"), DANYANG)
    assert code == 2 and "Traceback" not in err
    assert run("check", RULES, DANYANG, "--period", "last year")[0] == 2


def test_unit_self_check_sees_only_its_obligations() -> None:
    code, out, _ = run("check", RULES, DANYANG, "--format", "json", "--unit", "市财政局", "--fail-on", "none")
    data = json.loads(out)
    assert code == 0 and data["unit_filter"] == "市财政局"
    refs = {o["ref"] for o in data["obligations"]}
    assert "(三)" in refs and "(二十)" in refs  # owned directly
    assert "(五)" in refs  # owned through 市政府各部门
    assert "(一)" not in refs
    [unit] = data["units"]
    via = {g["ref"]: g["via"] for g in unit["gaps"]}
    assert via.get("(三)") is None


def test_a_unit_that_owns_nothing_is_a_usage_error_not_a_pass(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _, err = run("check", RULES, DANYANG, "--unit", "市司法", "-o", str(out))
    assert code == 2 and "owns no obligation" in err and "市司法局" in err  # the near name is suggested
    assert not out.exists()
    code, _, err = run("check", RULES, DANYANG, "--unit", "foo")
    assert code == 2 and "市政府办公室" in err  # no near name: some of the plan's units are listed


def test_a_units_own_report_is_checked_on_the_units_obligations(tmp_path: Path) -> None:
    report = tmp_path / "sfj.txt"
    report.write_text(
        "赤壁市司法局2019年度法治政府建设工作总结\n一、主要工作\n组织全市行政执法人员法律知识集中培训4次。\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", RULES, str(report), "--format", "json", "--fail-on", "none")
    data = json.loads(out)
    assert code == 0 and data["unit_filter"] == "市司法局"
    assert [u["unit"] for u in data["units"]] == ["市司法局"]
    assert "(一)" in {o["ref"] for o in data["obligations"]}  # owned directly
    assert "(三)" not in {o["ref"] for o in data["obligations"]}  # 市财政局's
    assert any(p["code"] == "unit-from-report" for p in data["problems"])
    # --unit names the unit to check, whatever the title says
    code, out, _ = run("check", RULES, str(report), "--format", "json", "--unit", "市财政局", "--fail-on", "none")
    assert json.loads(out)["unit_filter"] == "市财政局"


def test_a_city_wide_report_is_checked_for_every_unit(result: dict) -> None:
    assert result["unit_filter"] is None and len(result["obligations"]) == 28 and len(result["units"]) > 10


def test_isolation_two_reports_in_both_orders() -> None:
    rs, lex = pipeline.load_rules(RULES)
    reg = pipeline.unit_registry(rs, None)
    from checker import documents, facts

    def one(path: str) -> dict:
        f = facts.extract(documents.read(path), units=list(reg.units.values()))
        return findings.to_dict(findings.evaluate(rs, [f], lexicon=lex, registry=reg))

    a1, b1 = one(DANYANG), one(ZHAOTONG)
    b2, a2 = one(ZHAOTONG), one(DANYANG)
    assert a1 == a2 and b1 == b2
    assert a1["summary"] != b1["summary"]


@pytest.mark.parametrize("fmt", ["md", "html", "junit", "xlsx"])
def test_each_format_opens_with_a_real_reader(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"result.{fmt}"
    code, _, _ = run("check", RULES, DANYANG, "--format", fmt, "-o", str(out), "--fail-on", "none")
    assert code == 0 and out.exists()
    if fmt == "md":
        text = out.read_text(encoding="utf-8")
        assert "赤壁市2019年推进依法行政建设法治政府工作要点" in text and "| (一) |" in text
    elif fmt == "html":
        import lxml.html

        doc = lxml.html.fromstring(out.read_bytes())
        assert doc.get("lang") == "zh-CN"
        assert "市司法局" in doc.text_content()
        assert not doc.xpath("//script[@src]") and not doc.xpath("//link")
    elif fmt == "junit":
        root = ET.fromstring(out.read_bytes())
        suites = root.findall("testsuite")
        assert {s.get("name") for s in suites} >= {"市司法局", "市政府办公室"}
    else:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
        assert "矩阵" in wb.sheetnames and len(wb.sheetnames) > 5


def test_text_output_is_plain_when_not_a_terminal() -> None:
    code, out, _ = run("check", RULES, DANYANG, "--fail-on", "none")
    assert code == 0 and "\x1b[" not in out
    assert "义务 28 项" in out and "市司法局" in out


def test_waivers_and_expired_waivers(tmp_path: Path) -> None:
    w = tmp_path / "waivers.yaml"
    w.write_text(
        "- {obligation: '03', reason: 本年度无购买服务事项, approved_by: 市司法局, expires: 2030-12-31}\n"
        "- {obligation: '07', reason: 生态环境职能已调整, approved_by: 市司法局, expires: 2019-06-30}\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "check", RULES, DANYANG, "--format", "json", "--waivers", str(w), "--as-of", "2020-03-01", "--fail-on", "none"
    )
    assert code == 0
    data = json.loads(out)
    by_id = {o["id"]: o for o in data["obligations"]}
    assert by_id["03"]["status"] == "waived" and by_id["03"]["waiver"]["approved_by"] == "市司法局"
    assert by_id["07"]["status"] != "waived"
    assert any(p["code"] == "waiver-expired" for p in data["problems"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {obligation: '99', reason: x, approved_by: y}\n", encoding="utf-8")
    assert run("check", RULES, DANYANG, "--waivers", str(bad))[0] == 2


@pytest.mark.parametrize(
    ("name", "opens"), [("gaps.html", "<!DOCTYPE html>"), ("gaps.json", "{"), ("gaps.xml", "<?xml")]
)
def test_the_output_file_extension_names_the_format(tmp_path: Path, name: str, opens: str) -> None:
    out = tmp_path / name
    code, _, _ = run("check", RULES, DANYANG, "-o", str(out), "--fail-on", "none")
    assert code == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith(opens)


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "gaps.html"
    assert run("check", RULES, DANYANG, "--format", "json", "-o", str(out), "--fail-on", "none")[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "plancheck/result/v1"


def test_xlsx_is_not_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import cli
    from checker.errors import UsageError

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    with pytest.raises(UsageError, match="binary"):
        cli._format("xlsx", None, cli.FORMATS)
    assert cli._format("xlsx", "gaps.xlsx", cli.FORMATS) == "xlsx"
    assert cli._format(None, "gaps.md", cli.FORMATS) == "md"
    with pytest.raises(UsageError, match="not offered"):
        cli._format(None, "audit.md", cli.AUDIT_FORMATS)


def test_no_color_through_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a terminal on stdout, colour is on unless NO_COLOR is set, and never in a file."""
    import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._color(None) is False
    monkeypatch.delenv("NO_COLOR")
    assert cli._color(None) is True
    assert cli._color("out.txt") is False


def test_a_waiver_and_explain_accept_the_printed_number_and_the_title(tmp_path: Path) -> None:
    w = tmp_path / "waivers.yaml"
    w.write_text("- {obligation: (三), reason: 本年度无购买服务事项, approved_by: 市司法局}\n", encoding="utf-8")
    code, out, _ = run("check", RULES, DANYANG, "--format", "json", "--waivers", str(w), "--fail-on", "none")
    assert code == 0
    assert {o["ref"] for o in json.loads(out)["obligations"] if o["status"] == "waived"} == {"(三)"}
    code, out, _ = run("explain", RULES, DANYANG, "严格决策责任追究")
    assert code == 0 and out.startswith("(十三) 严格决策责任追究")
    code, _, err = run("explain", RULES, DANYANG, "规范性文件")  # in three titles
    assert code == 2 and "(八)" in err and "(十)" in err


def test_a_report_from_outside_the_plans_period_is_warned_about() -> None:
    """A 2019 report checked against the 2022—2025 plan: probably the wrong plan, and every deadline is odd."""
    jingkai = str(ROOT / "rules" / "jingkai-2022-2025.yaml")
    code, out, _ = run("check", jingkai, DANYANG, "--format", "json", "--fail-on", "none")
    assert code == 0
    (warning,) = [p for p in json.loads(out)["problems"] if p["code"] == "period-outside-plan"]
    assert "2019-01-01" in warning["message"] and "2022-01-01" in warning["message"]
    code, out, _ = run("check", jingkai, DANYANG, "--period", "2023", "--format", "json", "--fail-on", "none")
    assert not [p for p in json.loads(out)["problems"] if p["code"] == "period-outside-plan"]
    code, out, _ = run("check", RULES, DANYANG, "--format", "json", "--fail-on", "none")
    assert not [p for p in json.loads(out)["problems"] if p["code"] == "period-outside-plan"]


@pytest.mark.parametrize("command", ["check", "audit", "validate"])
def test_a_plan_given_as_rules_says_how_to_draft_them(command: str) -> None:
    plan = str(ROOT / "plans" / "chibi-2019.txt")
    args = [command, plan] + ([] if command == "validate" else [DANYANG])
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert "is a document, not a rules file" in err and "plancheck plan2rules" in err
