"""A self-contained, printable HTML report: summary, each 责任单位's gaps, every obligation with its evidence.

No scripts, fonts or links to anything outside the file, so it can be mailed to a unit or printed on A4.
Every string from the result is escaped: quotes come from untrusted documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from checker.report import common
from checker.report.common import Result

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--ink); font-size: 14px; line-height: 1.55;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 20px 0 6px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; color: var(--muted); }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
ul.cards { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0 0 6px; }
ul.cards li { min-width: 118px; padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); }
ul.cards .n { display: block; font-size: 24px; font-weight: 700; line-height: 1.2; }
ul.cards .k { display: block; color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 4px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
td.ref, td.st { white-space: nowrap; }
table.gaps, table.obligations { table-layout: fixed; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; border: 1px solid currentColor;
  font-size: 12px; font-weight: 600; white-space: nowrap; }
.st-unmet { color: #a40e26; background: #ffebe9; }
.st-unevidenced { color: #9a3412; background: #fff1e5; }
.st-partial { color: #7d4e00; background: #fff8c5; }
.st-met { color: #116329; background: #dafbe1; }
.st-not_due { color: #0550ae; background: #ddf4ff; }
.st-waived { color: #57606a; background: #eaeef2; }
.weak { color: #a40e26; font-weight: 700; }
.muted, .loc, .why, .kind { color: var(--muted); }
.loc { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
blockquote.quote { margin: 3px 0; padding: 2px 8px; border-left: 3px solid var(--line);
  font-family: "Songti SC", "STSong", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
blockquote.cand { border-left-style: dashed; color: var(--muted); }
ul.reqs { margin: 4px 0 0; padding-left: 18px; }
ul.reqs li { margin-bottom: 4px; }
nav.toc { margin: 0 0 8px; } nav.toc a { margin-right: 12px; white-space: nowrap; }
p.counts { margin: 0 0 4px; color: var(--muted); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.toc { display: none; }
  ul.cards { flex-wrap: nowrap; gap: 4px; }
  ul.cards li { min-width: 0; flex: 1 1 0; padding: 4px 6px; }
  ul.cards .n { font-size: 16pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, blockquote, ul.cards li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
""".strip()


def e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape(str(value if value is not None else ""), quote=True)


def badge(status: str, *, weak: bool = False) -> str:
    """A colour-coded status label; colour is never the only signal (the label is the text)."""
    mark = f' <span class="weak" title="{e(common.WEAK_NOTE)}">{e(common.WEAK_MARK)}</span>' if weak else ""
    return f'<span class="badge st-{e(status)}">{e(common.label(status))}</span>{mark}'


def render(result: Mapping[str, Any], *, color: bool = False, fail_on: str = "unevidenced") -> str:
    """The whole report as one HTML document; deterministic (no timestamps)."""
    del color, fail_on
    tool = result.get("tool") or {}
    generator = f"{tool.get('name', 'plancheck')} {tool.get('version', '')}".strip()
    title = f"检查结果：{common.plan_title(result)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{e(generator)}">',
        f"<title>{e(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        *_header(result, title),
        *_summary(result),
        *_units(result),
        *_obligations(result),
        *_problems(result),
        f"<footer>{e(generator)} · 结果格式 {e(result.get('schema', ''))}{_rules_note(result)}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _rules_note(result: Result) -> str:
    plan = result.get("plan") or {}
    if not plan.get("rules"):
        return ""
    sha = str(plan.get("rules_sha256") or "")
    return f" · 规则 {e(plan['rules'])}" + (f" (sha256 {e(sha[:12])})" if sha else "")


def _header(result: Result, title: str) -> list[str]:
    plan = result.get("plan") or {}
    rows: list[tuple[str, str]] = [("计划", " ".join(e(x) for x in (plan.get("id"), plan.get("doc_no")) if x))]
    if plan.get("issuer"):
        rows.append(("发文单位", e(plan["issuer"])))
    for report in result.get("reports") or []:
        text = e(report.get("path", ""))
        if report.get("title"):
            text += f"「{e(report['title'])}」"
        if report.get("unit"):
            text += f" · 单位 {e(report['unit'])}"
        rows.append(("报告", text))
        rows.append(("期间", e(common.period_text(report.get("period") or plan.get("period")))))
    if result.get("unit_filter"):
        rows.append(("只看责任单位", e(result["unit_filter"])))
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return ["<header>", f"<h1>{e(title)}</h1>", f'<dl class="meta">{meta}</dl>', "</header>"]


