"""Checking one report (or one unit's reports together) inside a worker process.

The context (ruleset, lexicon, registry, matcher, compiled durable ruleset) is a module global: set in the
parent before the pool forks, or by `init_worker` under spawn.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import PlancheckError

if TYPE_CHECKING:
    from checker.lexicon import Lexicon
    from checker.model import Facts, Period, RuleSet, Unit
    from checker.units import Registry

#: Statuses a unit can have for an obligation in the matrix, gravest first; `not_reported` marks an owner
#: that sent no report (it counts as unevidenced for --fail-on).
CELL_STATUSES = ("unmet", "unevidenced", "partial", "met", "not_due", "waived", "not_reported")
GAP_STATUSES = ("unmet", "unevidenced", "partial")
SOURCES = ("manifest", "title", "signature", "filename")

_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?=[省市县区])")
# A township opening a title (`赤马港街道2019年度…`, `新店镇人民政府关于…`): facts' unit patterns know
# departments and institutions, not place names, and townships are half of a county's reporting units.
_TOWN_TITLE = re.compile(
    r"^(?![全各我本该每])(?P<town>[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道办事处|街道|办事处))(?:人民政府|政府)?"
    r"(?=[0-9〇○零一二]{4}年|关于|$)"
)


@dataclass
class Context:
    """What every worker needs, built once per process (before forking, or in the pool initializer)."""

    ruleset: RuleSet
    lexicon: Lexicon
    registry: Registry
    units: list[Unit]
    period: Period | None
    manifest: dict[str, str]
    place: str  # the plan's place name (赤壁), which may lead a unit's name in a title
    names: list[tuple[str, str]]  # (name or alias, canonical unit) of every non-group unit, longest first


_ctx: Context | None = None


def set_context(ctx: Context) -> None:
    """Make `ctx` the context of this process (the parent sets it before forking its workers)."""
    global _ctx
    _ctx = ctx


def build_context(rules_path: str, units_file: str | None, period: str | None, manifest: dict[str, str]) -> Context:
    """Load the rules (from the cache when unchanged), the registry and the names file names are matched
    against; build the matcher and compile the durable ruleset so that forked workers inherit them."""
    from checker import engine, findings, pipeline

    ruleset, lex = pipeline.load_rules(rules_path)
    registry = pipeline.unit_registry(ruleset, units_file)
    names = [
        (alias, canonical)
        for alias, canonical in registry.alias.items()
        if not registry.is_group(canonical) and len(alias) >= 2
    ]
    names.sort(key=lambda x: (-len(x[0]), x[0]))
    m = _PLACE.match(ruleset.plan.issuer or "")
    ctx = Context(
        ruleset,
        lex,
        registry,
        list(registry.units.values()),
        pipeline.parse_period(period),
        manifest,
        m.group() if m else "",
        names,
    )
    # Built here so that forked workers inherit them instead of building one each.
    findings.matcher_for(ruleset, lex)
    engine.compile_ruleset(ruleset)
    return ctx


def ignore_interrupts() -> None:
    """Pool initializer: Ctrl-C is the parent's to handle (it stops the pool); workers must not print a
    traceback each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def init_worker(rules_path: str, units_file: str | None, period: str | None, manifest: dict[str, str]) -> None:
    """Pool initializer under spawn: rebuild the context in the fresh interpreter."""
    global _ctx
    ignore_interrupts()
    _ctx = build_context(rules_path, units_file, period, manifest)


def crashed(task: Any) -> Outcome:
    """The outcome of a task whose worker process died: an error for its file (or the unit's first file)."""
    message = "internal error: the process checking this report crashed (please report it with the file)"
    if isinstance(task[0], int):  # check_file: (index, path)
        return Outcome(task[0], task[1], error=message)
    unit, files = task  # check_unit: (unit, [(index, path, source), …])
    return Outcome(files[0][0], files[0][1], unit=unit, source=files[0][2], files=list(files), error=message)


# --------------------------------------------------------------------------- one file, one unit


