"""Assembling the audit from the units' digests: ranking, matrix, coverage, owners with no report."""

from __future__ import annotations

from typing import Any

from checker import __version__
from checker.audit.worker import CELL_STATUSES, Context, Outcome

SCHEMA = "plancheck/audit/v1"


def _expected(ctx: Context) -> list[tuple[str, bool]]:
    """Every owner the plan expects a report from, in plan order: units named as owners, the explicit
    members of group owners, and groups that can only be recognised by name (市政府各部门, 各乡镇人民政府)."""
    reg = ctx.registry
    out: dict[str, bool] = {}
    for ob in ctx.ruleset.obligations:
        for name in ob.owners.all():
            canonical = reg.canonical(name)
            if not reg.is_group(canonical):
                out.setdefault(canonical, False)
                continue
            group = reg.units.get(canonical)
            members = [reg.canonical(m) for m in group.members] if group else []
            for m in members:
                out.setdefault(m, False)
            if not members or (group is not None and (group.prefixes or group.suffixes)):
                out.setdefault(canonical, True)
    return list(out.items())


def assemble(
    ctx: Context,
    rules_path: str,
    files: list[str],
    outcomes: list[Outcome],
    checked: list[Outcome],
    errors: list[dict[str, str]],
    notes: list[str],
) -> tuple[dict[str, Any], list[Outcome], list[dict[str, Any]]]:
    """The audit object without its spooled parts, the checked units in ranking order (their digests are
    spooled), and the digests of the owners that sent nothing."""
    rs = ctx.ruleset
    reg = ctx.registry
    obligations = [{"id": ob.id, "ref": ob.ref, "title": ob.title} for ob in rs.obligations]
    by_entry = [o for o in checked if o.entry is not None]
    entries = [o.entry for o in by_entry if o.entry is not None]
    reporting = {e["unit"] for e in entries}

    # Owners who sent nothing, and what they own.
    not_reported: list[dict[str, Any]] = []
    for name, is_group in _expected(ctx):
        if name in reporting:
            continue
        if is_group:
            if any(reg.in_group(u, name) for u in reporting):
                continue
            owned = [ob for ob in rs.obligations if name in (reg.canonical(n) for n in ob.owners.all())]
            role_of = {ob.id: reg.roles(name, ob) for ob in owned}
        else:
            role_of = {ob.id: reg.roles(name, ob) for ob in rs.obligations}
            owned = [ob for ob in rs.obligations if role_of[ob.id]]
        if owned:
            not_reported.append(
                {
                    "unit": name,
                    "group": is_group,
                    "obligations": [
                        {
                            "obligation": ob.id,
                            "ref": ob.ref,
                            "title": ob.title,
                            "role": (role_of[ob.id] or ("lead", None))[0],
                            "via": (role_of[ob.id] or ("lead", None))[1],
                        }
                        for ob in owned
                    ],
                }
            )

    # Ranking: unmet first, then unevidenced, then partial; ties share a rank and go by name.
    def gravity(e: dict[str, Any]) -> tuple[int, int, int]:
        c = e["counts"]
        return (-c["unmet"], -c["unevidenced"], -c["partial"])

    ranked = sorted(by_entry, key=lambda o: (gravity(o.entry or {}), str(o.unit)))
    ordered = [o.entry for o in ranked if o.entry is not None]
    ranking: list[dict[str, Any]] = []
    for i, e in enumerate(ordered):
        rank = ranking[-1]["rank"] if ranking and gravity(ordered[i - 1]) == gravity(e) else i + 1
        ranking.append({"rank": rank, "unit": e["unit"], **e["counts"], "open": e["open"], "owned": e["owned"]})

    # The matrix: units (gravest first, then those who sent nothing) × obligations in plan order.
    column = {ob.id: k for k, ob in enumerate(rs.obligations)}
    rows, cells = [], []
    for e in ordered:
        row: list[str | None] = [None] * len(column)
        for ob_id, status in e["statuses"].items():
            row[column[ob_id]] = status
        rows.append({"unit": e["unit"], "reported": True})
        cells.append(row)
    for nr in not_reported:
        row = [None] * len(column)
        for it in nr["obligations"]:
            row[column[it["obligation"]]] = "not_reported"
        rows.append({"unit": nr["unit"], "reported": False, "group": nr["group"]})
        cells.append(row)

    # Coverage: per obligation, how the units that own it stand.
    coverage = []
    for ob in rs.obligations:
        k = column[ob.id]
        counts = {s: 0 for s in CELL_STATUSES}
        units: dict[str, list[str]] = {s: [] for s in CELL_STATUSES}
        for r, row in zip(rows, cells, strict=True):
            status = row[k]
            if status is not None:
                counts[status] += 1
                units[status].append(r["unit"])
        reported = sum(counts[s] for s in CELL_STATUSES[:-1])
        coverage.append(
            {
                "obligation": ob.id,
                "ref": ob.ref,
                "title": ob.title,
                "owners": ob.owners.to_dict(),
                "reported": reported,
                "counts": counts,
                "met_rate": round(counts["met"] / reported, 3) if reported else None,
                "units": {s: v for s, v in units.items() if v},
            }
        )

    unresolved = [
        {"path": o.path, "sha256": o.sha256, "title": o.title, "candidate": o.candidate, "reason": o.reason}
        for o in outcomes
        if not o.error and o.unit is None
    ]
    owns_nothing = [
        {"path": o.path, "unit": o.unit, "source": o.source, "title": o.title}
        for o in outcomes
        if not o.error and o.unit is not None and not o.owned
    ]
    by_path = {o.path: o for o in outcomes}
    attribution = []
    for path in files:
        o = by_path[path]
        state = "error" if o.error else "unresolved" if o.unit is None else "owns_nothing" if not o.owned else "checked"
        attribution.append({"path": path, "unit": o.unit, "source": o.source, "state": state})
    cell_counts = {s: 0 for s in CELL_STATUSES}
    for row in cells:
        for c in row:
            if c is not None:
                cell_counts[c] += 1
    missing = []
    for nr in not_reported:
        items = [{**it, "status": "not_reported", "reason": "未收到该单位的报告"} for it in nr["obligations"]]
        missing.append(
            {
                "unit": nr["unit"],
                "reported": False,
                "group": nr["group"],
                "reports": [],
                "counts": {"not_reported": len(items)},
                "open": len(items),
                "owned": len(items),
                "items": items,
            }
        )
    data = {
        "schema": SCHEMA,
        "tool": {"name": "plancheck", "version": __version__},
        "plan": {
            "id": rs.plan.id,
            "title": rs.plan.title,
            "issuer": rs.plan.issuer,
            "doc_no": rs.plan.doc_no,
            "period": rs.plan.period.to_dict() if rs.plan.period else None,
            "rules": rules_path,
            "rules_sha256": rs.sha256,
        },
        "period": ctx.period.to_dict() if ctx.period else None,
        "summary": {
            "files": len(files) + sum(1 for e in errors if e["path"] not in by_path),
            "checked": sum(len(o.files) for o in checked),
            "units": len(entries),
            "unresolved": len(unresolved),
            "owns_nothing": len(owns_nothing),
            "errors": len(errors),
            "not_reported": len(not_reported),
            "obligations": len(rs.obligations),
            "cells": cell_counts,
        },
        "ranking": ranking,
        "matrix": {"obligations": obligations, "units": rows, "cells": cells},
        "coverage": coverage,
        "not_reported": not_reported,
        "unresolved": unresolved,
        "owns_nothing": owns_nothing,
        "errors": sorted(errors, key=lambda e: e["path"]),
        "attribution": attribution,
        "problems": [{"severity": "warning", "message": n} for n in notes],
        "units": [],  # spooled: Audit.unit_json()
        "reports": [],  # spooled: Audit.report_json()
    }
    return data, ranked, missing


# --------------------------------------------------------------------------- exit code


def scope_statuses(data: dict[str, Any]) -> list[str]:
    """Statuses that decide the exit code: every matrix cell; an owner with no report counts as unevidenced."""
    return [
        "unevidenced" if c == "not_reported" else c
        for row in data.get("matrix", {}).get("cells", [])
        for c in row
        if c is not None
    ]


def exit_code(data: dict[str, Any], fail_on: str) -> int:
    """1 when any unit's status is at or below `fail_on` (see report.common.is_failure), else 0."""
    from checker.report.common import is_failure

    return 1 if any(is_failure(s, fail_on) for s in scope_statuses(data)) else 0
