"""Renderers: each format is opened with a real reader (json, jsonschema, lxml, ElementTree, openpyxl, rich cells)."""

from __future__ import annotations

import copy
import datetime
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import openpyxl
import pytest
from rich.cells import cell_len

from checker.report import FORMATS, exit_code, render
from checker.report.common import LABELS, WEAK_NOTE
from checker.report.xlsx import sheet_title

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "result-chibi-sample.json"
SCHEMA = ROOT / "checker" / "result.schema.json"

UNITS = ["市政府办公室", "市委组织部", "市司法局", "市人社局", "市财政局", "市审计局", "市市场监督管理局", "赵李桥镇"]
UNITS_WITH_GAPS = [u for u in UNITS if u != "市委组织部"]


@pytest.fixture()
def sample() -> dict[str, Any]:
    with SAMPLE.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with SCHEMA.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def obligation(result: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(o for o in result["obligations"] if o["ref"] == ref)


def with_statuses(*statuses: str) -> dict[str, Any]:
    """A minimal valid result whose obligations have these statuses (no units)."""
    obligations = [
        {"id": f"{i:02d}", "ref": f"{i}.", "section": "", "title": f"事项{i}", "owners": {"lead": ["市司法局"]},
         "status": s, "requirements": []}
        for i, s in enumerate(statuses, start=1)
    ]  # fmt: skip
    counts = {s: statuses.count(s) for s in LABELS}
    return {
        "schema": "plancheck/result/v1",
        "tool": {"name": "plancheck", "version": "0"},
        "plan": {"id": "p", "title": "t"},
        "reports": [],
        "obligations": obligations,
        "units": [],
        "summary": {"obligations": len(statuses), **counts},
    }


# --------------------------------------------------------------------------- schema and json


def test_sample_validates_against_schema(sample: dict[str, Any], schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(sample)
    statuses = {o["status"] for o in sample["obligations"]}
    assert statuses == set(LABELS), "the sample covers all six statuses"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("obligations", 0, "status"), "done"),
        (("obligations", 0, "requirements", 0, "kind"), "cnt"),
        (("obligations", 0, "requirements", 0, "evidence", 0, "zone"), "intro"),
        (("units", 0, "gaps", 0, "role"), "owner"),
        (("schema",), "plancheck/result/v2"),
    ],
)
def test_schema_rejects_values_outside_the_enums(
    sample: dict[str, Any], schema: dict[str, Any], path: tuple[Any, ...], value: str
) -> None:
    node: Any = sample
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sample, schema, cls=jsonschema.Draft202012Validator)


def test_schema_requires_the_spec_keys_and_allows_added_ones(sample: dict[str, Any], schema: dict[str, Any]) -> None:
    sample["x-review"] = {"by": "督查室"}
    sample["obligations"][0]["x-note"] = "added by another tool"
    jsonschema.validate(sample, schema, cls=jsonschema.Draft202012Validator)
    del sample["summary"]
    with pytest.raises(jsonschema.ValidationError, match="summary"):
        jsonschema.validate(sample, schema, cls=jsonschema.Draft202012Validator)


def test_json_round_trips_in_the_given_order(sample: dict[str, Any], schema: dict[str, Any]) -> None:
    out = render(sample, "json")
    assert isinstance(out, str) and out.endswith("}\n")
    back = json.loads(out)
    assert back == sample
    assert list(back) == list(sample)
    jsonschema.validate(back, schema, cls=jsonschema.Draft202012Validator)
    assert "市司法局" in out, "Chinese is kept readable, not \\u-escaped"


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("met", "not_due", "waived"), {"met": 0, "partial": 0, "unevidenced": 0, "unmet": 0, "none": 0}),
        (("partial", "met"), {"met": 1, "partial": 1, "unevidenced": 0, "unmet": 0, "none": 0}),
        (("unevidenced", "met"), {"met": 1, "partial": 1, "unevidenced": 1, "unmet": 0, "none": 0}),
        (("unmet", "waived"), {"met": 1, "partial": 1, "unevidenced": 1, "unmet": 1, "none": 0}),
        (("not_due",), {"met": 0, "partial": 0, "unevidenced": 0, "unmet": 0, "none": 0}),
    ],
)
def test_exit_code_for_every_fail_on(statuses: tuple[str, ...], expected: dict[str, int]) -> None:
    result = with_statuses(*statuses)
    assert {f: exit_code(result, f) for f in expected} == expected


