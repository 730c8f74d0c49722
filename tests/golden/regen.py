"""Regenerate the golden facts files: tests/golden/facts/<name>.json for every reports/*.txt and plans/*.txt.

    .venv/bin/python tests/golden/regen.py          # from the repository root

Each file is `checker.facts.to_dict(extract(document))` with the document path relative to the repository,
so the files do not depend on where the checkout lives. tests/test_facts.py::test_golden_facts compares them
exactly: after a deliberate change to facts extraction (or to checker.quantities), run this script and read
the diff before committing it. It needs the real checker.quantities (no stub).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "golden" / "facts"


def sources() -> list[Path]:
    """The bundled documents that have golden facts."""
    return sorted([*ROOT.glob("reports/*.txt"), *ROOT.glob("plans/*.txt")])


def load(path: Path) -> Any:
    """The document as the CLI reads it (checker.documents once merged), named by its repository path."""
    from checker.model import Document

    rel = path.relative_to(ROOT).as_posix()
    try:
        from checker import documents
    except ImportError:
        raw = path.read_text(encoding="utf-8")
        text = unicodedata.normalize("NFKC", raw).replace("\r\n", "\n")
        return Document(path=rel, format="txt", text=text, source_text=raw)
    return dataclasses.replace(documents.read(str(path)), path=rel)


def golden_data(path: Path) -> dict[str, Any]:
    from checker import facts

    return facts.to_dict(facts.extract(load(path)))


def dump(data: dict[str, Any]) -> str:
    """JSON with one fact per line, so that a change to one sentence is a one-line diff."""
    out = ["{"]
    for k, (key, value) in enumerate(data.items()):
        comma = "," if k + 1 < len(data) else ""
        if isinstance(value, list) and value:
            out.append(f" {json.dumps(key)}: [")
            out.extend(
                "  " + json.dumps(v, ensure_ascii=False) + ("," if j + 1 < len(value) else "")
                for j, v in enumerate(value)
            )
            out.append(f" ]{comma}")
        else:
            out.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    try:
        import checker.quantities  # noqa: F401
    except ImportError:
        print("regen: checker.quantities is missing; merge it first", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sources():
        target = OUT / f"{path.stem}.json"
        target.write_text(dump(golden_data(path)), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
