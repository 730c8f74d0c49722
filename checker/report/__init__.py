"""Renderers: a result (the plancheck/result/v1 dict, see checker/result.schema.json) → text/json/md/html/junit/xlsx.

This package is the only place that imports rich. Each format lives in its own module and is imported only when
asked for, so rendering JSON never loads rich and nothing loads openpyxl unless xlsx is wanted.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from checker.report.common import FAIL_ON, exit_code, is_failure

__all__ = ["AUDIT_FORMATS", "FAIL_ON", "FORMATS", "exit_code", "is_failure", "render", "render_audit"]

#: format name → module in this package with a `render(result, *, color, fail_on)` function.
_MODULES: dict[str, str] = {
    "text": "text",
    "json": "jsonout",
    "md": "md",
    "html": "html",
    "junit": "junit",
    "xlsx": "xlsx",
}
FORMATS: tuple[str, ...] = tuple(_MODULES)

#: audit format → module with a `render(data, *, color)` function.
_AUDIT_MODULES: dict[str, str] = {
    "text": "audit_text",
    "json": "audit_json",
    "html": "audit_html",
    "xlsx": "audit_xlsx",
}
AUDIT_FORMATS: tuple[str, ...] = tuple(_AUDIT_MODULES)


def render(result: Mapping[str, Any], fmt: str, *, color: bool = False, fail_on: str = "unevidenced") -> str | bytes:
    """Render `result` in `fmt`: str for text formats, bytes for junit (with its XML declaration) and xlsx.

    `color` only affects text; `fail_on` decides which junit test cases fail, as `exit_code` does for the CLI.
    """
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    module = importlib.import_module(f"checker.report.{_MODULES[fmt]}")
    out: str | bytes = module.render(result, color=color, fail_on=fail_on)
    return out


def render_audit(data: Mapping[str, Any], fmt: str, *, color: bool = False) -> str | bytes:
    """Render an audit (the plancheck/audit/v1 dict, see checker/audit.schema.json): str, or bytes for xlsx.

    For a large audit, stream the JSON with `audit_json.chunks` instead of building it here.
    """
    if fmt not in _AUDIT_MODULES:
        raise ValueError(f"unknown audit format {fmt!r} (expected one of {', '.join(AUDIT_FORMATS)})")
    module = importlib.import_module(f"checker.report.{_AUDIT_MODULES[fmt]}")
    out: str | bytes = module.render(data, color=color)
    return out
