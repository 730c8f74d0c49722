"""Time checker.quantities.scan() on a report: median of N calls, wall clock and CPU, in ms.

Usage: python bench/quantities.py [REPORT] [-n 50] [--year 2019]
The machine may be shared: CPU time (time.process_time) is the steadier figure then.
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
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.n):
        w0, c0 = time.perf_counter(), time.process_time()
        result = scan(text, year=args.year)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    w, c = statistics.median(wall) * 1000, statistics.median(cpu) * 1000
    print(
        f"{Path(args.report).name}: {len(text)} chars, {len(result.quantities)} quantities, "
        f"{len(result.dates)} dates, {len(result.doc_numbers)} doc numbers; median of {args.n}: "
        f"wall {w:.2f} ms (best {min(wall) * 1000:.2f}), cpu {c:.2f} ms; "
        f"cpu per 20k chars {c / len(text) * 20000:.2f} ms"
    )


if __name__ == "__main__":
    main()
