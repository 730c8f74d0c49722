"""Labels, ordering and lookups shared by every renderer, so all formats say the same thing in the same order.

Everything here reads the plancheck/result/v1 dict (checker/result.schema.json) and imports no renderer library.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.model import WEAK_EVIDENCE

Result = Mapping[str, Any]

#: Display order, worst first: what a unit must act on comes before what it need not.
STATUSES: tuple[str, ...] = ("unmet", "unevidenced", "partial", "met", "not_due", "waived")
GAP_STATUSES: frozenset[str] = frozenset({"unmet", "unevidenced", "partial"})
SKIP_STATUSES: frozenset[str] = frozenset({"not_due", "waived"})

LABELS: dict[str, str] = {
    "met": "已落实",
    "partial": "部分落实",
    "unmet": "未落实",
    "unevidenced": "无佐证",
    "not_due": "未到期",
    "waived": "已豁免",
}
ROLES: dict[str, str] = {"lead": "牵头", "support": "配合"}
KINDS: dict[str, str] = {"mention": "提及", "count": "次数", "level": "指标", "deadline": "期限", "document": "文件"}
ZONES: dict[str, str] = {"body": "正文", "problems": "存在问题/下步打算部分", "front": "报送函/页面信息"}

#: --fail-on values; `none` never fails.
FAIL_ON: tuple[str, ...] = ("met", "partial", "unevidenced", "unmet", "none")
# SPEC order unmet < unevidenced < partial < met; not_due and waived have no rank and never fail.
_RANK: dict[str, int] = {"unmet": 0, "unevidenced": 1, "partial": 2, "met": 3}

#: Evidence scoring below this is shown as weak: a person should read the quote.
WEAK_SCORE = WEAK_EVIDENCE
WEAK_MARK = "?"
WEAK_NOTE = "佐证较弱 weak evidence — read by hand"

_OPS: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "~": "≈"}


def label(status: str) -> str:
    """The Chinese label of a status (已落实 …); an unknown status is shown as itself."""
    return LABELS.get(status, status)


def role_label(role: str, via: str | None = None) -> str:
    """牵头 / 配合, with the group it comes through: `牵头（经 市政府各部门）`."""
    text = ROLES.get(role, role)
    return f"{text}（经 {via}）" if via else text


def status_rank(status: str) -> int:
    """Sort key putting the statuses in display order (worst first, unknown last)."""
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


def check_fail_on(fail_on: str) -> None:
    """Reject a --fail-on value the CLI would not accept (a bug if it gets here)."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"unknown fail_on {fail_on!r} (expected one of {', '.join(FAIL_ON)})")


def is_failure(status: str, fail_on: str) -> bool:
    """True when `status` is at or below `fail_on` (unmet < unevidenced < partial < met).

    `met` means "everything must be met": it fails on every ranked status below met, never on met itself.
    not_due and waived never fail: nothing was due, or someone accountable signed the obligation off.
    """
    check_fail_on(fail_on)
    if fail_on == "none" or status not in _RANK:
        return False
    if fail_on == "met":
        return _RANK[status] < _RANK["met"]
    return _RANK[status] <= _RANK[fail_on]


def scope_statuses(result: Result) -> list[str]:
    """Statuses that decide the exit code: the obligations' and every listed unit's own statuses.

    With --unit (unit_filter set) only the units listed are in scope, so only their statuses count.
    """
    statuses: list[str] = []
    if not result.get("unit_filter"):
        statuses.extend(str(o.get("status", "")) for o in result.get("obligations") or [])
    for u in result.get("units") or []:
        statuses.extend(str(g.get("status", "")) for g in u.get("gaps") or [])
    return statuses


def exit_code(result: Result, fail_on: str) -> int:
    """1 when any status in scope is at or below `fail_on`, else 0 (see `is_failure`)."""
    check_fail_on(fail_on)
    return 1 if any(is_failure(s, fail_on) for s in scope_statuses(result)) else 0


# --------------------------------------------------------------------------- lookups


def obligation_index(result: Result) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """Obligation id → (position in the plan, obligation)."""
    return {str(o["id"]): (i, o) for i, o in enumerate(result.get("obligations") or [])}


