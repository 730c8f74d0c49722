"""Word .docx → lines: body paragraphs and table rows in document order, one line each.

A data-table row becomes one line with its cells joined by a TAB (a cell merged across columns counted
once, a cell merged down rows repeated in each row so that every row line stands alone). A row that is
really page layout — one cell framing the whole text, or cells holding nested tables or many paragraphs —
is not squeezed into one line: its paragraphs stay lines. Headers, footers and text boxes are ignored.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.model import Problem

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

ZIP_MAX_TOTAL = 200 * 1024 * 1024  # sum of uncompressed sizes
ZIP_MAX_RATIO = 200  # uncompressed / compressed, for entries large enough to matter
_RATIO_MIN_SIZE = 1 << 20  # tiny parts of repeated bytes compress 250:1 innocently

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC = (f"{{{_W}}}{t}" for t in ("p", "tbl", "tr", "tc"))
_SDT, _SDT_CONTENT = f"{{{_W}}}sdt", f"{{{_W}}}sdtContent"
# block-level wrappers whose children are ordinary body content (content controls, custom XML,
# tracked insertions and moves)
_WRAPPERS = {f"{{{_W}}}{t}" for t in ("sdtContent", "customXml", "ins", "moveTo")}
_T, _TAB, _PTAB, _BR, _CR, _NBH = (f"{{{_W}}}{t}" for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))
_BR_TYPE = f"{{{_W}}}type"
# a row is page layout when a cell has more paragraphs or characters than a data cell would
_LAYOUT_LINES = 30
_LAYOUT_CHARS = 2000


def read_docx(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """The document's body as lines (paragraphs and table rows), and any problems met."""
    _guard_zip(data, path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    # NotImplementedError: a zip entry needs a newer zip version or a compression zipfile lacks
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        EOFError,
        zlib.error,
        NotImplementedError,
    ) as e:
        raise _damaged(path, e) from None
    except etree.XMLSyntaxError as e:
        raise _damaged(path, e) from None
    body = getattr(document.element, "body", None)
    if body is None:  # the main part's root is not w:document
        raise _damaged(path, ValueError("word/document.xml holds no document body"))
    lines: list[str] = []
    _Walker(document).blocks(body, lines)
    return "\n".join(lines), []


def _damaged(path: str, e: Exception) -> InputError:
    reason = (str(e).strip().splitlines() or [type(e).__name__])[0]  # the CLI prints errors on one line
    return InputError(
        f"is a damaged or unsupported .docx file ({reason[:200]})",
        path=path,
        hint="open it in Word/WPS and save it again as .docx",
    )


def _guard_zip(data: bytes, path: str) -> None:
    """Refuse archives that are corrupt or would expand into far more data than a document holds."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(
            "is not a valid .docx file (a damaged zip archive)",
            path=path,
            hint="open it in Word/WPS and save it again as .docx",
        ) from None
    total = sum(i.file_size for i in infos)
    if total > ZIP_MAX_TOTAL:
        raise InputError(
            f"would expand to {total / 2**20:,.0f} MB (limit {ZIP_MAX_TOTAL // 2**20} MB): a possible zip bomb",
            path=path,
            hint="save the document again in Word/WPS; if it holds large media, remove them",
        )
    for i in infos:
        if i.file_size >= _RATIO_MIN_SIZE and i.file_size > ZIP_MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise InputError(
                f"part {i.filename} is compressed {ratio:,.0f}:1 (limit {ZIP_MAX_RATIO}:1): a possible zip bomb",
                path=path,
                hint="save the document again in Word/WPS",
            )


class _Walker:
    """Turns body XML into lines, reusing python-docx for the table grid (merged cells)."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document

    def blocks(self, container: Any, lines: list[str]) -> None:
        """Append the lines of every paragraph and table directly in `container`, in order."""
        for child in container.iterchildren():
            tag = child.tag
            if tag == _P:
                lines.append(_paragraph_text(child))
            elif tag == _TBL:
                self.table(child, lines)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.blocks(content, lines)
            elif tag in _WRAPPERS:
                self.blocks(child, lines)

    def table(self, tbl: Any, lines: list[str]) -> None:
        from docx.table import Table

        for row in Table(tbl, self.document).rows:
            try:
                tcs = [cell._tc for cell in row.cells]
            except (ValueError, IndexError):  # a vertical merge with nothing above it: take the cells as written
                tcs = list(row._tr.iterchildren(_TC))
            cells: list[list[str]] = []
            previous = None
            for tc in tcs:
                if tc is previous:  # python-docx repeats a cell once per grid column it spans
                    continue
                previous = tc
                cell_lines: list[str] = []
                self.blocks(tc, cell_lines)
                cells.append(cell_lines)
            if _is_layout(cells, row._tr):
                for cell_lines in cells:
                    lines.extend(cell_lines)
            else:
                lines.append("\t".join(_cell_text(c) for c in cells))


def _cell_text(cell_lines: list[str]) -> str:
    """A data cell on one line: its paragraphs joined by a space, breaks and tabs inside it as spaces."""
    return " ".join(s for s in cell_lines if s.strip()).replace("\n", " ").replace("\t", " ")


def _is_layout(cells: list[list[str]], tr: Any) -> bool:
    """A row holding page layout rather than data: a lone framing cell, nested tables, or long cells."""
    if any(len(c) > _LAYOUT_LINES or sum(len(s) for s in c) > _LAYOUT_CHARS for c in cells):
        return True
    if len(cells) == 1 and len(cells[0]) > 1:
        return True
    return any(tc.find(f".//{_TBL}") is not None for tc in tr.iterchildren(_TC))


def _paragraph_text(p: Any) -> str:
    """Text of a paragraph's runs, including hyperlinks, fields, content controls and tracked insertions.

    python-docx's `Paragraph.text` skips runs wrapped in w:ins/w:sdt/w:smartTag; text boxes are skipped
    here on purpose (their content is duplicated in fallback markup and sits outside the reading order).
    """
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _PTAB, _BR, _CR, _NBH):
        if _hidden(el, p):
            continue
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag in (_TAB, _PTAB):
            if el.getparent().tag.endswith("}r"):  # w:tabs/w:tab in paragraph properties are tab stops
                parts.append("\t")
        elif tag == _BR:
            if el.get(_BR_TYPE) not in ("page", "column"):
                parts.append("\n")
        elif tag == _CR:
            parts.append("\n")
        else:
            parts.append("-")
    return "".join(parts)


def _hidden(el: Any, p: Any) -> bool:
    """True when `el` is not part of the paragraph's reading text: inside a drawing or text box, or in
    a tracked deletion or move-away."""
    parent = el.getparent()
    while parent is not None and parent is not p:
        if parent.tag.endswith(("}txbxContent", "}drawing", "}pict", "}AlternateContent", "}del", "}moveFrom")):
            return True
        parent = parent.getparent()
    return False
