"""Outputs are all or nothing: a run that fails after the output path is known leaves no partial file, no
`.plancheck-*` temp file, and an existing output exactly as it was."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from checker import output
from tests.hostile.helpers import Run, assert_user_error, cli, listing

PREVIOUS = b"<the previous, good result>\n"


@pytest.fixture
def previous(out_dir: Path) -> Path:
    """An output left by an earlier run, which a failed run must not touch."""
    path = out_dir / "result"
    path.write_bytes(PREVIOUS)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return path


def _untouched(out_dir: Path, previous: Path) -> None:
    assert listing(out_dir) == {"result": PREVIOUS}  # nothing new, no temp file
    assert previous.stat().st_mtime_ns == 1_000_000_000


def _check(rules: Path, report: Path, out: Path, fmt: str) -> Run:
    return cli("check", rules, report, "--format", fmt, "-o", out, "--fail-on", "none")


@pytest.mark.parametrize("fmt", ["json", "md", "html", "junit", "xlsx", "text"])
def test_renderer_failing_midway_writes_nothing(
    rules_file: Path, report_file: Path, out_dir: Path, previous: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from checker import report

    module = importlib.import_module(f"checker.report.{report._MODULES[fmt]}")
    real = module.render
    seen: list[str] = []

    def half(result: Any, **kw: Any) -> Any:
        real(result, **kw)  # the real work is done, the output path long known
        seen.append(fmt)
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(module, "render", half)
    run = _check(rules_file, report_file, previous, fmt)
    assert seen == [fmt]
    assert run.code == 3  # a bug: traceback and exit 3, never 1 (which reads as "gaps found")
    assert "internal error" in run.stderr
    _untouched(out_dir, previous)


@pytest.mark.parametrize(
    ("failing", "error"),
    [
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),
        ("replace", OSError(errno.EXDEV, "Invalid cross-device link")),
        ("chmod", PermissionError(errno.EPERM, "Operation not permitted")),
    ],
)
def test_write_failing_after_the_temp_file_exists(
    rules_file: Path,
    report_file: Path,
    out_dir: Path,
    previous: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
    error: OSError,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        assert any(p.name.startswith(".plancheck-") for p in out_dir.iterdir())  # the temp file is there now
        raise error

    monkeypatch.setattr(output.os, failing, fail)
    run = _check(rules_file, report_file, previous, "json")
    assert_user_error(run, str(previous), "cannot write output", error.strerror or "")
    monkeypatch.undo()
    _untouched(out_dir, previous)


def test_interrupt_while_writing(
    rules_file: Path, report_file: Path, out_dir: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    run = _check(rules_file, report_file, previous, "html")
    assert run.code == 130 and "interrupted" in run.stderr
    monkeypatch.undo()
    _untouched(out_dir, previous)


def test_temp_file_cannot_be_created(
    rules_file: Path, report_file: Path, out_dir: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    run = _check(rules_file, report_file, previous, "json")
    monkeypatch.undo()
    assert_user_error(run, "cannot write output: Permission denied", "permissions")
    _untouched(out_dir, previous)


def test_failure_after_the_output_check_but_before_writing(
    tmp_path: Path, rules_file: Path, out_dir: Path, previous: Path
) -> None:
    bad = tmp_path / "scan.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert_user_error(_check(rules_file, bad, previous, "json"), "damaged zip")
    _untouched(out_dir, previous)
    assert_user_error(cli("facts", bad, "-o", previous), "damaged zip")
    assert_user_error(cli("plan2rules", bad, "-o", previous), "damaged zip")
    _untouched(out_dir, previous)


@pytest.mark.parametrize("fmt", ["json", "md", "html", "junit", "xlsx"])
def test_success_replaces_the_output_whole(
    rules_file: Path, report_file: Path, out_dir: Path, previous: Path, fmt: str
) -> None:
    run = _check(rules_file, report_file, previous, fmt)
    assert (run.code, run.exception) == (0, None), run.stderr
    files = listing(out_dir)
    assert list(files) == ["result"] and files["result"] != PREVIOUS
    data = files["result"]
    if fmt == "json":
        assert json.loads(data)["summary"]["met"] == 1
    elif fmt == "html":
        assert data.rstrip().endswith(b"</html>")
    elif fmt == "junit":
        assert data.startswith(b"<?xml") and data.rstrip().endswith(b"</testsuites>")
    elif fmt == "xlsx":
        assert data.startswith(b"PK\x03\x04")
    assert previous.stat().st_mode & 0o777 == 0o644


def test_stdout_dash_writes_no_file(
    rules_file: Path, report_file: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(out_dir)
    run = cli("check", rules_file, report_file, "--format", "json", "-o", "-")
    assert run.code == 0 and json.loads(run.stdout)["summary"]["met"] == 1
    assert listing(out_dir) == {}
