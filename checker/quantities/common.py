"""Pieces the quantity, date and document-number scanners share: numeral patterns, clause bounds, span masks."""

from __future__ import annotations

import bisect
import re

from checker.numerals import CN_CHARS, DIGITS
from checker.quantities.units import UNIT_WORDS

CN = CN_CHARS
CN_DIGITS = "".join(DIGITS)
AR = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
CN_NUM = rf"[{CN}]+(?:点[{CN_DIGITS}]+)?"  # 六点五 (6.5): a decimal point is 点 in Chinese numerals
UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNIT_WORDS, key=len, reverse=True))
CONNECT = "-—–~～－至到"
ATOM_RE = re.compile(
    rf"(?=[0-9{CN}])(?:(?P<pct>百分之)(?P<pnum>{AR}|{CN_NUM})"
    rf"|(?:(?<![0-9.])(?P<ar>{AR})|(?<![{CN}])(?<![{CN}]点)(?P<cn>{CN_NUM}))"
    rf"(?P<ap>余|多)?(?P<mag>[万亿])?(?P<ap2>余|多)?(?P<unit>{UNIT_ALT}))"
)
CLAUSE_SEP = re.compile(r"[,，;；。!！?？:：\n]")
SENT_END = frozenset(";；。!！?？\n")
# A lone 一 after these is part of a word (统一, 唯一, 进一步, 新一轮, 每一个), not a count.
ONE_WORD_CHARS = "统唯专同单第之逐合划归均任每其另这那进如不新上下某是为"
# A month number, Arabic or Chinese (十二 before 十, 12 before 1).
MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
DURATION_PRE = re.compile(
    r"(?:为期|历时|连续|用时|耗时|每|不少于|不超过|不低于|至少|最多|超过|提前|满|累计|共计|需要|需|仅用|期限|时限|限期"
    r"|(?:缩短|延长|压缩)(?:至|到|为)?)$"
)
DURATION_SUF = re.compile(r"内|以内|之内|以上|以下|左右")


def claim(mask: bytearray, start: int, end: int) -> None:
    """Mark [start, end) in `mask` as taken, so that a later pass leaves it alone."""
    mask[start:end] = b"\x01" * (end - start)


def enclosing(seps: list[int], pos: int, n: int) -> tuple[int, int]:
    """Start and end of the clause (or sentence) holding `pos`, given the separator offsets."""
    i = bisect.bisect_left(seps, pos)
    start = seps[i - 1] + 1 if i > 0 else 0
    end = seps[i] if i < len(seps) else n
    return start, end


def is_day_duration(text: str, s: int, e: int, clause_start: int) -> bool:
    """Whether the N日 at [s, e) counts days (30日内, 为期3日) rather than naming a day of the month."""
    if DURATION_SUF.match(text, e):
        return True
    return DURATION_PRE.search(text, max(clause_start, s - 6), s) is not None
