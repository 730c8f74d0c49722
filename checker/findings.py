"""Evaluation: RuleSet + report Facts → Result (statuses with evidence, per-unit gaps), and its JSON form.

The matcher (match.py) proposes candidate sentences per requirement; they are asserted as facts into
the rules file's durable ruleset (engine.py), whose firings decide each requirement's status; this
module turns firings into statuses with reasons and evidence, aggregates obligations as SPEC.md
defines, applies waivers and builds the per-unit gap analysis.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checker import __version__
from checker.engine import Firing, compile_ruleset, date_int, tolerance
from checker.lexicon import Lexicon
from checker.match import Candidate, Matcher, ReportIndex
from checker.model import WEAK_EVIDENCE as WEAK
from checker.model import (
    Evidence,
    Facts,
    Found,
    Kind,
    Obligation,
    ObligationResult,
    Period,
    Problem,
    Quantity,
    ReportInfo,
    Requirement,
    RequirementResult,
    Result,
    RuleSet,
    Severity,
    Status,
    UnitGap,
    UnitResult,
    Zone,
)
from checker.numerals import to_int_if_whole
from checker.units import Registry

MAX_BODY = 2  # candidates per requirement asserted into the engine, best first
STATUS_ORDER = ("unmet", "unevidenced", "partial", "met", "not_due", "waived")


@dataclass(frozen=True)
class Waiver:
    obligation: str
    unit: str | None
    reason: str
    approved_by: str
    expires: str | None


_matchers: dict[tuple[str, tuple[str, ...]], Matcher] = {}


def matcher_for(ruleset: RuleSet, lexicon: Lexicon) -> Matcher:
    """One matcher per (rules content, lexicon files) per process: its automaton is reused across reports."""
    key = (ruleset.sha256 or str(id(ruleset)), lexicon.sources)
    m = _matchers.get(key)
    if m is None:
        m = _matchers[key] = Matcher(ruleset, lexicon)
    return m


# --------------------------------------------------------------------------- evaluation


def evaluate(
    ruleset: RuleSet,
    reports: Sequence[Facts],
    *,
    lexicon: Lexicon,
    unit: str | None = None,
    period: Period | None = None,
    waivers: Sequence[Waiver] = (),
    as_of: str | None = None,
    registry: Registry | None = None,
    trace: dict[str, dict[str, Any]] | None = None,
) -> Result:
    """Check the reports (pooled, as one body of evidence) against every obligation of the rules file.

    With `trace`, every requirement's expanded terms, candidates, asserted facts and firings are
    recorded there (for `plancheck explain`).
    """
    matcher = matcher_for(ruleset, lexicon)
    owners = [n for ob in ruleset.obligations for n in ob.owners.all()]
    registry = registry or Registry(ruleset.units, owners)
    problems: list[Problem] = list(ruleset.problems)
    for f in reports:
        problems.extend(f.problems)
    indexes = [matcher.index(f, i) for i, f in enumerate(reports)]
    period = period or next((f.period for f in reports if f.period), None) or ruleset.plan.period
    if period is None:
        problems.append(
            Problem(
                Severity.WARNING, "report period unknown: deadlines cannot be judged (pass --period)", code="no-period"
            )
        )
    plan_period = ruleset.plan.period
    if period and plan_period and (period.end < plan_period.start or period.start > plan_period.end):
        problems.append(
            Problem(
                Severity.WARNING,
                f"the report's period ({period.start} – {period.end}) lies outside the plan's "
                f"({plan_period.start} – {plan_period.end}): is this the plan the report answers to? "
                "(pass --period if the report's year was misread)",
                code="period-outside-plan",
            )
        )

    unit_name = registry.canonical(unit) if unit else None
    if (
        unit_name
        and not registry.known(unit_name)
        and not any(registry.roles(unit_name, ob) for ob in ruleset.obligations)
    ):
        hint = registry.suggest(unit_name)
        problems.append(
            Problem(
                Severity.WARNING,
                f"unit {unit!r} owns no obligation in this plan" + (f" (did you mean {hint!r}?)" if hint else ""),
                code="unit-unknown",
            )
        )
    obligations = [ob for ob in ruleset.obligations if unit_name is None or registry.roles(unit_name, ob)]

    cands: dict[str, list[Candidate]] = {}
    facts_out: list[dict[str, Any]] = []
    by_id: dict[int, Candidate] = {}
    next_id = 1
    pend = date_int(period.end) if period else 99991231
    months = _months(period)
    if period:
        facts_out.append({"id": next_id, "kind": "period", "start": date_int(period.start), "end": pend})
        next_id += 1
    for ob in obligations:
        for req in ob.requirements:
            found = [c for idx in indexes for c in matcher.candidates(req.id, idx)]
            found.sort(key=lambda c: (-c.covered, -c.score, c.report, c.sentence.index))
            cands[req.id] = found
            for c in _select(found):
                by_id[next_id] = c
                facts_out.append(_fact(next_id, ob, req, c, pend, months))
                next_id += 1

    # "Nearest text" is looked for only where the concepts gave no candidate other than the one chosen (_why_not)
    maybe_nearest = [req.text for ob in obligations for req in ob.requirements if len(cands[req.id]) <= 1]
    for idx in indexes:
        matcher.expect_nearest(idx, maybe_nearest)

    eng = compile_ruleset(ruleset)
    firings, errors = eng.run(facts_out)
    for e in errors:
        problems.append(Problem(Severity.ERROR, f"rule engine: {e}", code="engine"))
    fired: dict[str, list[Firing]] = defaultdict(list)
    for firing in firings:
        fired[firing.req].append(firing)
    if trace is not None:
        asserted: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in facts_out:
            if fact.get("kind") == "cand":
                asserted[fact["req"]].append(fact)
        for ob in obligations:
            for req in ob.requirements:
                trace[req.id] = {
                    "terms": matcher.expanded_terms(req.id),
                    "candidates": cands[req.id][:8],
                    "facts": asserted.get(req.id, []),
                    "fired": [(f.rule, f.verdict, f.fact) for f in fired.get(req.id, [])],
                    "by_id": {k: v for k, v in by_id.items() if any(x["id"] == k for x in asserted.get(req.id, []))},
                }

    waived = {(w.obligation, w.unit): w for w in waivers if not _expired(w, as_of)}
    for old in waivers:
        if _expired(old, as_of):
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"waiver for obligation {old.obligation} expired on {old.expires}; it no longer applies",
                    code="waiver-expired",
                )
            )
    ob_results = []
    for ob in obligations:
        reqs = tuple(
            _decide(req, cands[req.id], fired.get(req.id, []), by_id, reports, indexes, matcher, months)
            for req in ob.requirements
        )
        status = aggregate([r.status for r in reqs])
        waiver = None
        wv = waived.get((ob.id, None))
        if wv is not None:
            status, waiver = Status.WAIVED, {"reason": wv.reason, "approved_by": wv.approved_by, "expires": wv.expires}
        ob_results.append(ObligationResult(ob, status, reqs, waiver))

    units = _units(ob_results, registry, unit_name, waived)
    summary = {"obligations": len(ob_results)} | {s.value: 0 for s in Status}
    for r in ob_results:
        summary[r.status.value] += 1
    infos = tuple(
        ReportInfo(
            f.document.path,
            f.document.sha256,
            f.unit,
            f.period or (period if period and period.source == "option" else None),
            f.title,
        )
        for f in reports
    )
    return Result(ruleset, infos, tuple(ob_results), units, summary, tuple(problems))


def _select(found: list[Candidate]) -> list[Candidate]:
    """The candidates worth asserting: the best covered body ones, the best elsewhere, one near miss."""
    body = [c for c in found if c.covered and c.zone is Zone.BODY and not c.excluded][:MAX_BODY]
    valued = [c for c in found if c.covered and c.zone is Zone.BODY and c.quantity is not None and c not in body][:2]
    problems = [c for c in found if c.covered and c.zone is Zone.PROBLEMS][:1]
    near = [c for c in found if not c.covered and c.zone is Zone.BODY][:1]
    excluded = [c for c in found if c.covered and c.excluded][:1]
    return body + valued + problems + near + excluded


#: Months in one unit of a per-period target (每年 / 每季度 / 每月).
_PER_MONTHS = {"year": 12, "quarter": 3, "month": 1}


def _months(period: Period | None) -> int:
    """Whole months a report period covers (2022-01-01..2024-12-31 → 36); 0 when unknown."""
    if period is None:
        return 0
    try:
        y0, m0 = int(period.start[:4]), int(period.start[5:7])
        y1, m1 = int(period.end[:4]), int(period.end[5:7])
    except ValueError:
        return 0
    return max(0, (y1 - y0) * 12 + m1 - m0 + 1)


def per_period_share(req: Requirement, q: Quantity, months: int) -> float:
    """How many of the target's periods a reported total covers: a plan's 每年不少于4次 against a three-year report's
    共16次 is checked as 16 / 3 a year (SPEC: a multi-year plan is checked per year). 1 when the report gives the
    figure per the same period (每年六次), when the target has no period, or when the report period is unknown."""
    t = req.target
    if req.kind is not Kind.COUNT or t is None or t.per not in _PER_MONTHS or months <= 0:
        return 1.0
    if q.per is not None:  # the report's own rate: 每年六次 is per year already
        return 1.0
    share = months / _PER_MONTHS[t.per]
    return share if share > 1 else 1.0


def signed_value(req: Requirement, q: Quantity) -> float:
    """The reported figure in the target's direction: a 增长10% target and a reported 下降2.3% give -2.3."""
    t = req.target
    if t is not None and t.direction and q.direction and q.direction != "reach" and q.direction != t.direction:
        return -float(q.value)
    return float(q.value)


