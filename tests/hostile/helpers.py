"""Helpers for the hostile-input tests: run the CLI, check that an error is one clear line, see what was written."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
RULES = ROOT / "rules" / "chibi-2019.yaml"
REPORT = ROOT / "reports" / "danyang-2019.txt"
#: A bad input must be refused this fast (seconds).
FAST = 5.0

MINIMAL_RULES = """\
schema: plancheck/rules/v1
plan: {id: t, title: 测试, period: {start: "2019-01-01", end: "2019-12-31"}}
units:
  - name: 市司法局
obligations:
  - id: "01"
    title: 学法
    owners: [市司法局]
    requirements:
      - {id: "01-1", kind: count, text: 学法不少于2次, match: {all: [[学法]]}, target: {op: ">=", value: 2, unit: 次}}
"""

SMALL_REPORT = "2019年度法治政府建设工作报告\n一、工作情况\n今年组织集中学法2次。\n"


@dataclass
class Run:
    """One CLI run: exit code, the two streams, the time it took, and an exception that escaped click."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    exception: BaseException | None = None


def cli(*args: str | os.PathLike[str]) -> Run:
    """Run plancheck in this process (click's runner), as the user would type it."""
    started = time.perf_counter()
    r = CliRunner().invoke(main, [os.fspath(a) for a in args])
    exc = None if isinstance(r.exception, SystemExit) else r.exception
    return Run(r.exit_code, r.stdout, r.stderr, time.perf_counter() - started, exc)


def cli_subprocess(*args: str | os.PathLike[str], timeout: float = 60, env: dict[str, str] | None = None) -> Run:
    """Run plancheck in a fresh interpreter: for cases that used to hang or crash the whole process."""
    started = time.perf_counter()
    p = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *map(os.fspath, args)],
        capture_output=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    return Run(p.returncode, out, err, time.perf_counter() - started)


def assert_user_error(run: Run, *fragments: str, seconds: float = FAST) -> str:
    """Exit 2, no traceback, exactly one `plancheck: error:` line holding every fragment, quickly. Returns it."""
    assert run.exception is None, f"crashed: {run.exception!r}"
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr
    lines = [x for x in run.stderr.splitlines() if x.strip()]
    errors = [x for x in lines if x.startswith("plancheck: error: ")]
    assert len(errors) == 1 and len(lines) == 1, run.stderr
    for f in fragments:
        assert f in errors[0], (f, errors[0])
    assert run.seconds < seconds, f"took {run.seconds:.1f} s"
    return errors[0]


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: compare before and after to see what a run wrote."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
