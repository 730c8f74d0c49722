"""A parsed plan → the rules file data (schema plancheck/rules/v1) and its YAML text, written for a reviewer:
keys in reading order, Chinese unescaped, short lists of terms on one line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml

from checker.model import Kind, Match, Obligation, Requirement, Target, Unit
from checker.numerals import to_int_if_whole

if TYPE_CHECKING:
    from checker.plan import Plan

SCHEMA = "plancheck/rules/v1"
_FLOW_MAX = 100  # a list or mapping renders on one line when its JSON form is at most this long


def to_rules(plan: Plan) -> dict[str, Any]:
    """The rules data for a plan: plan info, unit registry, obligations with their requirements."""
    info = plan.info
    head: dict[str, Any] = {"id": info.id, "title": info.title}
    if info.issuer:
        head["issuer"] = info.issuer
    if info.doc_no:
        head["doc_no"] = info.doc_no
    if info.period is not None:
        head["period"] = info.period.to_dict()
    if info.source:
        head["source"] = info.source
    data: dict[str, Any] = {"schema": SCHEMA, "plan": head}
    if plan.units:
        data["units"] = [_unit(u) for u in plan.units]
    data["obligations"] = [_obligation(o) for o in plan.obligations]
    return data


def _unit(u: Unit) -> dict[str, Any]:
    d: dict[str, Any] = {"name": u.name}
    if u.aliases:
        d["aliases"] = list(u.aliases)
    if u.group:
        d["group"] = True
    for key in ("members", "prefixes", "suffixes"):
        if getattr(u, key):
            d[key] = list(getattr(u, key))
    if u.valid_until:
        d["valid_until"] = u.valid_until
    return d


def _obligation(o: Obligation) -> dict[str, Any]:
    d: dict[str, Any] = {"id": o.id}
    if o.ref:
        d["ref"] = o.ref
    if o.section:
        d["section"] = o.section
    d["title"] = o.title
    d["text"] = o.text
    d["owners"] = {"lead": list(o.owners.lead), "support": list(o.owners.support)}
    d["requirements"] = [_requirement(r) for r in o.requirements]
    return d


def _requirement(r: Requirement) -> dict[str, Any]:
    d: dict[str, Any] = {"id": r.id, "kind": r.kind.value, "text": r.text, "match": _match(r.match)}
    if r.target is not None:
        d["target"] = _target(r.target)
    # only a deadline requirement may carry a date (rules.semantic_checks); a count or document item's date
    # (不少于2次,2022年年底前) stays in its text, the engine would not read it anyway
    if r.due and r.kind is Kind.DEADLINE:
        d["due"] = r.due
    if r.within_days and r.kind is Kind.DEADLINE:
        d["within_days"] = r.within_days
    if r.examples_positive or r.examples_negative:
        d["examples"] = {"positive": list(r.examples_positive), "negative": list(r.examples_negative)}
    return d


def _match(m: Match) -> dict[str, Any]:
    d: dict[str, Any] = {"all": [list(g) for g in m.all]}
    if m.none:
        d["none"] = list(m.none)
    if not m.expand:
        d["expand"] = False
    return d


def _target(t: Target) -> dict[str, Any]:
    d: dict[str, Any] = {"op": t.op, "value": to_int_if_whole(t.value)}
    if t.unit:
        d["unit"] = t.unit
    if t.approx:
        d["approx"] = True
    if t.tolerance is not None:
        d["tolerance"] = to_int_if_whole(t.tolerance)
    if t.metric:
        d["metric"] = t.metric
    if t.per:
        d["per"] = t.per
    if t.direction:
        d["direction"] = t.direction
    return d


# --------------------------------------------------------------------------- YAML text


class _Flow(list[Any]):
    """A list written on one line: [a, b]."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line: {op: '>=', value: 2}."""


# libyaml's emitter when PyYAML was built with it (about 10× faster); the text is the same.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _short(value: Any) -> bool:
    return len(json.dumps(value, ensure_ascii=False)) <= _FLOW_MAX


def _styled(value: Any, key: str = "") -> Any:
    """Mark the short leaf collections (term groups, owner lists, targets, periods) for flow style."""
    if isinstance(value, dict):
        inner = {k: _styled(v, k) for k, v in value.items()}
        if key in ("period", "target", "match") and _short(value):
            return _FlowMap(inner)
        return inner
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value) and _short(value):
            return _Flow(value)
        if key == "all":
            return [_Flow(v) if isinstance(v, list) else v for v in value] if not _short(value) else _Flow(value)
        return [_styled(v) for v in value]
    return value


def dump_rules(data: dict[str, Any]) -> str:
    """YAML text of rules data, starting with a note that it is a generated draft to review."""
    source = data.get("plan", {}).get("source", "")
    header = (
        f"# Generated by `plancheck plan2rules`{f' from {source}' if source else ''}.\n"
        "# A draft: review the owners, the requirements and their match terms before relying on it\n"
        "# (see docs/rules-format.md).\n"
    )
    body = yaml.dump(
        _styled(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
    return header + body
