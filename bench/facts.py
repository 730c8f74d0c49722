"""Time `checker.facts.extract` on the bundled reports: median of 20 runs, in milliseconds.

    .venv/bin/python bench/facts.py [FILE...]

The budget is about 10 ms for a 20,000-character report (quantities.scan included).
"""

from __future__ import annotations

import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import facts  # noqa: E402
from checker.model import Document  # noqa: E402


def load(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    return Document(str(path), "txt", unicodedata.normalize("NFKC", raw).replace("\r\n", "\n"), raw)


def main(paths: list[Path]) -> None:
    for path in paths:
        doc = load(path)
        facts.extract(doc)  # warm-up: compiled regexes, lazy imports
        times = []
        for _ in range(20):
            t = time.perf_counter()
            facts.extract(doc)
            times.append((time.perf_counter() - t) * 1000)
        print(f"{path.name}: {len(doc.text)} chars, extract median {statistics.median(times):.2f} ms")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted((ROOT / "reports").glob("*.txt")) + sorted((ROOT / "plans").glob("*.txt")))