def test_exit_code_on_the_sample(sample: dict[str, Any]) -> None:
    assert [exit_code(sample, f) for f in ("unmet", "unevidenced", "partial", "met", "none")] == [1, 1, 1, 1, 0]
    with pytest.raises(ValueError, match="fail_on"):
        exit_code(sample, "bad")


def test_exit_code_with_unit_filter_counts_only_the_units_in_scope(sample: dict[str, Any]) -> None:
    # `--unit 赵李桥镇`: the engine lists only that unit; the city-wide unmet (二) is not its obligation.
    sample["unit_filter"] = "赵李桥镇"
    sample["units"] = [u for u in sample["units"] if u["unit"] == "赵李桥镇"]
    assert exit_code(sample, "unevidenced") == 0
    assert exit_code(sample, "partial") == 1


# --------------------------------------------------------------------------- text


def test_text_has_summary_units_and_no_ansi(sample: dict[str, Any]) -> None:
    out = render(sample, "text")
    assert isinstance(out, str)
    assert "\x1b" not in out
    first = out.splitlines()[:3]
    assert "赤壁市2019年推进依法行政建设法治政府工作要点" in first[0]
    assert "reports/danyang-2019.txt" in first[1] and "2019-01-01" in first[1]
    assert "义务 10 项：未落实 1 · 无佐证 2 · 部分落实 2 · 已落实 3 · 未到期 1 · 已豁免 1" in first[2]
    for unit in UNITS:
        assert unit in out
    assert "无缺口的单位 no gaps：市委组织部（已落实 1）" in out
    assert WEAK_NOTE in out
    assert "103:48 市政府常务会议学法由过去每年四次" in out, "best evidence with line:col"
    assert "? 3:1 <script>" in out, "weak best evidence is marked"
    assert "最接近（不计） 67:197" in out, "an unevidenced obligation shows its nearest text as not counted"
    assert max(cell_len(line) for line in out.splitlines()) <= 120


def test_text_orders_gaps_worst_first_and_shows_role_via_group(sample: dict[str, Any]) -> None:
    out = str(render(sample, "text"))
    block = out.split("市人社局", 1)[1].split("市财政局", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("│ (")]
    assert [r.split("│")[1].strip() for r in rows] == ["(二)", "(三)", "(十三)", "(十一)", "(十五)"]
    assert "未落实" in rows[0] and "无佐证" in rows[1] and "部分落实 ?" in rows[4]
    assert "牵头（经 市政府各部门）" in rows[2]


