"""Writing results: atomically to a file (temp file + rename) or to stdout.

An error before the rename leaves no partial file behind, so a later CI step never reads half a report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from checker.errors import InputError


def check_target(path: str | None, inputs: Iterable[str] = ()) -> None:
    """Refuse an output path that cannot be written or would replace an input, before any work is done."""
    if path is None or path == "-":
        return
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or path.endswith(("/", os.sep)):
        raise InputError("output path is a folder", path=path, hint="give a file name inside it")
    if not os.path.isdir(directory):
        if os.path.exists(directory):
            raise InputError(f"{directory} is a file, so it cannot hold the output", path=path, hint="check the path")
        raise InputError(f"output folder {directory} does not exist", path=path, hint="create the folder first")
    if os.path.exists(path):
        for name in inputs:
            try:
                same = os.path.samefile(path, name)
            except OSError:
                continue
            if same:
                raise InputError("output path is one of the input files", path=path, hint="write somewhere else")


def write_output(data: str | bytes, path: str | None) -> None:
    """Write `data` to `path` atomically, or to stdout when `path` is None or "-"."""
    # backslashreplace: a file name that is not UTF-8 reaches the text as surrogate escapes (\udcff)
    raw = data.encode("utf-8", errors="backslashreplace") if isinstance(data, str) else data
    if path is None or path == "-":
        sys.stdout.buffer.write(raw)
        if raw and not raw.endswith(b"\n") and isinstance(data, str):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return
    _atomic(path, [raw])


def write_chunks(chunks: Iterable[str], path: str | None) -> None:
    """Write text produced piece by piece (a large audit's JSON) atomically to `path`, or to stdout.

    Same guarantees as `write_output`: on any error, including one raised while producing the chunks,
    no partial file is left behind."""
    if path is None or path == "-":
        for chunk in chunks:
            sys.stdout.buffer.write(chunk.encode("utf-8"))
        sys.stdout.flush()
        return
    _atomic(path, (chunk.encode("utf-8") for chunk in chunks))


def _atomic(path: str, pieces: Iterable[bytes]) -> None:
    """Write `pieces` to a temporary file beside `path`, then rename it over `path`; nothing is left on error."""
    check_target(path)
    directory = os.path.dirname(os.path.abspath(path))
    import tempfile  # here, not at the top: writing to stdout does not need it (cold start)

    try:
        fd, tmp = tempfile.mkstemp(prefix=".plancheck-", dir=directory)
    except OSError as e:
        raise InputError(
            f"cannot write output: {e.strerror}", path=path, hint="check the folder's permissions"
        ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in pieces:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(f"cannot write output: {e.strerror}", path=path) from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
