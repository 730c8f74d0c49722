"""Terminal text (rich): a summary, each 责任单位's gaps worst first, then every obligation with its best evidence.

Every cell is a rich `Text`, never markup, because titles and quotes come from documents and may hold `[...]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import StringIO
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.report import common
from checker.report.common import Result

WIDTH = 120
QUOTE_CELLS = 44

STYLES: dict[str, str] = {
    "unmet": "bold red",
    "unevidenced": "red",
    "partial": "yellow",
    "met": "green",
    "not_due": "cyan",
    "waived": "magenta",
}


def render(result: Mapping[str, Any], *, color: bool = False, fail_on: str = "unevidenced") -> str:
    """The whole report as one string; ANSI styles only when `color`."""
    del fail_on  # the text shows every status; the gate is the exit code's business
    console = Console(
        file=StringIO(),
        width=WIDTH,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
        # An empty environment: COLUMNS, NO_COLOR, FORCE_COLOR … of whoever runs us must not change the output.
        _environ={},
    )
    _summary(console, result)
    _units(console, result)
    _obligations(console, result)
    _problems(console, result)
    file = console.file
    assert isinstance(file, StringIO)
    return file.getvalue()


def status_text(status: str, *, weak: bool = False) -> Text:
    """The Chinese status label in its colour, with the weak-evidence mark when `weak`."""
    text = Text(common.label(status), style=STYLES.get(status, ""))
    if weak:
        text.append(f" {common.WEAK_MARK}", style="bold")
    return text


def _summary(console: Console, result: Result) -> None:
    plan = result.get("plan") or {}
    tool = result.get("tool") or {}
    counts = common.summary_counts(result)
    head = Text(f"{tool.get('name', 'plancheck')} {tool.get('version', '')}".strip() + " — ", style="bold")
    head.append(common.plan_title(result), style="bold")
    extra = "，".join(str(x) for x in (plan.get("doc_no"), plan.get("id")) if x)
    if extra:
        head.append(f"（{extra}）")
    console.print(head)
    for report in result.get("reports") or []:
        line = Text(f"报告 {report.get('path', '')}")
        if report.get("title"):
            line.append(f"「{report['title']}」")
        if report.get("unit"):
            line.append(f" · 单位 {report['unit']}")
        line.append(f" · 期间 {common.period_text(report.get('period') or plan.get('period'))}")
        console.print(line)
    if result.get("unit_filter"):
        console.print(Text(f"只看责任单位 {result['unit_filter']}"))
    line = Text(f"义务 {counts['obligations']} 项：")
    for i, status in enumerate(common.STATUSES):
        if i:
            line.append(" · ")
        line.append(f"{common.label(status)} {counts[status]}", style=STYLES[status] if counts[status] else "")
    console.print(line)


def _table(*headers: str) -> Table:
    table = Table(box=box.SQUARE, show_edge=True, pad_edge=True, expand=False, header_style="bold")
    for h in headers:
        no_wrap = h in ("编号", "状态", "位置")
        table.add_column(h, no_wrap=no_wrap, overflow="fold")
    return table


def _units(console: Console, result: Result) -> None:
    units = result.get("units") or []
    if not units:
        return
    console.print()
    console.rule(Text("各责任单位的缺口 gaps per 责任单位", style="bold"), align="left")
    clean: list[tuple[str, str]] = []
    any_weak = False
    for unit in units:
        name = str(unit.get("unit", ""))
        items = common.unit_items(result, unit)
        counts = unit.get("counts") or {}
        gaps = [it for it in common.gaps_first(items) if it.status in common.GAP_STATUSES]
        if not gaps:
            clean.append((name, common.counts_text(counts)))
            continue
        console.print()
        title = Text(name, style="bold")
        title.append(f"  {common.counts_text(counts)}")
        console.print(title)
        table = _table("编号", "事项", "状态", "角色", "原因")
        for it in gaps:
            weak = it.status in ("met", "partial") and common.has_weak_evidence(it.obligation)
            any_weak = any_weak or weak
            reason = Text(common.one_line(it.reason))
            if weak:
                reason.append(f"  {common.WEAK_MARK} {common.WEAK_NOTE}", style="bold")
            table.add_row(
                Text(str(it.obligation.get("ref", ""))),
                Text(common.one_line(str(it.obligation.get("title", "")))),
                status_text(it.status, weak=weak),
                Text(common.role_label(it.role, it.via)),
                reason,
            )
        console.print(table)
        others = [it for it in items if it.status in common.SKIP_STATUSES]
        if others:
            console.print(
                Text(
                    "不计入缺口："
                    + "；".join(f"{it.obligation.get('ref', '')} {common.label(it.status)}" for it in others)
                )
            )
    if clean:
        console.print()
        line = Text("无缺口的单位 no gaps：", style="bold")
        line.append("；".join(f"{name}（{counts}）" for name, counts in clean))
        console.print(line)
    if any_weak:
        console.print(Text(f"{common.WEAK_MARK} = {common.WEAK_NOTE}"))


def _evidence_cell(obligation: Mapping[str, Any], result: Result) -> Text:
    ev = common.best_evidence(obligation)
    if ev is not None:
        text = Text()
        if common.is_weak(ev):
            text.append(f"{common.WEAK_MARK} ", style="bold")
        text.append(common.location(ev, result), style="dim")
        text.append(" " + common.truncate(str(ev.get("quote", "")), QUOTE_CELLS))
        return text
    cand = common.first_candidate(obligation)
    if cand is not None:
        text = Text("—  最接近（不计）", style="dim")
        text.append(f" {common.location(cand, result)} ", style="dim")
        text.append(common.truncate(str(cand.get("quote", "")), QUOTE_CELLS - 8), style="dim")
        return text
    return Text("—", style="dim")


def _obligations(console: Console, result: Result) -> None:
    obligations = result.get("obligations") or []
    console.print()
    console.rule(Text("义务 obligations", style="bold"), align="left")
    table = _table("编号", "事项", "状态", "最佳佐证 line:col")
    for ob in obligations:
        weak = ob.get("status") in ("met", "partial") and common.has_weak_evidence(ob)
        table.add_row(
            Text(str(ob.get("ref", ""))),
            Text(common.one_line(str(ob.get("title", "")))),
            status_text(str(ob.get("status", "")), weak=weak),
            _evidence_cell(ob, result),
        )
    console.print(table)


def _problems(console: Console, result: Result) -> None:
    problems = result.get("problems") or []
    if not problems:
        return
    console.print()
    console.rule(Text("问题 problems", style="bold"), align="left")
    for p in problems:
        where = str(p.get("source") or "")
        if where and p.get("line"):
            where += f":{p['line']}" + (f":{p['col']}" if p.get("col") else "")
        line = Text(f"{p.get('severity', '')} ", style="yellow" if p.get("severity") != "info" else "dim")
        if where:
            line.append(f"{where} ")
        if p.get("code"):
            line.append(f"[{p['code']}] ")
        line.append(common.one_line(str(p.get("message", ""))))
        console.print(line)
