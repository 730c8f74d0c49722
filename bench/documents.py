"""Time checker.documents.read() on the bundled documents: txt as shipped, and as .docx, .pdf, GB18030, CRLF.

Run from the repository root: `python bench/documents.py`. Prints the best of several rounds (milliseconds),
which is what matters for a stage that runs once per file.
"""

from __future__ import annotations

import functools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import documents  # noqa: E402
from tests.docgen import make_docx, make_pdf  # noqa: E402

BUNDLED = [
    ROOT / "plans" / "chibi-2019.txt",
    ROOT / "plans" / "jingkai-2022-2025.txt",
    ROOT / "reports" / "danyang-2019.txt",
    ROOT / "reports" / "zhaotong-2015.txt",
]


def best_ms(fn: Callable[[], object], rounds: int = 20, per_round: int = 10) -> float:
    """Best mean time of one call over `rounds` rounds, in milliseconds."""
    fn()  # warm up: lazy imports, page cache
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            fn()
        best = min(best, (time.perf_counter() - start) / per_round)
    return best * 1000


def main() -> None:
    total_chars = sum(len(documents.read(p).text) for p in BUNDLED)
    ms = best_ms(lambda: [documents.read(p) for p in BUNDLED])
    print(f"4 bundled txt files ({total_chars:,} chars): {ms:.2f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        text = BUNDLED[2].read_text(encoding="utf-8")
        big = (text * 3)[:20_000]
        variants = {
            "20k chars utf-8": big.encode("utf-8"),
            "20k chars full-width punctuation": big.replace(",", "，").replace("(", "（").replace(")", "）").encode(),
            "20k chars CRLF": big.replace("\n", "\r\n").encode("utf-8"),
            "20k chars GB18030": big.encode("gb18030"),
        }
        for label, data in variants.items():
            path = Path(tmp) / f"{len(label)}.txt"
            path.write_bytes(data)
            print(f"{label}: {best_ms(functools.partial(documents.read, path)):.2f} ms")
        docx = make_docx(text, Path(tmp) / "danyang.docx")
        print(f"danyang .docx: {best_ms(lambda: documents.read(docx), rounds=5, per_round=3):.1f} ms")
        pdf = make_pdf(text, Path(tmp) / "danyang.pdf")
        print(f"danyang .pdf (7 pages): {best_ms(lambda: documents.read(pdf), rounds=3, per_round=2):.1f} ms")


if __name__ == "__main__":
    main()