def _summary(result: Result) -> list[str]:
    counts = common.summary_counts(result)
    cards = "".join(
        f'<li class="st-{s}" data-status="{s}"><span class="n">{counts[s]}</span>{e(common.label(s))}'
        f'<span class="k">{s}</span></li>'
        for s in common.STATUSES
    )
    units = result.get("units") or []
    with_gaps = sum(1 for u in units if common.has_gap(common.unit_items(result, u)))
    return [
        '<section id="summary">',
        "<h2>概况</h2>",
        f'<ul class="cards">{cards}</ul>',
        f'<p>共 <span id="total">{counts["obligations"]}</span> 项义务；'
        f"{len(units)} 个责任单位中 {with_gaps} 个有缺口（未落实、无佐证或部分落实）。</p>",
        "</section>",
    ]


def _unit_id(i: int) -> str:
    return f"unit-{i + 1}"


def _ob_link(ob: Mapping[str, Any]) -> str:
    return f'<a href="#ob-{e(ob.get("id", ""))}">{e(ob.get("ref", ""))}</a>'


def _units(result: Result) -> list[str]:
    units = result.get("units") or []
    if not units:
        return []
    out = ['<section id="units">', "<h2>各责任单位的缺口</h2>"]
    sections: list[str] = []
    toc: list[str] = []
    clean: list[str] = []
    for i, unit in enumerate(units):
        name = str(unit.get("unit", ""))
        items = common.unit_items(result, unit)
        counts = common.counts_text(unit.get("counts") or {})
        gaps = [it for it in common.gaps_first(items) if it.status in common.GAP_STATUSES]
        if not gaps:
            clean.append(f"<li>{e(name)} <span class='muted'>（{e(counts)}）</span></li>")
            continue
        toc.append(f'<a href="#{_unit_id(i)}">{e(name)}</a>')
        rows = []
        for it in gaps:
            weak = it.status in ("met", "partial") and common.has_weak_evidence(it.obligation)
            rows.append(
                f'<tr class="gap" data-status="{e(it.status)}" data-obligation="{e(it.obligation.get("id", ""))}">'
                f'<td class="ref">{_ob_link(it.obligation)}</td><td>{e(it.obligation.get("title", ""))}</td>'
                f'<td class="st">{badge(it.status, weak=weak)}</td><td class="role">{e(common.role_label(it.role))}'
                + (f'<br><span class="muted">经 {e(it.via)}</span>' if it.via else "")
                + f"</td><td>{e(it.reason)}</td></tr>"
            )
        section = [
            f'<section class="unit" id="{_unit_id(i)}" data-unit="{e(name)}">',
            f"<h3>{e(name)}</h3>",
            f'<p class="counts">{e(counts)}</p>',
            '<table class="gaps"><colgroup><col style="width:8%"><col style="width:27%"><col style="width:12%">'
            '<col style="width:17%"><col style="width:36%"></colgroup>',
            "<thead><tr><th>编号</th><th>事项</th><th>状态</th><th>角色</th><th>原因</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
        ]
        skipped = [it for it in items if it.status in common.SKIP_STATUSES]
        if skipped:
            text = "；".join(f"{_ob_link(it.obligation)} {e(common.label(it.status))}" for it in skipped)
            section.append(f'<p class="muted skipped">不计入缺口：{text}</p>')
        passes = [it for it in items if it.status == "met"]
        if passes:
            text = "、".join(f"{_ob_link(it.obligation)} {e(it.obligation.get('title', ''))}" for it in passes)
            section.append(f'<p class="muted passes">已落实：{text}</p>')
        section.append("</section>")
        sections.extend(section)
    if toc:
        out.append(f'<nav class="toc">{"".join(toc)}</nav>')
    out.extend(sections)
    if clean:
        out += ['<section class="unit-clean" id="units-clean">', "<h3>无缺口的单位</h3>", f"<ul>{''.join(clean)}</ul>"]
        out.append("</section>")
    out.append("</section>")
    return out


