"""The pipeline behind the CLI: documents → plan → rules → facts → engine → findings → renderers.

Each function here is what one command does, minus option parsing and exit handling (cli.py).
Stage modules are imported inside the functions so that a command loads only what it uses.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from checker.errors import InputError, UsageError
from checker.model import Period, Problem

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2}))?$")


def parse_period(text: str | None) -> Period | None:
    """`2019` → the calendar year; `2019-01-01..2019-06-30` → that range."""
    if text is None:
        return None
    m = _PERIOD_RE.match(text.strip())
    if not m:
        raise UsageError(f"bad --period {text!r}", hint="use a year (2019) or a range (2019-01-01..2019-06-30)")
    if m.group(2) is None:
        return Period(f"{m.group(1)}-01-01", f"{m.group(1)}-12-31", source="option")
    try:
        start = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        end = date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError as e:
        raise UsageError(f"bad --period {text!r}: {e}") from None
    if end < start:
        raise UsageError(f"bad --period {text!r}: the end is before the start")
    return Period(start.isoformat(), end.isoformat(), source="option")


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
