"""The audit's inputs: the report files under the given paths, and the manifest naming their units."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError

EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm")
_MANIFEST_FILE = {"file", "path", "文件", "文件名", "路径"}
_MANIFEST_UNIT = {"unit", "单位", "责任单位", "报送单位"}


def collect(paths: Sequence[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The files to audit, in a stable order, and an error entry for every path that does not exist.

    Folders are scanned recursively for .txt/.docx/.pdf/.html files (hidden files and folders skipped),
    sorted by path; files named directly are taken whatever their extension. The same file given twice
    is audited once.
    """
    files: list[str] = []
    errors: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        if os.path.isdir(raw):
            found: list[str] = []
            for folder, dirs, names in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(folder, n)
                    for n in names
                    if not n.startswith((".", "~$")) and n.lower().endswith(EXTENSIONS)
                )
            for path in sorted(found):
                add(path)
        elif os.path.exists(raw):
            add(raw)
        else:
            errors.append({"path": raw, "message": "no such file or folder"})
    return files, errors


@dataclass(frozen=True)
class Manifest:
    """`file,unit` rows of a CSV manifest; file paths relative to the manifest's folder."""

    path: str
    units: dict[str, str]  # realpath of the file → unit as written
    files: tuple[str, ...]  # the files in manifest order, as paths usable from the working folder

    def unit_of(self, path: str) -> str | None:
        return self.units.get(os.path.realpath(path))


def read_manifest(path: str) -> Manifest:
    """Read a manifest CSV (UTF-8, with or without BOM, or GB18030 as Excel saves it in China).

    A first row `file,unit` (or 文件,单位 …) is a header. Every error names the line and exits 2.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("manifest not found", path=path) from None
    except IsADirectoryError:
        raise InputError("manifest is a folder, not a CSV file", path=path) from None
    except OSError as e:
        raise InputError(f"cannot read the manifest: {e.strerror}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError("manifest is neither UTF-8 nor GB18030 text", path=path) from None
    base = os.path.dirname(os.path.abspath(path))
    units: dict[str, str] = {}
    files: list[str] = []
    rows = list(csv.reader(io.StringIO(text)))
    for line, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line == 1 and cells[0].lower() in _MANIFEST_FILE and len(cells) > 1 and cells[1].lower() in _MANIFEST_UNIT:
            continue
        if len(cells) < 2 or any(cells[2:]):
            raise InputError("each manifest row is `file,unit`", path=path, line=line)
        name, unit = cells[0], cells[1]
        if not name:
            raise InputError("a manifest row has no file", path=path, line=line)
        full = name if os.path.isabs(name) else os.path.join(base, name)
        key = os.path.realpath(full)
        if key in units and units[key] != unit:
            raise InputError(f"{name} is listed twice with different units", path=path, line=line)
        if key not in units:
            files.append(os.path.relpath(full) if not os.path.isabs(name) else full)
        units[key] = unit
    return Manifest(path, {k: v for k, v in units.items() if v}, tuple(files))
