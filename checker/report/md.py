"""Markdown a supervisor can paste into a reply: summary, each 责任单位's gaps, then every obligation.

Document text is escaped so a quote cannot break a table (`|`), start formatting (`*`, `_`) or inject HTML (`<`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checker.report import common
from checker.report.common import Result

QUOTE_CELLS = 80

_BACKSLASHED = set("\\`*_[]|")


def escape(text: Any) -> str:
    """One line of document text made literal for a Markdown table cell or paragraph."""
    out: list[str] = []
    for ch in common.one_line(str(text)):
        if ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        else:
            out.append(ch)
    return "".join(out)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _table(headers: list[str], rows: Iterable[list[str]], align: list[str] | None = None) -> list[str]:
    rule = align or ["---"] * len(headers)
    return [_row(headers), "|" + "|".join(rule) + "|", *(_row(r) for r in rows)]


def _status(status: str, weak: bool = False) -> str:
    return common.label(status) + (f" {common.WEAK_MARK}" if weak else "")


def render(result: Mapping[str, Any], *, color: bool = False, fail_on: str = "unevidenced") -> str:
    """The whole report as Markdown (GitHub flavour tables); deterministic."""
    del color, fail_on
    lines: list[str] = []
    lines += _header(result)
    lines += _summary(result)
    lines += _units(result)
    lines += _obligations(result)
    lines += _problems(result)
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(result: Result) -> list[str]:
    plan = result.get("plan") or {}
    tool = result.get("tool") or {}
    lines = [f"# 检查结果：{escape(common.plan_title(result))}", ""]
    plan_bits = [escape(x) for x in (plan.get("issuer"), plan.get("doc_no")) if x]
    lines.append(f"- 计划：{escape(plan.get('id', ''))}" + (f"（{'，'.join(plan_bits)}）" if plan_bits else ""))
    if plan.get("rules"):
        lines.append(f"- 规则：{escape(plan['rules'])}")
    for report in result.get("reports") or []:
        text = f"- 报告：{escape(report.get('path', ''))}"
        if report.get("title"):
            text += f"「{escape(report['title'])}」"
        if report.get("unit"):
            text += f"，单位 {escape(report['unit'])}"
        lines.append(text)
        lines.append(f"- 期间：{common.period_text(report.get('period') or plan.get('period'))}")
    if result.get("unit_filter"):
        lines.append(f"- 只看责任单位：{escape(result['unit_filter'])}")
    lines.append(f"- 工具：{escape(tool.get('name', 'plancheck'))} {escape(tool.get('version', ''))}".rstrip())
    return [*lines, ""]


def _summary(result: Result) -> list[str]:
    counts = common.summary_counts(result)
    rows = [[f"{common.label(s)} {s}", str(counts[s])] for s in common.STATUSES]
    rows.append(["合计 total", str(counts["obligations"])])
    return ["## 概况", "", *_table(["状态", "义务数"], rows, ["---", "---:"]), ""]


def _units(result: Result) -> list[str]:
    units = result.get("units") or []
    if not units:
        return []
    lines = ["## 各责任单位的缺口", ""]
    clean: list[str] = []
    any_weak = False
    for unit in units:
        name = escape(unit.get("unit", ""))
        items = common.unit_items(result, unit)
        gaps = [it for it in common.gaps_first(items) if it.status in common.GAP_STATUSES]
        counts = common.counts_text(unit.get("counts") or {})
        if not gaps:
            clean.append(f"{name}（{counts}）")
            continue
        lines += [f"### {name}", "", counts, ""]
        rows = []
        for it in gaps:
            weak = it.status in ("met", "partial") and common.has_weak_evidence(it.obligation)
            any_weak = any_weak or weak
            rows.append(
                [
                    escape(it.obligation.get("ref", "")),
                    escape(it.obligation.get("title", "")),
                    _status(it.status, weak),
                    escape(common.role_label(it.role, it.via)),
                    escape(it.reason),
                ]
            )
        lines += _table(["编号", "事项", "状态", "角色", "原因"], rows)
        skipped = [it for it in items if it.status in common.SKIP_STATUSES]
        if skipped:
            text = "；".join(f"{escape(it.obligation.get('ref', ''))} {common.label(it.status)}" for it in skipped)
            lines += ["", f"不计入缺口：{text}"]
        lines.append("")
    if clean:
        lines += ["### 无缺口的单位", "", "；".join(clean), ""]
    if any_weak:
        lines += [f"{escape(common.WEAK_MARK)} = {escape(common.WEAK_NOTE)}", ""]
    return lines


def _evidence(obligation: Mapping[str, Any], result: Result) -> str:
    ev = common.best_evidence(obligation)
    if ev is not None:
        mark = f"{common.WEAK_MARK} " if common.is_weak(ev) else ""
        quote = escape(common.truncate(str(ev.get("quote", "")), QUOTE_CELLS))
        return f"{mark}{common.location(ev, result)} {quote}"
    cand = common.first_candidate(obligation)
    if cand is not None:
        quote = escape(common.truncate(str(cand.get("quote", "")), QUOTE_CELLS))
        return f"—（最接近，不计：{common.location(cand, result)} {quote}）"
    return "—"


def _obligations(result: Result) -> list[str]:
    rows = []
    for ob in result.get("obligations") or []:
        status = str(ob.get("status", ""))
        weak = status in ("met", "partial") and common.has_weak_evidence(ob)
        reason = escape(ob.get("reason", ""))
        waiver = ob.get("waiver")
        if status == "waived" and waiver:
            reason += f"（豁免理由：{escape(waiver.get('reason', ''))}；批准：{escape(waiver.get('approved_by', ''))}"
            reason += f"；有效期至 {escape(waiver['expires'])}）" if waiver.get("expires") else "）"
        rows.append(
            [
                escape(ob.get("ref", "")),
                escape(ob.get("title", "")),
                escape(common.owners_text(ob)),
                _status(status, weak),
                reason,
                _evidence(ob, result),
            ]
        )
    return ["## 义务", "", *_table(["编号", "事项", "责任单位", "状态", "原因", "最佳佐证（行:列）"], rows), ""]


def _problems(result: Result) -> list[str]:
    problems = result.get("problems") or []
    if not problems:
        return []
    lines = ["## 问题", ""]
    for p in problems:
        where = str(p.get("source") or "")
        if where and p.get("line"):
            where += f":{p['line']}" + (f":{p['col']}" if p.get("col") else "")
        bits = [escape(p.get("severity", "")), escape(where), escape(f"[{p['code']}]") if p.get("code") else ""]
        lines.append("- " + " ".join(b for b in [*bits, escape(p.get("message", ""))] if b))
    return [*lines, ""]