@dataclass
class Outcome:
    """What checking one file (or one unit's files together) produced; small enough to pickle back."""

    index: int
    path: str
    sha256: str = ""
    title: str = ""
    issuer: str | None = None
    unit: str | None = None
    source: str | None = None  # manifest | title | signature | filename
    candidate: str = ""  # what the report or file name seemed to name, when unresolved
    reason: str = ""  # why the unit is unresolved
    error: str = ""  # why the file could not be checked
    owned: int = 0  # obligations the unit owns
    entry: dict[str, Any] | None = None  # the unit's line: counts and its status on each obligation it owns
    entry_json: bytes = b""  # the unit's full digest (gaps, reasons, quotes) as compact JSON, until spooled
    entry_span: tuple[int, int] = (0, 0)  # where the parent spooled `entry_json`
    result: bytes = b""  # the plancheck/result/v1 object as compact JSON, until spooled
    span: tuple[int, int] = (0, 0)  # where the parent spooled `result`: (offset, length)
    notes: list[str] = field(default_factory=list)  # audit-level warnings
    files: list[tuple[int, str, str]] = field(default_factory=list)  # (index, path, source) pooled here


def _local(name: str, ctx: Context) -> str:
    """A unit name as the registry knows it: 赤壁市司法局 → 市司法局 when 赤壁 is the plan's own place."""
    name = name.strip()
    if ctx.registry.known(name):
        return ctx.registry.canonical(name)
    m = _PLACE.match(name)
    if m and (m.group() == ctx.place or ctx.registry.known(name[m.end() :])):
        return ctx.registry.canonical(name[m.end() :])
    return name


def _from_filename(path: str, ctx: Context) -> tuple[str | None, str]:
    """The one registry unit a file name names (`市司法局2019年工作总结.docx`), else (None, why)."""
    stem = Path(path).stem
    taken = [False] * len(stem)
    found: list[str] = []
    for alias, canonical in ctx.names:
        start = stem.find(alias)
        while start >= 0:
            if not any(taken[start : start + len(alias)]):
                for k in range(start, start + len(alias)):
                    taken[k] = True
                if canonical not in found:
                    found.append(canonical)
            start = stem.find(alias, start + 1)
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, "the file name names several units (" + "、".join(found) + ")"
    return None, ""


def _source(facts: Facts) -> str:
    """Whether the reporting unit came from the title (or the line under it) or from the signature."""
    issuer = facts.issuer or ""
    if issuer and issuer in facts.title:
        return "title"
    head = [ln.strip() for ln in facts.document.text.split("\n", 40)[:40] if ln.strip()]
    title_at = next((i for i, ln in enumerate(head) if facts.title and facts.title in ln), -1)
    if title_at >= 0 and issuer in head[title_at + 1 : title_at + 3]:
        return "title"
    return "signature"


def _attribute(path: str, facts: Facts, ctx: Context, notes: list[str]) -> tuple[str | None, str | None, str, str]:
    """(unit, source, candidate, reason): the manifest, else the title/signature, else the file name."""
    declared = ctx.manifest.get(os.path.realpath(path))
    named = _local(facts.unit, ctx) if facts.unit else None
    if declared:
        unit = _local(declared, ctx)
        if named and named != unit:
            notes.append(f"{path}: the manifest says {unit}, the report itself names {named}; the manifest wins")
        return unit, "manifest", "", ""
    if named:
        if ctx.registry.is_group(named):
            return None, None, named, f"the report names a group ({named}), not one unit"
        return named, _source(facts), "", ""
    town = _TOWN_TITLE.match(facts.title) if not facts.issuer else None
    if town:
        return _local(town.group("town"), ctx), "title", "", ""
    by_name, why = _from_filename(path, ctx)
    if by_name is not None:
        return by_name, "filename", "", ""
    if why:
        return None, None, Path(path).stem, why
    if facts.issuer:
        return None, None, facts.issuer, f"the report speaks for {facts.issuer}, not for one unit"
    return None, None, "", "no unit in the manifest, the title, the signature or the file name"


def _read(path: str, ctx: Context) -> Facts:
    from checker import documents, facts

    return facts.extract(documents.read(path), period=ctx.period, units=ctx.units)


def check_file(task: tuple[int, str]) -> Outcome:
    """Read one file, attribute it to a unit and check that unit's obligations (runs in a worker)."""
    index, path = task
    ctx = _ctx
    assert ctx is not None, "the audit context is built before any file is checked"
    out = Outcome(index, path)
    try:
        f = _read(path, ctx)
    except PlancheckError as e:
        out.error = e.message + (f" ({e.hint})" if e.hint else "")
        return out
    except Exception as e:  # a bug on one file must not lose the other 999: report it as an error
        out.error = f"internal error: {type(e).__name__}: {e}"
        return out
    out.sha256, out.title, out.issuer = f.document.sha256, f.title, f.issuer
    out.unit, out.source, out.candidate, out.reason = _attribute(path, f, ctx, out.notes)
    if out.unit is None:
        return out
    assert out.source is not None
    out.files = [(index, path, out.source)]
    _evaluate(out, [f], ctx)
    return out


