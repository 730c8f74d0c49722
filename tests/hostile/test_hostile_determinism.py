"""The same inputs give the same bytes: on repeated runs, and across processes with different PYTHONHASHSEED.

Each seed runs in its own interpreter, which drives the CLI through every output format (one interpreter
per seed rather than one per command keeps this to a few seconds). Found this way: the nearest-text scores
summed floats over a set of strings, whose order PYTHONHASHSEED changes; near-equal sentences swapped.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.helpers import ROOT, cli, listing

# (output name, CLI arguments); OUT is replaced by the output folder
RUNS: list[tuple[str, list[str]]] = [
    *[
        (f"multi.{fmt}", ["check", "rules/jingkai-2022-2025.yaml", "reports/danyang-2019.txt",
                          "reports/zhaotong-2015.txt", "--format", fmt, "--fail-on", "none"])
        for fmt in ("json", "md", "html", "junit", "xlsx")
    ],
    *[
        (f"chibi.{fmt}", ["check", "rules/chibi-2019.yaml", "reports/danyang-2019.txt", "--format", fmt])
        for fmt in ("json", "junit")  # md and html are checked on the multi-report run
    ],
    ("unit.json", ["check", "rules/chibi-2019.yaml", "reports/danyang-2019.txt", "--unit", "市司法局",
                   "--format", "json"]),
    ("facts.json", ["facts", "reports/zhaotong-2015.txt", "--format", "json"]),
    ("chibi.rules.yaml", ["plan2rules", "plans/chibi-2019.txt"]),
    ("jingkai.rules.yaml", ["plan2rules", "plans/jingkai-2022-2025.txt"]),
]  # fmt: skip

DRIVER = """
import sys
from click.testing import CliRunner
from cli import main
from tests.hostile.test_hostile_determinism import RUNS
out = sys.argv[1]
for name, args in RUNS:
    r = CliRunner().invoke(main, [*args, "-o", f"{out}/{name}"])
    assert r.exit_code in (0, 1), (name, r.exit_code, r.stderr)
"""


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    seeds = ("0", "1", "random")
    procs = []
    for seed in seeds:  # in parallel: each interpreter spends most of its time on its own
        (tmp_path / seed).mkdir()
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
        cmd = [sys.executable, "-c", DRIVER, str(tmp_path / seed)]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE))
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode("utf-8", "replace")[-3000:]
    runs = {seed: listing(tmp_path / seed) for seed in seeds}
    assert sorted(runs["0"]) == sorted(name for name, _ in RUNS)
    for seed in seeds[1:]:
        differing = [name for name in runs["0"] if runs["0"][name] != runs[seed][name]]
        assert differing == [], f"PYTHONHASHSEED={seed} changed {differing}"


def test_same_bytes_on_repeated_runs_in_one_process(tmp_path: Path) -> None:
    # the compiled ruleset is reused and each run gets a fresh engine session: nothing may leak between runs
    for name, args in (RUNS[0], RUNS[4], RUNS[-1]):
        first = cli(*_absolute(args), "-o", tmp_path / f"1-{name}")
        second = cli(*_absolute(args), "-o", tmp_path / f"2-{name}")
        assert first.code == second.code and first.code in (0, 1), first.stderr
        assert (tmp_path / f"1-{name}").read_bytes() == (tmp_path / f"2-{name}").read_bytes(), name


def _absolute(args: list[str]) -> list[str]:
    """The arguments with the bundled files' paths made absolute, so the test runs from any folder."""
    return [str(ROOT / a) if (ROOT / a).is_file() else a for a in args]


@pytest.mark.parametrize("fmt", ["json", "md", "html", "junit"])
def test_no_timestamps(fmt: str) -> None:
    run = cli("check", ROOT / "rules/chibi-2019.yaml", ROOT / "reports/danyang-2019.txt", "--format", fmt)
    today = dt.date.today()
    for stamp in (today.isoformat(), f"{today.year}年{today.month}月{today.day}日", today.strftime("%Y/%m/%d")):
        assert stamp not in run.stdout
    assert not re.search(r"\b\d{2}:\d{2}:\d{2}\b", run.stdout)  # no clock time either
