"""The audit as JSON (plancheck/audit/v1, see checker/audit.schema.json), produced piece by piece.

Everything but the two large arrays is pretty-printed. `units` (each unit's digest) and `reports` (each unit's
full plancheck/result/v1 object, 30–100 kB) come last, one compact object per line, streamed as they are read
back from the audit's spool: a thousand-report audit is never one string in memory. Deterministic: no
timestamps, stable order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from checker.report.jsonout import dumps

_LARGE = ("units", "reports")


def _compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def chunks(
    data: Mapping[str, Any], units: Iterable[str] | None = None, reports: Iterable[str] | None = None
) -> Iterator[str]:
    """The JSON text of `data` in pieces; `units` and `reports` (compact JSON strings) replace data's own lists."""
    head = {k: v for k, v in data.items() if k not in _LARGE}
    yield dumps(head)[: -len("\n}")]
    for key, items in (("units", units), ("reports", reports)):
        lines = items if items is not None else map(_compact, data.get(key) or [])
        yield f',\n  "{key}": ['
        first = True
        for line in lines:
            yield ("\n    " if first else ",\n    ") + line
            first = False
        yield "]" if first else "\n  ]"
    yield "\n}\n"


def render(data: Mapping[str, Any], *, color: bool = False) -> str:
    """The whole JSON text at once (small audits, tests)."""
    del color
    return "".join(chunks(data))
