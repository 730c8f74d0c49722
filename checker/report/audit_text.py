"""The audit for a terminal (rich): summary, ranking, a compact matrix with one mark per cell, each unit's gaps,
and what could not be attributed or read."""

from __future__ import annotations

from collections.abc import Mapping
from io import StringIO
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.report import audit_common as ac
from checker.report import common

#: Units whose gap lists the terminal shows (gravest first); a province's thousand go to html/xlsx.
MAX_UNITS = 60
GAPS = ("unmet", "unevidenced", "partial", "not_reported")

STYLES: dict[str, str] = {
    "unmet": "bold red",
    "unevidenced": "bold dark_orange",
    "partial": "yellow",
    "met": "green",
    "not_due": "blue",
    "waived": "dim",
    "not_reported": "dim",
}


def render(data: Mapping[str, Any], *, color: bool = False) -> str:
    """Plain text (or ANSI colours when `color`), 120 columns wide or as wide as the matrix; deterministic."""
    buf = StringIO()
    columns = len((data.get("matrix") or {}).get("obligations") or [])
    console = Console(
        file=buf,
        width=max(120, 24 + 4 * columns),
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
    )
    plan = data.get("plan") or {}
    summary = data.get("summary") or {}
    console.print(Text(ac.title(data), style="bold"))
    console.print(f"计划 {plan.get('id', '')} {plan.get('doc_no', '')} · 规则 {plan.get('rules', '')}")
    console.print(
        f"报告文件 {summary.get('files', 0)} · 已检查单位 {summary.get('units', 0)} · 未报送 {summary.get('not_reported', 0)}"
        f" · 单位不明 {summary.get('unresolved', 0)} · 无对应义务 {summary.get('owns_nothing', 0)}"
        f" · 无法读取 {summary.get('errors', 0)}"
    )
    console.print("矩阵格数：" + ac.counts_text(summary.get("cells") or {}))
    _ranking(console, data)
    _matrix(console, data)
    _units(console, data)
    _leftovers(console, data)
    return buf.getvalue()


def _pad(text: str, cells: int, *, right: bool = False) -> str:
    """`text` cut or padded to exactly `cells` terminal cells (CJK characters take two)."""
    text = common.truncate(text, cells)
    fill = " " * (cells - common.cell_width(text))
    return fill + text if right else text + fill


def _ranking(console: Console, data: Mapping[str, Any]) -> None:
    """One line per unit, laid out here: a rich Table takes seconds for a province's thousand units."""
    ranking = data.get("ranking") or []
    if not ranking:
        return
    statuses = ac.STATUSES[:-1]
    console.print(Text("单位排名（未落实 › 无佐证 › 部分落实）", style="bold"))
    head = " ".join(
        [_pad("名次", 4, right=True), _pad("责任单位", 20), *(_pad(ac.label(s), 8, right=True) for s in statuses)]
    )
    console.print(Text(head + "  缺口/义务", style="bold"))
    for r in ranking:
        line = Text(_pad(str(r["rank"]), 4, right=True) + " " + _pad(r["unit"], 20))
        for s in statuses:
            line.append(" " + _pad(str(r.get(s, 0)), 8, right=True), style=STYLES[s] if r.get(s) else "")
        line.append(f"  {r['open']:>4}/{r['owned']}")
        console.print(line)
    console.print()


def _matrix(console: Console, data: Mapping[str, Any]) -> None:
    """Units down, obligations across (numbered; the key follows), one coloured mark per cell."""
    matrix = data.get("matrix") or {}
    units = matrix.get("units") or []
    if not units:
        return
    obligations = matrix.get("obligations") or []
    console.print(Text("单位 × 义务矩阵", style="bold"))
    console.print(Text(_pad("责任单位", 20) + "".join(f"{k:>3}" for k in range(1, len(obligations) + 1)), style="bold"))
    for unit, cells in zip(units, matrix.get("cells") or [], strict=True):
        line = Text(_pad(unit["unit"], 20))
        for c in cells:
            line.append("  ")
            line.append(ac.MARKS.get(c, "?") if c else " ", style=STYLES.get(c, "") if c else "")
        console.print(line)
    console.print("  ".join(f"{ac.MARKS[s]} {ac.label(s)}" for s in ac.STATUSES) + "  （空白：不负责）")
    console.print("列：" + "  ".join(f"{k}={o.get('ref') or o['id']}" for k, o in enumerate(obligations, start=1)))
    console.print()


def _units(console: Console, data: Mapping[str, Any]) -> None:
    with_gaps = [u for u in data.get("units") or [] if any(it["status"] in GAPS for it in u.get("items") or [])]
    for shown, unit in enumerate(with_gaps):
        if shown == MAX_UNITS:
            rest = len(with_gaps) - shown
            console.print(
                f"另有 {rest} 个单位的缺口清单未在此列出：请用 --format html 或 xlsx（每个单位一节 / 一张表）。"
            )
            return
        gaps = [it for it in unit.get("items") or [] if it["status"] in GAPS]
        where = ac.sources_text(unit) if unit.get("reported") else "未收到报告"
        table = Table(
            title=f"{unit['unit']}（{where}）：{ac.counts_text(unit.get('counts') or {})}",
            box=box.SIMPLE_HEAD,
            title_justify="left",
        )
        table.add_column("编号", no_wrap=True)
        table.add_column("事项", max_width=28)
        table.add_column("状态", no_wrap=True)
        table.add_column("角色", max_width=16)
        table.add_column("原因与原文", max_width=56)
        for it in gaps:
            quote, loc, counted = ac.quote_text(it)
            detail = str(it.get("reason", ""))
            if quote:
                detail += f"\n{'' if counted else '最接近：'}{loc} {quote[:80]}"
            table.add_row(
                str(it.get("ref", "")),
                str(it.get("title", "")),
                Text(ac.label(it["status"]), style=STYLES.get(it["status"], "")),
                ac.role_text(it),
                detail,
            )
        console.print(table)


def _leftovers(console: Console, data: Mapping[str, Any]) -> None:
    for u in data.get("unresolved") or []:
        console.print(f"单位不明：{u['path']} — {u.get('reason', '')}")
    for u in data.get("owns_nothing") or []:
        console.print(f"无对应义务：{u['path']} — 单位 {u.get('unit', '')} 不负责本计划的任何义务")
    for x in data.get("errors") or []:
        console.print(f"无法读取：{x['path']} — {x['message']}")
