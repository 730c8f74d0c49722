"""Supervisor audit: one report per 责任单位 against one plan → who has not evidenced what, gravest first.

A 督查室 or 司法局 receives one report from each of 30–60 units; a province receives thousands. Every file
is read and its unit attributed — from the manifest, else the report's title or signature, else the file
name (names the rules' unit registry knows) — and each unit is checked only on the obligations it owns,
directly or through a group. What cannot be attributed is listed as unresolved, never guessed; what cannot
be read is listed as an error and the run goes on.

The files are checked in a process pool. With the fork start method the ruleset, lexicon, matcher and the
compiled durable ruleset are built in the parent before forking (NOTES-durable: rulesets compiled in the
parent work in forked children); under spawn the pool initializer rebuilds them (from the rules cache).
The output does not depend on the number of jobs or the order in which workers finish.

The full plancheck/result/v1 object of every unit (30–100 kB of JSON each) is spooled to a temporary file
as it arrives, so a thousand-report audit holds only the per-unit digests in memory.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, BinaryIO

from checker.audit import worker
from checker.audit.assemble import SCHEMA, assemble, exit_code, scope_statuses
from checker.audit.inputs import EXTENSIONS, Manifest, collect, read_manifest
from checker.audit.worker import CELL_STATUSES, SOURCES, Outcome, check_file, check_unit
from checker.errors import InputError, UsageError

__all__ = [
    "CELL_STATUSES",
    "EXTENSIONS",
    "SCHEMA",
    "SOURCES",
    "Audit",
    "Manifest",
    "collect",
    "default_jobs",
    "exit_code",
    "read_manifest",
    "run",
    "scope_statuses",
]

Progress = Callable[[int, int], None]


class Audit:
    """An audit's outcome. `data` is the plancheck/audit/v1 object without its two large parts — each unit's
    digest (`units`) and each unit's full result (`reports`) — which stay spooled on disk until
    `unit_json()` / `report_json()` / `to_dict()` read them back, in order."""

    def __init__(
        self,
        data: dict[str, Any],
        spool: BinaryIO | None,
        unit_spans: list[tuple[int, int]],
        missing: list[dict[str, Any]],
        report_spans: list[tuple[int, int]],
    ) -> None:
        self.data = data
        self._spool = spool
        self._unit_spans = unit_spans
        self._missing = missing
        self._report_spans = report_spans

    def _read(self, spans: list[tuple[int, int]]) -> Iterator[str]:
        if self._spool is None:
            raise ValueError("the audit is closed")
        for offset, length in spans:
            self._spool.seek(offset)
            yield self._spool.read(length).decode("utf-8")

    def unit_json(self) -> Iterator[str]:
        """Each unit's digest as compact JSON, in matrix order: the ranking, then the owners with no report."""
        yield from self._read(self._unit_spans)
        for entry in self._missing:
            yield json.dumps(entry, ensure_ascii=False, separators=(",", ":"))

    def report_json(self) -> Iterator[str]:
        """Each checked unit's plancheck/result/v1 object as compact JSON, in input order."""
        yield from self._read(self._report_spans)

    def to_dict(self, *, reports: bool = True) -> dict[str, Any]:
        """The whole plancheck/audit/v1 object (parsed: for renderers, tests and small runs; the JSON output
        streams instead). Without `reports`, the per-unit results are left out (`"reports": []`)."""
        out = dict(self.data)
        out["units"] = [json.loads(s) for s in self.unit_json()]
        out["reports"] = [json.loads(s) for s in self.report_json()] if reports else []
        return out

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run(
    rules_path: str,
    paths: Sequence[str],
    *,
    manifest: str | None = None,
    period: str | None = None,
    jobs: int | None = None,
    units_file: str | None = None,
    progress: Progress | None = None,
    start_method: str | None = None,
) -> Audit:
    """Audit every report under `paths` (and those the manifest lists when `paths` is empty).

    Raises UsageError/InputError/RulesError (exit 2) for a bad rules file or manifest, when no report
    was found, or when none of them could be read.
    """
    mf = read_manifest(manifest) if manifest else None
    files, errors = collect(list(paths) or (list(mf.files) if mf else []))
    if not files and not errors:
        raise UsageError("no reports to audit", hint="give files or folders holding .txt/.docx/.pdf/.html reports")
    ctx = worker.build_context(rules_path, units_file, period, mf.units if mf else {})
    worker.set_context(ctx)
    jobs = max(1, jobs or default_jobs())
    done = 0
    total = len(files)

    spool = tempfile.TemporaryFile(prefix="plancheck-audit-")  # noqa: SIM115 - the returned Audit owns and closes it

    def put(blob: bytes) -> tuple[int, int]:
        offset = spool.seek(0, os.SEEK_END)
        spool.write(blob)
        return offset, len(blob)

    def arrived(o: Outcome) -> None:
        """Spool the unit's result and digest at once (a thousand of them would not fit the memory budget)."""
        nonlocal done
        if o.result:
            o.span, o.result = put(o.result), b""
        if o.entry_json:
            o.entry_span, o.entry_json = put(o.entry_json), b""
        done += 1
        if progress is not None:
            progress(done, total)

    notes: list[str] = []
    if mf is not None:
        given = {os.path.realpath(p) for p in files}
        notes += [
            f"{mf.path}: {p} is not among the reports audited" for p in mf.files if os.path.realpath(p) not in given
        ]
    try:
        with _Runner(jobs, rules_path, units_file, period, ctx.manifest, start_method) as runner:
            outcomes = sorted(runner.map(check_file, list(enumerate(files)), arrived), key=lambda o: o.index)
            if outcomes and all(o.error for o in outcomes):
                shown = "; ".join(f"{o.path}: {o.error}" for o in outcomes[:3])
                raise InputError("none of the reports could be read", hint=shown + (" …" if len(outcomes) > 3 else ""))
            by_unit: dict[str, list[Outcome]] = defaultdict(list)
            for o in outcomes:
                if o.unit is not None and o.owned:
                    by_unit[o.unit].append(o)
            pooled = sorted((u, [f for o in group for f in o.files]) for u, group in by_unit.items() if len(group) > 1)
            if pooled:
                total += len(pooled)
                for o in runner.map(check_unit, pooled, arrived):
                    by_unit[str(o.unit)] = [o]
                    listed = "、".join(p for _, p, _ in o.files)
                    notes.append(f"{o.unit} sent {len(o.files)} reports, checked together: {listed}")
        for o in outcomes:
            notes.extend(o.notes)
            if o.error:
                errors.append({"path": o.path, "message": o.error})
        checked = sorted((group[0] for group in by_unit.values()), key=lambda o: o.index)
        errors += [{"path": o.path, "message": o.error} for o in checked if o.error]
        checked = [o for o in checked if not o.error]
        data, ranked, missing = assemble(ctx, rules_path, files, outcomes, checked, errors, notes)
        return Audit(data, spool, [o.entry_span for o in ranked], missing, [o.span for o in checked])
    except BaseException:
        spool.close()
        raise