def test_text_colour_only_when_asked(sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the CLI decides; the renderer must not second-guess color=True
    monkeypatch.setenv("COLUMNS", "40")
    out = str(render(sample, "text", color=True))
    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert plain == render(sample, "text", color=False)


def test_text_support_role_and_literal_brackets(sample: dict[str, Any]) -> None:
    ob = obligation(sample, "(三)")
    ob["owners"] = {"lead": ["市财政局"], "support": ["市人社局"]}
    ob["title"] = "推动[bold]基本公共服务[/bold]均等化"
    ob["status"] = "unevidenced"
    for unit in sample["units"]:
        for gap in unit["gaps"]:
            if gap["obligation"] == "03" and unit["unit"] == "市人社局":
                gap["role"] = "support"
    out = str(render(sample, "text"))
    assert "推动[bold]基本公共服务[/bold]均等化" in out, "document text is never rich markup"
    assert "配合" in out.split("市人社局", 1)[1].split("市财政局", 1)[0]


def _table_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("┌"):
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("└"):
                blocks.append(current)
                current = None
    return blocks


def _separator_cells(line: str) -> list[int]:
    """Cell offsets of the column separators in a table line (box-drawing verticals and crossings)."""
    return [cell_len(line[:i]) for i, ch in enumerate(line) if ch in "│┌┐└┘├┤┬┴┼"]


def test_text_cjk_columns_align(sample: dict[str, Any]) -> None:
    blocks = _table_blocks(str(render(sample, "text")))
    assert len(blocks) == len(UNITS_WITH_GAPS) + 1  # one gap table per unit with gaps, then the obligations
    for block in blocks:
        widths = {cell_len(line) for line in block}
        assert len(widths) == 1, f"ragged table lines: {widths}"
        positions = {tuple(_separator_cells(line)) for line in block}
        assert len(positions) == 1, f"column separators move between lines: {positions}"
        assert any(re.search(r"[\u4e00-\u9fff]", line) for line in block)


# --------------------------------------------------------------------------- markdown


def _md_cells(row: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_md_rows_and_escaping(sample: dict[str, Any]) -> None:
    out = render(sample, "md")
    assert isinstance(out, str)
    lines = out.splitlines()
    assert lines[0] == "# 检查结果：赤壁市2019年推进依法行政建设法治政府工作要点"
    assert "| 未落实 unmet | 1 |" in lines and "| 合计 total | 10 |" in lines
    for unit in UNITS_WITH_GAPS:
        assert f"### {unit}" in lines
    assert "市委组织部（已落实 1）" in out
    assert "| (十三) | 严格决策责任追究 | 无佐证 | 牵头（经 市政府各部门） | 没有提到终身责任追究或责任倒查 |" in lines
    assert "| (二) | 着力提高行政执法人员法律素质 | 未落实 | 牵头 | 集中培训2次，少于计划的不少于4次 |" in lines
    # the quote with `|` and `<script>` stays inside its cell and is inert
    row = next(line for line in lines if line.startswith("| (十五) | 全面推行行政执法“三项制度” | 市政府办公室"))
    assert "\\|执法全过程" in row and "&lt;script&gt;" in row and "<script>" not in out
    # every row has as many cells as its table's header: no quote leaked a column
    width = 0
    for line in lines:
        if not line.startswith("|"):
            width = 0
            continue
        cells = _md_cells(line)
        width = width or len(cells)
        assert len(cells) == width, f"a cell leaked a pipe: {line}"


def test_md_obligations_table_rows(sample: dict[str, Any]) -> None:
    lines = str(render(sample, "md")).split("## 义务", 1)[1].splitlines()
    rows = [_md_cells(line) for line in lines if line.startswith("| (")]
    assert [r[0] for r in rows] == [o["ref"] for o in sample["obligations"]]
    by_ref = {r[0]: r for r in rows}
    assert by_ref["(一)"][3] == "已落实" and by_ref["(一)"][5].startswith("103:48 市政府常务会议学法")
    assert by_ref["(八)"][3] == "已落实 ?"
    assert "有效期至 2020-12-31" in by_ref["(二十)"][4]
    assert "最接近" in by_ref["(十三)"][5] and "67:197" in by_ref["(十三)"][5]


# --------------------------------------------------------------------------- html


def test_html_structure_and_counts(sample: dict[str, Any]) -> None:
    out = render(sample, "html")
    assert isinstance(out, str)
    doc = lxml.html.document_fromstring(out)
    assert doc.get("lang") == "zh-CN"
    assert doc.xpath("//meta[@charset]")[0].get("charset") == "utf-8"
    cards = {li.get("data-status"): li for li in doc.xpath("//section[@id='summary']//li[@data-status]")}
    assert {s: int(li.xpath("string(.//span[@class='n'])")) for s, li in cards.items()} == {
        "unmet": 1, "unevidenced": 2, "partial": 2, "met": 3, "not_due": 1, "waived": 1,
    }  # fmt: skip
    assert "已豁免" in cards["waived"].text_content()
    assert doc.xpath("string(//span[@id='total'])") == "10"
    sections = doc.xpath("//section[@class='unit']")
    assert [s.get("data-unit") for s in sections] == UNITS_WITH_GAPS
    justice = sections[UNITS_WITH_GAPS.index("市司法局")]
    rows = justice.xpath(".//tr[@class='gap']")
    assert [r.get("data-status") for r in rows] == ["unevidenced", "partial", "partial"]
    assert "经 市政府各部门" in rows[0].text_content()
    assert "不计入缺口" in justice.text_content() and "(二十七)" in justice.text_content()
    assert "市委组织部" in doc.xpath("string(//section[@id='units-clean'])")
    ob_rows = doc.xpath("//section[@id='obligations']//tbody/tr")
    assert [r.get("data-status") for r in ob_rows] == [o["status"] for o in sample["obligations"]]
    first = ob_rows[0].text_content()
    assert "103:48" in first and "市政府常务会议学法由过去每年四次增加到每年六次" in first
    assert "常务会学法6次" in first


def test_html_escapes_untrusted_text_and_is_self_contained(sample: dict[str, Any]) -> None:
    sample["units"][0]["unit"] = '市政府办公室"><img src=x onerror=alert(1)>'
    out = str(render(sample, "html"))
    doc = lxml.html.document_fromstring(out)
    assert not doc.xpath("//script"), "a <script> quoted from a document must stay text"
    assert not doc.xpath("//img") and not doc.xpath("//*[@onerror]")
    assert '<script>var t="三项制度";</script>' in doc.text_content()
    assert "&lt;script&gt;" in out
    for el in doc.iter():
        for attr in ("src", "href", "action", "data"):
            value = el.get(attr)
            if value is not None:
                assert value.startswith("#"), f"{attr}={value!r} points outside the file"
    assert not doc.xpath("//link | //iframe | //object | //embed")
    style = "".join(doc.xpath("//style/text()"))
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    assert "@page" in style and "break-inside: avoid" in style


# --------------------------------------------------------------------------- junit


def _junit(result: dict[str, Any], fail_on: str = "unevidenced") -> ET.Element:
    out = render(result, "junit", fail_on=fail_on)
    assert isinstance(out, bytes) and out.startswith(b"<?xml version=")
    return ET.fromstring(out)


def test_junit_suites_cases_failures_and_skips(sample: dict[str, Any]) -> None:
    root = _junit(sample)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == UNITS
    office = suites["市政府办公室"]
    cases = office.findall("testcase")
    assert len(cases) == int(office.get("tests", "")) == 8
    assert {c.get("classname") for c in cases} == {"chibi-2019"}
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == ["(二) 着力提高行政执法人员法律素质", "(十三) 严格决策责任追究"]
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("message") == "unmet: 集中培训2次，少于计划的不少于4次"
    skipped = [c.get("name") for c in cases if c.find("skipped") is not None]
    assert skipped == ["(二十七) 完善法治政府建设考评机制"]
    assert (office.get("failures"), office.get("skipped"), office.get("errors")) == ("2", "1", "0")
    # waived (二十) is skipped for its direct owners
    audit = [c.get("name") for c in suites["市审计局"].findall("testcase") if c.find("skipped") is not None]
    assert audit == ["(二十) 强化专门执法监督"]
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in suites.values())
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in suites.values())


