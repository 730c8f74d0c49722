"""Load and validate rules files (plancheck/rules/v1) into a RuleSet.

Validation is two-stage: the JSON Schema shipped beside this module (closed set of kinds, unknown
keys rejected), then semantic checks the schema cannot express (unique ids, real dates, owners known
to the registry, exclusions that contradict the concepts). Every error reads `file:line:col: message`.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from checker import yamlio
from checker.errors import RulesError
from checker.model import (
    Kind,
    Match,
    Obligation,
    Owners,
    Period,
    PlanInfo,
    Problem,
    Requirement,
    RuleSet,
    Severity,
    Target,
    Unit,
)

SCHEMA_PATH = Path(__file__).with_name("rules.schema.json")
KINDS = tuple(k.value for k in Kind)
#: Requirements per rules file: each may compile to 3 engine rules, and durable refuses a ruleset past ~4,000.
MAX_REQUIREMENTS = 1000
#: Largest target value or tolerance: far inside the range the engine compares exactly (engine.NUMBER_LIMIT).
MAX_TARGET = 1e12


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def load(path: str) -> RuleSet:
    """Read, validate and build a RuleSet; raise RulesError listing every error found."""
    text = yamlio.read_text(path, what="rules file")
    data, marks = yamlio.load(path, text, what="rules file")
    if not isinstance(data, dict) or data.get("schema") != "plancheck/rules/v1":
        line, col = yamlio.mark_of(marks, ("schema",))
        raise RulesError(
            "not a plancheck rules file (expected `schema: plancheck/rules/v1` at the top)",
            path=path,
            line=line,
            col=col,
        )
    errors = schema_errors(data, marks, path)
    if not errors:
        sem_errors, warnings = semantic_checks(data, marks, path)
        errors.extend(sem_errors)
    if errors:
        raise RulesError(errors[0], errors=errors)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return build(data, path, sha, warnings, marks)


# --------------------------------------------------------------------------- schema errors


def _context(data: Any, path: tuple[Any, ...]) -> str:
    """`requirement 01-2: ` / `obligation 03: ` for an error under that node."""
    label = ""
    if len(path) >= 2 and path[0] == "obligations" and isinstance(path[1], int):
        obs = data.get("obligations") or []
        ob = obs[path[1]] if path[1] < len(obs) and isinstance(obs[path[1]], dict) else {}
        label = f"obligation {ob.get('id', '#' + str(path[1] + 1))}: "
        if len(path) >= 4 and path[2] == "requirements" and isinstance(path[3], int):
            reqs = ob.get("requirements") or []
            req = reqs[path[3]] if path[3] < len(reqs) and isinstance(reqs[path[3]], dict) else {}
            label = f"requirement {req.get('id', label[11:-2] + '#' + str(path[3] + 1))}: "
    elif len(path) >= 2 and path[0] == "units" and isinstance(path[1], int):
        label = f"unit #{path[1] + 1}: "
    return label


def _field(path: tuple[Any, ...]) -> str:
    names = [str(p) for p in path if not isinstance(p, int)]
    return names[-1] if names else "file"


def schema_errors(data: Any, marks: yamlio.Marks, source: str) -> list[str]:
    """Every JSON Schema violation as `file:line:col: context: message`, in file order."""
    out: list[tuple[tuple[int, int], str]] = []
    for err in _validator().iter_errors(data):
        for path, message in _explain(err):
            line, col = yamlio.mark_of(marks, path)
            out.append(((line, col), f"{source}:{line}:{col}: {_context(data, path)}{message}"))
    out.sort()
    seen: set[str] = set()
    return [m for _, m in out if not (m in seen or seen.add(m))]  # type: ignore[func-returns-value]


def _explain(err: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Turn one jsonschema error into (path, readable message) pairs."""
    path = tuple(err.absolute_path)
    v = err.validator
    if v == "additionalProperties" and isinstance(err.instance, dict):
        allowed = sorted((err.schema.get("properties") or {}).keys())
        extra = [k for k in err.instance if k not in allowed]
        return [((*path, k, "__key__"), f"unknown key {k!r} (expected one of: {', '.join(allowed)})") for k in extra]
    if v == "enum":
        what = _field(path)
        return [
            (path, f"unknown {what} {err.instance!r} (expected one of: {', '.join(map(str, err.validator_value))})")
        ]
    if v == "required":
        missing = [k for k in err.validator_value if k not in (err.instance or {})]
        return [(path, f"missing required key {k!r}") for k in missing] or [(path, err.message)]
    if v == "type":
        return [(path, f"{_field(path)} must be {_type_words(err.validator_value)}, not {type(err.instance).__name__}")]
    if v == "pattern":
        what = _field(path)
        if what in ("due", "start", "end"):
            return [(path, f"{what} must be a date written YYYY-MM-DD, not {err.instance!r}")]
        if what == "id":
            return [(path, f"id {err.instance!r} may use only letters, digits, '.', '_' and '-'")]
        return [(path, f"{what} {err.instance!r} is not allowed here (a single line is expected)")]
    if v == "const":
        return [(path, f"{_field(path)} must be {err.validator_value!r}")]
    if v in ("minItems", "minLength"):
        return [(path, f"{_field(path)} must not be empty")]
    if v == "maxLength":
        text = str(err.instance)
        shown = text[:20] + ("…" if len(text) > 20 else "")
        return [(path, f"{_field(path)}: {shown!r} is too long (at most {err.validator_value} characters)")]
    if v == "maxItems":
        return [(path, f"{_field(path)} is too long (at most {err.validator_value})")]
    if v == "minimum":
        return [(path, f"{_field(path)} must be at least {err.validator_value}")]
    if v == "oneOf" and _field(path) == "owners":
        return [(path, "owners must be a list of units, or {lead: [...], support: [...]}")]
    if v == "not" and "required" in json.dumps(err.validator_value):
        return [(path, "a target is only allowed on count and level requirements")]
    if v == "anyOf" and err.context and all(e.validator == "required" for e in err.context):
        keys = [k for e in err.context for k in e.validator_value]
        if set(keys) == {"due", "within_days"}:
            return [(path, "a deadline requirement needs `due` (YYYY-MM-DD) or `within_days`")]
        return [(path, "needs one of: " + ", ".join(keys))]
    if v in ("anyOf", "oneOf", "allOf", "if", "then") and err.context:
        best = min(err.context, key=lambda e: len(list(e.absolute_path)))
        return _explain(best)
    return [(path, err.message)]