def _fact(fid: int, ob: Obligation, req: Requirement, c: Candidate, pend: int, months: int = 0) -> dict[str, Any]:
    q = c.quantity
    value = 0.0
    if q is not None:
        value = signed_value(req, q) / per_period_share(req, q, months)
    return {
        "id": fid,
        "kind": "cand",
        "req": req.id,
        "ob": ob.id,
        "rkind": req.kind.value,
        "zone": c.zone.value,
        "cue": c.cue.value if c.cue else "none",
        "score": c.score,
        "cover": int(c.covered),
        "has_value": int(q is not None),
        "value": round(value, 6),
        "pp": int(bool(q is not None and q.period)),
        "doc": int(c.has_document),
        "excl": int(bool(c.excluded)),
        "pend": pend,
    }


def aggregate(statuses: Sequence[Status]) -> Status:
    """An obligation's status from its requirements' (SPEC.md): any unmet → unmet; all met → met; all unevidenced → unevidenced."""
    live = [s for s in statuses if s not in (Status.NOT_DUE, Status.WAIVED)]
    if not live:
        return Status.NOT_DUE if Status.NOT_DUE in statuses else Status.WAIVED
    if Status.UNMET in live:
        return Status.UNMET
    if all(s is Status.MET for s in live):
        return Status.MET
    if all(s is Status.UNEVIDENCED for s in live):
        return Status.UNEVIDENCED
    return Status.PARTIAL


