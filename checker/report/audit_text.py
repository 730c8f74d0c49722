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


def _ranking(console: Console, data: Mapping[str, Any]) -> None:
    ranking = data.get("ranking") or []
    if not ranking:
        return
    table = Table(title="单位排名（未落实 › 无佐证 › 部分落实）", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("名次", justify="right")
    table.add_column("责任单位")
    for s in ac.STATUSES[:-1]:
        table.add_column(ac.label(s), justify="right", style=STYLES[s])
    table.add_column("缺口/义务", justify="right")
    for r in ranking:
        table.add_row(
            str(r["rank"]), r["unit"], *(str(r.get(s, 0)) for s in ac.STATUSES[:-1]), f"{r['open']}/{r['owned']}"
        )
    console.print(table)


def _matrix(console: Console, data: Mapping[str, Any]) -> None:
    matrix = data.get("matrix") or {}
    units = matrix.get("units") or []
    if not units:
        return
    obligations = matrix.get("obligations") or []
    legend = "  ".join(f"{ac.MARKS[s]} {ac.label(s)}" for s in ac.STATUSES) + "  （空白：不负责）"
    table = Table(
        title="单位 × 义务矩阵",
        caption=legend,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        caption_justify="left",
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("责任单位", no_wrap=True, max_width=18)
    for k, _ in enumerate(obligations, start=1):
        table.add_column(str(k), justify="center", no_wrap=True, min_width=1)
    for unit, cells in zip(units, matrix.get("cells") or [], strict=True):
        marks = [Text(ac.MARKS.get(c, "?"), style=STYLES.get(c, "")) if c else Text("") for c in cells]
        table.add_row(unit["unit"], *marks)
    console.print(table)
    console.print("列：" + "  ".join(f"{k}={o.get('ref') or o['id']}" for k, o in enumerate(obligations, start=1)))


def _units(console: Console, data: Mapping[str, Any]) -> None:
    for unit in data.get("units") or []:
        gaps = [
            it for it in unit.get("items") or [] if it["status"] in ("unmet", "unevidenced", "partial", "not_reported")
        ]
        if not gaps:
            continue
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
