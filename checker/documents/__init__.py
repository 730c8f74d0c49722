"""Read a report or plan file (txt, docx, pdf, html) into a normalised `Document`.

The reader is chosen by extension and checked against the file's first bytes, so a .txt that is really a
PDF is read as a PDF and a .doc renamed to .docx gets a conversion hint instead of a traceback. Every
user-fixable problem (missing, empty, binary, encrypted, scanned, zip bomb, old Office format) is an
`InputError` saying what is wrong and what to do. The heavy readers are imported only when needed.

Modules: _text (decoding, normalisation), _docx (python-docx), _pdf (pypdfium2), _html (readability-lxml).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from checker.documents._text import check_text, declared_charset, decode, normalise, odd_chars
from checker.errors import InputError
from checker.model import Document, Problem, Severity

__all__ = ["MAX_BYTES", "MAX_CHARS", "read"]

MAX_BYTES = 20_000_000
# Characters of text after extraction. Reports and plans run to tens of thousands; checking takes about 5 s and
# 150 MB per million characters, so a bound here keeps a runaway input (a whole site's dump, a log file) from
# taking minutes and gigabytes. A PDF or .docx under MAX_BYTES can still hold more text than this.
MAX_CHARS = 1_000_000

_DOCX_EXT = {".docx"}
_PDF_EXT = {".pdf"}
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_TO_DOCX = "libreoffice --headless --convert-to docx"
_TO_PDF = "libreoffice --headless --convert-to pdf"
# extension → (what it is, how to convert it into something plancheck reads)
_UNSUPPORTED: dict[str, tuple[str, str]] = {
    ".doc": ("a Word 97-2003 (.doc) file", _TO_DOCX),
    ".wps": ("a WPS Writer (.wps) file", _TO_DOCX),
    ".rtf": ("an RTF file", _TO_DOCX),
    ".odt": ("an OpenDocument text (.odt) file", _TO_DOCX),
    ".docm": ("a macro-enabled Word (.docm) file", _TO_DOCX),
    ".xls": ("an Excel 97-2003 (.xls) workbook", _TO_PDF),
    ".xlsx": ("an Excel (.xlsx) workbook", _TO_PDF),
    ".et": ("a WPS spreadsheet (.et)", _TO_PDF),
    ".ods": ("an OpenDocument spreadsheet (.ods)", _TO_PDF),
    ".ppt": ("a PowerPoint 97-2003 (.ppt) file", _TO_PDF),
    ".pptx": ("a PowerPoint (.pptx) file", _TO_PDF),
    ".dps": ("a WPS presentation (.dps)", _TO_PDF),
    ".odp": ("an OpenDocument presentation (.odp)", _TO_PDF),
}
_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LONE_CR = re.compile(r"\r(?!\n)")


def read(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS) -> Document:
    """Read `path` into a Document: NFKC text with a map back to the source, or raise InputError."""
    name = os.fspath(path)
    data = _load(name, max_bytes)
    ext = Path(name).suffix.lower()
    fmt, problems = _choose_format(data, ext, name)

    encoding = fmt
    if fmt == "pdf":
        from checker.documents._pdf import read_pdf

        source, more = read_pdf(data, name)
    elif fmt == "docx":
        from checker.documents._docx import read_docx

        source, more = read_docx(data, name)
    elif fmt == "html":
        from checker.documents._html import read_html

        html, encoding, more = decode(data, name, declared=declared_charset(data))
        source, extra = read_html(html, name)
        more += extra
    else:
        source, encoding, more = decode(data, name)
    problems += more
    if "\r" in source:
        # a lone CR (old Mac files) is a line break too; as "\n" it keeps its offset and makes
        # Document.locate() count the lines an editor shows
        source = _LONE_CR.sub("\n", source)
    odd = odd_chars(source)
    if fmt == "txt":
        check_text(source, odd, name)

    text, origin = normalise(source, odd)
    if fmt == "txt":
        from checker.documents._wrap import unwrap

        text, origin, joined = unwrap(text, origin)
        if joined:
            problems.append(
                Problem(
                    Severity.INFO,
                    f"the text is hard-wrapped (as copied out of a PDF): {joined} line breaks inside paragraphs "
                    "were joined",
                    source=name,
                    code="txt-hard-wrapped",
                )
            )
    if len(text) > max_chars:
        raise InputError(
            f"is too long ({len(text):,} characters of text; the limit is {max_chars:,})",
            path=name,
            hint="split the document into smaller files",
        )
    if not text.strip():
        what = "contains only whitespace" if fmt == "txt" else "contains no text"
        raise InputError(what, path=name, hint="check that this is the right file")
    return Document(
        path=name,
        format=fmt,
        text=text,
        source_text=source,
        origin=origin,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        problems=tuple(problems),
    )


def _load(name: str, max_bytes: int) -> bytes:
    """The file's bytes, after the checks that give a clear message instead of an OSError."""
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError("no such file", path=name, hint="check the path") from None
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror}", path=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a document", path=name, hint="give a .txt, .docx, .pdf or .html file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("is not a regular file", path=name, hint="give a .txt, .docx, .pdf or .html file")
    if st.st_size > max_bytes:
        raise InputError(
            f"is too large ({st.st_size:,} bytes; the limit is {max_bytes:,} bytes)",
            path=name,
            hint="split the document into smaller files",
        )
    try:
        with open(name, "rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=name, hint="check the file's permissions") from None
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror}", path=name) from None
    if len(data) > max_bytes:  # it grew since stat()
        raise InputError(f"is too large (the limit is {max_bytes:,} bytes)", path=name)
    if not data:
        raise InputError("is empty (0 bytes)", path=name, hint="check that this is the right file")
    return data