@pytest.mark.parametrize(
    ("fail_on", "office_failures", "total_failures"),
    [("unmet", 1, 3), ("unevidenced", 2, 11), ("partial", 4, 22), ("met", 4, 22), ("none", 0, 0)],
)
def test_junit_fail_on_levels(sample: dict[str, Any], fail_on: str, office_failures: int, total_failures: int) -> None:
    root = _junit(sample, fail_on)
    office = next(s for s in root.findall("testsuite") if s.get("name") == "市政府办公室")
    assert len(office.findall("testcase/failure")) == office_failures
    assert int(root.get("failures", "")) == total_failures
    assert len(root.findall(".//skipped")) == 4  # not_due/waived never fail, whatever the level
    assert (total_failures > 0) == bool(exit_code(sample, fail_on))


def test_junit_survives_control_characters_and_no_units(sample: dict[str, Any]) -> None:
    sample["units"][0]["gaps"][0]["reason"] = '集中培训\x0c2次\x00，少于<4>次 & "未"'
    obligation(sample, "(二)")["title"] = "着力提高\x1b行政执法人员法律素质"
    root = _junit(sample)
    failure = root.find(".//testcase[@name='(二) 着力提高行政执法人员法律素质']/failure")
    assert failure is not None and failure.get("message") == 'unmet: 集中培训 2次，少于<4>次 & "未"'
    sample["units"] = []
    root = _junit(sample)
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "chibi-2019" and suite.get("tests") == "10" and suite.get("failures") == "3"


# --------------------------------------------------------------------------- xlsx


def _workbook(result: dict[str, Any]) -> Any:
    out = render(result, "xlsx")
    assert isinstance(out, bytes) and out[:2] == b"PK"
    return openpyxl.load_workbook(io.BytesIO(out))


