"""An Excel workbook for supervisors: units × obligations matrix, obligations, requirements, a sheet per unit.

openpyxl is imported inside `render` so that no other command pays for it. The file is byte-for-byte deterministic:
fixed document dates and fixed zip entry times.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from checker.report import common
from checker.report.common import Result, UnitItem

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Workbook created/modified and zip entry times: fixed, so the same result gives the same bytes.
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

MATRIX = "矩阵"
OBLIGATIONS = "义务"
REQUIREMENTS = "要求"

#: (fill, font) colours per status, the same hues as the HTML report.
COLOURS: dict[str, tuple[str, str]] = {
    "unmet": ("FFEBE9", "A40E26"),
    "unevidenced": ("FFF1E5", "9A3412"),
    "partial": ("FFF8C5", "7D4E00"),
    "met": ("DAFBE1", "116329"),
    "not_due": ("DDF4FF", "0550AE"),
    "waived": ("EAEEF2", "57606A"),
}

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Control characters Excel cannot store (openpyxl raises on them); scraped text does contain some.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_CELL = 32767


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name for `name`: no []:*?/\\, no leading/trailing apostrophe, at most 31 characters.

    Excel compares sheet names case-insensitively, so `taken` holds lower-cased names; the result is added to it.
    """
    base = _SHEET_FORBIDDEN.sub("_", _ILLEGAL.sub("", name)).strip().strip("'").strip() or "unit"
    if base.lower() == "history":  # reserved by Excel
        base += "_"
    title = base[:31]
    n = 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile stamping every entry with the same time, so the workbook bytes do not depend on the clock."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl streams worksheets through temporary files, whose mtime would end up in the archive.
        with open(filename, "rb") as f:
            data = f.read()
        self.writestr(str(arcname if arcname is not None else filename), data, compress_type, compresslevel)


def render(result: Mapping[str, Any], *, color: bool = False, fail_on: str = "unevidenced") -> bytes:
    """The workbook as .xlsx bytes."""
    del color, fail_on
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.properties.creator = "plancheck"
    wb.properties.lastModifiedBy = "plancheck"
    wb.properties.title = f"检查结果：{common.plan_title(result)}"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME

    taken = {MATRIX.lower(), OBLIGATIONS.lower(), REQUIREMENTS.lower()}
    matrix = wb.active
    assert matrix is not None
    matrix.title = MATRIX
    units = result.get("units") or []
    unit_items = [(str(u.get("unit", "")), common.unit_items(result, u), u) for u in units]
    _matrix(matrix, result, unit_items)
    _obligations(wb.create_sheet(OBLIGATIONS), result)
    _requirements(wb.create_sheet(REQUIREMENTS), result)
    for name, items, unit in unit_items:
        _unit(wb.create_sheet(sheet_title(name, taken)), result, name, items, unit)

    buf = io.BytesIO()
    with (
        _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        warnings.catch_warnings(),
    ):
        # openpyxl opens (and at once closes, unused) a text-mode temp file per sheet without an encoding;
        # under `make test` (-W error::EncodingWarning) that harmless warning would abort the export.
        warnings.simplefilter("ignore", EncodingWarning)
        ExcelWriter(wb, archive).write_data()
    return buf.getvalue()


# --------------------------------------------------------------------------- cells


def _put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write a cell; strings are always text (a quote starting with `=` must not become a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)[:_MAX_CELL]
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _style_status(cell: Any, status: str) -> None:
    from openpyxl.styles import Font, PatternFill

    colours = COLOURS.get(status)
    if colours:
        cell.fill = PatternFill("solid", fgColor=colours[0])
        cell.font = Font(color=colours[1], bold=status in ("unmet", "unevidenced"))