def _expired(w: Waiver, as_of: str | None) -> bool:
    if not w.expires:
        return False
    today = as_of or _dt.date.today().isoformat()
    return w.expires < today


# --------------------------------------------------------------------------- one requirement

_PRIORITY = {"unmet": 3, "partial": 2, "met": 1}


def _decide(
    req: Requirement,
    found: list[Candidate],
    fired: list[Firing],
    by_id: dict[int, Candidate],
    reports: Sequence[Facts],
    indexes: Sequence[ReportIndex],
    matcher: Matcher,
    months: int = 0,
) -> RequirementResult:
    verdicts: dict[str, list[Candidate]] = defaultdict(list)
    rules: dict[int, list[str]] = defaultdict(list)  # id(candidate) → rules that fired on it
    for f in fired:
        c = by_id.get(f.fact)
        if c is not None:
            verdicts[f.verdict].append(c)
            rules[id(c)].append(f.rule)
        else:
            verdicts.setdefault(f.verdict, [])  # a firing on the period fact (not_due)

    def ev(cands: Sequence[Candidate], limit: int = 3) -> tuple[Evidence, ...]:
        return tuple(_evidence(c, reports) for c in _unique(cands)[:limit])

    status: Status
    chosen: Candidate | None = None
    found_value: Found | None = None
    reason = ""
    implicit = False
    if req.kind in (Kind.COUNT, Kind.LEVEL):
        valued = [
            c for v in ("met", "unmet") for c in verdicts.get(v, []) if any(":target-" in r for r in rules[id(c)])
        ]
        if valued:
            chosen = max(valued, key=lambda c: (c.score, -c.sentence.index))
            met = any(r.endswith(":target-met") for r in rules[id(chosen)])
            status = Status.MET if met else Status.UNMET
            q = chosen.quantity
            assert q is not None
            value = signed_value(req, q)
            found_value = Found(value, q.unit, q.text, q.before)
            reason = _target_reason(req, value, q.unit, met, per_period_share(req, q, months))
        elif any(any(r.endswith(":implicit-once") for r in rules[id(c)]) for c in verdicts.get("met", [])):
            chosen = max(verdicts["met"], key=lambda c: c.score)
            status = Status.MET
            found_value = Found(1, req.target.unit if req.target else "", "（报告完成，按一次计）")
            reason = "报告了该项工作（至少一次）"
            implicit = True
        elif verdicts.get("partial_period"):
            chosen = verdicts["partial_period"][0]
            status = Status.PARTIAL
            q = chosen.quantity
            assert q is not None
            found_value = Found(q.value, q.unit, q.text, q.before)
            reason = f"数字只涵盖报告期的一部分（{q.period}）"
        else:
            status, chosen, reason = _by_cue(verdicts)
            if chosen is None and verdicts.get("no_number"):
                status = Status.UNEVIDENCED
                reason = "提及该项工作，但未给出数量"
    else:
        status, chosen, reason = _by_cue(verdicts)
        if chosen is None and req.kind is Kind.DOCUMENT and verdicts.get("no_document"):
            reason = "提及该项工作，但未报告印发文件"
    if status is not Status.MET and "not_due" in verdicts:
        status, reason = Status.NOT_DUE, f"期限 {req.due}，在报告期之后"
        chosen = chosen if chosen and chosen.zone is Zone.BODY else None

    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[Evidence, ...] = ()
    confidence = 0.0
    if chosen is not None and status in (Status.MET, Status.PARTIAL, Status.UNMET, Status.NOT_DUE):
        support = (
            [chosen] + [c for c in verdicts.get("met", []) if c is not chosen] if status is Status.MET else [chosen]
        )
        evidence = ev(support)
        confidence = chosen.score * (0.9 if implicit else 1.0)  # a count read from words, not a number
        if confidence < WEAK and status is Status.MET:
            reason = (reason + "；" if reason else "") + "佐证较弱（部分概念仅见于标题或上下文），请人工核对"
    if status is not Status.MET:
        candidates = _why_not(found, verdicts, reports, indexes, matcher, req, chosen)
        if not reason:
            reason = _unevidenced_reason(verdicts)
    return RequirementResult(
        req, status, reason or "正文有佐证", evidence, found_value, candidates, round(confidence, 3)
    )


