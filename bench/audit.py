"""Speed and memory of `plancheck check` and `plancheck audit` on this machine (a script, not a test).

    .venv/bin/python bench/audit.py [all|cold|throughput|length|instructions] [--runs 10] [--reports 1000] [--jobs N] [--keep DIR]

cold        `plancheck check rules/chibi-2019.yaml reports/danyang-2019.txt --format json` in fresh processes
            against the import floor of the stack (`python -c "import durable.lang, yaml, rich, click, jsonschema"`):
            median wall time of --runs runs each (alternating), CPU time, and their ratio. Run as installed code
            runs: bytecode written once (to a private PYTHONPYCACHEPREFIX, because this environment sets
            PYTHONDONTWRITEBYTECODE) and the rules cache warm; the cost without either is shown too.
throughput  an audit of --reports synthetic reports (sentences of the two bundled reports sampled and shuffled,
            5k–40k characters each, one generated unit per report: most named by their title, a fifth by a
            manifest) with --jobs workers: reports per second, CPU time, and peak RSS of the audit process
            (RUSAGE_SELF) and of its largest worker (RUSAGE_CHILDREN).
stages      the audit worker's path (read, facts, evaluation, JSON, digest) over --reports synthetic reports (200
            unless given) in this process, one after another: CPU per report split by stage, least disturbed of
            --runs rounds (3 unless given). Both cores busy makes each report ~1.4× dearer than this (see (b)).
length      one report (danyang-2019's body under a unit's title) at 1×, 10× and 100× its length, read + facts +
            evaluation in one warm process: CPU time (least disturbed of a few runs) and per 1,000 characters,
            with the garbage collector on and off (linear if the per-character figure stays flat).
instructions  `length`, then the same counted in instructions under valgrind (exact, immune to the load of a
            shared machine; takes ~5 minutes).

The machine is shared: figures are medians, and CPU time is given beside wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RULES = ROOT / "rules" / "chibi-2019.yaml"
FLOOR = "import durable.lang, yaml, rich, click, jsonschema"
TARGETS = {"ratio": 1.3, "rate": 100.0, "rss_mb": 150.0}

# Department stems of 市…局 units (most are not in the chibi registry: they own what 市政府各部门 owns).
STEMS = [
    "教育",
    "民政",
    "公安",
    "司法",
    "财政",
    "人社",
    "自然资源",
    "生态环境",
    "住建",
    "交通运输",
    "水利",
    "农业农村",
    "商务",
    "文旅",
    "卫健",
    "应急管理",
    "审计",
    "统计",
    "市场监管",
    "医保",
    "林业",
    "城管",
    "信访",
    "行政审批",
    "档案",
    "气象",
    "国资",
    "人防",
    "民宗",
    "粮食",
    "金融",
    "体育",
    "园林",
    "退役军人事务",
    "科技",
    "工信",
]
TOWN_CHARS = "东西南北中新青山河桥湖港林石龙凤安平和兴华阳泉溪云峰明永宁丰庆福康泰嘉"
TOWN_SUFFIX = ("镇", "乡", "街道办事处")  # 街道 alone is not in chibi's 各乡镇人民政府 group


# --------------------------------------------------------------------------- helpers


def env(*, bytecode: bool, cache: Path | None, work: Path) -> dict[str, str]:
    """A child environment: bytecode cached in `work` (or not at all), the rules cache in `cache` (or off)."""
    e = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if bytecode:
        e["PYTHONPYCACHEPREFIX"] = str(work / "pyc")
    else:
        e["PYTHONDONTWRITEBYTECODE"] = "1"
    if cache is None:
        e["PLANCHECK_CACHE"] = "0"
    else:
        e["PLANCHECK_CACHE_DIR"] = str(cache)
    e["PYTHONPATH"] = str(ROOT)
    return e


def timed(cmd: list[str], environ: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


# --------------------------------------------------------------------------- (a) cold check


def cold(runs: int, work: Path) -> dict[str, Any]:
    check = [
        PY,
        str(ROOT / "cli.py"),
        "check",
        str(RULES),
        str(ROOT / "reports" / "danyang-2019.txt"),
        "--format",
        "json",
    ]
    floor = [PY, "-c", FLOOR]
    warm = env(bytecode=True, cache=work / "cache", work=work)
    for _ in range(2):  # write the bytecode and the rules cache
        timed(check, warm)
        timed(floor, warm)
    samples: dict[str, list[tuple[float, float]]] = {"check": [], "floor": [], "no-bytecode": [], "no-cache": []}
    for _ in range(runs):
        samples["check"].append(timed(check, warm))
        samples["floor"].append(timed(floor, warm))
    for _ in range(max(3, runs // 3)):
        samples["no-bytecode"].append(timed(check, env(bytecode=False, cache=work / "cache", work=work)))
        samples["no-cache"].append(timed(check, env(bytecode=True, cache=None, work=work)))
    out = {k: medians(v) for k, v in samples.items()}
    ratio = out["check"][0] / out["floor"][0]
    print(f"(a) cold check, median of {runs} fresh processes (wall / CPU):")
    print(f"    plancheck check … --format json   {out['check'][0] * 1000:6.0f} ms / {out['check'][1] * 1000:4.0f} ms")
    print(f"    import floor ({FLOOR})  {out['floor'][0] * 1000:6.0f} ms / {out['floor'][1] * 1000:4.0f} ms")
    print(f"    ratio {ratio:.2f} (target ≤ {TARGETS['ratio']})")
    print(
        f"    for reference: without bytecode {out['no-bytecode'][0] * 1000:.0f} ms,"
        f" rules cache off {out['no-cache'][0] * 1000:.0f} ms (medians of {len(samples['no-cache'])})"
    )
    return {"check_ms": out["check"][0] * 1000, "floor_ms": out["floor"][0] * 1000, "ratio": ratio}


# --------------------------------------------------------------------------- synthetic reports


def sentences() -> list[str]:
    """The sentences of the two bundled reports' bodies (without web-page headers and titles)."""
    out: list[str] = []
    for name, skip in (("danyang-2019.txt", 32), ("zhaotong-2015.txt", 8)):
        text = "\n".join((ROOT / "reports" / name).read_text(encoding="utf-8").split("\n")[skip:])
        for para in text.split("\n"):
            out += [s for s in re.findall(r"[^。!?]+[。!?]?", para.strip()) if len(s) > 4]
    return out


