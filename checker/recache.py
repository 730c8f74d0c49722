"""A per-user cache of compiled regular expressions, for the command line's cold start.

The stage modules compile ~200 regular expressions when imported (facts, quantities, documents), many
with large CJK character classes: ~100 ms of a ~260 ms `plancheck check`, every run, because `re` keeps
compiled patterns only in memory. This module keeps the compiled SRE programs (lists of ints) on disk and
hands them straight to `_sre.compile` on the next run, skipping the pure-Python parser and compiler.

Safety:
- it replaces only `re._compiler.compile`, the step that turns a pattern string into a program; `re`'s
  own in-memory cache, flags handling and errors are untouched, and non-string patterns pass through;
- a program is stored only after checking that it gives a pattern *equal* to what `re` itself compiles
  (`Pattern.__eq__` compares the pattern, the flags and the program), so a change in CPython's internals
  can only make entries go unused, never wrong;
- entries are keyed by the exact interpreter version and the SRE magic number, in a file of their own;
- any problem (unwritable folder, corrupt or foreign file, a program `_sre` rejects) falls back to the
  normal compiler. PLANCHECK_CACHE=0 turns it off with the rules cache.

Only the CLI installs it (`install()`, saved at exit); importing checker as a library changes nothing.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRIES = 4000  # patterns built at run time from data must not grow the file without bound

try:  # CPython 3.11+: the compiler lives in re._compiler and programs are built by _sre.compile
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another interpreter: nothing to cache
    _sre = None

Args = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_entries: dict[tuple[str, int], Args] = {}
_dirty = False
_path: Path | None = None
_original: Callable[..., Any] | None = None


def _file(directory: Path) -> Path:
    tag = f"{FORMAT}|{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"
    return directory / f"regex-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.marshal"


def _load(path: Path) -> dict[tuple[str, int], Args]:
    try:
        with open(path, "rb") as f:
            data = marshal.loads(f.read())  # loads, not load: load reads the file object by tiny pieces
    except Exception:  # missing, truncated or foreign: start empty
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, tuple) and isinstance(v, tuple) and len(v) == 5}


def _args(pattern: str, flags: int) -> Args:
    """What re._compiler.compile passes to _sre.compile for `pattern` (its body, minus DEBUG output)."""
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]  # plain ints: the opcodes are int subclasses
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def _compile(p: Any, flags: int = 0) -> Any:
    """re._compiler.compile with the programs of string patterns cached on disk."""
    global _dirty
    assert _original is not None
    if not isinstance(p, str) or flags & re.DEBUG:
        return _original(p, flags)
    key = (p, flags)
    args = _entries.get(key)
    if args is not None:
        try:
            return _sre.compile(p, *args)
        except Exception:  # a program this interpreter rejects: forget it
            del _entries[key]
            _dirty = True
    compiled = _original(p, flags)
    if len(_entries) < MAX_ENTRIES:
        try:
            args = _args(p, flags)
            if _sre.compile(p, *args) == compiled:
                _entries[key] = args
                _dirty = True
        except Exception:
            pass
    return compiled


def install(directory: Path | None) -> bool:
    """Use the cache in `directory` for every regular expression compiled from now on; save it at exit."""
    global _entries, _path, _original
    if directory is None or _sre is None or _original is not None:
        return False
    _path = _file(directory)
    _entries = _load(_path)
    _original = _compiler.compile
    _compiler.compile = _compile
    atexit.register(save)
    return True


def uninstall() -> None:
    """Back to the plain compiler (tests); the entries gathered so far are saved."""
    global _original
    if _original is not None:
        save()
        _compiler.compile = _original
        _original = None


def save() -> None:
    """Write the entries if any were added, atomically; any failure only means no cache next time."""
    global _dirty
    if not _dirty or _path is None:
        return
    import tempfile

    try:
        _path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", dir=_path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(_entries))
            os.replace(tmp, _path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        _dirty = False
    except Exception:
        return