def _by_cue(verdicts: dict[str, list[Candidate]]) -> tuple[Status, Candidate | None, str]:
    """Among met / in-progress / not-done verdicts, the best-scored wins; ties go to the gravest."""
    options = [(c.score, _PRIORITY[v], v, c) for v in ("met", "partial", "unmet") for c in verdicts.get(v, [])]
    if not options:
        return Status.UNEVIDENCED, None, ""
    _, _, v, c = max(options, key=lambda x: (x[0], x[1], -x[3].sentence.index))
    if v == "met":
        return Status.MET, c, ""
    if v == "partial":
        return Status.PARTIAL, c, f"正在推进，尚未完成（{c.cue_text or '进行中'}）"
    return (
        Status.UNMET,
        c,
        f"报告表明未完成（{c.cue_text}）" if c.cue_text else "期限已过仍未完成",
    )


def _unevidenced_reason(verdicts: dict[str, list[Candidate]]) -> str:
    if verdicts.get("problems"):
        return "仅在存在问题/下步打算部分提及，不作为佐证"
    if verdicts.get("planned"):
        return "报告仅表述为计划（将/计划），未报告完成"
    if verdicts.get("excluded"):
        return "相关句子含排除词，不计入"
    if verdicts.get("near"):
        return "报告只提及其中部分内容"
    return "报告正文中未见相关内容"


def _target_reason(req: Requirement, value: float, unit: str, met: bool, share: float = 1.0) -> str:
    t = req.target
    assert t is not None
    words = {">=": "不少于", ">": "多于", "<=": "不超过", "<": "少于", "==": "等于", "~": "约"}
    per = {"year": "每年", "quarter": "每季度", "month": "每月"}.get(t.per or "", "") if share > 1 else ""
    want = f"{per}{words.get(t.op, t.op)}{to_int_if_whole(t.value)}{t.unit}"
    if t.approx and t.op != "~":
        want += f"左右（容差{to_int_if_whole(tolerance(t))}{'个百分点' if t.unit == '%' else t.unit}）"
    got = f"{to_int_if_whole(value)}{unit}"
    if share > 1:  # a total over several of the target's periods
        span = f"{to_int_if_whole(round(share, 2))}{'年' if t.per == 'year' else '个' + per[1:]}"
        got = f"共{got}（{span}，折合{per}{to_int_if_whole(round(value / share, 1))}{unit}）"
    return f"报告{got}，目标{want}" + ("" if met else "，未达目标")


