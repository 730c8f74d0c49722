"""Generate real .docx and .pdf files from plain text, for tests that read documents through the real code.

`make_pdf` lays the text out like a printed government document: the CJK font built into reportlab
(STSong-Light, no font file needed), paragraphs indented two characters unless they are numbered headings
(一、 (一) 1.), lines wrapped at the page width, a running header on every page and `- n -` at the foot.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PDF_FONT = "STSong-Light"
PDF_HEADER = "政府信息公开 第{page}页"  # digits vary by page: the reader must normalise them to see the repeat
_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]*[)）]|[0-9]+[.、．])")


def make_docx(
    text: str,
    path: str | os.PathLike[str],
    *,
    table: list[list[str]] | None = None,
) -> Path:
    """A .docx with one paragraph per line of `text`; `table` (rows of cells) goes in after the middle line."""
    import docx

    lines = text.split("\n")
    middle = len(lines) // 2
    document = docx.Document()
    for i, line in enumerate(lines):
        if table is not None and i == middle:
            _add_table(document, table)
        document.add_paragraph(line)
    if table is not None and not lines:
        _add_table(document, table)
    out = Path(path)
    document.save(str(out))
    return out


def _add_table(document: object, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    t = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value


def make_pdf(
    text: str,
    path: str | os.PathLike[str],
    *,
    header: str | None = PDF_HEADER,
    page_numbers: bool = True,
    font_size: float = 12,
) -> Path:
    """An A4 PDF of `text`: wrapped, indented paragraphs, a running header and page numbers on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    width, height = A4
    left, right, top, bottom = 72.0, width - 72.0, height - 90.0, 80.0
    leading = font_size * 1.5

    placed: list[tuple[float, str]] = []  # (x, line)
    for raw in text.split("\n"):
        para = raw.replace("\u00a0", " ").replace("\u3000", " ").strip()
        if not para:
            continue
        indent = 0.0 if _HEADING.match(para) else 2 * font_size
        wrapped = _wrap(para, right - left, indent, font_size, pdfmetrics.stringWidth)
        for k, line in enumerate(wrapped):
            placed.append((left + (indent if k == 0 else 0.0), line))

    per_page = int((top - bottom) // leading) + 1
    pages = [placed[i : i + per_page] for i in range(0, len(placed), per_page)] or [[]]
    out = Path(path)
    c = canvas.Canvas(str(out), pagesize=A4)
    for n, lines in enumerate(pages, 1):
        if header:
            c.setFont(PDF_FONT, 9)
            c.drawString(left, height - 50, header.format(page=n))
        c.setFont(PDF_FONT, font_size)
        y = top
        for x, line in lines:
            c.drawString(x, y, line)
            y -= leading
        if page_numbers:
            c.setFont(PDF_FONT, 9)
            c.drawCentredString(width / 2, 40, f"- {n} -")
        c.showPage()
    c.save()
    return out


def _wrap(para: str, width: float, indent: float, size: float, measure: object) -> list[str]:
    """Break `para` into lines no wider than `width` (the first one `indent` narrower), character by character."""
    lines: list[str] = []
    cur = ""
    avail = width - indent
    for ch in para:
        if cur and measure(cur + ch, PDF_FONT, size) > avail:  # type: ignore[operator]
            lines.append(cur)
            cur = ""
            avail = width
        cur += ch
    lines.append(cur)
    # pdfium drops a text object holding a single CJK glyph of a font it cannot load (no CJK font is
    # installed here), so never leave one character alone on the last line of a paragraph
    if len(lines) > 1 and len(lines[-1]) == 1:
        lines[-1] = lines[-2][-1] + lines[-1]
        lines[-2] = lines[-2][:-1]
    return lines
