"""Text extracted from PDF has spaces inside words and numbers; the statuses must not change."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import documents, facts, findings, pipeline
from cli import main

ROOT = Path(__file__).resolve().parent.parent


def pdf_like(text: str, seed: int = 7) -> str:
    """Insert spaces the way PDF extraction does: inside numbers, between Han and digits, inside words."""
    rng = random.Random(seed)
    text = re.sub(r"(\d)(\d)", lambda m: m.group(1) + (" " if rng.random() < 0.5 else "") + m.group(2), text)
    text = re.sub(r"([\u4e00-\u9fff])(\d)", r"\1 \2", text)
    text = re.sub(r"(\d)([\u4e00-\u9fff%])", r"\1 \2", text)
    return "".join(ch + (" " if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.08 else "") for ch in text)


def statuses(path: Path, rules: Path = ROOT / "rules" / "chibi-2019.yaml") -> dict[str, str]:
    rs, lex = pipeline.load_rules(str(rules))
    reg = pipeline.unit_registry(rs, None)
    f = facts.extract(documents.read(path), units=list(reg.units.values()))
    res = findings.to_dict(findings.evaluate(rs, [f], lexicon=lex, registry=reg))
    found = {
        r["id"] + ":value": (r.get("found") or {}).get("value") for o in res["obligations"] for r in o["requirements"]
    }
    return (
        {r["id"]: r["status"] for o in res["obligations"] for r in o["requirements"]}
        | {o["id"]: o["status"] for o in res["obligations"]}
        | found
    )


def test_spaces_inside_words_and_numbers_change_nothing(tmp_path: Path) -> None:
    clean = ROOT / "reports" / "danyang-2019.txt"
    spaced = tmp_path / "danyang-pdf.txt"
    text = pdf_like(clean.read_text(encoding="utf-8"))
    assert len(re.findall(r"\d \d", text)) > 50  # the numbers really are broken up
    spaced.write_text(text, encoding="utf-8")
    assert statuses(spaced) == statuses(clean)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_economic_figures_bind_to_their_indicator_when_spaced(tmp_path: Path, seed: int) -> None:
    """Numbers are bound to the indicator nearest them: with spaces removed from the sentence text but not from
    the offsets of its numbers, `城镇登 记失业率为 3.1 %,居民消费价格上涨 2.1 %` gave CPI the 3.1."""
    data = ROOT / "tests" / "data"
    rules = tmp_path / "econ.yaml"
    r = CliRunner().invoke(main, ["plan2rules", str(data / "econ-plan-2023.txt"), "-o", str(rules)])
    assert r.exit_code == 0, r.stderr
    clean = data / "econ-report-2023.txt"
    spaced = tmp_path / "econ-pdf.txt"
    spaced.write_text(pdf_like(clean.read_text(encoding="utf-8"), seed), encoding="utf-8")
    assert statuses(spaced, rules) == statuses(clean, rules)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_of_spacing_change_nothing(tmp_path: Path, seed: int) -> None:
    clean = ROOT / "reports" / "danyang-2019.txt"
    spaced = tmp_path / "danyang-pdf.txt"
    spaced.write_text(pdf_like(clean.read_text(encoding="utf-8"), seed), encoding="utf-8")
    assert statuses(spaced) == statuses(clean)


def hard_wrapped(text: str, width: int, indent: str = "") -> str:
    """Break every line at `width` characters, as text copied out of a PDF or a fixed-width e-mail is;
    `indent` opens each paragraph (the 　　 of a typed Chinese document)."""
    out = []
    for line in text.split("\n"):
        body = indent + line if line.strip() else line
        out += [body[i : i + width] for i in range(0, max(len(body), 1), width)]
    return "\n".join(out)


@pytest.mark.parametrize(("width", "indent"), [(30, ""), (38, ""), (45, "\u3000\u3000"), (60, "")])
def test_hard_wrapped_reports_give_the_same_statuses_and_figures(tmp_path: Path, width: int, indent: str) -> None:
    """Without rejoining, a figure wrapped onto the next line (`固定资产投资增\\n长12.3%`) was lost or given to
    the indicator of the next sentence."""
    data = ROOT / "tests" / "data"
    rules = tmp_path / "econ.yaml"
    r = CliRunner().invoke(main, ["plan2rules", str(data / "econ-plan-2023.txt"), "-o", str(rules)])
    assert r.exit_code == 0, r.stderr
    for clean, rules_path in ((ROOT / "reports" / "danyang-2019.txt", None), (data / "econ-report-2023.txt", rules)):
        wrapped = tmp_path / f"{clean.stem}-wrapped.txt"
        wrapped.write_text(hard_wrapped(clean.read_text(encoding="utf-8"), width, indent), encoding="utf-8")
        got = statuses(wrapped, rules_path) if rules_path else statuses(wrapped)
        want = statuses(clean, rules_path) if rules_path else statuses(clean)
        assert got == want
