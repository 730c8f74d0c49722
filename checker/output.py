"""Writing results: atomically to a file (temp file + rename) or to stdout.

An error before the rename leaves no partial file behind, so a later CI step never reads half a report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from checker.errors import InputError


def write_output(data: str | bytes, path: str | None) -> None:
    """Write `data` to `path` atomically, or to stdout when `path` is None or "-"."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path is None or path == "-":
        sys.stdout.buffer.write(raw)
        if raw and not raw.endswith(b"\n") and isinstance(data, str):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError("output folder does not exist", path=path, hint="create it first")
    if os.path.isdir(path):
        raise InputError("output path is a folder", path=path, hint="give a file name")
    import tempfile  # here, not at the top: writing to stdout does not need it (cold start)

    fd, tmp = tempfile.mkstemp(prefix=".plancheck-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
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


def write_chunks(chunks: Iterable[str], path: str | None) -> None:
    """Write text produced piece by piece (a large audit's JSON) atomically to `path`, or to stdout.

    Same guarantees as `write_output`: on any error, including one raised while producing the chunks,
    no partial file is left behind."""
    if path is None or path == "-":
        for chunk in chunks:
            sys.stdout.buffer.write(chunk.encode("utf-8"))
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError("output folder does not exist", path=path, hint="create it first")
    if os.path.isdir(path):
        raise InputError("output path is a folder", path=path, hint="give a file name")
    import tempfile  # here, not at the top: writing to stdout does not need it (cold start)

    fd, tmp = tempfile.mkstemp(prefix=".plancheck-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk.encode("utf-8"))
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