def _unique(cands: Sequence[Candidate]) -> list[Candidate]:
    seen: set[tuple[int, int]] = set()
    out = []
    for c in cands:
        key = (c.report, c.sentence.index)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _why_not(
    found: list[Candidate],
    verdicts: dict[str, list[Candidate]],
    reports: Sequence[Facts],
    indexes: Sequence[ReportIndex],
    matcher: Matcher,
    req: Requirement,
    chosen: Candidate | None,
) -> tuple[Evidence, ...]:
    """The nearest sentences and why each did not count."""
    out: list[Evidence] = []
    seen: set[tuple[int, int]] = set()
    if chosen is not None:
        seen.add((chosen.report, chosen.sentence.index))
    for c in found:
        key = (c.report, c.sentence.index)
        if key in seen:
            continue
        why = _why(c, req, matcher)
        if why:
            seen.add(key)
            out.append(_evidence(c, reports, why=why))
        if len(out) == 3:
            break
    if not out:
        for idx in indexes:
            for score, s in matcher.nearest(req.text, idx, k=2):
                if (idx.report, s.index) not in seen and score >= 0.15:
                    seen.add((idx.report, s.index))
                    out.append(_sentence_evidence(idx.report, s, reports, score, "字面最接近的句子；规则概念未出现"))
    return tuple(out[:3])


def _why(c: Candidate, req: Requirement, matcher: Matcher) -> str:
    if c.zone is Zone.PROBLEMS:
        return "仅见于存在问题/下步打算部分"
    if c.excluded:
        return f"含排除词「{c.excluded}」"
    if not c.covered:
        missing = [g for g, w in zip(matcher.expanded_terms(req.id), c.where, strict=True) if not w]
        names = " / ".join("|".join(g[:3]) for g in missing)
        return f"缺少：{names}"
    if c.cue is not None and c.cue.value in ("plan", "progress", "not_done"):
        return f"状态词：{c.cue_text or c.cue.value}"
    if req.kind in (Kind.COUNT, Kind.LEVEL) and c.quantity is None:
        return "该句没有与目标对应的数字"
    if req.kind is Kind.DOCUMENT and not c.has_document:
        return "该句未报告印发文件"
    return "匹配弱于所选佐证"


def _section(facts: Facts, c_sentence: Any) -> str:
    return " › ".join(f"{h.marker}{h.text}"[:40] for h in facts.heading_path(c_sentence))


def _evidence(c: Candidate, reports: Sequence[Facts], why: str = "") -> Evidence:
    return _sentence_evidence(c.report, c.sentence, reports, c.score, why, cue=c.cue, units=c.units)


def _sentence_evidence(
    report: int,
    s: Any,
    reports: Sequence[Facts],
    score: float,
    why: str = "",
    *,
    cue: Any = None,
    units: tuple[str, ...] = (),
) -> Evidence:
    facts = reports[report]
    line, col = facts.document.locate(s.start)
    quote = s.text if len(s.text) <= 160 else s.text[:157] + "…"
    return Evidence(report, line, col, quote, _section(facts, s), s.zone, score, cue, units, why)


# --------------------------------------------------------------------------- units


def _units(
    results: Sequence[ObligationResult],
    registry: Registry,
    unit: str | None,
    waived: dict[tuple[str, str | None], Waiver],
) -> tuple[UnitResult, ...]:
    """Per 责任单位: the status of every obligation it owns, gaps gravest first."""
    rows: dict[str, list[tuple[ObligationResult, str, str | None, Status]]] = {}
    for r in results:
        names = [unit] if unit else [registry.canonical(n) for n in r.obligation.owners.all()]
        for name in names:
            if name is None:
                continue
            owns = registry.roles(name, r.obligation)
            if owns is None:
                continue
            status = r.status
            if (r.obligation.id, name) in waived:
                status = Status.WAIVED
            rows.setdefault(name, [])
            if all(x[0] is not r for x in rows[name]):
                rows[name].append((r, owns[0], owns[1], status))
    out = []
    for name, items in rows.items():
        counts = {s.value: 0 for s in Status}
        gaps = []
        passes = []
        for r, role, via, status in items:
            counts[status.value] += 1
            if status in (Status.UNMET, Status.UNEVIDENCED, Status.PARTIAL):
                gaps.append(UnitGap(r.obligation.id, status, role, via))
            elif status is Status.MET:
                passes.append(r.obligation.id)
        gaps.sort(key=lambda g: (STATUS_ORDER.index(g.status.value), _ob_order(results, g.obligation)))
        out.append(UnitResult(name, counts, tuple(gaps), tuple(passes)))
    return tuple(out)


