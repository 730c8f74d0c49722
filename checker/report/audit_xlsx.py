"""The audit as an Excel workbook: the units × obligations matrix, the ranking, coverage per obligation, what
could not be attributed or read, and one sheet per unit (its gaps first) to send back to that unit.

openpyxl is imported inside `render`; the bytes are deterministic (fixed document and zip entry times), as in
xlsx.py, whose helpers this module shares.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from checker.report import audit_common as ac
from checker.report.xlsx import COLOURS, FIXED_TIME, _FixedTimeZip, _header, _print_setup, _put, _wrap_rows, sheet_title

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MATRIX = "矩阵"
RANKING = "排名"
COVERAGE = "落实面"
ISSUES = "未报送及问题"
_COLOURS = {**COLOURS, "not_reported": ("F6F8FA", "57606A")}


def render(data: Mapping[str, Any], *, color: bool = False) -> bytes:
    """The workbook as .xlsx bytes."""
    del color
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.properties.creator = "plancheck"
    wb.properties.lastModifiedBy = "plancheck"
    wb.properties.title = ac.title(data)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    styles = _Styles()

    matrix = wb.active
    assert matrix is not None
    matrix.title = MATRIX
    _matrix(matrix, data, styles)
    _ranking(wb.create_sheet(RANKING), data)
    _coverage(wb.create_sheet(COVERAGE), data)
    _issues(wb.create_sheet(ISSUES), data)
    taken = {n.lower() for n in (MATRIX, RANKING, COVERAGE, ISSUES)}
    for unit in data.get("units") or []:
        _unit(wb.create_sheet(sheet_title(str(unit["unit"]), taken)), unit, styles)

    buf = io.BytesIO()
    with (
        _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", EncodingWarning)  # see xlsx.render
        ExcelWriter(wb, archive).write_data()
    return buf.getvalue()


class _Styles:
    """One Font/PatternFill per status, shared by every cell (thousands of cells, one style each)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.fill = {s: PatternFill("solid", fgColor=c[0]) for s, c in _COLOURS.items()}
        self.font = {s: Font(color=c[1], bold=s in ("unmet", "unevidenced")) for s, c in _COLOURS.items()}
        self.centre = Alignment(horizontal="center", vertical="center")
        self.bold = Font(bold=True)

    def status(self, cell: Any, status: str) -> None:
        if status in self.fill:
            cell.fill = self.fill[status]
            cell.font = self.font[status]


def _matrix(ws: Worksheet, data: Mapping[str, Any], styles: _Styles) -> None:
    """Units down (gravest first, then those who sent nothing), obligations across."""
    from openpyxl.utils import get_column_letter

    matrix = data.get("matrix") or {}
    obligations = matrix.get("obligations") or []
    headers = ["责任单位"] + [f"{o.get('ref', '')}\n{o.get('title', '')}" for o in obligations]
    _header(ws, headers, [20] + [9] * len(obligations))
    ws.row_dimensions[1].height = 90
    for row, (unit, cells) in enumerate(zip(matrix.get("units") or [], matrix.get("cells") or [], strict=True), 2):
        _put(ws, row, 1, str(unit["unit"]))
        for col, status in enumerate(cells, start=2):
            if status is None:
                continue
            cell = _put(ws, row, col, ac.label(status))
            styles.status(cell, status)
            cell.alignment = styles.centre
    ws.freeze_panes = "B2"
    last = get_column_letter(1 + len(obligations))
    ws.auto_filter.ref = f"A1:{last}{max(2, 1 + len(matrix.get('units') or []))}"
    _print_setup(ws)
    ws.print_title_cols = "A:A"


def _ranking(ws: Worksheet, data: Mapping[str, Any]) -> None:
    statuses = ac.STATUSES[:-1]
    _header(ws, ["名次", "责任单位", *(ac.label(s) for s in statuses), "缺口", "义务"], [6, 22] + [9] * 8)
    for row, r in enumerate(data.get("ranking") or [], start=2):
        values = [r["rank"], r["unit"], *(int(r.get(s, 0)) for s in statuses), r["open"], r["owned"]]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws)


def _coverage(ws: Worksheet, data: Mapping[str, Any]) -> None:
    headers = ["编号", "事项", "牵头单位", "配合单位", *(ac.label(s) for s in ac.STATUSES), "落实率", "未报送的单位"]
    _header(ws, headers, [9, 30, 24, 16] + [8] * len(ac.STATUSES) + [8, 40])
    for row, c in enumerate(data.get("coverage") or [], start=2):
        owners = c.get("owners") or {}
        counts = c.get("counts") or {}
        values = [
            str(c.get("ref", "")),
            str(c.get("title", "")),
            "、".join(owners.get("lead") or []),
            "、".join(owners.get("support") or []),
            *(int(counts.get(s, 0)) for s in ac.STATUSES),
            c.get("met_rate"),
            "、".join((c.get("units") or {}).get("not_reported") or []),
        ]
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value)
            if col == 5 + len(ac.STATUSES):
                cell.number_format = "0%"
    _wrap_rows(ws)
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws)


def _issues(ws: Worksheet, data: Mapping[str, Any]) -> None:
    """Owners with no report, reports whose unit is unknown or owns nothing, unreadable files, warnings."""
    _header(ws, ["类别", "文件或单位", "说明"], [16, 50, 70])
    rows: list[tuple[str, str, str]] = []
    for nr in data.get("not_reported") or []:
        refs = "、".join(str(o.get("ref") or o["obligation"]) for o in nr.get("obligations") or [])
        rows.append(("未报送" + ("（组别）" if nr.get("group") else ""), str(nr["unit"]), f"负责的义务：{refs}"))
    for u in data.get("unresolved") or []:
        rows.append(("单位不明", str(u["path"]), f"{u.get('reason', '')}；标题：{u.get('title', '')}"))
    for u in data.get("owns_nothing") or []:
        source = ac.SOURCES.get(str(u.get("source")), str(u.get("source")))
        rows.append(("无对应义务", str(u["path"]), f"单位 {u.get('unit', '')}（来自{source}）不负责本计划的任何义务"))
    for x in data.get("errors") or []:
        rows.append(("无法读取", str(x["path"]), str(x["message"])))
    for p in data.get("problems") or []:
        rows.append(("提示", "", str(p.get("message", ""))))
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
    _wrap_rows(ws)
    _print_setup(ws)


def _unit(ws: Worksheet, unit: Mapping[str, Any], styles: _Styles) -> None:
    """One unit's obligations, gaps first, with the reason and the text found: the sheet to send back."""
    headers = ["编号", "事项", "状态", "角色", "原因", "报告原文（或最接近的原文）", "位置"]
    _header(ws, headers, [9, 30, 10, 14, 40, 60, 22])
    for row, it in enumerate(unit.get("items") or [], start=2):
        quote, where, counted = ac.quote_text(it)
        values = [
            str(it.get("ref", "")),
            str(it.get("title", "")),
            ac.label(str(it["status"])),
            ac.role_text(it),
            str(it.get("reason", "")),
            quote if counted or not quote else f"（最接近，不计）{quote}",
            where,
        ]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
        styles.status(ws.cell(row=row, column=3), str(it["status"]))
    _wrap_rows(ws)
    ws.oddHeader.center.text = str(unit["unit"]).replace("&", "&&")
    _print_setup(ws)