def unit_names(n: int, rng: random.Random) -> list[str]:
    """n distinct unit names: 市…局 departments and generated townships."""
    names = [f"市{s}局" for s in STEMS]
    towns = [f"{a}{b}{s}" for a in TOWN_CHARS for b in TOWN_CHARS if a != b for s in TOWN_SUFFIX]
    rng.shuffle(towns)
    names += towns[: max(0, n - len(names))]
    rng.shuffle(names)
    return names[:n]


def make_reports(folder: Path, n: int, seed: int = 2019) -> tuple[Path, int]:
    """n reports of 5k–40k characters in `folder`; returns the manifest (for every fifth report) and total chars."""
    rng = random.Random(seed)
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,unit"]
    total = 0
    for i, unit in enumerate(unit_names(n, rng)):
        size = rng.randint(5_000, 40_000)
        paras, length = [], 0
        while length < size:
            para = "".join(rng.sample(pool, rng.randint(2, 6)))
            paras.append(para)
            length += len(para)
        name = f"r{i:04d}.txt"
        if i % 5 == 4:
            title = "2019年度法治政府建设工作总结"  # no unit in it: the manifest names it
            rows.append(f"{folder.name}/{name},{unit}")
        else:
            title = f"{unit}2019年度法治政府建设工作报告"
        text = title + "\n\n" + "\n\n".join(paras) + "\n"
        total += len(text)
        (folder / name).write_text(text, encoding="utf-8")
    manifest = folder.parent / "manifest.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest, total


# --------------------------------------------------------------------------- (b, d) audit throughput and memory

# Runs the CLI in this process, then records its own peak RSS and its workers' (RUSAGE_CHILDREN: the largest).
_CHILD = """
import json, os, resource, sys
sys.argv = ["plancheck", *sys.argv[1:]]
import cli
try:
    cli.main()
except SystemExit:
    pass
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.environ["BENCH_RUSAGE"], "w") as f:
    json.dump({"self_kb": me.ru_maxrss, "children_kb": kids.ru_maxrss,
               "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}, f)
"""