def check_unit(task: tuple[str, list[tuple[int, str, str]]]) -> Outcome:
    """Check one unit on all the files it sent, their evidence pooled (runs in a worker)."""
    unit, files = task
    ctx = _ctx
    assert ctx is not None, "the audit context is built before any file is checked"
    index, path, source = files[0]
    out = Outcome(index, path, unit=unit, source=source, files=list(files))
    try:
        reports = [_read(p, ctx) for _, p, _ in files]
    except Exception as e:  # read once already: only a file changed under us gets here
        out.error = f"{type(e).__name__}: {e}"
        return out
    out.sha256, out.title, out.issuer = reports[0].document.sha256, reports[0].title, reports[0].issuer
    _evaluate(out, reports, ctx)
    return out


def _evaluate(out: Outcome, reports: list[Facts], ctx: Context) -> None:
    """The unit's result and digest, for the obligations it owns."""
    from checker import findings

    unit = out.unit
    assert unit is not None
    roles = {ob.id: ctx.registry.roles(unit, ob) for ob in ctx.ruleset.obligations}
    out.owned = sum(1 for r in roles.values() if r)
    if not out.owned:
        return
    result = findings.to_dict(
        findings.evaluate(
            ctx.ruleset, reports, lexicon=ctx.lexicon, unit=unit, period=ctx.period, registry=ctx.registry
        )
    )
    result["unit_filter"] = unit
    for rep, (_, _, source) in zip(result["reports"], out.files, strict=True):
        rep["unit"] = unit
        rep["unit_source"] = source
    out.result = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = _digest(result, unit, out.files, roles)
    out.entry_json = json.dumps(digest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.entry = {k: v for k, v in digest.items() if k != "items"}
    out.entry["statuses"] = {it["obligation"]: it["status"] for it in digest["items"]}


def _digest(
    result: dict[str, Any], unit: str, files: list[tuple[int, str, str]], roles: dict[str, Any]
) -> dict[str, Any]:
    """A unit's line of the audit: its status on each owned obligation, with the reason and one quote."""
    from checker.report import common

    paths = [p for _, p, _ in files]
    items = []
    for ob in result["obligations"]:
        role, via = roles[ob["id"]] or ("lead", None)
        status = str(ob["status"])
        item: dict[str, Any] = {
            "obligation": ob["id"],
            "ref": ob["ref"],
            "title": ob["title"],
            "status": status,
            "role": role,
            "via": via,
            "reason": ob.get("reason", ""),
            "evidence": None,
            "nearest": None,
        }
        best = common.best_evidence(ob)
        if best is not None and status != "unevidenced":
            item["evidence"] = _quote(best, paths)
            item["weak"] = status in ("met", "partial") and common.has_weak_evidence(ob)
        elif status in GAP_STATUSES:
            cand = common.first_candidate(ob)
            if cand is not None:
                item["nearest"] = _quote(cand, paths)
        items.append(item)
    items.sort(key=lambda it: CELL_STATUSES.index(it["status"]))  # stable: plan order within a status
    counts = {s: 0 for s in CELL_STATUSES[:-1]}
    for it in items:
        counts[it["status"]] += 1
    return {
        "unit": unit,
        "reported": True,
        "sources": sorted({s for _, _, s in files}, key=SOURCES.index),
        "reports": paths,
        "counts": counts,
        "open": sum(counts[s] for s in GAP_STATUSES),
        "owned": len(items),
        "items": items,
    }


def _quote(ev: Mapping[str, Any], paths: list[str]) -> dict[str, Any]:
    i = ev.get("report", 0)
    out = {
        "file": os.path.basename(paths[i]) if isinstance(i, int) and 0 <= i < len(paths) else "",
        "line": ev.get("line", 0),
        "col": ev.get("col", 0),
        "quote": " ".join(str(ev.get("quote", "")).split()),
        "score": ev.get("score"),
    }
    if ev.get("why"):
        out["why"] = ev["why"]
    return out
