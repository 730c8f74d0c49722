"""A per-user cache of validated rules files: (RuleSet, Lexicon) pickled, keyed by content and code.

Loading a curated rules file costs ~300 ms cold (PyYAML, jsonschema import and validation, the lexicon);
unpickling the built objects costs ~1 ms and imports neither yaml nor jsonschema. A hit is only possible
when everything that made the value is unchanged:

- the rules file's bytes (sha256) and the path it was given as (both end up in the RuleSet);
- the resolved lexicon files and their bytes (checked again on every hit);
- the code that builds the value (sha256 of rules.py, yamlio.py, lexicon.py, model.py, the schema),
  the tool version and the Python version.

The cache lives in $PLANCHECK_CACHE_DIR, else $XDG_CACHE_HOME/plancheck, else ~/.cache/plancheck.
PLANCHECK_CACHE=0 turns it off. Any problem with the cache (unwritable folder, corrupt or foreign
entry) falls back to loading the file normally: the cache can make a run faster, never different.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from checker import __version__

if TYPE_CHECKING:
    from checker.lexicon import Lexicon
    from checker.model import RuleSet

FORMAT = 1  # bump when the layout of a cache entry changes
_HERE = Path(__file__).resolve().parent
_CODE = ("rules.py", "yamlio.py", "lexicon.py", "model.py", "rules.schema.json", "__init__.py")


def cache_dir() -> Path | None:
    """Where entries go, or None when caching is off."""
    if os.environ.get("PLANCHECK_CACHE", "1").strip().lower() in ("0", "no", "off", "false"):
        return None
    explicit = os.environ.get("PLANCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plancheck"


@functools.cache
def code_fingerprint() -> str:
    """sha256 over the source of everything that turns a rules file into a RuleSet and Lexicon."""
    h = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for name in _CODE:
        try:
            h.update(name.encode() + b"\0" + (_HERE / name).read_bytes() + b"\0")
        except OSError:
            h.update(name.encode() + b"\0missing\0")
    return h.hexdigest()


def _bytes(path: str, limit: int = 5_000_000) -> bytes | None:
    """The file's bytes; None when it cannot be read or is too large to be a rules file (the loader says why)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:  # a FIFO would block here
            return None
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except OSError:
        return None
    return raw if len(raw) <= limit else None


def _sha(path: str) -> str | None:
    raw = _bytes(path)
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def _lexicon_files(ruleset: RuleSet) -> list[str]:
    """The lexicon files a rules file resolves to now (what `lexicon.load` would read)."""
    from checker import lexicon, rules

    paths = rules.lexicon_paths(ruleset)
    if paths is None:
        paths = sorted(lexicon.DEFAULT_DIR.glob("*.yaml")) if lexicon.DEFAULT_DIR.is_dir() else []
    return [str(p) for p in paths]


def _key(path: str, content_sha: str) -> str:
    parts = (code_fingerprint(), path, os.path.abspath(path), content_sha)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def load_rules(path: str) -> tuple[RuleSet, Lexicon]:
    """The validated RuleSet of `path` and its Lexicon, from the cache when nothing changed."""
    directory = cache_dir()
    raw = _bytes(path) if directory is not None else None
    if directory is None or raw is None:
        return _build(path)
    entry = directory / f"rules-{_key(path, hashlib.sha256(raw).hexdigest())}.pickle"
    cached = _read(entry)
    if cached is not None:
        return cached
    ruleset, lex = _build(path)
    try:
        same = ruleset.sha256 == hashlib.sha256(raw.decode("utf-8-sig").encode("utf-8")).hexdigest()
    except UnicodeDecodeError:
        same = False
    if same:  # the file did not change while it was being loaded
        _write(entry, ruleset, lex)
    return ruleset, lex


def _build(path: str) -> tuple[RuleSet, Lexicon]:
    from checker import lexicon, rules

    ruleset = rules.load(path)
    return ruleset, lexicon.load(rules.lexicon_paths(ruleset))


def _read(entry: Path) -> tuple[RuleSet, Lexicon] | None:
    """A cache entry, if present, intact and still matching the lexicon files on disk."""
    try:
        with open(entry, "rb") as f:
            fingerprint, ruleset, lex, lexicon_shas = pickle.loads(f.read())
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt, truncated or foreign entry is a miss, never an error
        return None
    if fingerprint != code_fingerprint():
        return None
    try:
        files = _lexicon_files(ruleset)
    except Exception:  # e.g. a lexicon file the rules name has gone: let the normal load report it
        return None
    if [(p, _sha(p)) for p in files] != lexicon_shas or list(lex.sources) != files:
        return None
    return ruleset, lex


def _write(entry: Path, ruleset: RuleSet, lex: Lexicon) -> None:
    """Store an entry atomically; any failure (read-only home, full disk) only means no cache."""
    import tempfile

    try:
        files = list(lex.sources)
        shas = [(p, _sha(p)) for p in files]
        if any(s is None for _, s in shas):
            return
        blob = pickle.dumps((code_fingerprint(), ruleset, lex, shas), protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, entry)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except Exception:
        return
