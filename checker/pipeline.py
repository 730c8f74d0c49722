"""The pipeline behind the CLI: documents → plan → rules → facts → engine → findings → renderers.

Each function here is what one command does, minus option parsing and exit handling (cli.py).
Stage modules are imported inside the functions so that a command loads only what it uses.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError, UsageError
from checker.model import Facts, Period, Problem, RuleSet, Severity, Unit

if TYPE_CHECKING:
    from checker.audit import Audit
    from checker.findings import Waiver
    from checker.lexicon import Lexicon
    from checker.units import Registry

# [0-9], not \d: \d also takes other scripts' digits, which would end up inside the ISO dates
_PERIOD_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})-([0-9]{2})\.\.([0-9]{4})-([0-9]{2})-([0-9]{2}))?$")
_PERIOD_HINT = "use a year (2019) or a range (2019-01-01..2019-06-30)"


def parse_period(text: str | None) -> Period | None:
    """`2019` → the calendar year; `2019-01-01..2019-06-30` → that range (full-width digits accepted)."""
    if text is None:
        return None
    m = _PERIOD_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        raise UsageError(f"bad --period {text!r}", hint=_PERIOD_HINT)
    if m.group(2) is None:
        if not 1 <= int(m.group(1)) <= 9999:
            raise UsageError(f"bad --period {text!r}: there is no year 0", hint=_PERIOD_HINT)
        return Period(f"{m.group(1)}-01-01", f"{m.group(1)}-12-31", source="option")
    try:
        start = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        end = date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError as e:
        raise UsageError(f"bad --period {text!r}: {e}") from None
    if end < start:
        raise UsageError(f"bad --period {text!r}: the end is before the start")
    return Period(start.isoformat(), end.isoformat(), source="option")


def parse_as_of(text: str | None) -> str | None:
    """`--as-of 2020-06-30` as an ISO date (waiver expiry is compared against it), or a UsageError."""
    if text is None:
        return None
    try:
        return date.fromisoformat(unicodedata.normalize("NFKC", text).strip()).isoformat()
    except ValueError:
        raise UsageError(f"bad --as-of {text!r}", hint="give a date, YYYY-MM-DD") from None


def print_result_problems(result: dict[str, Any]) -> None:
    """The warnings and errors of a check result on stderr, for when the output itself is not read by a person."""
    for p in result.get("problems") or []:
        if p.get("severity") in ("warning", "error"):
            where = p.get("source") or ""
            if where and p.get("line"):
                where += f":{p['line']}" + (f":{p['col']}" if p.get("col") else "")
            prefix = f"{where}: " if where else ""
            print(f"plancheck: {p['severity']}: {prefix}{p.get('message', '')}", file=sys.stderr)


def print_problems(problems: Iterable[Problem]) -> None:
    """Problems go to stderr, one per line, so stdout stays the product."""
    for p in problems:
        where = p.source
        if where and p.line:
            where += f":{p.line}" + (f":{p.col}" if p.col else "")
        prefix = f"{where}: " if where else ""
        print(f"plancheck: {p.severity.value}: {prefix}{p.message}", file=sys.stderr)


def plan_to_rules_yaml(path: str, *, plan_id: str | None) -> tuple[str, list[Problem]]:
    """`plancheck plan2rules`: a plan document → draft rules YAML, plus the problems met reading and parsing it."""
    from checker import documents, plan

    doc = documents.read(path)
    parsed = plan.parse(doc, plan_id=plan_id or Path(path).stem)
    problems = [*doc.problems, *parsed.problems]
    if not parsed.obligations:
        raise InputError(
            "no obligations found in the plan",
            path=path,
            hint="plan2rules reads numbered items (一、 / (一) / 1.) or a table with 序号 and 责任单位 columns",
        )
    return plan.dump_rules(plan.to_rules(parsed)), problems


def facts_output(path: str, *, fmt: str, period: str | None, color: bool) -> str:
    """`plancheck facts`: the facts of one report as text or JSON."""
    import json

    from checker import documents, facts

    doc = documents.read(path)
    f = facts.extract(doc, period=parse_period(period))
    data = facts.to_dict(f)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    from checker.report.facts import render_facts_text

    return render_facts_text(data, color=color)


# --------------------------------------------------------------------------- rules and checking


_DOCUMENT_EXTENSIONS = {".txt", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm"}


def load_rules(path: str) -> tuple[RuleSet, Lexicon]:
    """A validated rules file and the lexicon it uses (from the per-user cache when unchanged, see rulecache).
    A plan document given where the rules belong is refused with the command that drafts its rules."""
    from checker import rulecache

    _refuse_document(path)
    return rulecache.load_rules(path)


def _refuse_document(path: str) -> None:
    """A plan (or report) given where a rules file belongs: say so, and how to get the rules."""
    if os.path.splitext(path)[1].lower() in _DOCUMENT_EXTENSIONS and os.path.isfile(path):
        stem = os.path.splitext(os.path.basename(path))[0]
        raise UsageError(
            f"{path} is a document, not a rules file (plancheck/rules/v1 YAML)",
            hint=f"draft rules from the plan first: plancheck plan2rules {path} -o rules/{stem}.yaml",
        )


def validate(paths: list[str]) -> list[Problem]:
    """Validate every file; raise one RulesError listing all errors, return the warnings."""
    from checker import rules
    from checker.errors import RulesError

    errors: list[str] = []
    warnings: list[Problem] = []
    for path in paths:
        _refuse_document(path)
        try:
            rs = rules.load(path)
        except RulesError as e:
            errors.extend(e.errors)
            continue
        warnings.extend(rs.problems)
    print_problems(warnings)
    if errors:
        raise RulesError(errors[0], errors=errors)
    return warnings


def load_waivers(path: str | None) -> list[Waiver]:
    """Waivers YAML: a list of {obligation, unit?, reason, approved_by, expires?}."""
    if path is None:
        return []
    from checker import yamlio
    from checker.errors import RulesError
    from checker.findings import Waiver

    data, marks = yamlio.load(path, what="waivers file")
    if isinstance(data, dict):
        data = data.get("waivers")
    if not isinstance(data, list):
        raise RulesError("a waivers file is a list of {obligation, reason, approved_by, expires}", path=path)
    out = []
    allowed = {"obligation", "unit", "reason", "approved_by", "expires"}
    for i, w in enumerate(data):
        line, col = yamlio.mark_of(marks, (i,))
        if not isinstance(w, dict):
            raise RulesError("each waiver is a mapping", path=path, line=line, col=col)
        extra = sorted(set(w) - allowed)
        missing = [k for k in ("obligation", "reason", "approved_by") if not w.get(k)]
        if extra:
            raise RulesError(
                f"unknown key {extra[0]!r} (expected: {', '.join(sorted(allowed))})", path=path, line=line, col=col
            )
        if missing:
            raise RulesError(f"waiver needs {', '.join(missing)}", path=path, line=line, col=col)
        for key in sorted(allowed & set(w)):
            value = w[key]
            if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
                line, col = yamlio.mark_of(marks, (i, key))
                what = {"list": "a list", "dict": "a mapping", "bool": "true/false"}.get(type(value).__name__, "")
                raise RulesError(
                    f"{key} must be text, not {what or type(value).__name__}", path=path, line=line, col=col
                )
        expires = str(w["expires"]) if w.get("expires") else None
        if expires:
            try:
                date.fromisoformat(expires)
            except ValueError:
                raise RulesError(
                    f"expires {expires!r} is not a date (YYYY-MM-DD)", path=path, line=line, col=col
                ) from None
        out.append(Waiver(str(w["obligation"]), w.get("unit"), str(w["reason"]), str(w["approved_by"]), expires))
    return out


def check(
    reports: list[str],
    rules_path: str,
    *,
    unit: str | None = None,
    period: str | None = None,
    waivers: str | None = None,
    units_file: str | None = None,
    as_of: str | None = None,
) -> dict[str, Any]:
    """`plancheck check`: the result dict (plancheck/result/v1) for the reports against the rules."""
    from checker import documents, facts, findings

    p = parse_period(period)
    as_of = parse_as_of(as_of)
    ruleset, lex = load_rules(rules_path)
    registry = unit_registry(ruleset, units_file)
    waiver_list = load_waivers(waivers)
    for i, w in enumerate(waiver_list):
        ob_id = obligation_id(ruleset, w.obligation)
        if ob_id is None:
            raise UsageError(
                f"waiver names obligation {w.obligation!r}, which {rules_path} does not have",
                path=waivers or "",
                hint="name it by its id (03), its printed number ((三)) or its title",
            )
        waiver_list[i] = dataclasses.replace(w, obligation=ob_id)
    if unit is not None:
        _check_unit(unit, ruleset, registry, rules_path)
    all_units = list(registry.units.values())
    reps = [facts.extract(documents.read(r), period=p, units=all_units) for r in reports]
    named = None if unit is not None else _unit_of_reports(reps, ruleset, registry)
    scope = unit or named
    result = findings.evaluate(
        ruleset, reps, lexicon=lex, unit=scope, period=p, waivers=waiver_list, as_of=as_of, registry=registry
    )
    out = findings.to_dict(result)
    out["unit_filter"] = registry.canonical(scope) if scope else None
    if named:
        note = Problem(
            Severity.INFO,
            f"the report is {named}'s (named in its title or signature): only the obligations it owns are checked",
            code="unit-from-report",
        )
        out["problems"].append(note.to_dict())
    return out


def _unit_of_reports(reps: list[Facts], ruleset: RuleSet, registry: Registry) -> str | None:
    """The 责任单位 the reports are from, when every one names the same unit in its title or signature and that
    unit owns obligations (SPEC: one report per unit is checked on the unit's obligations). A city government's
    own report (赤壁市人民政府…) names no owner, so it stays a city-wide check."""
    names = {registry.canonical(f.unit) if f.unit else None for f in reps}
    if len(names) != 1:
        return None
    (name,) = names
    if name is None or not any(registry.roles(name, ob) for ob in ruleset.obligations):
        return None
    return name


def _check_unit(unit: str, ruleset: RuleSet, registry: Registry, rules_path: str) -> None:
    """Refuse a --unit the registry does not know and that owns nothing in the plan: a mistyped name would
    otherwise pass a CI gate with no obligations checked. (A known unit that owns nothing passes: it has no gaps.)"""
    if registry.known(registry.canonical(unit)) or any(registry.roles(unit, ob) for ob in ruleset.obligations):
        return
    close = registry.suggest(unit)
    owners = list(dict.fromkeys(u for ob in ruleset.obligations for u in ob.owners.all()))
    shown = "、".join(owners[:6]) + (f" … ({len(owners)} in all)" if len(owners) > 6 else "")
    hint = f"did you mean {close}?" if close else f"the plan's units: {shown}"
    raise UsageError(f"--unit {unit!r} owns no obligation in {rules_path}", hint=hint)


def unit_registry(ruleset: RuleSet, units_file: str | None) -> Registry:
    """The rules file's unit registry (plus a shared units file), knowing every owner the plan names."""
    from checker.units import Registry

    units = list(ruleset.units)
    if units_file:
        units.extend(load_units(units_file))
    owners = [n for ob in ruleset.obligations for n in ob.owners.all()]
    return Registry(units, owners)


def load_units(path: str) -> list[Unit]:
    """A shared unit registry file: `units:` in the rules-file format."""
    from checker import yamlio
    from checker.errors import RulesError

    data, marks = yamlio.load(path, what="units file")
    items = data.get("units") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise RulesError("a units file holds `units: [{name, aliases, group, members, prefixes, suffixes}]`", path=path)
    out = []
    for i, u in enumerate(items):
        if not isinstance(u, dict) or not u.get("name"):
            line, col = yamlio.mark_of(marks, ("units", i))
            raise RulesError("each unit needs a name", path=path, line=line, col=col)
        out.append(
            Unit(
                name=str(u["name"]),
                aliases=tuple(map(str, u.get("aliases") or ())),
                group=bool(u.get("group")),
                members=tuple(map(str, u.get("members") or ())),
                prefixes=tuple(map(str, u.get("prefixes") or ())),
                suffixes=tuple(map(str, u.get("suffixes") or ())),
                valid_until=u.get("valid_until"),
            )
        )
    return out


def render(result: dict[str, Any], fmt: str, *, color: bool, fail_on: str = "unevidenced") -> str | bytes:
    from checker import report

    return report.render(result, fmt, color=color, fail_on=fail_on)


def exit_code(result: dict[str, Any], fail_on: str) -> int:
    from checker import report

    return report.exit_code(result, fail_on)


def _find_obligation(ruleset: RuleSet, key: str) -> str:
    """The id of the obligation the user named (see obligation_id), or a UsageError listing some."""
    ob_id = obligation_id(ruleset, key)
    if ob_id is not None:
        return ob_id
    several = [ob for ob in ruleset.obligations if len(key.strip()) >= 4 and key.strip() in ob.title]
    if several:
        names = ", ".join(f"{ob.ref or ob.id} {ob.title}" for ob in several[:6])
        raise UsageError(f"{key!r} is in the titles of {len(several)} obligations", hint=f"name one: {names}")
    known = ", ".join(f"{ob.id} {ob.ref}".strip() for ob in ruleset.obligations[:12])
    raise UsageError(f"no obligation {key!r} in {ruleset.path}", hint=f"known: {known} …")


def obligation_id(ruleset: RuleSet, key: str) -> str | None:
    """An obligation id from what the user typed: its id, its printed number (with or without brackets), its
    title, or a part of one title only; None when nothing (or more than one title) fits."""
    key = key.strip()
    for ob in ruleset.obligations:
        if key == ob.id:
            return ob.id
    stripped = key.strip("()（）.、 ")
    for ob in ruleset.obligations:
        if ob.ref and (key == ob.ref or stripped == ob.ref.strip("()（）.、 ")):
            return ob.id
    from checker.numerals import parse_number

    n = parse_number(stripped)
    if n is not None:
        for ob in ruleset.obligations:
            ref_n = parse_number(ob.ref.strip("()（）.、 "))
            if ref_n == n or (ob.id.isdigit() and int(ob.id) == n):
                return ob.id
    titled = [ob.id for ob in ruleset.obligations if ob.title == key]
    if not titled and len(key) >= 4:
        titled = [ob.id for ob in ruleset.obligations if key in ob.title]
    return titled[0] if len(titled) == 1 else None


def explain(rules_path: str, report: str, obligation: str, *, period: str | None, color: bool) -> str:
    """`plancheck explain`: why one obligation got its status."""
    from checker import documents, facts, findings
    from checker.report.explain import render_explain

    p = parse_period(period)
    ruleset, lex = load_rules(rules_path)
    ob_id = _find_obligation(ruleset, obligation)
    registry = unit_registry(ruleset, None)
    rep = facts.extract(documents.read(report), period=p, units=list(registry.units.values()))
    trace: dict[str, dict[str, Any]] = {}
    result = findings.evaluate(ruleset, [rep], lexicon=lex, period=p, registry=registry, trace=trace)
    data = findings.to_dict(result)
    ob = next(o for o in data["obligations"] if o["id"] == ob_id)
    return render_explain(ob, trace, color=color)


# --------------------------------------------------------------------------- audit


def audit(
    rules_path: str,
    paths: list[str],
    *,
    manifest: str | None = None,
    period: str | None = None,
    jobs: int | None = None,
    units_file: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Audit:
    """`plancheck audit`: every unit's report against its own obligations (see checker/audit.py)."""
    from checker import audit as audit_

    return audit_.run(
        rules_path, paths, manifest=manifest, period=period, jobs=jobs, units_file=units_file, progress=progress
    )


def write_audit(result: Audit, fmt: str, out: str | None, *, color: bool) -> None:
    """Render an audit and write it (atomically to a file); JSON is streamed, the per-unit results never
    all in memory at once."""
    from checker import output, report

    if fmt == "json":
        from checker.report.audit_json import chunks

        output.write_chunks(chunks(result.data, result.unit_json(), result.report_json()), out)
    else:
        output.write_output(report.render_audit(result.to_dict(reports=False), fmt, color=color), out)