@dataclass(frozen=True)
class UnitItem:
    """One obligation a unit owns, with the unit's status for it and how it owns it."""

    obligation: Mapping[str, Any]
    position: int  # in the plan: the tie-breaker after status
    status: str
    role: str
    via: str | None
    reason: str


def _direct_role(unit: str, obligation: Mapping[str, Any]) -> str | None:
    owners = obligation.get("owners") or {}
    if unit in (owners.get("lead") or []):
        return "lead"
    if unit in (owners.get("support") or []):
        return "support"
    return None


def _group_role(groups: Iterable[str], obligation: Mapping[str, Any]) -> tuple[str, str] | None:
    """(role, group) when one of the unit's known groups owns the obligation."""
    for group in groups:
        role = _direct_role(group, obligation)
        if role:
            return role, group
    return None


def unit_items(result: Result, unit: Mapping[str, Any]) -> list[UnitItem]:
    """Every obligation the unit owns, in plan order: its gaps, its passes, and owned not_due/waived ones.

    The contract lists gaps and passes; not_due/waived obligations are found from the owners, directly or
    through a group the unit's gaps show it belongs to.
    """
    index = obligation_index(result)
    name = str(unit.get("unit", ""))
    items: dict[str, UnitItem] = {}
    groups: list[str] = []
    for gap in unit.get("gaps") or []:
        oid = str(gap.get("obligation", ""))
        via = gap.get("via") or None
        if via and via not in groups:
            groups.append(via)
        pos, ob = index.get(oid, (len(index), {"id": oid, "ref": gap.get("ref", oid), "title": gap.get("title", "")}))
        reason = str(gap.get("reason") or ob.get("reason") or "")
        items[oid] = UnitItem(ob, pos, str(gap.get("status", "")), str(gap.get("role", "lead")), via, reason)
    for oid in (str(p) for p in unit.get("passes") or []):
        if oid in items or oid not in index:
            continue
        pos, ob = index[oid]
        direct = _direct_role(name, ob)
        role, via = (direct, None) if direct else (_group_role(groups, ob) or ("lead", None))
        items[oid] = UnitItem(ob, pos, "met", role, via, str(ob.get("reason") or ""))
    for oid, (pos, ob) in index.items():
        if oid in items or ob.get("status") not in SKIP_STATUSES:
            continue
        direct = _direct_role(name, ob)
        owned: tuple[str, str | None] | None = (direct, None) if direct else _group_role(groups, ob)
        if owned:
            items[oid] = UnitItem(ob, pos, str(ob["status"]), owned[0], owned[1], str(ob.get("reason") or ""))
    return sorted(items.values(), key=lambda it: it.position)


def gaps_first(items: Iterable[UnitItem]) -> list[UnitItem]:
    """Items ordered unmet, unevidenced, partial, met, not_due, waived; plan order within a status."""
    return sorted(items, key=lambda it: (status_rank(it.status), it.position))


# --------------------------------------------------------------------------- evidence