def throughput(n: int, jobs: int, work: Path, runs: int) -> dict[str, Any]:
    folder = work / "synthetic" / "reports"
    t = time.perf_counter()
    manifest, chars = make_reports(folder, n)
    print(
        f"(b) {n} synthetic reports, {chars / n / 1000:.1f}k characters on average, written in {time.perf_counter() - t:.1f} s"
    )
    environ = env(bytecode=True, cache=work / "cache", work=work)
    environ["BENCH_RUSAGE"] = str(work / "rusage.json")
    out = work / "audit.json"
    cmd = [PY, "-c", _CHILD, "audit", str(RULES), str(folder), "--manifest", str(manifest), "--format", "json"]
    cmd += ["-o", str(out), "--jobs", str(jobs)]
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=environ, check=False)
        wall = time.perf_counter() - t
        usage = json.loads((work / "rusage.json").read_text(encoding="utf-8"))
        samples.append((wall, usage))
    samples.sort(key=lambda s: s[0])
    wall, usage = samples[len(samples) // 2]
    data = json.loads(out.read_text(encoding="utf-8"))
    summary = data["summary"]
    rate = n / wall
    self_mb, child_mb = usage["self_kb"] / 1024, usage["children_kb"] / 1024
    print(
        f"    plancheck audit … --jobs {jobs} --format json: {wall:.1f} s wall (median of {runs}), {usage['cpu']:.1f} s CPU"
    )
    print(f"    {rate:.0f} reports/s (target ≥ {TARGETS['rate']:.0f}); {usage['cpu'] / n * 1000:.0f} ms CPU per report")
    print(
        f"    checked {summary['units']} units, unresolved {summary['unresolved']}, errors {summary['errors']};"
        f" output {out.stat().st_size / 1e6:.0f} MB"
    )
    print(
        f"(d) peak RSS: audit process {self_mb:.0f} MB, largest worker {child_mb:.0f} MB (target ≤ {TARGETS['rss_mb']:.0f} MB)"
    )
    return {"rate": rate, "wall": wall, "cpu": usage["cpu"], "self_mb": self_mb, "child_mb": child_mb}


# --------------------------------------------------------------------------- (b') where a report's time goes

# (label, module, class or None, function): timed where called from outside the stages above it
_STAGES = (
    ("facts", "checker.facts", None, "extract"),
    ("index", "checker.match", "Matcher", "index"),
    ("candidates", "checker.match", "Matcher", "candidates"),
    ("nearest text", "checker.match", "Matcher", "nearest"),
    ("durable", "checker.engine", "Engine", "run"),
)


def stages(n: int, work: Path, runs: int) -> dict[str, float]:
    """CPU per report of `check_file` in one warm process, and of the stages inside it."""
    import csv
    import functools
    import importlib

    sys.path.insert(0, str(ROOT))
    os.environ["PLANCHECK_CACHE_DIR"] = str(work / "cache")
    from checker.audit import worker

    folder = work / "stages" / "reports"
    manifest, _ = make_reports(folder, n)
    with manifest.open(encoding="utf-8") as f:
        declared = {os.path.realpath(folder.parent / row["file"]): row["unit"] for row in csv.DictReader(f)}
    worker.set_context(worker.build_context(str(RULES), None, None, declared))
    spent: dict[str, float] = {}
    for label, module, cls, name in _STAGES:
        owner = getattr(importlib.import_module(module), cls) if cls else importlib.import_module(module)
        fn = getattr(owner, name)

        def timed(*a: Any, _fn: Any = fn, _label: str = label, **k: Any) -> Any:
            c = time.process_time()
            try:
                return _fn(*a, **k)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.process_time() - c

        setattr(owner, name, functools.wraps(fn)(timed))
    files = sorted(str(p) for p in folder.glob("*.txt"))
    worker.check_file((0, files[0]))  # warm-up: lazy imports, caches
    rounds = []
    for _ in range(runs):
        spent.clear()
        c = time.process_time()
        for i, path in enumerate(files):
            worker.check_file((i, path))
        rounds.append((time.process_time() - c, dict(spent)))
    total, parts = min(rounds, key=lambda r: r[0])
    parts["rest (result, JSON, digest, …)"] = total - sum(parts.values())
    print(
        f"(b') {n} synthetic reports checked one after another in one process: {total / n * 1000:.1f} ms CPU per report"
    )
    for label, t in parts.items():
        print(f"    {label:<32} {t / n * 1000:6.1f} ms  {t / total:4.0%}")
    return {"total": total / n, **{k: v / n for k, v in parts.items()}}


# --------------------------------------------------------------------------- (c) length


def length(work: Path) -> dict[str, Any]:
    """CPU time of one report at three lengths: the least disturbed of a few runs (min), with the garbage
    collector on (as in real runs) and off (to tell the collector's share of any growth from the code's)."""
    import gc

    sys.path.insert(0, str(ROOT))
    os.environ["PLANCHECK_CACHE_DIR"] = str(work / "cache")
    from checker import documents, facts, findings, pipeline

    ruleset, lex = pipeline.load_rules(str(RULES))
    registry = pipeline.unit_registry(ruleset, None)
    units = list(registry.units.values())
    body = "\n".join((ROOT / "reports" / "danyang-2019.txt").read_text(encoding="utf-8").split("\n")[32:])
    out: dict[tuple[int, bool], float] = {}
    print("(c) one report at 1×, 10×, 100× length (read + facts + evaluation + result dict, warm process, min CPU):")
    for times, runs in ((1, 7), (10, 5), (100, 3)):
        path = work / f"length-{times}.txt"
        path.write_text("市司法局2019年度法治政府建设工作报告\n\n" + "\n".join([body] * times) + "\n", encoding="utf-8")
        chars = len(path.read_text(encoding="utf-8"))

        def once(collect: bool) -> float:
            gc.collect()
            if not collect:
                gc.disable()
            c = time.process_time()
            f = facts.extract(documents.read(str(path)), units=units)  # noqa: B023
            findings.to_dict(findings.evaluate(ruleset, [f], lexicon=lex, unit="市司法局", registry=registry))
            cpu = time.process_time() - c
            gc.enable()
            return cpu

        once(True)
        for collect in (True, False):
            out[times, collect] = min(once(collect) for _ in range(runs))
        on, off = out[times, True], out[times, False]
        print(
            f"    {times:>3}× {chars:>9,} chars: {on * 1000:7.0f} ms CPU ({on * 1e6 / chars:5.2f} ms per 1k chars);"
            f" garbage collector off: {off * 1000:7.0f} ms ({off * 1e6 / chars:5.2f})"
        )
    for collect in (True, False):
        a, b, c = (out[t, collect] for t in (1, 10, 100))
        label = "growth" if collect else "growth, collector off"
        print(f"    {label}: 1×→10× {b / a:.1f}×, 10×→100× {c / b:.1f}× (linear: 10×)")
    return {f"{t}x{'' if g else '-nogc'}": v for (t, g), v in out.items()}


_ONE = """
import os, sys
sys.path.insert(0, os.environ["BENCH_ROOT"])
from checker import documents, facts, findings, pipeline
ruleset, lex = pipeline.load_rules(os.environ["BENCH_RULES"])
registry = pipeline.unit_registry(ruleset, None)
units = list(registry.units.values())
def once(path):
    f = facts.extract(documents.read(path), units=units)
    findings.to_dict(findings.evaluate(ruleset, [f], lexicon=lex, unit="市司法局", registry=registry))
once(sys.argv[1])  # warm-up on the 1x report: one-time costs (matcher, ruleset, lazy imports) are not counted
if sys.argv[2] != "-":
    once(sys.argv[2])
"""


def instructions(work: Path) -> dict[str, Any]:
    """(c) again, counting instructions under valgrind (cachegrind, no cache simulation): exact and immune to
    the machine's load, ~50× slower. Needs the length-*.txt files written by `length`."""
    if not shutil.which("valgrind"):
        print("(c') valgrind is not installed: instruction counts skipped")
        return {}
    env_ = {**os.environ, "PYTHONHASHSEED": "0", "BENCH_ROOT": str(ROOT), "BENCH_RULES": str(RULES)}
    env_["PLANCHECK_CACHE_DIR"] = str(work / "cache")

    def count(report: str) -> int:
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        cmd += [PY, "-c", _ONE, str(work / "length-1.txt"), report]
        err = subprocess.run(cmd, env=env_, capture_output=True, text=True, check=False).stderr
        return int(re.search(r"I\s+refs:\s+([\d,]+)", err).group(1).replace(",", ""))  # type: ignore[union-attr]

    base = count("-")
    print("(c') instructions for one report (valgrind, beyond a warmed-up process):")
    out = {}
    for times in (1, 10, 100):
        path = work / f"length-{times}.txt"
        n = count(str(path)) - base
        chars = len(path.read_text(encoding="utf-8"))
        out[times] = n
        print(f"    {times:>3}× {chars:>9,} chars: {n / 1e6:9,.0f} M instructions, {n / chars / 1000:5.1f} k per char")
    print(f"    growth 1×→10× {out[10] / out[1]:.2f}×, 10×→100× {out[100] / out[10]:.2f}× (linear: 10×)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "what", nargs="?", default="all", choices=("all", "cold", "throughput", "stages", "length", "instructions")
    )
    parser.add_argument("--runs", type=int, help="cold runs (default 10), stages rounds (default 3)")
    parser.add_argument("--audit-runs", type=int, default=1, help="audit runs (median; default 1)")
    parser.add_argument("--reports", type=int, help="synthetic reports (default 1000; stages: 200)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path, help="work here and keep the files (default: a temporary folder)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="plancheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    try:
        if args.what in ("all", "cold"):
            cold(args.runs or 10, work)
        if args.what in ("all", "throughput"):
            throughput(args.reports or 1000, args.jobs, work, args.audit_runs)
        if args.what == "stages":
            stages(args.reports or 200, work, args.runs or 3)
        if args.what in ("all", "length", "instructions"):
            length(work)
        if args.what == "instructions":
            instructions(work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
