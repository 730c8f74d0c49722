"""Per-user caches for the command line's cold start: compiled regular expressions and dataclass methods.

Every `plancheck` run imports the stage modules afresh, and two things there cost more than they should:
- the ~200 regular expressions of facts, quantities and documents, many with large CJK character
  classes: ~100 ms of `re` parsing and compiling, every run, because `re` caches only in memory;
- the ~26 frozen dataclasses of model.py: ~15 ms compiling the source `dataclasses` generates for their
  methods (`exec` of a string).
Both results are kept on disk (one marshal file per interpreter) and reused:
- only `re._compiler.compile` (pattern string → SRE program) is replaced; `re`'s in-memory cache, flags
  and errors are untouched. A program is stored only once checked to give a pattern *equal* to what
  `re` compiles (`Pattern.__eq__` compares pattern, flags and program), so a change in CPython's
  internals can only make entries go unused, never wrong; a program `_sre` rejects is recompiled;
- for dataclasses, `dataclasses.exec` is shadowed by a function that compiles each generated source once
  (`compile(..., dont_inherit=True)`, exactly what `exec(source)` does there) and keeps the code object;
- the file is keyed by the exact interpreter version, bytecode magic and SRE magic; any problem
  (unwritable folder, corrupt or foreign file) falls back to the normal path. PLANCHECK_CACHE=0 turns it
  off with the rules cache.

Only the CLI installs it (`install()`, saved at exit); importing checker as a library changes nothing.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import hashlib
import importlib.util
import marshal
import os
import re
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRIES = 4000  # patterns built at run time from data must not grow the file without bound

try:  # CPython 3.11/3.12: the compiler lives in re._compiler and programs are built by _sre.compile
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another interpreter: nothing to cache
    _sre = None

Args = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_regexes: dict[tuple[str, int], Args] = {}
_codes: dict[str, types.CodeType] = {}
_dirty = False
_path: Path | None = None
_original: Callable[..., Any] | None = None


def _file(directory: Path) -> Path:
    parts = (FORMAT, sys.version, importlib.util.MAGIC_NUMBER.hex(), getattr(_sre, "MAGIC", ""))
    tag = "|".join(map(str, (*parts, getattr(_sre, "CODESIZE", ""))))
    return directory / f"start-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.marshal"


def _load(path: Path) -> tuple[dict[tuple[str, int], Args], dict[str, types.CodeType]]:
    """The cached regex programs and code objects; empty ones when the file is missing, corrupt or foreign."""
    try:
        with open(path, "rb") as f:
            data = marshal.loads(f.read())  # loads, not load: load reads the file object by tiny pieces
        regexes, codes = data["regex"], data["code"]
    except Exception:
        return {}, {}
    if not isinstance(regexes, dict) or not isinstance(codes, dict):
        return {}, {}
    return (
        {k: v for k, v in regexes.items() if isinstance(k, tuple) and isinstance(v, tuple) and len(v) == 5},
        {k: v for k, v in codes.items() if isinstance(k, str) and isinstance(v, types.CodeType)},
    )


# --------------------------------------------------------------------------- regular expressions


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
    args = _regexes.get(key)
    if args is not None:
        try:
            return _sre.compile(p, *args)
        except Exception:  # a program this interpreter rejects: forget it
            del _regexes[key]
            _dirty = True
    compiled = _original(p, flags)
    if len(_regexes) < MAX_ENTRIES:
        try:
            args = _args(p, flags)
            if _sre.compile(p, *args) == compiled:
                _regexes[key] = args
                _dirty = True
        except Exception:
            pass
    return compiled


# --------------------------------------------------------------------------- dataclass methods


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """`exec` as dataclasses calls it, with the code compiled from each generated source kept."""
    global _dirty
    if isinstance(source, str):
        code = _codes.get(source)
        if code is None:
            # dont_inherit: exec(source) in dataclasses.py compiles without this module's __future__ flags
            code = compile(source, "<string>", "exec", dont_inherit=True)
            if len(_codes) < MAX_ENTRIES:
                _codes[source] = code
                _dirty = True
        source = code
    builtins.exec(source, globals, locals)


# --------------------------------------------------------------------------- installing


def install(directory: Path | None) -> bool:
    """Use the caches in `directory` from now on (regexes compiled and dataclasses created); save at exit."""
    global _regexes, _codes, _path, _original
    if directory is None or _sre is None or _original is not None:
        return False
    _path = _file(directory)
    _regexes, _codes = _load(_path)
    _original = _compiler.compile
    _compiler.compile = _compile
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin inside dataclasses only
    atexit.register(save)
    return True


def uninstall() -> None:
    """Back to the plain compiler and exec (tests); what was gathered so far is saved."""
    global _original
    if _original is not None:
        save()
        _compiler.compile = _original
        _original = None
        vars(dataclasses).pop("exec", None)


def save() -> None:
    """Write the caches if anything was added, atomically; any failure only means no cache next time."""
    global _dirty
    if not _dirty or _path is None:
        return
    import tempfile

    try:
        _path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".start-", dir=_path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps({"regex": _regexes, "code": _codes}))
            os.replace(tmp, _path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        _dirty = False
    except Exception:
        return