class _Runner:
    """`map` over a process pool — fork: the workers inherit the context built here; spawn: they rebuild it —
    or in this process for one job.

    A worker that dies (a crash in the rule engine's C code) neither hangs the run nor ends it: the tasks
    left are run again one process each, and the one that kills its process is listed as an error.
    """

    def __init__(
        self,
        jobs: int,
        rules_path: str,
        units_file: str | None,
        period: str | None,
        manifest: dict[str, str],
        start_method: str | None,
    ) -> None:
        self.jobs = jobs
        self.initargs = (rules_path, units_file, period, manifest)
        methods = multiprocessing.get_all_start_methods()
        self.method = start_method or ("fork" if "fork" in methods else "spawn")
        self.pool = self._pool(jobs) if jobs > 1 else None

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        mp = multiprocessing.get_context(self.method)
        if self.method == "fork":  # forked after the context was built: nothing to rebuild
            return ProcessPoolExecutor(workers, mp_context=mp, initializer=worker.ignore_interrupts)
        return ProcessPoolExecutor(workers, mp_context=mp, initializer=worker.init_worker, initargs=self.initargs)

    def map(self, fn: Callable[[Any], Outcome], tasks: list[Any], arrived: Callable[[Outcome], None]) -> list[Outcome]:
        """`fn` over `tasks`; `arrived` sees each outcome as it comes back, in whatever order."""
        out: list[Outcome] = []

        def take(o: Outcome) -> None:
            arrived(o)
            out.append(o)

        if self.pool is None:
            for task in tasks:
                take(fn(task))
            return out
        pending = {self.pool.submit(fn, task): task for task in tasks}
        try:
            for future in as_completed(pending):
                take(future.result())
                del pending[future]
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            for future in [f for f in pending if f.done() and not f.cancelled() and f.exception() is None]:
                take(future.result())
                del pending[future]
            for task in pending.values():  # one process each: the task that kills it is the one to blame
                with self._pool(1) as single:
                    try:
                        take(single.submit(fn, task).result())
                    except BrokenProcessPool:
                        take(worker.crashed(task))
            self.pool = self._pool(self.jobs)
        return out

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=exc[0] is not None)
