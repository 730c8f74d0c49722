"""Text extracted from PDF has spaces inside words and numbers; the statuses must not change."""

from __future__ import annotations

import random
import re
from pathlib import Path

from checker import documents, facts, findings, pipeline

ROOT = Path(__file__).resolve().parent.parent


def pdf_like(text: str, seed: int = 7) -> str:
    """Insert spaces the way PDF extraction does: inside numbers, between Han and digits, inside words."""
    rng = random.Random(seed)
    text = re.sub(r"(\d)(\d)", lambda m: m.group(1) + (" " if rng.random() < 0.5 else "") + m.group(2), text)
    text = re.sub(r"([\u4e00-\u9fff])(\d)", r"\1 \2", text)
    text = re.sub(r"(\d)([\u4e00-\u9fff%])", r"\1 \2", text)
    return "".join(ch + (" " if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.08 else "") for ch in text)


def statuses(path: Path) -> dict[str, str]:
    rs, lex = pipeline.load_rules(str(ROOT / "rules" / "chibi-2019.yaml"))
    reg = pipeline.unit_registry(rs, None)
    f = facts.extract(documents.read(path), units=list(reg.units.values()))
    res = findings.to_dict(findings.evaluate(rs, [f], lexicon=lex, registry=reg))
    return {r["id"]: r["status"] for o in res["obligations"] for r in o["requirements"]} | {
        o["id"]: o["status"] for o in res["obligations"]
    }


def test_spaces_inside_words_and_numbers_change_nothing(tmp_path: Path) -> None:
    clean = ROOT / "reports" / "danyang-2019.txt"
    spaced = tmp_path / "danyang-pdf.txt"
    text = pdf_like(clean.read_text(encoding="utf-8"))
    assert len(re.findall(r"\d \d", text)) > 50  # the numbers really are broken up
    spaced.write_text(text, encoding="utf-8")
    assert statuses(spaced) == statuses(clean)