def _type_words(t: Any) -> str:
    names = {
        "string": "text",
        "array": "a list",
        "object": "a mapping",
        "number": "a number",
        "integer": "a whole number",
    }
    if isinstance(t, list):
        return " or ".join(names.get(x, str(x)) for x in t)
    return names.get(t, str(t))


# --------------------------------------------------------------------------- semantic checks


def _in_range(x: Any) -> bool:
    """A finite number within ±MAX_TARGET (YAML reads .nan and .inf as numbers)."""
    return isinstance(x, int | float) and math.isfinite(x) and abs(x) <= MAX_TARGET


def _iso(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def semantic_checks(data: dict[str, Any], marks: yamlio.Marks, source: str) -> tuple[list[str], list[Problem]]:
    """Checks the schema cannot express. Returns (errors, warnings)."""
    errors: list[str] = []
    warnings: list[Problem] = []

    def err(path: tuple[Any, ...], message: str) -> None:
        line, col = yamlio.mark_of(marks, path)
        errors.append(f"{source}:{line}:{col}: {_context(data, path)}{message}")

    def warn(path: tuple[Any, ...], message: str, code: str) -> None:
        line, col = yamlio.mark_of(marks, path)
        warnings.append(Problem(Severity.WARNING, _context(data, path) + message, source, line, col, code))

    plan = data["plan"]
    period = plan.get("period")
    p_start = p_end = None
    if period:
        p_start, p_end = _iso(period["start"]), _iso(period["end"])
        for key, value in (("start", p_start), ("end", p_end)):
            if value is None:
                err(("plan", "period", key), f"{period[key]!r} is not a real date")
        if p_start and p_end and p_end < p_start:
            err(("plan", "period", "end"), "the period ends before it starts")

    names: dict[str, tuple[Any, ...]] = {}
    for i, unit in enumerate(data.get("units") or []):
        for n in [unit["name"], *(unit.get("aliases") or [])]:
            if n in names:
                err(("units", i, "name"), f"unit name or alias {n!r} is listed twice")
            names[n] = ("units", i)
        if unit.get("group") and not (unit.get("members") or unit.get("prefixes") or unit.get("suffixes")):
            warn(("units", i), f"group {unit['name']!r} has no members, prefixes or suffixes", "group-empty")
        if not unit.get("group") and (unit.get("members") or unit.get("prefixes") or unit.get("suffixes")):
            err(("units", i), f"{unit['name']!r} has members but is not marked `group: true`")
        if unit.get("valid_until") and _iso(unit["valid_until"]) is None:
            err(("units", i, "valid_until"), f"{unit['valid_until']!r} is not a real date")
    registry = set(names)

    n_reqs = sum(len(ob["requirements"]) for ob in data["obligations"])
    if n_reqs > MAX_REQUIREMENTS:
        err(
            ("obligations",),
            f"{n_reqs:,} requirements; plancheck checks at most {MAX_REQUIREMENTS:,} per rules file "
            "(split the plan into several rules files)",
        )
    ob_ids: dict[str, int] = {}
    req_ids: dict[str, str] = {}
    for i, ob in enumerate(data["obligations"]):
        if ob["id"] in ob_ids:
            err(
                ("obligations", i, "id"),
                f"duplicate obligation id {ob['id']!r} (first used by obligation #{ob_ids[ob['id']] + 1})",
            )
        ob_ids.setdefault(ob["id"], i)
        owners = ob["owners"]
        lead = owners if isinstance(owners, list) else owners.get("lead", [])
        support = [] if isinstance(owners, list) else owners.get("support", [])
        if not lead and not support:
            warn(("obligations", i, "owners"), "no owners: nobody is told about this obligation", "no-owner")
        if registry:
            for n in [*lead, *support]:
                if n not in registry:
                    close = difflib.get_close_matches(n, sorted(registry), n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    warn(
                        ("obligations", i, "owners"), f"owner {n!r} is not in the unit registry{hint}", "owner-unknown"
                    )
        for j, req in enumerate(ob["requirements"]):
            rpath: tuple[Any, ...] = ("obligations", i, "requirements", j)
            if req["id"] in req_ids:
                err((*rpath, "id"), f"duplicate requirement id {req['id']!r} (also in obligation {req_ids[req['id']]})")
            req_ids.setdefault(req["id"], ob["id"])
            match = req["match"]
            terms = {t for g in match["all"] for t in g}
            for t in match.get("none") or []:
                if t in terms:
                    err((*rpath, "match", "none"), f"{t!r} is both required and excluded")
            for g, group in enumerate(match["all"]):
                for t in group:
                    if len(t.strip()) < 2 and not t.strip().isascii():
                        warn(
                            (*rpath, "match", "all", g),
                            f"term {t!r} is a single character and will match almost anything",
                            "term-short",
                        )
                    if t != t.strip():
                        err((*rpath, "match", "all", g), f"term {t!r} has leading or trailing spaces")
            if req.get("due"):
                due = _iso(req["due"])
                if due is None:
                    err((*rpath, "due"), f"{req['due']!r} is not a real date")
                elif p_start and p_end and not (p_start <= due <= p_end.replace(year=min(p_end.year + 1, 9999))):
                    warn((*rpath, "due"), f"due {req['due']} lies outside the plan period", "due-outside")
            if req["kind"] == "deadline" and req.get("due") and req.get("within_days"):
                err((*rpath,), "give either `due` or `within_days`, not both")
            if req["kind"] != "deadline" and (req.get("due") or req.get("within_days")):
                err((*rpath, "kind"), f"`due`/`within_days` need kind deadline, not {req['kind']!r}")
            target = req.get("target")
            if target:
                bad = [k for k in ("value", "tolerance") if k in target and not _in_range(target[k])]
                if bad:
                    for k in bad:
                        err((*rpath, "target", k), f"{k} must be a finite number between -10^12 and 10^12")
                    continue
                if target.get("tolerance") is not None and target["op"] != "~" and not target.get("approx"):
                    warn(
                        (*rpath, "target"),
                        "a tolerance only applies to approximate (~, 左右) targets",
                        "tolerance-unused",
                    )
                if req["kind"] == "count" and float(target["value"]) != int(target["value"]):
                    warn((*rpath, "target", "value"), "a count target should be a whole number", "count-fraction")
                if target.get("unit") == "%" and req["kind"] == "count":
                    warn((*rpath, "kind"), "a percentage target is a level, not a count", "percent-count")
    return errors, warnings


# --------------------------------------------------------------------------- build


def _owners(raw: Any) -> Owners:
    if isinstance(raw, list):
        return Owners(lead=tuple(raw))
    return Owners(lead=tuple(raw.get("lead") or ()), support=tuple(raw.get("support") or ()))


def build(data: dict[str, Any], path: str, sha: str, warnings: list[Problem], marks: yamlio.Marks) -> RuleSet:
    """Turn validated data into the frozen RuleSet the engine reads."""
    plan = data["plan"]
    period = plan.get("period")
    info = PlanInfo(
        id=plan["id"],
        title=plan["title"],
        issuer=plan.get("issuer", ""),
        doc_no=plan.get("doc_no", ""),
        period=Period(period["start"], period["end"], source="plan") if period else None,
        source=plan.get("source", ""),
    )
    units = tuple(
        Unit(
            name=u["name"],
            aliases=tuple(u.get("aliases") or ()),
            group=bool(u.get("group")),
            members=tuple(u.get("members") or ()),
            prefixes=tuple(u.get("prefixes") or ()),
            suffixes=tuple(u.get("suffixes") or ()),
            valid_until=u.get("valid_until"),
        )
        for u in data.get("units") or []
    )
    obligations = []
    for i, ob in enumerate(data["obligations"]):
        reqs = []
        for j, r in enumerate(ob["requirements"]):
            t = r.get("target")
            target = (
                Target(
                    op=t["op"],
                    value=float(t["value"]),
                    unit=str(t.get("unit", "")),
                    approx=bool(t.get("approx") or t["op"] == "~"),
                    tolerance=float(t["tolerance"]) if t.get("tolerance") is not None else None,
                    metric=t.get("metric", ""),
                    per=t.get("per"),
                    direction=t.get("direction"),
                )
                if t
                else None
            )
            m = r["match"]
            ex = r.get("examples") or {}
            reqs.append(
                Requirement(
                    id=r["id"],
                    kind=Kind(r["kind"]),
                    text=r["text"],
                    match=Match(
                        all=tuple(tuple(g) for g in m["all"]),
                        none=tuple(m.get("none") or ()),
                        expand=bool(m.get("expand", True)),
                    ),
                    target=target,
                    due=r.get("due"),
                    within_days=r.get("within_days"),
                    examples_positive=tuple(ex.get("positive") or ()),
                    examples_negative=tuple(ex.get("negative") or ()),
                    line=yamlio.mark_of(marks, ("obligations", i, "requirements", j))[0],
                )
            )
        obligations.append(
            Obligation(
                id=ob["id"],
                ref=ob.get("ref", ""),
                section=ob.get("section", ""),
                title=ob["title"],
                text=ob.get("text", ""),
                owners=_owners(ob["owners"]),
                requirements=tuple(reqs),
                line=yamlio.mark_of(marks, ("obligations", i))[0],
            )
        )
    base = Path(path).resolve().parent
    lexicon = tuple(str((base / p).resolve()) for p in data.get("lexicon") or ())
    return RuleSet(
        path=path,
        sha256=sha,
        plan=info,
        units=units,
        obligations=tuple(obligations),
        problems=tuple(warnings),
        lexicon=lexicon,
    )


def lexicon_paths(ruleset: RuleSet) -> list[Path] | None:
    """The lexicon files a rules file asks for; None means the default (rules/lexicon/ beside it, else shipped)."""
    if ruleset.lexicon:
        missing = [p for p in ruleset.lexicon if not Path(p).is_file()]
        if missing:
            raise RulesError(f"lexicon file not found: {missing[0]}", path=ruleset.path)
        return [Path(p) for p in ruleset.lexicon]
    beside = Path(ruleset.path).resolve().parent / "lexicon"
    if beside.is_dir():
        return sorted(beside.glob("*.yaml"))
    return None
