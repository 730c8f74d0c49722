"""A progress bar on stderr for long runs (rich), shown only on a terminal and only when the run is
expected to take more than about a second.

The bar starts lazily, from the first progress call: by then the audit's worker processes have been
forked, so rich's refresh thread never exists in a process that forks.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

SHOW_AFTER = 1.0  # seconds the whole run is expected to take before a bar is worth showing


class ProgressBar:
    """A callable `(done, total)` that drives a rich progress bar once the run looks long enough."""

    def __init__(self, description: str, *, enabled: bool | None = None) -> None:
        self.description = description
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            elapsed = time.perf_counter() - self.started
            if done <= 0 or elapsed / done * total < SHOW_AFTER or done >= total:
                return
            self._start(total)
        self._progress.update(self._task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.description, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