def _quote(ev: Mapping[str, Any], result: Result, *, candidate: bool = False) -> str:
    weak = not candidate and common.is_weak(ev)
    mark = f'<span class="weak" title="{e(common.WEAK_NOTE)}">{e(common.WEAK_MARK)}</span> ' if weak else ""
    cls = "quote cand" if candidate else "quote"
    extra = ""
    if candidate:
        why = ev.get("why") or ""
        zone = ev.get("zone")
        bits = [str(why)] if why else []
        if zone and zone != "body":
            bits.append("位于" + common.ZONES.get(str(zone), str(zone)))
        extra = (
            f' <span class="why">（不计：{e("；".join(bits))}）</span>'
            if bits
            else ' <span class="why">（不计）</span>'
        )
    elif weak:
        extra = f' <span class="why">（{e(common.WEAK_NOTE)}）</span>'
    return (
        f'<blockquote class="{cls}">{mark}<span class="loc">{e(common.location(ev, result))}</span> '
        f"{e(common.one_line(str(ev.get('quote', ''))))}{extra}</blockquote>"
    )


def _requirement(req: Mapping[str, Any], result: Result) -> str:
    status = str(req.get("status", ""))
    kind = str(req.get("kind", ""))
    head = f"{badge(status)} <span class='kind'>{e(common.KINDS.get(kind, kind))}</span>"
    head += f" {e(req.get('text', ''))}"
    facts = []
    if req.get("target"):
        facts.append(f"目标 {e(common.target_text(req['target']))}")
    if req.get("due"):
        facts.append(f"期限 {e(req['due'])}")
    if req.get("found"):
        facts.append(f"实际 {e(common.found_text(req['found']))}")
    if req.get("reason"):
        facts.append(e(req["reason"]))
    body = f'<div class="muted">{"；".join(facts)}</div>' if facts else ""
    quotes = "".join(_quote(ev, result) for ev in req.get("evidence") or [])
    if not req.get("evidence"):
        quotes += "".join(_quote(c, result, candidate=True) for c in req.get("candidates") or [])
    return f'<li data-requirement="{e(req.get("id", ""))}">{head}{body}{quotes}</li>'


def _obligations(result: Result) -> list[str]:
    rows = []
    for ob in result.get("obligations") or []:
        status = str(ob.get("status", ""))
        weak = status in ("met", "partial") and common.has_weak_evidence(ob)
        detail = f'<div class="reason">{e(ob.get("reason", ""))}</div>' if ob.get("reason") else ""
        waiver = ob.get("waiver")
        if waiver:
            expires = f"；有效期至 {e(waiver['expires'])}" if waiver.get("expires") else ""
            detail += (
                f'<div class="waiver muted">豁免理由：{e(waiver.get("reason", ""))}；'
                f"批准：{e(waiver.get('approved_by', ''))}{expires}</div>"
            )
        reqs = "".join(_requirement(r, result) for r in ob.get("requirements") or [])
        if reqs:
            detail += f'<ul class="reqs">{reqs}</ul>'
        section = f'<div class="muted">{e(ob.get("section", ""))}</div>' if ob.get("section") else ""
        rows.append(
            f'<tr id="ob-{e(ob.get("id", ""))}" data-status="{e(status)}">'
            f'<td class="ref">{e(ob.get("ref", ""))}</td>'
            f"<td>{e(ob.get('title', ''))}{section}</td>"
            f"<td>{e(common.owners_text(ob))}</td>"
            f'<td class="st">{badge(status, weak=weak)}</td>'
            f"<td>{detail}</td></tr>"
        )
    return [
        '<section id="obligations">',
        "<h2>义务与佐证</h2>",
        '<table class="obligations"><colgroup><col style="width:8%"><col style="width:17%"><col style="width:15%">'
        '<col style="width:11%"><col style="width:49%"></colgroup>',
        "<thead><tr><th>编号</th><th>事项</th><th>责任单位</th><th>状态</th>"
        "<th>原因、要求与佐证（行:列）</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _problems(result: Result) -> list[str]:
    problems = result.get("problems") or []
    if not problems:
        return []
    items = []
    for p in problems:
        where = str(p.get("source") or "")
        if where and p.get("line"):
            where += f":{p['line']}" + (f":{p['col']}" if p.get("col") else "")
        code = f" [{e(p['code'])}]" if p.get("code") else ""
        items.append(
            f'<li data-severity="{e(p.get("severity", ""))}"><b>{e(p.get("severity", ""))}</b> '
            f'<span class="loc">{e(where)}</span>{code} {e(p.get("message", ""))}</li>'
        )
    return ['<section id="problems">', "<h2>问题</h2>", f"<ul>{''.join(items)}</ul>", "</section>"]
