"""Regenerate the plan → rules golden files: `python tests/golden/regen_plans.py`.

Each bundled plan in plans/ is parsed with the fixed test lexicon (tests/golden/plans/lexicon.yaml) and written
as tests/golden/plans/<plan id>.yaml; tests/test_plan.py checks the parser still produces them exactly.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checker import plan  # noqa: E402
from checker.lexicon import Lexicon, load  # noqa: E402
from checker.model import Document  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "plans"
LEXICON = GOLDEN / "lexicon.yaml"
PLANS = ("chibi-2019.txt", "jingkai-2022-2025.txt")


def text_document(raw: str, path: str = "plan.txt") -> Document:
    """A Document for plain text, as checker.documents.read would give it (NFKC, line breaks kept)."""
    text = unicodedata.normalize("NFKC", raw.replace("\u00a0", " "))
    return Document(path=path, format="txt", text=text, source_text=raw)


def golden_lexicon() -> Lexicon:
    return load([LEXICON])


def plan_document(name: str) -> Document:
    """A bundled plan, with the repository-relative path the golden files record as its source."""
    raw = (ROOT / "plans" / name).read_text(encoding="utf-8")
    return text_document(raw, f"plans/{name}")


def golden_text(name: str) -> str:
    return plan.dump_rules(plan.to_rules(plan.parse(plan_document(name), lexicon=golden_lexicon())))


def main() -> None:
    for name in PLANS:
        out = GOLDEN / f"{Path(name).stem}.yaml"
        out.write_text(golden_text(name), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
