"""Time `checker.plan.parse` (and the rules YAML) on the bundled plans: `python bench/plan_parse.py [N]`.

Prints the median CPU time per plan over N runs, with an empty lexicon and with the tests' lexicon, so that the
parser's own cost is visible apart from the lexicon's.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import plan  # noqa: E402
from checker.lexicon import Lexicon  # noqa: E402
from tests.golden.regen_plans import PLANS, golden_lexicon, plan_document  # noqa: E402


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    for label, lexicon in (("no lexicon", Lexicon()), ("test lexicon", golden_lexicon())):
        for name in PLANS:
            doc = plan_document(name)
            parsed = plan.parse(doc, lexicon=lexicon)
            parse_ms = median_ms(lambda d=doc, lx=lexicon: plan.parse(d, lexicon=lx), runs)
            dump_ms = median_ms(lambda p=parsed: plan.dump_rules(plan.to_rules(p)), runs)
            print(
                f"{name:24s} {label:12s} parse {parse_ms:6.1f} ms  rules+yaml {dump_ms:6.1f} ms"
                f"  ({len(parsed.obligations)} obligations, {sum(len(o.requirements) for o in parsed.obligations)}"
                " requirements)"
            )


if __name__ == "__main__":
    main()