def test_xlsx_matrix_and_sheets(sample: dict[str, Any]) -> None:
    wb = _workbook(sample)
    assert wb.sheetnames == ["矩阵", "义务", "要求", *UNITS]
    m = wb["矩阵"]
    assert (m.max_row, m.max_column) == (2 + len(UNITS), 1 + 10 + 6)
    assert [c.value for c in m["A"]][2:] == UNITS
    refs = [str(c.value).split("\n")[0] for c in m[1][1:11]]
    assert refs == [o["ref"] for o in sample["obligations"]]
    row = {u: i for i, u in enumerate(UNITS, start=3)}
    col = {r: i for i, r in enumerate(refs, start=2)}
    assert m.cell(row["市人社局"], col["(三)"]).value == "无佐证"
    assert m.cell(row["市人社局"], col["(八)"]).value == "已落实"  # owned through 市政府各部门
    assert m.cell(row["市委组织部"], col["(三)"]).value is None  # not its obligation
    assert m.cell(row["市审计局"], col["(二十)"]).value == "已豁免"
    unmet = m.cell(row["市政府办公室"], col["(二)"])
    assert unmet.value == "未落实" and unmet.fill.fgColor.rgb.endswith("FFEBE9")
    assert m.cell(2, col["(二十七)"]).value == "未到期"
    assert [m.cell(row["市政府办公室"], c).value for c in range(12, 18)] == [1, 1, 2, 3, 1, 0]
    assert wb["义务"].max_row == 11 and wb["要求"].max_row == 1 + 16
    office = wb["市政府办公室"]
    statuses = [office.cell(r, 3).value for r in range(2, office.max_row + 1)]
    assert statuses == ["未落实", "无佐证", "部分落实", "部分落实 ?", "已落实", "已落实 ?", "已落实", "未到期"]


def test_xlsx_has_no_clock_in_it(sample: dict[str, Any]) -> None:
    """Byte-identical output needs fixed zip entry times too (openpyxl writes sheets via temp files)."""
    out = render(sample, "xlsx")
    assert isinstance(out, bytes)
    times = {info.date_time for info in zipfile.ZipFile(io.BytesIO(out)).infolist()}
    assert times == {(2000, 1, 1, 0, 0, 0)}
    props = openpyxl.load_workbook(io.BytesIO(out)).properties
    assert props.created == props.modified == datetime.datetime(2000, 1, 1)


def test_xlsx_sheet_names_are_sanitised_and_unique(sample: dict[str, Any]) -> None:
    long = "市住房和城乡建设局/市城市管理综合执法局[合署办公]:*?下属的行政执法大队"
    names = [long, long, "History", "'引号'", "义务"]
    for name, unit in zip(names, sample["units"], strict=False):
        unit["unit"] = name
    wb = _workbook(sample)
    titles = wb.sheetnames[3:]
    assert len(titles) == len(sample["units"])
    assert len({t.lower() for t in wb.sheetnames}) == len(wb.sheetnames)
    for t in titles:
        assert len(t) <= 31 and not re.search(r"[\[\]:*?/\\]", t) and not t.startswith("'")
    assert titles[0] != titles[1] and titles[1].endswith("~2")
    assert titles[4] != "义务"
    assert sheet_title("", set()) == "unit"


def test_xlsx_keeps_formula_like_quotes_as_text(sample: dict[str, Any]) -> None:
    ev = obligation(sample, "(一)")["requirements"][0]["evidence"][0]
    ev["quote"] = '=HYPERLINK("http://x","点击")\x07'
    sample["units"][1]["unit"] = "=1+1"
    wb = _workbook(sample)
    cell = wb["义务"]["H2"]
    assert cell.value == '=HYPERLINK("http://x","点击")' and cell.data_type == "s"
    assert wb["矩阵"]["A4"].value == "=1+1" and wb["矩阵"]["A4"].data_type == "s"


# --------------------------------------------------------------------------- all formats


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic(sample: dict[str, Any], fmt: str) -> None:
    first = render(sample, fmt)
    second = render(copy.deepcopy(sample), fmt)
    assert first == second


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(with_statuses("met"), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_minimal_result_renders(fmt: str) -> None:
    """A result with only the SPEC's required keys (no units, reasons, evidence) renders in every format."""
    result = with_statuses("met", "unevidenced", "waived")
    out = render(result, fmt)
    assert out


def test_light_formats_do_not_import_rich_or_openpyxl() -> None:
    code = (
        "import json, sys; from checker.report import render; "
        f"r = json.load(open({str(SAMPLE)!r}, encoding='utf-8')); "
        "[render(r, f) for f in ('json', 'md', 'html', 'junit')]; "
        "print(sorted(m for m in ('rich', 'openpyxl') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert done.stdout.strip() == "[]"
