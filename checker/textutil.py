"""Small text utilities shared by the stages.

`compact()` removes the spaces PDF extraction and web scraping leave inside words and numbers
(`10 0%`, `15 00余名`, `xx 年`, `2019 年`), keeping a map back to the input offsets. It runs after
headings are found (it never touches line breaks) and keeps spaces between two Latin words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_SPACES = re.compile(r"[ \u00a0\u3000]+")
_LATIN = re.compile(r"[A-Za-z]")
_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Compacted:
    """Text with wrap spaces removed. `source(i)` is the input offset of `text[i]`."""

    text: str
    _out: tuple[int, ...]  # output offsets where a shift starts
    _shift: tuple[int, ...]  # cumulative number of removed characters from that offset on
    _kept: tuple[int, ...] = ()  # input offset of the first character after each removed run

    def source(self, offset: int) -> int:
        i = bisect.bisect_right(self._out, offset) - 1
        return offset + (self._shift[i] if i >= 0 else 0)

    def target(self, offset: int) -> int:
        """Offset in `text` of the first kept character at or after input offset `offset` (inverse of source)."""
        i = bisect.bisect_right(self._kept, offset) - 1
        out = offset - (self._shift[i] if i >= 0 else 0)
        if i + 1 < len(self._out):
            out = min(out, self._out[i + 1])  # inside a removed run: the character after it
        return out


def _keep(left: str, right: str) -> bool:
    """A space between two Latin words (or a word and a number) is real; any other is a wrap artefact."""
    return bool((_LATIN.match(left) and _ALNUM.match(right)) or (_ALNUM.match(left) and _LATIN.match(right)))


def compact(text: str) -> Compacted:
    """Remove runs of spaces inside a line unless they separate Latin words; never remove line breaks."""
    pieces: list[str] = []
    outs: list[int] = []
    shifts: list[int] = []
    kept: list[int] = []
    pos = 0
    removed = 0
    out_len = 0
    for m in _SPACES.finditer(text):
        s, e = m.span()
        left = text[s - 1] if s > 0 else "\n"
        right = text[e] if e < len(text) else "\n"
        at_line_edge = left == "\n" or right == "\n"  # leading / trailing spaces on a line go too
        if not at_line_edge and _keep(left, right):
            continue
        pieces.append(text[pos:s])
        out_len += s - pos
        removed += e - s
        outs.append(out_len)
        shifts.append(removed)
        kept.append(e)
        pos = e
    pieces.append(text[pos:])
    return Compacted("".join(pieces), tuple(outs), tuple(shifts), tuple(kept))
