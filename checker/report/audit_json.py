"""The audit as JSON (plancheck/audit/v1, see checker/audit.schema.json), produced piece by piece.

Everything but the per-unit results is pretty-printed; each element of `reports` (a full plancheck/result/v1
object, 30–100 kB) is written compact on one line of its own, as it is read back from the audit's spool, so
a thousand-report audit is never held in memory as one string. Deterministic: no timestamps, stable order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


def chunks(data: Mapping[str, Any], reports: Iterable[str]) -> Iterator[str]:
    """The JSON text of `data` with `reports` (compact JSON strings) as its last key, in pieces."""
    head = {k: v for k, v in data.items() if k != "reports"}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    yield text[: -len("\n}")] + ',\n  "reports": ['
    first = True
    for report in reports:
        yield ("\n    " if first else ",\n    ") + report
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def render(data: Mapping[str, Any], reports: Iterable[str] = ()) -> str:
    """The whole JSON text at once (small audits, tests)."""
    return "".join(chunks(data, reports))
