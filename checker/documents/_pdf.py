"""PDF → lines with pypdfium2: page furniture dropped, wrapped lines rejoined into paragraphs.

pypdfium2 returns every visual line, plus running headers, footers and page numbers. A line repeated at
the top or bottom of at least half the pages (digits ignored) is a running header/footer; `- 3 -`,
`第3页`, `3/10` or a bare number there is a page number. A line is joined to the next when it reaches the
right margin and the next line neither starts a numbered heading nor is indented (see `_rejoin`); without
usable geometry, line length stands in for the margin test. Joins add no space (except between two Latin
words); the spaces some PDF producers put between Chinese and digits are left for textutil.compact.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections import Counter
from typing import Any

from checker.documents._wrap import Line as _Line
from checker.documents._wrap import continuations, latin_join
from checker.errors import InputError
from checker.model import Problem, Severity

_EDGE = 2  # lines at the top and at the bottom of a page that may be page furniture
_MIN_PAGE_CHARS = 20  # below this on every page, the PDF has no text layer worth reading
_BLANK_PAGE_CHARS = 5

_LINE = re.compile(r"[^\r\n]+")
_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # pdfium's hyphen marks and the like
_GARBAGE = re.compile("[\ue000-\uf8ff\ufffd]")  # glyphs without a Unicode mapping
_DASHES = r"[\s\-–—―－_·•.=*~]*"
_PAGE_NUMBER = re.compile(
    rf"""^{_DASHES}(?:
        第\s*\d+\s*页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?
      | 共\s*\d+\s*页\s*[,，/、]?\s*第\s*\d+\s*页
      | \d+\s*/\s*\d+
      | [Pp](?:age|\.)?\s*\d+(?:\s*(?:of|/)\s*\d+)?
      | \d{{1,4}}
    ){_DASHES}$""",
    re.X,
)


def read_pdf(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """The PDF's text as paragraphs, one per line, and any problems (pages without text)."""
    with warnings.catch_warnings():
        # pypdfium2_raw opens its version file without an encoding; `make test` turns that into an error
        warnings.simplefilter("ignore", EncodingWarning)
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(
                "is an encrypted PDF (password protected)",
                path=path,
                hint=f"remove it first, e.g. qpdf --password=PASSWORD --decrypt {path} {_renamed(path, 'decrypted')}",
            ) from None
        reason = (str(e).strip().splitlines() or ["unknown error"])[0]
        raise InputError(
            f"is not a readable PDF ({reason})", path=path, hint="download or export the PDF again; it may be truncated"
        ) from None
    pages: list[list[_Line]] = []
    visible: list[int] = []
    broken: list[int] = []
    garbage = 0
    try:
        for i in range(len(pdf)):
            try:
                page = pdf[i]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                broken.append(i + 1)
                pages.append([])
                visible.append(0)
                continue
            try:
                text = textpage.get_text_range()
                visible.append(len(_SPACE.sub("", text)))
                garbage += len(_GARBAGE.findall(text))
                pages.append(_page_lines(textpage, text, pdfium_c))
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()

    if not pages or max(visible) < _MIN_PAGE_CHARS:
        raise InputError(
            "has no text layer (a scanned or image-only PDF)",
            path=path,
            hint=f"run OCR first, e.g. ocrmypdf -l chi_sim {path} {_renamed(path, 'ocr')}",
        )
    if garbage > sum(visible) // 2:
        raise InputError(
            "has a text layer that does not map to characters (fonts without Unicode tables)",
            path=path,
            hint=f"run OCR over it, e.g. ocrmypdf --force-ocr -l chi_sim {path} {_renamed(path, 'ocr')}",
        )
    problems: list[Problem] = []
    if broken:
        problems.append(
            Problem(
                Severity.WARNING,
                f"page(s) {_ranges(broken)} of {len(pages)} are damaged and were skipped",
                source=path,
                code="pdf-page-damaged",
            )
        )
    empty = [i + 1 for i, n in enumerate(visible) if n < _BLANK_PAGE_CHARS and i + 1 not in broken]
    if empty:
        problems.append(
            Problem(
                Severity.WARNING,
                f"page(s) {_ranges(empty)} of {len(pages)} have no text (scanned images?); their content is not read",
                source=path,
                code="pdf-page-without-text",
            )
        )
    _drop_page_furniture(pages)
    return "\n".join(_rejoin([line for page in pages for line in page])), problems


def _page_lines(textpage: Any, text: str, pdfium_c: Any) -> list[_Line]:
    """The page's non-blank lines with the x extent and font size of each (None when unknown)."""
    lines: list[_Line] = []
    wide = _NON_BMP.search(text) is not None  # pdfium indexes UTF-16 units
    for m in _LINE.finditer(text):
        seg = m.group()
        stripped = seg.strip()
        if not stripped:
            continue
        start = m.start() + len(seg) - len(seg.lstrip())
        end = start + len(stripped) - 1
        line = _Line(_JUNK.sub("", stripped))
        if not line.text:
            continue
        first = _char_index(textpage, text, start, wide, pdfium_c)
        last = _char_index(textpage, text, end, wide, pdfium_c)
        if first >= 0 and last >= 0:
            left = textpage.get_charbox(first)[0]
            right = textpage.get_charbox(last)[2]
            if right > left:
                line.left, line.right = left, right
                line.size = pdfium_c.FPDFText_GetFontSize(textpage, first) or None
        lines.append(line)
    return lines


def _char_index(textpage: Any, text: str, index: int, wide: bool, pdfium_c: Any) -> int:
    """pdfium's character index for position `index` of the page text (-1 when it has none)."""
    if wide:
        index = len(text[:index].encode("utf-16-le")) // 2
    return int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, index))


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


def _drop_page_furniture(pages: list[list[_Line]]) -> None:
    """Remove running headers/footers (repeated on half the pages) and page numbers from each page's edges."""
    repeated: set[str] = set()
    if len(pages) >= 2:
        top: Counter[str] = Counter()
        bottom: Counter[str] = Counter()
        for lines in pages:
            top.update({_furniture_key(x.text) for x in lines[:_EDGE]})
            bottom.update({_furniture_key(x.text) for x in lines[-_EDGE:]})
        need = max(2, (len(pages) + 1) // 2)
        repeated = {k for k, c in top.items() if c >= need} | {k for k, c in bottom.items() if c >= need}

    def furniture(line: _Line) -> bool:
        return _furniture_key(line.text) in repeated or _PAGE_NUMBER.match(line.text) is not None

    for lines in pages:
        k = 0
        while k < min(_EDGE, len(lines)) and furniture(lines[k]):
            k += 1
        del lines[:k]
        k = 0
        while k < min(_EDGE, len(lines)) and furniture(lines[-1 - k]):
            k += 1
        if k:
            del lines[-k:]


def _rejoin(lines: list[_Line]) -> list[str]:
    """Join wrapped lines back into paragraphs (no space added, except between two Latin words); which
    breaks are wraps is `_wrap.continuations`' decision."""
    out: list[str] = []
    for line, joined in zip(lines, continuations(lines), strict=True):
        if joined:
            out[-1] += (" " if latin_join(out[-1], line.text) else "") + line.text
        else:
            out.append(line.text)
    return out


def _renamed(path: str, tag: str) -> str:
    """x/report.pdf → x/report-ocr.pdf, for the command in a hint."""
    stem, dot, ext = path.rpartition(".")
    return f"{stem}-{tag}.{ext}" if dot else f"{path}-{tag}.pdf"


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
