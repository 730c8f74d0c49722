"""JUnit XML for CI: one test suite per 责任单位, one test case per obligation it owns.

A case fails when the unit's status is at or below --fail-on (the rule `exit_code` uses), and is skipped when
the obligation is not due or waived, so the CI page shows the same gaps the exit code acted on.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from checker.report import common
from checker.report.common import Result, UnitItem

# Characters XML 1.0 cannot carry at all; scraped documents do contain them (form feeds, NULs from PDFs).
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: Any) -> str:
    """`text` with the characters XML 1.0 forbids removed (ElementTree escapes the rest)."""
    return _INVALID_XML.sub("", str(text if text is not None else ""))


def render(result: Mapping[str, Any], *, color: bool = False, fail_on: str = "unevidenced") -> bytes:
    """UTF-8 bytes with an XML declaration; deterministic."""
    del color
    common.check_fail_on(fail_on)
    plan = result.get("plan") or {}
    plan_id = str(plan.get("id") or "plan")
    root = ET.Element("testsuites", {"name": clean(f"plancheck {plan_id}")})
    units = result.get("units") or []
    if units:
        for unit in units:
            _suite(root, result, str(unit.get("unit", "")), common.unit_items(result, unit), plan_id, fail_on)
    else:
        # No unit registry: still one case per obligation, so CI shows the gaps.
        _suite(root, result, plan_id, _plan_items(result), plan_id, fail_on)
    totals = {k: sum(int(s.get(k, "0")) for s in root) for k in ("tests", "failures", "errors", "skipped")}
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _plan_items(result: Result) -> list[UnitItem]:
    return [
        UnitItem(ob, i, str(ob.get("status", "")), "lead", None, str(ob.get("reason") or ""))
        for i, ob in enumerate(result.get("obligations") or [])
    ]


def _suite(root: ET.Element, result: Result, name: str, items: list[UnitItem], plan_id: str, fail_on: str) -> None:
    suite = ET.SubElement(root, "testsuite", {"name": clean(name)})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "plan", "value": clean(plan_id)})
    ET.SubElement(props, "property", {"name": "fail_on", "value": fail_on})
    failures = skipped = 0
    for it in items:
        ob = it.obligation
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": clean(plan_id), "name": clean(common.one_line(f"{ob.get('ref', '')} {ob.get('title', '')}"))},
        )
        message = clean(f"{it.status}: {common.one_line(it.reason)}" if it.reason else it.status)
        details = clean(_details(it, result))
        if it.status in common.SKIP_STATUSES:
            ET.SubElement(case, "skipped", {"message": message}).text = details
            skipped += 1
        elif common.is_failure(it.status, fail_on):
            ET.SubElement(case, "failure", {"message": message, "type": it.status}).text = details
            failures += 1
        else:
            ET.SubElement(case, "system-out").text = details
    suite.set("tests", str(len(items)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))


def _details(it: UnitItem, result: Result) -> str:
    """What a developer reading the CI page needs: status, role, reason, the evidence or the nearest text."""
    ob = it.obligation
    lines = [
        f"{common.label(it.status)} ({it.status}) · {common.role_label(it.role, it.via)}",
    ]
    if it.reason:
        lines.append(f"原因: {common.one_line(it.reason)}")
    waiver = ob.get("waiver")
    if waiver:
        lines.append(
            f"豁免: {common.one_line(str(waiver.get('reason', '')))}; 批准: {waiver.get('approved_by', '')}"
            + (f"; 有效期至 {waiver['expires']}" if waiver.get("expires") else "")
        )
    for req in ob.get("requirements") or []:
        line = (
            f"[{req.get('id', '')}] {common.label(str(req.get('status', '')))}: {common.one_line(req.get('text', ''))}"
        )
        if req.get("reason"):
            line += f" — {common.one_line(req['reason'])}"
        lines.append(line)
        for ev in req.get("evidence") or []:
            weak = f" {common.WEAK_MARK} {common.WEAK_NOTE}" if common.is_weak(ev) else ""
            lines.append(f"    {common.location(ev, result)} {common.truncate(str(ev.get('quote', '')), 120)}{weak}")
        if not req.get("evidence"):
            for c in req.get("candidates") or []:
                why = f" (不计: {c['why']})" if c.get("why") else " (不计)"
                lines.append(
                    f"    最接近 {common.location(c, result)} {common.truncate(str(c.get('quote', '')), 120)}{why}"
                )
    return "\n".join(lines)
