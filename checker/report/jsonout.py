"""The result as JSON: the plancheck/result/v1 contract, keys in the order the engine gave them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def render(result: Mapping[str, Any], *, color: bool = False, fail_on: str = "unevidenced") -> str:
    """Pretty JSON with Chinese kept readable (ensure_ascii off) and a final newline; deterministic."""
    del color, fail_on  # the contract is the same whatever the terminal or the gate
    return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
