"""HTML page → lines of its main content.

readability-lxml picks the article container; the lines are then taken from that container in the original
page, because readability's own clean-up drops short blocks and small tables (a signature date, a 3-row
statistics table) that a report needs; a title outside that container is brought back. Block elements
become lines, a data-table row one line with cells joined by a TAB, and blocks made mostly of links
(navigation, related-article lists) are left out. When readability keeps much less than the page holds
(table-layout pages), the whole page body minus its chrome is used instead.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from checker.model import Problem, Severity

_MIN_SHARE = 0.4  # readability's text below this share of the page's text: fall back to the page
_ID = "data-plancheck-id"
_DROP = {"script", "style", "noscript", "template", "head", "nav", "form", "button", "select", "textarea", "iframe"}
_DROP_FALLBACK = _DROP | {"header", "footer", "aside"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_LINKY = {"div", "ul", "ol", "table", "section", "aside", "menu", "dl", "p", "td", "span", "header", "footer"}
_WS = re.compile(r"[ \t\r\n\f]+")
_EDGE_SPACE = " \t\r\n\f\u00a0\u3000"
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TITLE_SEP = re.compile(r"[_|｜\-–—]+")
# a table row whose cells hold this much is page layout, not data: its blocks stay lines
_LAYOUT_LINES = 30
_LAYOUT_CHARS = 2000


def read_html(html: str, path: str) -> tuple[str, list[Problem]]:
    """The page's main text as lines, and a note when the whole page had to be used."""
    import lxml.html
    from lxml import etree

    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    # control characters: lxml parses them but refuses to set them as text, which readability then does
    html = _CONTROL.sub("", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", []
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove_keep_tail(el)
    body = root.find("body")
    if body is None:
        body = root

    fallback = _Lines(_DROP_FALLBACK).run([body])
    # a page without <body> has no main content, and readability trips an assertion in lxml on it
    main = _main_content(root) if root.find("body") is not None else None
    problems: list[Problem] = []
    if main is None or _size(main) < _MIN_SHARE * _size(fallback):
        problems.append(
            Problem(
                Severity.INFO,
                "the page's main content could not be told apart from its navigation; read the whole page",
                source=path,
                code="html-whole-page",
            )
        )
        return "\n".join(fallback), problems
    title = _title_line(root, main, fallback)
    if title is not None:
        main.insert(0, title)
    return "\n".join(main), problems


def _title_line(root: Any, main: list[str], page: list[str]) -> str | None:
    """The article's title when it sits outside the main content (table-layout pages), else None.

    The title is what the report's period comes from (`2019年度…`), so it is worth a guess: the page's
    <title> (its longest part between separators) names it; the first line before the main content that
    contains that part is taken.
    """
    el = root.find(".//title")
    if el is None:
        return None
    parts = sorted((p for p in _TITLE_SEP.split(_WS.sub("", el.text_content())) if len(p) >= 4), key=len, reverse=True)
    if not parts:
        return None
    body = _WS.sub("", "".join(main))
    if any(p in body for p in parts):
        return None
    first = _WS.sub("", main[0]) if main else ""
    for line in page:
        compact = _WS.sub("", line)
        if compact == first:
            break
        if len(compact) <= 200 and any(p in compact for p in parts):
            return line
    return None


def _main_content(root: Any) -> list[str] | None:
    """Lines of the containers readability keeps, taken from the original tree (None if it finds none)."""
    import lxml.html
    from lxml import etree
    from readability import Document as Readable
    from readability.readability import Unparseable

    # readability logs its own failures with tracebacks, which Python prints on stderr when logging is not
    # configured; a failure here only means "use the whole page", which read_html reports as a problem
    logging.getLogger("readability").addHandler(logging.NullHandler())
    logging.getLogger("readability").propagate = False

    elements = {}
    for i, el in enumerate(root.iter(etree.Element)):
        el.set(_ID, str(i))
        elements[str(i)] = el
    try:
        summary = Readable(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
        kept_tree = lxml.html.fragment_fromstring(summary) if summary.strip() else None
    except (Unparseable, etree.ParserError, ValueError):
        return None
    finally:
        for el in elements.values():
            el.attrib.pop(_ID, None)
    if kept_tree is None:
        return None
    kept_ids = {el.get(_ID) for el in kept_tree.iter(etree.Element)}
    kept = [elements[i] for i in sorted(kept_ids - {None}, key=int) if i in elements]
    kept_set = set(kept)
    roots = [el for el in kept if not any(a in kept_set for a in el.iterancestors())]
    if not roots:
        return None
    return _Lines(_DROP).run(roots)


def _remove_keep_tail(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _size(lines: list[str]) -> int:
    return sum(len(_WS.sub("", s)) for s in lines)


def _link_dense(el: Any) -> bool:
    """Navigation and related-link lists: at least 3 links whose text is most of the block's text."""
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    total = len(_WS.sub("", el.text_content()))
    linked = sum(len(_WS.sub("", a.text_content())) for a in links)
    return total == 0 or linked >= 0.5 * total


class _Lines:
    """Collects the text of a subtree as lines: blocks and <br> end lines, table rows are TAB-joined."""

    def __init__(self, drop: set[str]) -> None:
        self.drop = drop
        self.lines: list[str] = []
        self.buf: list[str] = []

    def run(self, roots: list[Any]) -> list[str]:
        for el in roots:
            self.element(el)
            self.flush()
        return self.lines

    def flush(self) -> None:
        line = _WS.sub(" ", "".join(self.buf)).strip(_EDGE_SPACE)
        self.buf.clear()
        if line:
            self.lines.append(line)

    def element(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in self.drop or (tag in _LINKY and _link_dense(el)):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "pre":
            self.flush()
            for line in el.text_content().splitlines():
                self.buf.append(line)
                self.flush()
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.element(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()

    def table(self, table: Any) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.element(caption)
        for row in _rows(table):
            cells = []
            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                sub = _Lines(self.drop)
                cells.append(sub.run([cell]))
            nested = any(cell.find(".//table") is not None for cell in row if isinstance(cell.tag, str))
            layout = (
                nested
                or any(len(c) > _LAYOUT_LINES or _size(c) > _LAYOUT_CHARS for c in cells)
                or (len(cells) == 1 and len(cells[0]) > 1)
            )
            if layout:
                for c in cells:
                    self.lines.extend(c)
            elif any(cells):
                self.lines.append("\t".join(" ".join(c) for c in cells))


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of nested tables), in order."""
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return rows
