"""`plancheck explain`: why one obligation got its status — concepts tried, candidates, numbers, rules fired."""

from __future__ import annotations

from io import StringIO
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checker.report.common import LABELS

OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "~": "≈"}


def render_explain(obligation: dict[str, Any], trace: dict[str, dict[str, Any]], *, color: bool) -> str:
    """Text for one obligation of a result dict plus the engine trace of its requirements."""
    buf = StringIO()
    console = Console(
        file=buf, width=120, color_system="standard" if color else None, force_terminal=color, highlight=False
    )
    label = LABELS.get(obligation["status"], obligation["status"])
    console.print(
        f"[bold]{escape(obligation['ref'])} {escape(obligation['title'])}[/]  →  {label} ({obligation['status']})"
    )
    owners = obligation["owners"]
    console.print(f"owners: lead {'、'.join(owners['lead']) or '-'}; support {'、'.join(owners['support']) or '-'}")
    for req in obligation["requirements"]:
        t = trace.get(req["id"], {})
        console.print()
        console.print(f"[bold]{escape(req['id'])}[/] {req['kind']}  {escape(req['text'])}")
        terms = t.get("terms") or []
        console.print(
            "  concepts (all must occur): "
            + "  AND  ".join("[" + " | ".join(escape(x) for x in g) + "]" for g in terms)
        )
        if req.get("target"):
            tg = req["target"]
            console.print(
                f"  target: {OPS.get(tg['op'], tg['op'])} {tg['value']}{tg.get('unit', '')}"
                + (f" (±{tg['tolerance']})" if tg.get("tolerance") else "")
            )
        if req.get("due"):
            console.print(f"  due: {req['due']}")
        cands = t.get("candidates") or []
        if cands:
            table = Table(show_lines=False, box=None, pad_edge=False)
            for col in ("#", "score", "zone", "where", "cue", "number", "quote"):
                table.add_column(col, overflow="fold", max_width=70 if col == "quote" else None)
            for i, c in enumerate(cands, 1):
                q = c.quantity
                number = (
                    "-"
                    if q is None
                    else f"{q.value:g}{q.unit}" + (f" (before {q.before:g})" if q.before is not None else "")
                )
                table.add_row(
                    str(i),
                    f"{c.score:.2f}",
                    c.zone.value,
                    ",".join(w or "—" for w in c.where),
                    c.cue.value if c.cue else "-",
                    number,
                    escape(c.sentence.text[:120]),
                )
            console.print("  candidate sentences:")
            console.print(table)
        else:
            console.print("  candidate sentences: none contain any of the concepts")
        fired = t.get("fired") or []
        if fired:
            console.print("  rules fired: " + "; ".join(f"{escape(r)} → {v} (fact #{f})" for r, v, f in fired))
        else:
            console.print("  rules fired: none")
        console.print(f"  decision: [bold]{req['status']}[/] — {escape(req['reason'])}")
        for c in req.get("candidates") or []:
            console.print(
                f"    not counted: L{c['line']}:{c['col']} {escape(c['quote'][:80])} — {escape(c.get('why', ''))}"
            )
    return buf.getvalue()
