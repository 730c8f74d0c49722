"""Safe YAML loading that remembers where every value came from (file:line:col for messages).

Rules, lexicon, units and waivers files are edited by people, so every error must point at a line.
Anchors and aliases are refused outright: rules files do not need them, and refusing them is the
simplest complete defence against alias bombs (billion laughs). Duplicate keys are errors, not
silently last-wins.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import stat
from typing import TYPE_CHECKING, Any

from checker.errors import RulesError

if TYPE_CHECKING:
    import yaml

MAX_YAML_BYTES = 5_000_000
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]
Marks = dict[Path_, tuple[int, int]]


@functools.cache
def _yaml() -> tuple[Any, Any, Any]:
    """PyYAML, its fastest safe loader and a safe constructor, imported on first use: a cached rules file
    (checker/rulecache.py) is loaded without importing yaml at all."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.constructor.SafeConstructor()


def read_text(path: str, *, what: str = "file", max_bytes: int = MAX_YAML_BYTES) -> str:
    """Read a small UTF-8 text file, turning every OS problem into a one-line RulesError."""
    if os.path.isdir(path):
        raise RulesError(f"{what} is a folder, not a file", path=path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block, /dev/zero would never end
            raise RulesError(f"{what} is not a regular file", path=path, hint="give a .yaml file")
        if st.st_size > max_bytes:
            raise RulesError(f"{what} is too large ({st.st_size:,} bytes; the limit is {max_bytes:,})", path=path)
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)
        if len(raw) > max_bytes:  # it grew since stat()
            raise RulesError(f"{what} is too large (the limit is {max_bytes:,} bytes)", path=path)
    except FileNotFoundError:
        raise RulesError(f"{what} not found", path=path) from None
    except PermissionError:
        raise RulesError(f"{what} is not readable (permission denied)", path=path) from None
    except OSError as e:
        raise RulesError(f"cannot read {what}: {e.strerror}", path=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RulesError(f"{what} is not UTF-8 (byte {e.start})", path=path, hint="save it as UTF-8") from None


def load(path: str, text: str | None = None, *, what: str = "file") -> tuple[Any, Marks]:
    """Parse YAML into plain data (dates as ISO strings) plus the line/col of every path."""
    if text is None:
        text = read_text(path, what=what)
    yaml, loader, _ = _yaml()
    try:
        _check_events(text, path)
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        msg = " ".join(x for x in (e.context, e.problem) if x) or "invalid YAML"
        if "nesting depth" in msg:  # PyYAML >= 6.0.3 stops deep nesting itself, ahead of _check_events
            raise RulesError(f"YAML nested deeper than {MAX_DEPTH} levels", path=path, line=line, col=col) from None
        raise RulesError(f"invalid YAML: {msg}", path=path, line=line, col=col) from None
    except yaml.YAMLError as e:
        raise RulesError(f"invalid YAML: {e}", path=path) from None
    marks: Marks = {}
    if node is None:
        return None, marks
    seen: set[int] = set()
    return _build(node, (), marks, seen, path, 0), marks


def _check_events(text: str, path: str) -> None:
    """Refuse deep nesting and aliases from the event stream, before composing.

    libyaml's composer recurses once per level on the C stack: `[` repeated 100,000 times (or `- ` 30,000
    times) crashes the process with a segfault, far below the size limit. The parser itself is iterative.
    """
    yaml, loader, _ = _yaml()
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:
                line, col = _position(event)
                raise RulesError(f"YAML nested deeper than {MAX_DEPTH} levels", path=path, line=line, col=col)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            line, col = _position(event)
            raise RulesError(
                f"YAML anchors and aliases are not allowed here (alias *{event.anchor})",
                path=path,
                line=line,
                col=col,
                hint="write the value out in full",
            )


def _position(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where `event` starts ((0, 0) when the parser gives none)."""
    m = event.start_mark
    return (m.line + 1, m.column + 1) if m is not None else (0, 0)


def _build(node: yaml.Node, path: Path_, marks: Marks, seen: set[int], source: str, depth: int) -> Any:
    yaml, _, constructor = _yaml()
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if id(node) in seen:
        raise RulesError("YAML anchors and aliases are not allowed here", path=source, line=line, col=col)
    if depth > MAX_DEPTH:
        raise RulesError(f"YAML nested deeper than {MAX_DEPTH} levels", path=source, line=line, col=col)
    seen.add(id(node))
    marks[path] = (line, col)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RulesError(
                    "mapping keys must be plain words",
                    path=source,
                    line=key_node.start_mark.line + 1,
                    col=key_node.start_mark.column + 1,
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise RulesError(
                    "YAML merge keys (<<) are not allowed here",
                    path=source,
                    line=key_node.start_mark.line + 1,
                    col=key_node.start_mark.column + 1,
                )
            key = str(key_node.value)
            if key in out:
                raise RulesError(
                    f"duplicate key {key!r}",
                    path=source,
                    line=key_node.start_mark.line + 1,
                    col=key_node.start_mark.column + 1,
                )
            marks[(*path, key, "__key__")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _build(value_node, (*path, key), marks, seen, source, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, (*path, i), marks, seen, source, depth + 1) for i, v in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)  # keep the text: the caller checks the date (2019-02-30 is an error, not a crash)
    try:
        value = constructor.construct_object(node)
    except (ValueError, yaml.YAMLError) as e:
        raise RulesError(f"bad value {node.value!r}: {e}", path=source, line=line, col=col) from None
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()[:10]
    return value


def mark_of(marks: Marks, path: Path_) -> tuple[int, int]:
    """Line/col of `path`, or of its nearest ancestor that has one."""
    p = tuple(path)
    while p not in marks and p:
        p = p[:-1]
    return marks.get(p, (0, 0))
