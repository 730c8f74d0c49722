"""The audit as one self-contained, printable HTML page: ranking, units × obligations matrix, one section per
unit (each starts a new printed page, ready to send back), coverage per obligation, and what could not be
attributed or read.

No scripts, fonts or links outside the file. Every string from the documents is escaped. Deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.report import audit_common as ac
from checker.report.html import CSS, e

AUDIT_CSS = """
.st-not_reported { color: #57606a; background: #f6f8fa; border-style: dashed; }
table.matrix { table-layout: auto; width: auto; font-size: 12px; }
table.matrix th.ob { writing-mode: vertical-rl; white-space: nowrap; padding: 6px 2px; font-weight: 600; }
table.matrix td.cell { text-align: center; white-space: nowrap; padding: 1px 4px; font-weight: 600; }
table.matrix td.cell.none { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #f6f8fa 3px, #f6f8fa 6px); }
table.matrix th.unit, table.ranking td.unit { white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
section.unit { break-before: page; page-break-before: always; }
section.unit:first-of-type { break-before: auto; page-break-before: auto; }
p.legend { color: var(--muted); font-size: 12px; }
@media print { @page matrix { size: A4 landscape; } section#matrix { page: matrix; } }
""".strip()


def badge(status: str, short: bool = False) -> str:
    """A colour-coded status label; `short` gives the one-character form used in the matrix."""
    text = ac.SHORT.get(status, status) if short else ac.label(status)
    return f'<span class="badge st-{e(status)}" title="{e(ac.label(status))}">{e(text)}</span>'


def render(data: Mapping[str, Any], *, color: bool = False) -> str:
    """The whole audit as one HTML document."""
    del color
    tool = data.get("tool") or {}
    generator = f"{tool.get('name', 'plancheck')} {tool.get('version', '')}".strip()
    heading = ac.title(data)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{e(generator)}">',
        f"<title>{e(heading)}</title>",
        f"<style>\n{CSS}\n{AUDIT_CSS}\n</style>",
        "</head>",
        "<body>",
        *_header(data, heading),
        *_ranking(data),
        *_matrix(data),
        *_units(data),
        *_coverage(data),
        *_leftovers(data),
        f"<footer>{e(generator)} · 结果格式 {e(data.get('schema', ''))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(data: Mapping[str, Any], heading: str) -> list[str]:
    plan = data.get("plan") or {}
    summary = data.get("summary") or {}
    rows = [
        ("计划", " ".join(e(x) for x in (plan.get("id"), plan.get("doc_no")) if x)),
        ("规则", e(plan.get("rules", "")) + (f" (sha256 {e(str(plan.get('rules_sha256', ''))[:12])})")),
    ]
    if data.get("period"):
        rows.append(("报告期间", e(f"{data['period'].get('start')} – {data['period'].get('end')}")))
    cards = [
        ("files", "报告文件", summary.get("files", 0)),
        ("units", "已检查单位", summary.get("units", 0)),
        ("not_reported", "未报送", summary.get("not_reported", 0)),
        ("unresolved", "单位不明", summary.get("unresolved", 0)),
        ("owns_nothing", "无对应义务", summary.get("owns_nothing", 0)),
        ("errors", "无法读取", summary.get("errors", 0)),
    ]
    cells = summary.get("cells") or {}
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return [
        "<header>",
        f"<h1>{e(heading)}</h1>",
        f'<dl class="meta">{meta}</dl>',
        "</header>",
        '<section id="summary">',
        "<h2>概况</h2>",
        '<ul class="cards">'
        + "".join(f'<li data-key="{k}"><span class="n">{n}</span>{e(t)}</li>' for k, t, n in cards)
        + "</ul>",
        '<ul class="cards">'
        + "".join(
            f'<li class="st-{s}" data-status="{s}"><span class="n">{cells.get(s, 0)}</span>{e(ac.label(s))}</li>'
            for s in ac.STATUSES
        )
        + "</ul>",
        '<p class="legend">矩阵格数：每个单位对其负责的每项义务的状态；未报送的单位计为“未报送”。</p>',
        "</section>",
    ]


def _unit_anchor(i: int) -> str:
    return f"unit-{i + 1}"


def _ranking(data: Mapping[str, Any]) -> list[str]:
    ranking = data.get("ranking") or []
    if not ranking:
        return []
    anchors = {u["unit"]: _unit_anchor(i) for i, u in enumerate(data.get("units") or [])}
    head = "".join(f'<th class="num">{e(ac.label(s))}</th>' for s in ac.STATUSES[:-1])
    rows = []
    for r in ranking:
        nums = "".join(f'<td class="num">{r.get(s, 0)}</td>' for s in ac.STATUSES[:-1])
        rows.append(
            f'<tr data-unit="{e(r["unit"])}"><td class="num">{r["rank"]}</td>'
            f'<td class="unit"><a href="#{anchors.get(r["unit"], "")}">{e(r["unit"])}</a></td>{nums}'
            f'<td class="num">{r["open"]}/{r["owned"]}</td></tr>'
        )
    return [
        '<section id="ranking">',
        "<h2>单位排名（按缺口轻重：未落实、无佐证、部分落实）</h2>",
        '<table class="ranking"><thead><tr><th class="num">名次</th><th>责任单位</th>'
        f'{head}<th class="num">缺口/义务</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _matrix(data: Mapping[str, Any]) -> list[str]:
    matrix = data.get("matrix") or {}
    obligations = matrix.get("obligations") or []
    units = matrix.get("units") or []
    if not units:
        return []
    head = "".join(
        f'<th class="ob" title="{e(o.get("title", ""))}"><a href="#cov-{e(o["id"])}">{e(o.get("ref") or o["id"])}</a></th>'
        for o in obligations
    )
    rows = []
    for unit, cells in zip(units, matrix.get("cells") or [], strict=True):
        tds = "".join(
            '<td class="cell none"></td>'
            if c is None
            else f'<td class="cell st-{e(c)}" data-status="{e(c)}" title="{e(ac.label(c))}">{e(ac.SHORT.get(c, c))}</td>'
            for c in cells
        )
        cls = "" if unit.get("reported") else ' class="missing"'
        rows.append(f'<tr{cls} data-unit="{e(unit["unit"])}"><th class="unit">{e(unit["unit"])}</th>{tds}</tr>')
    return [
        '<section id="matrix">',
        "<h2>单位 × 义务矩阵</h2>",
        '<p class="legend">列为计划中的义务（编号，悬停可见事项）；空格表示该单位不负责此项。'
        + "；".join(f"{badge(s, short=True)} {e(ac.label(s))}" for s in ac.STATUSES)
        + "</p>",
        f'<table class="matrix"><thead><tr><th>责任单位</th>{head}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _units(data: Mapping[str, Any]) -> list[str]:
    out = ['<section id="units">', "<h2>各单位缺口清单</h2>"]
    for i, unit in enumerate(data.get("units") or []):
        items = unit.get("items") or []
        facts = [ac.counts_text(unit.get("counts") or {})]
        if unit.get("reported"):
            facts.append("单位来源：" + ac.sources_text(unit))
            facts.append("报告：" + "、".join(unit.get("reports") or []))
        else:
            facts.append("未收到该单位的报告" + ("（按组别列出）" if unit.get("group") else ""))
        rows = []
        for it in items:
            quote, where, counted = ac.quote_text(it)
            q = ""
            if quote:
                label = "" if counted else '<span class="why">（最接近的原文，不计为佐证）</span>'
                q = f'<blockquote class="quote{"" if counted else " cand"}"><span class="loc">{e(where)}</span> {e(quote)}{label}</blockquote>'
            rows.append(
                f'<tr class="item" data-status="{e(it["status"])}" data-obligation="{e(it["obligation"])}">'
                f'<td class="ref">{e(it.get("ref", ""))}</td><td>{e(it.get("title", ""))}</td>'
                f'<td class="st">{badge(it["status"])}</td><td>{e(ac.role_text(it))}</td>'
                f"<td>{e(it.get('reason', ''))}{q}</td></tr>"
            )
        out += [
            f'<section class="unit" id="{_unit_anchor(i)}" data-unit="{e(unit["unit"])}">',
            f"<h3>{e(unit['unit'])}</h3>",
            "".join(f'<p class="counts">{e(f)}</p>' for f in facts),
            '<table class="gaps"><colgroup><col style="width:8%"><col style="width:24%"><col style="width:10%">'
            '<col style="width:14%"><col style="width:44%"></colgroup>',
            "<thead><tr><th>编号</th><th>事项</th><th>状态</th><th>角色</th><th>原因与原文（文件:行:列）</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
            "</section>",
        ]
    out.append("</section>")
    return out


def _coverage(data: Mapping[str, Any]) -> list[str]:
    rows = []
    for c in data.get("coverage") or []:
        counts = c.get("counts") or {}
        nums = "".join(f'<td class="num">{counts.get(s, 0)}</td>' for s in ac.STATUSES)
        rate = c.get("met_rate")
        missing = "、".join((c.get("units") or {}).get("not_reported") or [])
        rows.append(
            f'<tr id="cov-{e(c["obligation"])}" data-obligation="{e(c["obligation"])}"><td class="ref">{e(c.get("ref", ""))}</td>'
            f"<td>{e(c.get('title', ''))}</td>{nums}"
            f'<td class="num">{"—" if rate is None else f"{rate:.0%}"}</td><td>{e(missing)}</td></tr>'
        )
    head = "".join(f'<th class="num">{e(ac.label(s))}</th>' for s in ac.STATUSES)
    return [
        '<section id="coverage">',
        "<h2>各项义务的落实面</h2>",
        f'<table class="coverage"><thead><tr><th>编号</th><th>事项</th>{head}<th class="num">落实率</th>'
        "<th>未报送的责任单位</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _table(section: str, heading: str, headers: list[str], rows: list[list[Any]]) -> list[str]:
    if not rows:
        return []
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return [
        f'<section id="{section}">',
        f"<h2>{e(heading)}</h2>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
        "</section>",
    ]


def _leftovers(data: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    out += _table(
        "unresolved",
        "单位不明的报告（请在报送清单中指明单位）",
        ["文件", "标题", "疑似单位", "原因"],
        [
            [u["path"], u.get("title", ""), u.get("candidate", ""), u.get("reason", "")]
            for u in data.get("unresolved") or []
        ],
    )
    out += _table(
        "owns-nothing",
        "单位不负责任何义务的报告",
        ["文件", "单位", "单位来源"],
        [
            [u["path"], u.get("unit", ""), ac.SOURCES.get(str(u.get("source")), u.get("source", ""))]
            for u in data.get("owns_nothing") or []
        ],
    )
    out += _table(
        "errors", "无法读取的文件", ["文件", "原因"], [[x["path"], x["message"]] for x in data.get("errors") or []]
    )
    out += _table(
        "problems",
        "提示",
        ["级别", "内容"],
        [[p.get("severity", ""), p.get("message", "")] for p in data.get("problems") or []],
    )
    return out