def evidence_items(obligation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """All evidence of an obligation's requirements, in requirement order."""
    return [ev for req in obligation.get("requirements") or [] for ev in req.get("evidence") or []]


def score(ev: Mapping[str, Any]) -> float:
    """An evidence score; a missing score counts as full confidence (the engine did not grade it)."""
    value = ev.get("score")
    return 1.0 if value is None else float(value)


def best_evidence(obligation: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The highest-scoring body evidence of an obligation (the first one on a tie), or None."""
    best: Mapping[str, Any] | None = None
    for ev in evidence_items(obligation):
        if ev.get("zone", "body") != "body":
            continue
        if best is None or score(ev) > score(best):
            best = ev
    return best


def is_weak(ev: Mapping[str, Any] | None) -> bool:
    """True for evidence that scored below WEAK_SCORE."""
    return ev is not None and score(ev) < WEAK_SCORE


def weak_requirements(obligation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Requirements whose strongest evidence is weak: their status rests on text a person should read."""
    weak = []
    for req in obligation.get("requirements") or []:
        evs = req.get("evidence") or []
        if evs and max(score(ev) for ev in evs) < WEAK_SCORE:
            weak.append(req)
    return weak


def has_weak_evidence(obligation: Mapping[str, Any]) -> bool:
    """True when any requirement of the obligation rests only on weak evidence."""
    return bool(weak_requirements(obligation))


def first_candidate(obligation: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The best near miss of an obligation's unevidenced requirements (shown when there is no evidence)."""
    cands = [c for req in obligation.get("requirements") or [] for c in req.get("candidates") or []]
    return max(cands, key=score) if cands else None


def location(ev: Mapping[str, Any], result: Result) -> str:
    """`line:col`, prefixed with the report's file name when several reports were checked."""
    where = f"{ev.get('line', 0)}:{ev.get('col', 0)}"
    reports = result.get("reports") or []
    if len(reports) > 1:
        i = ev.get("report", 0)
        if isinstance(i, int) and 0 <= i < len(reports):
            return f"{os.path.basename(str(reports[i].get('path', '')))}:{where}"
    return where


# --------------------------------------------------------------------------- text helpers


def cell_width(text: str) -> int:
    """Terminal cells taken by `text`: East Asian wide and fullwidth characters take two."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def one_line(text: str) -> str:
    """Collapse line breaks and runs of whitespace: quotes come from documents and may span lines."""
    return " ".join(str(text).split())


def truncate(text: str, cells: int) -> str:
    """`text` on one line, cut to at most `cells` terminal cells with `…` when cut."""
    text = one_line(text)
    if cell_width(text) <= cells:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = cell_width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def number(value: Any) -> str:
    """2.0 → `2`, 8.5 → `8.5`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_text(target: Mapping[str, Any] | None) -> str:
    """`≥ 2 次`, `≈ 8.5 %`; empty when there is no target."""
    if not target:
        return ""
    op = _OPS.get(str(target.get("op", "")), str(target.get("op", "")))
    unit = str(target.get("unit") or "")
    approx = "左右" if target.get("approx") and op != "≈" else ""
    return f"{op} {number(target.get('value'))}{unit}{approx}".strip()


def found_text(found: Mapping[str, Any] | None) -> str:
    """`6次（原 4）`; empty when nothing was found."""
    if not found:
        return ""
    text = f"{number(found.get('value'))}{found.get('unit') or ''}"
    if found.get("before") is not None:
        text += f"（原 {number(found['before'])}）"
    return text


def owners_text(obligation: Mapping[str, Any]) -> str:
    """`A、B` for lead-only owners; `牵头：A；配合：B` when there are support units."""
    owners = obligation.get("owners") or {}
    lead = "、".join(owners.get("lead") or [])
    support = "、".join(owners.get("support") or [])
    if not support:
        return lead
    return f"牵头：{lead}；配合：{support}" if lead else f"配合：{support}"


def period_text(period: Mapping[str, Any] | None) -> str:
    """`2019-01-01 – 2019-12-31`, or `—` when unknown."""
    if not period:
        return "—"
    return f"{period.get('start', '?')} – {period.get('end', '?')}"


def counts_text(counts: Mapping[str, Any], *, zero: bool = False) -> str:
    """`未落实 1 · 无佐证 2 · …` in display order; zero counts left out unless `zero`."""
    parts = [f"{label(s)} {counts.get(s, 0)}" for s in STATUSES if zero or counts.get(s)]
    return " · ".join(parts) if parts else "—"


def summary_counts(result: Result) -> dict[str, int]:
    """Counts by status from `summary`, falling back to counting the obligations."""
    summary = result.get("summary") or {}
    obligations: Sequence[Mapping[str, Any]] = result.get("obligations") or []
    counts = {s: int(summary.get(s, sum(1 for o in obligations if o.get("status") == s))) for s in STATUSES}
    counts["obligations"] = int(summary.get("obligations", len(obligations)))
    return counts


def plan_title(result: Result) -> str:
    """The plan's title, or its id when it has none."""
    plan = result.get("plan") or {}
    return str(plan.get("title") or plan.get("id") or "")


def has_gap(items: Iterable[UnitItem]) -> bool:
    """True when any of a unit's items is unmet, unevidenced or partial."""
    return any(it.status in GAP_STATUSES for it in items)
