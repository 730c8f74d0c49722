"""Wrapped lines: which line breaks end a paragraph and which only end a printed line.

Text taken from a PDF, or copied out of one into a .txt or an e-mail, breaks every paragraph into lines of
the page's width. Left so, a sentence is cut in two and its number lands in the next "sentence" (facts work
per sentence), so the PDF reader rejoins its lines and a hard-wrapped text file is rejoined the same way.
The decision is one function, `continuations`: with line geometry (PDF) a paragraph ends at a line short of
the right margin or before an indented line; without it, line length stands in for the margin, and a line
ending with 。！？；： ends the paragraph unless a bracket opened in it is still open (`（责任单位：` wrapped
after the colon). A numbered heading always starts a line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇"
# structural headings: 一、 (一) （一） () 1. 1、 第X条 【篇一】 ① 附件1:
HEADING = re.compile(
    rf"""\s*(?:
        [{_CN}]+\s*[、.．]
      | [(（]\s*[{_CN}0-9０-９]*\s*[)）](?![)）〕\]】,，、。;；:：])
      | [0-9０-９]+\s*(?:[、]|[.．](?![0-9０-９]))
      | 第[{_CN}0-9０-９]+[条章节部分篇]
      | 【[^】]{{1,12}}】
      | [\u2460-\u249b\u3220-\u3229]
      | 附件\s*[0-9０-９]*\s*[:：]?\s*$
    )""",
    re.X,
)
_ENUMERATION = re.compile(rf"\s*[{_CN}]+是")  # 一是 二是: a heading, or just the next clause of a paragraph
_FINAL = "。！？；：!?;:"
_CLOSERS = "”’\"'」』)）]】》"
_OPENING = "(（〔[【《「『"
_CLOSING = ")）〕]】》」』"
# A hard-wrapped text: at least this many full-width lines ending mid-word, and this share of the full-width
# lines. A page's line (or a fixed-width e-mail's) holds between _WIDTHS characters; a typed or scraped text
# with one line per paragraph has longer lines (its 90th percentile is a paragraph's length).
_MIN_WRAPPED = 2
_WRAPPED_SHARE = 0.4
_WIDTHS = (12, 120)
_MIN_AT_WIDTH = 3  # lines within 10 % of the page width


@dataclass
class Line:
    text: str
    left: float | None = None  # x of the first character's box
    right: float | None = None  # x of the last character's box end
    size: float | None = None  # font size, about the width of one Chinese character


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _FINAL


def _typical(lines: list[Line]) -> int:
    """The length of a full line: the 90th percentile of the non-blank lines' lengths."""
    lengths = sorted(len(x.text) for x in lines if x.text.strip())
    return lengths[(len(lengths) - 1) * 9 // 10] if lengths else 0


def continuations(lines: list[Line]) -> list[bool]:
    """For each line, whether it continues the paragraph of the line before it (the first never does)."""
    geo = [x for x in lines if x.left is not None and x.right is not None]
    left_margin = right_margin = em = 0.0
    if len(geo) >= 3:
        lefts = sorted(x.left for x in geo if x.left is not None)
        rights = sorted(x.right for x in geo if x.right is not None)
        left_margin = lefts[(len(lefts) - 1) // 10]
        right_margin = rights[(len(rights) - 1) * 9 // 10]
        sizes = sorted(x.size for x in geo if x.size)
        em = sizes[len(sizes) // 2] if sizes else 10.0
    typical = _typical(lines)

    def measured(x: Line) -> bool:
        return bool(em) and x.left is not None and x.right is not None

    def full(x: Line) -> bool:
        return x.right is not None and x.right >= right_margin - 2.5 * (x.size or em)

    def indented(x: Line) -> bool:
        return x.left is not None and x.left > left_margin + 1.2 * (x.size or em)

    # paragraph starts we are sure of (after a line that stops short): are they indented?
    starts = [
        b for a, b in itertools.pairwise(lines)
        if measured(a) and measured(b) and not full(a) and not HEADING.match(b.text)
    ]  # fmt: skip
    indenting = len(starts) >= 5 and sum(map(indented, starts)) >= 0.6 * len(starts)
    # the same without geometry (a text file): do paragraphs open with an indent (　　)?
    text_starts = [
        b.text for a, b in itertools.pairwise(lines)
        if not measured(a) and len(a.text.rstrip()) < 0.8 * typical and b.text.strip() and not HEADING.match(b.text)
    ]  # fmt: skip
    text_indenting = len(text_starts) >= 5 and sum(x[:1].isspace() for x in text_starts) >= 0.6 * len(text_starts)

    def continues(prev: Line, nxt: Line, depth: int) -> bool:
        if not nxt.text.strip() or not prev.text.strip() or HEADING.match(nxt.text):
            return False
        if measured(prev) and measured(nxt):
            if not full(prev) or indented(nxt):
                return False
            if indenting:
                return True
        elif len(prev.text) < 0.8 * typical or nxt.text[:1].isspace():  # short, or the next is indented
            return False
        elif text_indenting:
            return True
        if depth > 0:
            return True
        return not ends_sentence(prev.text) and not _ENUMERATION.match(nxt.text)

    out: list[bool] = []
    prev: Line | None = None
    depth = 0
    for line in lines:
        delta = sum(map(line.text.count, _OPENING)) - sum(map(line.text.count, _CLOSING))
        joined = prev is not None and continues(prev, line, depth)
        out.append(joined)
        depth = max(0, (depth if joined else 0) + delta)
        prev = line
    return out


def latin_join(left: str, right: str) -> bool:
    """Two Latin words meet at the join: it takes a space."""
    a, b = left[-1:], right[:1]
    return bool(a and b) and b.isascii() and b.isalpha() and a.isascii() and (a.isalpha() or a in ",.;:!?)")


def hard_wrapped(lines: list[Line]) -> bool:
    """Whether a plain text breaks its paragraphs at a fixed width: several lines of about the same length,
    and most full-width lines cut mid-word. A text with one line per paragraph (scraped pages, typed files)
    has longer lines, of all lengths, ending with punctuation or a closing bracket (`…市司法局)`)."""
    typical = _typical(lines)
    if not _WIDTHS[0] <= typical <= _WIDTHS[1]:
        return False
    full = [a.text.rstrip() for a, b in itertools.pairwise(lines) if len(a.text) >= 0.8 * typical and b.text.strip()]
    cut = sum(x[-1] not in _FINAL + _CLOSERS for x in full if x)
    at_width = sum(0.9 * typical <= len(x.text) <= 1.1 * typical for x in lines)
    return cut >= _MIN_WRAPPED and cut >= _WRAPPED_SHARE * len(full) and at_width >= _MIN_AT_WIDTH


def unwrap(text: str, origin: tuple[int, ...] | None) -> tuple[str, tuple[int, ...] | None, int]:
    """Rejoin a hard-wrapped plain text's paragraphs, keeping each character's source offset.

    Returns the text, its origin (text offset → source offset; None when nothing moved) and the number of
    line breaks removed. A text that is not hard-wrapped comes back unchanged.
    """
    raw = text.split("\n")
    lines = [Line(t) for t in raw]
    if len(lines) < 2 * _MIN_WRAPPED or not hard_wrapped(lines):
        return text, origin, 0
    joins = continuations(lines)
    if not any(joins):
        return text, origin, 0
    at: tuple[int, ...] | range = origin if origin is not None else range(len(text))
    pieces: list[str] = []
    where: list[int] = []
    pos = 0
    for i, line in enumerate(raw):
        s, e = pos, pos + len(line)
        pos = e + 1
        if i and joins[i]:
            s += len(line) - len(line.lstrip(" \t"))  # the next line's indent goes
            if latin_join(pieces[-1], text[s:e]):
                pieces.append(" ")
                where.append(at[s - 1])
        elif i:
            pieces.append("\n")
            where.append(at[s - 1])
        if i + 1 < len(raw) and joins[i + 1]:
            e = s + len(text[s:e].rstrip(" \t"))  # and this line's trailing spaces
        pieces.append(text[s:e])
        where.extend(at[s:e])
    return "".join(pieces), tuple(where), sum(joins)
