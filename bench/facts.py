"""Time reading and `checker.facts.extract` on the bundled documents (the four seeds): all of them together, then
each one's extraction, median and best of 20 runs, in milliseconds.

    .venv/bin/python bench/facts.py [FILE...]

Also times `checker.quantities.scan` on the same compacted text (it runs inside extract), so the share of
facts' own work is visible. The budget is about 10 ms for a 20,000-character report. Shared machines are
noisy: compare best-of numbers, and run twice.
"""

from __future__ import annotations

import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import facts, quantities  # noqa: E402
from checker.model import Document  # noqa: E402
from checker.textutil import compact  # noqa: E402


def load(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    return Document(str(path), "txt", unicodedata.normalize("NFKC", raw).replace("\r\n", "\n"), raw)


def timed(fn: Callable[[], object], runs: int = 20) -> tuple[float, float]:
    fn()  # warm-up: compiled regexes, lazy imports
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def main(paths: list[Path]) -> None:
    from checker import documents

    def all_seeds() -> None:
        for path in paths:
            facts.extract(documents.read(path))

    first = time.perf_counter()
    all_seeds()  # the first run pays for the lazy imports and regex compiling, as a fresh process does
    cold = (time.perf_counter() - first) * 1000
    median, best = timed(all_seeds)
    print(
        f"{len(paths)} documents read (documents.read) and their facts extracted: {cold:.0f} ms the first time"
        f" in this process, then median {median:.1f} ms (best {best:.1f})"
    )
    for path in paths:
        doc = load(path)
        text = compact(doc.text).text
        median, best = timed(lambda: facts.extract(doc))  # noqa: B023
        q_median, q_best = timed(lambda: quantities.scan(text, year=2019))  # noqa: B023
        print(
            f"{path.name}: {len(doc.text)} chars; extract median {median:.1f} ms (best {best:.1f}),"
            f" of which quantities.scan median {q_median:.1f} ms (best {q_best:.1f})"
        )


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [*sorted(ROOT.glob("reports/*.txt")), *sorted(ROOT.glob("plans/*.txt"))])
