"""`plancheck facts` as text: the facts of one report (the `facts.to_dict` data) for people debugging rules.

Title and period first, then the sections tree with problems zones marked, the zones, and tables of the
quantities, dates, document numbers, units, cited documents and status cues, each with its source line.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

WIDTH = 100
_CUE_STYLE = {"done": "green", "progress": "yellow", "not_done": "red", "plan": "cyan"}


def render_facts_text(data: dict[str, Any], *, color: bool) -> str:
    """The facts as a readable page; ANSI colour only when `color` is true."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=WIDTH,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
    )
    _header(console, data)
    _sections(console, data)
    _zones(console, data)
    _quantities(console, data)
    _dates(console, data)
    _mentions(console, data)
    _cues(console, data)
    _problems(console, data)
    return buf.getvalue()


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_edge=False, pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _header(console: Console, data: dict[str, Any]) -> None:
    console.print(Text(data["title"] or "(no title found)", style="bold"))
    doc = data["document"]
    console.print(Text(f"{doc['path']} ({doc['format']})", style="dim"))
    period = data["period"]
    when = f"{period['start']} – {period['end']} (from the {period['source']})" if period else "unknown"
    console.print(Text.assemble(("period: ", "bold"), when))
    if data.get("issuer") or data.get("unit"):
        unit = data.get("unit") or "— (the whole report)"
        console.print(Text.assemble(("unit: ", "bold"), unit, ("   issuer: ", "bold"), data.get("issuer") or "—"))
    for k, title in enumerate(data["parts"]):
        console.print(Text.assemble((f"part {k + 1}: ", "bold"), title))
    n = len(data["sentences"])
    problems = sum(1 for s in data["sentences"] if s["zone"] == "problems")
    front = sum(1 for s in data["sentences"] if s["zone"] == "front")
    console.print(
        Text(
            f"{n} sentences, {problems} in problems zones, {front} front matter, {len(data['headings'])} headings",
            style="dim",
        )
    )
    console.print()


def _sections(console: Console, data: dict[str, Any]) -> None:
    headings = data["headings"]
    if not headings:
        return
    zone_at = {s["start"]: s["zone"] for s in data["sentences"] if s["is_heading"]}
    tree = Tree(Text("sections", style="bold"))
    nodes: dict[int, Tree] = {}
    for h in headings:
        label = Text.assemble((h["marker"], "bold"), _clip(h["text"], 60), (f"  :{h['line']}", "dim"))
        if zone_at.get(h["start"], "body") != "body":
            label.append(f"  [{zone_at[h['start']]}]", style="magenta")
        parent = nodes.get(h["parent"]) if h["parent"] is not None else None
        nodes[h["index"]] = (parent or tree).add(label)
    console.print(tree)
    console.print()


def _zones(console: Console, data: dict[str, Any]) -> None:
    if not data["zones"]:
        return
    table = _table("problems / next-step / front-matter zones (not evidence)", "lines", "sentences", "opened by")
    for z in data["zones"]:
        table.add_row(f"{z['line']}–{z['end_line']}", f"{z['first']}–{z['last']}", z["opened_by"])
    console.print(table)
    console.print()


def _quantities(console: Console, data: dict[str, Any]) -> None:
    if not data["quantities"]:
        return
    table = _table("quantities", "line", "value", "unit", "text", "notes")
    for q in data["quantities"]:
        notes = [
            note
            for note, on in (
                ("≈", q.get("approx")),
                (str(q.get("comparator")), q.get("comparator")),
                (f"before {q.get('before')}", q.get("before") is not None),
                (str(q.get("direction")), q.get("direction")),
                (f"per {q.get('per')}", q.get("per")),
                (str(q.get("period")), q.get("period")),
            )
            if on
        ]
        table.add_row(str(q["line"]), str(q["value"]), q["unit"], q["text"], " ".join(notes))
    console.print(table)
    console.print()


def _dates(console: Console, data: dict[str, Any]) -> None:
    if not data["dates"] and not data["doc_numbers"]:
        return
    table = _table("dates and document numbers", "line", "text", "reads as", "notes")
    for d in data["dates"]:
        ymd = "-".join(str(x) for x in (d.get("year"), d.get("month"), d.get("day")) if x is not None)
        notes = Text(d.get("kind", ""))
        if d.get("candidate"):
            notes.append(" candidate " + (d.get("note") or ""), style="yellow")
        table.add_row(str(d["line"]), d["text"], ymd, notes)
    for n in data["doc_numbers"]:
        table.add_row(str(n["line"]), n["text"], "", "document number")
    console.print(table)
    console.print()


def _mentions(console: Console, data: dict[str, Any]) -> None:
    units = [m for m in data["mentions"] if m["kind"] == "unit"]
    if units:
        counts = Counter(m["unit"] or m["text"] for m in units)
        first: dict[str, int] = {}
        for m in units:
            first.setdefault(m["unit"] or m["text"], m["line"])
        table = _table("units named", "unit", "times", "first line", "registry")
        for name, count in sorted(counts.items(), key=lambda kv: first[kv[0]]):
            resolved = any(m["unit"] == name for m in units)
            table.add_row(name, str(count), str(first[name]), "yes" if resolved else "")
        console.print(table)
        console.print()
    documents = [m for m in data["mentions"] if m["kind"] == "document"]
    if documents:
        table = _table("documents cited", "line", "title")
        for m in documents:
            table.add_row(str(m["line"]), m["text"])
        console.print(table)
        console.print()


def _cues(console: Console, data: dict[str, Any]) -> None:
    rows = [(s, c) for s in data["sentences"] for c in s["clauses"] if c.get("cue") and c["cue"] != "done"]
    if not rows:
        return
    table = _table("status cues other than done", "line", "cue", "words", "clause", "zone")
    for s, c in rows:
        table.add_row(
            str(c["line"]),
            Text(c["cue"], style=_CUE_STYLE.get(c["cue"], "")),
            c["cue_text"],
            _clip(c["text"], 40),
            s["zone"],
        )
    console.print(table)
    console.print()


def _problems(console: Console, data: dict[str, Any]) -> None:
    for p in data["problems"]:
        where = f"{p['source']}:{p['line']}: " if p["line"] else ""
        console.print(Text(f"{p['severity']}: {where}{p['message']}", style="yellow"))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