def _ob_order(results: Sequence[ObligationResult], ob_id: str) -> int:
    for i, r in enumerate(results):
        if r.obligation.id == ob_id:
            return i
    return len(results)


# --------------------------------------------------------------------------- JSON


def _target_dict(req: Requirement) -> dict[str, Any] | None:
    t = req.target
    if t is None:
        return None
    d: dict[str, Any] = {
        "op": t.op,
        "value": to_int_if_whole(t.value),
        "unit": t.unit,
        "approx": t.approx,
        "metric": t.metric,
    }
    if t.approx:
        from checker.engine import tolerance

        d["tolerance"] = tolerance(t)
    if t.per:
        d["per"] = t.per
    if t.direction:
        d["direction"] = t.direction
    return d


def to_dict(result: Result) -> dict[str, Any]:
    """The plancheck/result/v1 JSON object (SPEC.md), with added fields."""
    rs = result.ruleset
    reasons = {}
    obligations = []
    for r in result.obligations:
        ob = r.obligation
        gaps = [x for x in r.requirements if x.status is not Status.MET]
        reason = _obligation_reason(r)
        reasons[ob.id] = reason
        obligations.append(
            {
                "id": ob.id,
                "ref": ob.ref,
                "section": ob.section,
                "title": ob.title,
                "owners": ob.owners.to_dict(),
                "status": r.status.value,
                "reason": reason,
                "waiver": r.waiver,
                "requirements": [
                    {
                        "id": x.requirement.id,
                        "kind": x.requirement.kind.value,
                        "text": x.requirement.text,
                        "status": x.status.value,
                        "reason": x.reason,
                        "confidence": x.confidence,
                        "target": _target_dict(x.requirement),
                        "due": x.requirement.due,
                        "found": x.found.to_dict() if x.found else None,
                        "evidence": [e.to_dict() for e in x.evidence],
                        "candidates": [e.to_dict() for e in x.candidates],
                    }
                    for x in r.requirements
                ],
                "open": len(gaps),
            }
        )
    titles = {r.obligation.id: (r.obligation.ref, r.obligation.title) for r in result.obligations}
    units = [
        {
            "unit": u.unit,
            "counts": u.counts,
            "gaps": [
                {
                    "obligation": g.obligation,
                    "ref": titles[g.obligation][0],
                    "title": titles[g.obligation][1],
                    "status": g.status.value,
                    "role": g.role,
                    "via": g.via,
                    "reason": reasons[g.obligation],
                }
                for g in u.gaps
            ],
            "passes": list(u.passes),
        }
        for u in result.units
    ]
    return {
        "schema": "plancheck/result/v1",
        "tool": {"name": "plancheck", "version": __version__},
        "plan": {
            "id": rs.plan.id,
            "title": rs.plan.title,
            "issuer": rs.plan.issuer,
            "doc_no": rs.plan.doc_no,
            "period": rs.plan.period.to_dict() if rs.plan.period else None,
            "rules": rs.path,
            "rules_sha256": rs.sha256,
        },
        "reports": [
            {
                "path": r.path,
                "sha256": r.sha256,
                "unit": r.unit,
                "title": r.title,
                "period": r.period.to_dict() if r.period else None,
            }
            for r in result.reports
        ],
        "unit_filter": None,
        "obligations": obligations,
        "units": units,
        "summary": result.summary,
        "problems": [p.to_dict() for p in result.problems],
    }


def _obligation_reason(r: ObligationResult) -> str:
    if r.status is Status.WAIVED and r.waiver:
        return f"已豁免：{r.waiver.get('reason', '')}"
    if r.status is Status.MET:
        return "各项要求均有佐证"
    if r.status is Status.NOT_DUE:
        return "报告期内未到期"
    parts = []
    for x in r.requirements:
        if x.status is not Status.MET:
            text = x.requirement.text if len(x.requirement.text) <= 24 else x.requirement.text[:23] + "…"
            parts.append(f"「{text}」{_LABELS[x.status]}：{x.reason}")
    return "；".join(parts)


_LABELS = {
    Status.MET: "已落实",
    Status.PARTIAL: "部分落实",
    Status.UNMET: "未落实",
    Status.UNEVIDENCED: "无佐证",
    Status.NOT_DUE: "未到期",
    Status.WAIVED: "已豁免",
}
