"""The rule engine: a rules file compiled into a durable_rules ruleset, run on candidate facts.

This is the only module that imports durable. It follows ../shared/NOTES-durable.md:
- a Host without background threads (the default one dispatches actions on timers and loses results);
- one ruleset per rules file, compiled once per process from data (the JSON ruleset form, never the
  decorator DSL), a fresh dict each time because `set_rulesets` mutates it;
- a unique `sid` per evaluation, deleted afterwards, one live sid at a time;
- every fact with an explicit unique integer `id` and a `kind` discriminator, numbers as numbers,
  dates as yyyymmdd integers;
- an always-firing `end` sentinel asserted last (deleting a state where no action fired segfaults);
- a sink rule so that no fact is "not handled" (a batch with one unhandled fact drops every action);
- actions take exactly one parameter and never raise (exceptions inside actions are swallowed).

Generic rules decide what does not depend on a requirement's parameters (zone, cue, coverage);
per-requirement rules are generated only where the rules file gives parameters: targets (count,
level) and due dates (deadline).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from durable import engine as _durable

from checker.errors import RulesError
from checker.model import PERCENT_TOLERANCE, RELATIVE_TOLERANCE, Kind, Requirement, RuleSet, Target

DONE_CUES = [{"cue": "none"}, {"cue": "done"}]
#: Requirements per `grp` value. durable hangs compiling a ruleset with more than ~512 distinct equality values
#: under one path (NOTES-durable): per-requirement rules test `grp` before `req`, so no path sees more than this.
GROUP_SIZE = 256
#: Largest magnitude asserted into the engine. durable's parser cannot read exponent notation (repr of floats
#: from 1e16, or below 1e-4): a ruleset holding one does not compile (error 204), a fact holding one is
#: dropped or crashes the process. Numbers are clamped to this and rounded to 4 decimals at the boundary;
#: rules files keep targets far inside it (checker/rules.py), so clamping never changes a comparison.
NUMBER_LIMIT = 1e15
#: durable refuses a ruleset of more than about 4,100 rules (error 106); rules files stay far below
#: (rules.MAX_REQUIREMENTS), this turns the engine's bare number into a message if one does not.
MAX_RULES = 4000


class _QuietHost(_durable.Host):
    """A durable Host that runs actions synchronously inside assert calls and starts no threads."""

    def _run(self) -> None:
        return None


@dataclass(frozen=True)
class Firing:
    """One rule firing: which verdict the engine reached, for which requirement, on which fact."""

    rule: str
    verdict: str
    req: str
    fact: int


_host: _QuietHost | None = None
_lock = threading.Lock()
_rulesets: dict[str, Engine] = {}
_names = itertools.count(1)


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def compile_ruleset(ruleset: RuleSet) -> Engine:
    """The compiled engine for a rules file, built once per process per rules content."""
    key = ruleset.sha256 or str(id(ruleset))
    with _lock:
        eng = _rulesets.get(key)
        if eng is None:
            eng = _rulesets[key] = Engine(ruleset, f"plan{next(_names)}")
        return eng


def _cmp(op: str, value: float, target: Target) -> dict[str, Any]:
    """A durable condition on `value` that holds when the reported number satisfies the target."""
    return _safe_condition(_cmp_raw(op, value, target))


def _not_cmp(op: str, value: float, target: Target) -> dict[str, Any]:
    """The complement of `_cmp`."""
    return _safe_condition(_not_cmp_raw(op, value, target))


def _safe_condition(cond: Any) -> Any:
    """The condition with every number made safe (see NUMBER_LIMIT)."""
    if isinstance(cond, dict):
        return {k: _safe_condition(v) for k, v in cond.items()}
    if isinstance(cond, list):
        return [_safe_condition(v) for v in cond]
    if isinstance(cond, float):
        return safe_number(cond)
    return cond


def _cmp_raw(op: str, value: float, target: Target) -> dict[str, Any]:
    value = _loosened(op, value, target)
    if op == ">=":
        return {"$gte": {"value": value}}
    if op == ">":
        return {"$gt": {"value": value}}
    if op == "<=":
        return {"$lte": {"value": value}}
    if op == "<":
        return {"$lt": {"value": value}}
    if op == "==":
        return {"value": value}
    tol = tolerance(target)
    if target.direction in ("increase", "decrease"):
        return {"$gte": {"value": round(value - tol, 6)}}  # 增长8.5%左右: more growth is not a miss
    return {"$and": [{"$gte": {"value": round(value - tol, 6)}}, {"$lte": {"value": round(value + tol, 6)}}]}


def _not_cmp_raw(op: str, value: float, target: Target) -> dict[str, Any]:
    value = _loosened(op, value, target)
    if op == ">=":
        return {"$lt": {"value": value}}
    if op == ">":
        return {"$lte": {"value": value}}
    if op == "<=":
        return {"$gt": {"value": value}}
    if op == "<":
        return {"$gte": {"value": value}}
    if op == "==":
        return {"$neq": {"value": value}}
    tol = tolerance(target)
    if target.direction in ("increase", "decrease"):
        return {"$lt": {"value": round(value - tol, 6)}}
    return {"$or": [{"$lt": {"value": round(value - tol, 6)}}, {"$gt": {"value": round(value + tol, 6)}}]}


def _loosened(op: str, value: float, target: Target) -> float:
    """A floor or ceiling said with 左右 (控制在3%左右, 9%左右以上) gives way by the tolerance: 3.4% is within
    `<= 3% 左右`. Exact bounds and `~` (which applies its tolerance itself) are left as they are."""
    if not target.approx or op not in (">=", ">", "<=", "<"):
        return value
    tol = tolerance(target)
    return round(value - tol if op in (">=", ">") else value + tol, 6)


def safe_number(x: float) -> int | float:
    """`x` as a number durable reads correctly: finite, within ±NUMBER_LIMIT, never in exponent notation."""
    if x != x:  # NaN
        return 0
    x = round(max(-NUMBER_LIMIT, min(NUMBER_LIMIT, float(x))), 4)
    return int(x) if x.is_integer() else x


def _safe_fact(fact: dict[str, Any]) -> dict[str, Any]:
    """A fact with every number made safe (see NUMBER_LIMIT); other values as they are."""
    return {k: safe_number(v) if isinstance(v, float) else v for k, v in fact.items()}


def tolerance(target: Target) -> float:
    """左右: the rules file's tolerance, else the one plan2rules writes (half a percentage point for rates, 10 % of
    the value otherwise), so that a hand-written target means what a generated one does."""
    if target.tolerance is not None:
        return target.tolerance
    return PERCENT_TOLERANCE if target.unit == "%" else round(abs(target.value) * RELATIVE_TOLERANCE, 6)


def date_int(iso: str) -> int:
    """2019-12-31 → 20191231: durable compares numbers reliably, strings not always."""
    return int(iso.replace("-", ""))


class Engine:
    """One plan's rules compiled into a durable ruleset; `run` evaluates one report's facts."""

    def __init__(self, ruleset: RuleSet, name: str) -> None:
        self.name = name
        self.ruleset = ruleset
        self._fired: list[Firing] = []
        self._errors: list[str] = []
        self._sids = itertools.count(1)
        reqs = [req.id for ob in ruleset.obligations for req in ob.requirements]
        self._group = {rid: k // GROUP_SIZE for k, rid in enumerate(reqs)}
        self.rule_count = 0
        definition = self._definition()
        self.rule_count = len(definition)
        if self.rule_count > MAX_RULES:
            raise RulesError(
                f"the rules compile to {self.rule_count:,} engine rules; the engine takes at most {MAX_RULES:,}",
                path=ruleset.path,
                hint="split the plan into several rules files",
            )
        _get_host().set_rulesets({name: definition})

    # ------------------------------------------------------------------ ruleset as data

    def _action(self, rule: str, verdict: str, req: str | None) -> Callable[[Any], None]:
        fired, errors = self._fired, self._errors

        def act(c: Any) -> None:
            try:
                m = c.m
                fired.append(Firing(rule, verdict, req or str(m["req"]), int(m["id"])))
            except Exception as e:  # durable swallows exceptions: record them instead
                errors.append(f"{rule}: {e!r}")

        return act

    def _definition(self) -> dict[str, Any]:
        rules: dict[str, Any] = {}

        def add(name: str, conditions: list[dict[str, Any]], verdict: str, req: str | None = None) -> None:
            rules[name] = {"all": [{"m": {"$and": conditions}}], "run": self._action(name, verdict, req)}

        cand = {"kind": "cand"}
        body = {"zone": "body"}
        kept = {"excl": 0}  # a sentence with an exclusion term (match.none) is never evidence
        covered = {"cover": 1}
        done = {"$or": DONE_CUES}
        # Generic rules: they read only zone, cue and coverage.
        mention_like = {"$or": [{"rkind": "mention"}, {"rkind": "deadline"}]}
        add("met-mention", [cand, body, kept, covered, done, mention_like], "met")
        add("met-document", [cand, body, kept, covered, done, {"rkind": "document"}, {"doc": 1}], "met")
        add("document-missing", [cand, body, kept, covered, done, {"rkind": "document"}, {"doc": 0}], "no_document")
        add("in-progress", [cand, body, kept, covered, {"cue": "progress"}], "partial")
        add("not-done", [cand, body, kept, covered, {"cue": "not_done"}], "unmet")
        add("planned", [cand, body, kept, covered, {"cue": "plan"}], "planned")
        add("problems-only", [cand, {"zone": "problems"}, covered], "problems")
        add("near-miss", [cand, body, {"cover": 0}], "near")
        add("excluded", [cand, {"excl": 1}], "excluded")
        count_like = {"$or": [{"rkind": "count"}, {"rkind": "level"}]}
        add("no-number", [cand, body, kept, covered, done, count_like, {"has_value": 0}], "no_number")
        add("partial-period", [cand, body, kept, covered, count_like, {"has_value": 1}, {"pp": 1}], "partial_period")
        # Per-requirement rules: targets and due dates are parameters of the rules file.
        for ob in self.ruleset.obligations:
            for req in ob.requirements:
                self._requirement_rules(req, add)
        # Every fact must be handled by some rule, or durable drops the whole batch's actions.
        rules["sink"] = {
            "all": [{"a": {"$or": [{"kind": "cand"}, {"kind": "period"}]}}, {"b": {"kind": "never"}}],
            "run": self._action("sink", "sink", "-"),
        }
        rules["end"] = {"all": [{"m": {"kind": "end"}}], "run": self._action("end", "end", "-")}
        return rules

    def _requirement_rules(self, req: Requirement, add: Callable[..., None]) -> None:
        base = [
            {"kind": "cand"},
            {"grp": self._group[req.id]},
            {"req": req.id},
            {"zone": "body"},
            {"excl": 0},
            {"cover": 1},
        ]
        if req.kind in (Kind.COUNT, Kind.LEVEL) and req.target is not None:
            t = req.target
            valued = [*base, {"has_value": 1}, {"pp": 0}, {"$or": [*DONE_CUES, {"cue": "progress"}]}]
            add(f"{req.id}:target-met", [*valued, _cmp(t.op, t.value, t)], "met", req.id)
            add(f"{req.id}:target-missed", [*valued, _not_cmp(t.op, t.value, t)], "unmet", req.id)
            if t.op in (">=", "~") and t.value <= 1:
                # 至少组织一次: work reported as done is one occurrence, even without a number.
                add(f"{req.id}:implicit-once", [*base, {"has_value": 0}, {"$or": DONE_CUES}], "met", req.id)
        if req.kind is Kind.DEADLINE and req.due:
            due = date_int(req.due)
            add(f"{req.id}:not-due", [{"kind": "period"}, {"$lt": {"end": due}}], "not_due", req.id)
            late = [*base, {"$or": [{"cue": "progress"}, {"cue": "not_done"}]}, {"$gte": {"pend": due}}]
            add(f"{req.id}:missed", late, "unmet", req.id)

    # ------------------------------------------------------------------ running

    def run(self, facts: Iterable[dict[str, Any]]) -> tuple[list[Firing], list[str]]:
        """Assert one evaluation's facts in an isolated session and return the firings."""
        with _lock:
            host = _get_host()
            sid = f"s{next(self._sids)}"
            batch = [_safe_fact({**f, "sid": sid, "grp": self._group.get(f.get("req", ""), -1)}) for f in facts]
            last = max((f["id"] for f in batch), default=0)
            self._fired.clear()
            self._errors.clear()
            try:
                if batch:
                    host.assert_facts(self.name, batch)
                host.assert_fact(self.name, {"sid": sid, "id": last + 1, "kind": "end"})
            finally:
                try:
                    host.delete_state(self.name, sid)
                except Exception as e:  # pragma: no cover - defensive: never leak a session
                    self._errors.append(f"delete_state: {e!r}")
            fired = [f for f in self._fired if f.rule not in ("end", "sink")]
            errors = list(self._errors)
            if not any(f.rule == "end" for f in self._fired):
                errors.append("the end sentinel did not fire: results may be incomplete")
            return fired, errors
