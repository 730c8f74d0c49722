"""Time checker.quantities.scan() on a bundled report: median of N calls, in ms.

Usage: python bench/quantities.py [REPORT] [-n 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.quantities import scan  # noqa: E402
from checker.textutil import compact  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("report", nargs="?", default=str(ROOT / "reports" / "danyang-2019.txt"))
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--year", type=int, default=2019)
    args = ap.parse_args()
    text = compact(Path(args.report).read_text(encoding="utf-8")).text
    times = []
    for _ in range(args.n):
        t0 = time.perf_counter()
        result = scan(text, year=args.year)
        times.append(time.perf_counter() - t0)
    ms = statistics.median(times) * 1000
    best = min(times) * 1000
    print(
        f"{Path(args.report).name}: {len(text)} chars, {len(result.quantities)} quantities, "
        f"{len(result.dates)} dates, {len(result.doc_numbers)} doc numbers; "
        f"scan median of {args.n}: {ms:.2f} ms, best {best:.2f} ms "
        f"(median {ms / len(text) * 20000:.2f} ms per 20k chars)"
    )


if __name__ == "__main__":
    main()