def _choose_format(data: bytes, ext: str, name: str) -> tuple[str, list[Problem]]:
    """The reader to use: the content's magic bytes win over the extension; unreadable kinds raise."""
    head = data[:1024]
    problems: list[Problem] = []

    def mismatch(kind: str) -> None:
        problems.append(
            Problem(
                Severity.WARNING,
                f"the extension says {ext or 'nothing'} but the content is {kind}; read as {kind}",
                source=name,
                code="format-mismatch",
            )
        )

    # PDF readers accept junk before the header; only a .pdf gets that benefit of the doubt
    if head.startswith(b"%PDF-") or (ext in _PDF_EXT and b"%PDF-" in head):
        if ext not in _PDF_EXT:
            mismatch("PDF")
        return "pdf", problems
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        unreadable = _zip_unreadable(data, name)
        if unreadable is not None:
            what, hint = unreadable
            raise InputError(f"is {what}, which plancheck cannot read", path=name, hint=hint)
        if ext not in _DOCX_EXT:
            mismatch("a Word .docx document")
        return "docx", problems
    if head.startswith(_OLE):
        if ext in (".docx", ".xlsx", ".pptx"):
            raise InputError(
                "is a password-protected Office file or an old binary file renamed to " + ext,
                path=name,
                hint=f"remove the password in Word/WPS, or convert it: {_TO_DOCX} {name}",
            )
        what, conv = _UNSUPPORTED.get(ext, ("an old binary Office/WPS file (.doc, .xls, .ppt or .wps)", _TO_DOCX))
        raise InputError(f"is {what}, which plancheck cannot read", path=name, hint=f"convert it first: {conv} {name}")
    if head.lstrip().startswith(b"{\\rtf"):
        raise InputError(
            "is an RTF file, which plancheck cannot read", path=name, hint=f"convert it first: {_TO_DOCX} {name}"
        )
    for magic, kind in _IMAGES:
        if head.startswith(magic):
            raise InputError(
                f"is a {kind} image, not a text document",
                path=name,
                hint=f"run OCR first, e.g. ocrmypdf --image-dpi 300 -l chi_sim {name} out.pdf",
            )
    if ext in _UNSUPPORTED:
        what, conv = _UNSUPPORTED[ext]
        raise InputError(f"is {what}, which plancheck cannot read", path=name, hint=f"convert it first: {conv} {name}")
    if ext in _DOCX_EXT:
        raise InputError(
            "is not a valid .docx file (not a zip archive)",
            path=name,
            hint=f"save it again as .docx in Word/WPS; if it is a renamed .doc: {_TO_DOCX} {name}",
        )
    if ext in _PDF_EXT:
        raise InputError(
            "is not a PDF (no %PDF header)", path=name, hint="download or export the PDF again; it may be truncated"
        )
    if ext in _HTML_EXT:
        return "html", problems
    if _looks_html(head):
        mismatch("an HTML page")
        return "html", problems
    return "txt", problems


def _looks_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _zip_unreadable(data: bytes, name: str) -> tuple[str, str] | None:
    """None for a Word package, else (what the archive is, what to do) for the error message."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):  # NotImplemented: zip version
        return ("a damaged zip archive", "download or export the document again")
    if "word/document.xml" in names:
        return None
    if "xl/workbook.xml" in names:
        return _UNSUPPORTED[".xlsx"][0], f"convert it first: {_TO_PDF} {name}"
    if "ppt/presentation.xml" in names:
        return _UNSUPPORTED[".pptx"][0], f"convert it first: {_TO_PDF} {name}"
    if "OFD.xml" in names:
        return "an OFD document", "export it as PDF from an OFD reader (数科/福昕 OFD)"
    if "content.xml" in names:
        return "an OpenDocument file", f"convert it first: {_TO_DOCX} {name}"
    return "a zip archive, not a document", "extract the document from the archive first"