def _header(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _put(ws, 1, col, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F6F8FA")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _wrap_rows(ws: Worksheet, first_row: int = 2) -> None:
    from openpyxl.styles import Alignment

    top = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            cell.alignment = top


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _evidence(ob: Mapping[str, Any], result: Result) -> tuple[str, str, float | None]:
    """(quote, line:col, score) of the best evidence, or of the nearest candidate marked as not counted."""
    ev = common.best_evidence(ob)
    if ev is not None:
        return common.one_line(str(ev.get("quote", ""))), common.location(ev, result), common.score(ev)
    cand = common.first_candidate(ob)
    if cand is not None:
        quote = f"（最接近，不计）{common.one_line(str(cand.get('quote', '')))}"
        return quote, common.location(cand, result), common.score(cand)
    return "", "", None


# --------------------------------------------------------------------------- sheets


def _matrix(ws: Worksheet, result: Result, unit_items: list[tuple[str, list[UnitItem], Any]]) -> None:
    """Units down, obligations across, the unit's status in each owned cell; counts per status at the right."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    obligations = result.get("obligations") or []
    n = len(obligations)
    headers = ["责任单位"] + [f"{o.get('ref', '')}\n{common.one_line(str(o.get('title', '')))}" for o in obligations]
    headers += [common.label(s) for s in common.STATUSES]
    _header(ws, headers, [18] + [13] * n + [7] * len(common.STATUSES))
    ws.row_dimensions[1].height = 64
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    _put(ws, 2, 1, "整体状态").font = Font(bold=True)
    for col, ob in enumerate(obligations, start=2):
        status = str(ob.get("status", ""))
        cell = _put(ws, 2, col, common.label(status))
        _style_status(cell, status)
        cell.alignment = centre
    overall = common.summary_counts(result)
    for k, status in enumerate(common.STATUSES):
        _put(ws, 2, 2 + n + k, overall[status]).font = Font(bold=True)

    columns = {str(o.get("id")): col for col, o in enumerate(obligations, start=2)}
    for row, (name, items, unit) in enumerate(unit_items, start=3):
        _put(ws, row, 1, name)
        for it in items:
            column = columns.get(str(it.obligation.get("id")))
            if column is None:
                continue
            weak = it.status in ("met", "partial") and common.has_weak_evidence(it.obligation)
            cell = _put(ws, row, column, common.label(it.status))
            _style_status(cell, it.status)
            cell.alignment = centre
            note = [common.role_label(it.role, it.via)]
            if it.reason:
                note.append(common.one_line(it.reason))
            if weak:
                note.append(f"{common.WEAK_MARK} {common.WEAK_NOTE}")
            if it.status != "met" or weak:
                cell.comment = Comment("\n".join(note), "plancheck", width=240, height=110)
        counts = unit.get("counts") or {}
        for k, status in enumerate(common.STATUSES):
            _put(ws, row, 2 + n + k, int(counts.get(status, 0)))
    ws.freeze_panes = "B3"
    last = get_column_letter(1 + n + len(common.STATUSES))
    ws.auto_filter.ref = f"A1:{last}{max(2, 2 + len(unit_items))}"
    _print_setup(ws)
    ws.print_title_cols = "A:A"


def _obligations(ws: Worksheet, result: Result) -> None:
    headers = ["编号", "章节", "事项", "牵头单位", "配合单位", "状态", "原因", "最佳佐证", "位置", "佐证强度", "豁免"]
    _header(ws, headers, [9, 22, 28, 28, 18, 10, 36, 50, 9, 9, 36])
    for row, ob in enumerate(result.get("obligations") or [], start=2):
        owners = ob.get("owners") or {}
        status = str(ob.get("status", ""))
        weak = status in ("met", "partial") and common.has_weak_evidence(ob)
        quote, where, score = _evidence(ob, result)
        waiver = ob.get("waiver") or {}
        waiver_text = ""
        if waiver:
            waiver_text = f"{waiver.get('reason', '')}（批准：{waiver.get('approved_by', '')}"
            waiver_text += f"；有效期至 {waiver['expires']}）" if waiver.get("expires") else "）"
        values: list[Any] = [
            str(ob.get("ref", "")),
            str(ob.get("section", "")),
            str(ob.get("title", "")),
            "、".join(owners.get("lead") or []),
            "、".join(owners.get("support") or []),
            common.label(status) + (f" {common.WEAK_MARK}" if weak else ""),
            common.one_line(str(ob.get("reason", ""))),
            quote,
            where,
            score,
            waiver_text,
        ]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
        _style_status(ws.cell(row=row, column=6), status)
    _wrap_rows(ws)
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws)


def _requirements(ws: Worksheet, result: Result) -> None:
    headers = ["编号", "要求", "类型", "内容", "状态", "原因", "目标", "期限", "实际", "佐证", "位置", "佐证强度"]
    _header(ws, headers, [9, 8, 7, 40, 10, 36, 12, 11, 14, 50, 9, 9])
    row = 2
    for ob in result.get("obligations") or []:
        for req in ob.get("requirements") or []:
            status = str(req.get("status", ""))
            evs = req.get("evidence") or []
            counted = bool(evs)
            shown = evs or req.get("candidates") or []
            quotes = "\n".join(
                ("" if counted else "（最接近，不计）") + common.one_line(str(ev.get("quote", ""))) for ev in shown
            )
            where = "\n".join(common.location(ev, result) for ev in shown)
            best = max((common.score(ev) for ev in evs), default=None)
            values: list[Any] = [
                str(ob.get("ref", "")),
                str(req.get("id", "")),
                common.KINDS.get(str(req.get("kind", "")), str(req.get("kind", ""))),
                common.one_line(str(req.get("text", ""))),
                common.label(status)
                + (f" {common.WEAK_MARK}" if best is not None and best < common.WEAK_SCORE else ""),
                common.one_line(str(req.get("reason", ""))),
                common.target_text(req.get("target")),
                str(req.get("due") or ""),
                common.found_text(req.get("found")),
                quotes,
                where,
                best,
            ]
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value)
            _style_status(ws.cell(row=row, column=5), status)
            row += 1
    _wrap_rows(ws)
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws)


def _unit(ws: Worksheet, result: Result, name: str, items: list[UnitItem], unit: Mapping[str, Any]) -> None:
    """One unit's obligations, gaps first, ready to send to that unit."""
    del unit
    headers = ["编号", "事项", "状态", "角色", "经由", "原因", "最佳佐证", "位置"]
    _header(ws, headers, [9, 30, 10, 8, 16, 40, 50, 9])
    for row, it in enumerate(common.gaps_first(items), start=2):
        weak = it.status in ("met", "partial") and common.has_weak_evidence(it.obligation)
        quote, where, _ = _evidence(it.obligation, result)
        values = [
            str(it.obligation.get("ref", "")),
            str(it.obligation.get("title", "")),
            common.label(it.status) + (f" {common.WEAK_MARK}" if weak else ""),
            common.ROLES.get(it.role, it.role),
            it.via or "",
            common.one_line(it.reason),
            quote,
            where,
        ]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
        _style_status(ws.cell(row=row, column=3), it.status)
    _wrap_rows(ws)
    ws.oddHeader.center.text = name.replace("&", "&&")
    _print_setup(ws)
