"""Labels and lookups shared by the audit renderers (text, html, xlsx), on top of common.py.

Everything here reads the plancheck/audit/v1 dict (checker/audit.schema.json) and imports no renderer library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.report import common

Audit = Mapping[str, Any]

#: Matrix statuses, gravest first: the six of a result, then an owner that sent no report.
STATUSES: tuple[str, ...] = (*common.STATUSES, "not_reported")
LABELS: dict[str, str] = {**common.LABELS, "not_reported": "未报送"}
#: One-character marks for the terminal matrix (the legend says what each means).
MARKS: dict[str, str] = {
    "unmet": "✗",
    "unevidenced": "○",
    "partial": "◐",
    "met": "✓",
    "not_due": "…",
    "waived": "–",
    "not_reported": "·",
}
#: One-character Chinese abbreviations for the printed matrix (a legend spells them out).
SHORT: dict[str, str] = {
    "unmet": "未",
    "unevidenced": "无",
    "partial": "部",
    "met": "已",
    "not_due": "期",
    "waived": "免",
    "not_reported": "缺",
}
SOURCES: dict[str, str] = {"manifest": "报送清单", "title": "报告标题", "signature": "落款", "filename": "文件名"}
STATES: dict[str, str] = {
    "checked": "已检查",
    "unresolved": "单位不明",
    "owns_nothing": "无对应义务",
    "error": "无法读取",
}


def label(status: str) -> str:
    """已落实 … 未报送; an unknown status is shown as itself."""
    return LABELS.get(status, status)


def title(data: Audit) -> str:
    plan = data.get("plan") or {}
    return f"督查结果：{plan.get('title') or plan.get('id') or ''}"


def counts_text(counts: Mapping[str, Any]) -> str:
    """`未落实 1 · 无佐证 2 · …` in gravity order, zero counts left out."""
    parts = [f"{label(s)} {counts[s]}" for s in STATUSES if counts.get(s)]
    return " · ".join(parts) if parts else "—"


def role_text(item: Mapping[str, Any]) -> str:
    return common.role_label(str(item.get("role") or "lead"), item.get("via"))


def quote_text(item: Mapping[str, Any]) -> tuple[str, str, bool]:
    """(quote, `file:line:col`, counted) for a unit's item: its evidence, else the nearest text (not counted)."""
    ev = item.get("evidence")
    counted = ev is not None
    ev = ev or item.get("nearest")
    if not ev:
        return "", "", False
    where = f"{ev.get('file', '')}:{ev.get('line', 0)}:{ev.get('col', 0)}"
    return str(ev.get("quote", "")), where, counted


def sources_text(unit: Mapping[str, Any]) -> str:
    return "、".join(SOURCES.get(s, s) for s in unit.get("sources") or [])


def reported_units(data: Audit) -> list[Mapping[str, Any]]:
    return [u for u in data.get("units") or [] if u.get("reported")]


def missing_units(data: Audit) -> list[Mapping[str, Any]]:
    return [u for u in data.get("units") or [] if not u.get("reported")]
