"""Chinese and Arabic numerals → numbers, on a span already isolated (never on whole text).

Handles 两次 → 2, 十五 → 15, 一百零五 → 105, 一千五百 → 1500, 1.5万 → 15000, 三千余 (the caller
handles 余), 百分之八十 → 80, 六点五 → 6.5, full-width digits (after NFKC they are ASCII), 1,500 → 1500.
Written by hand instead of cn2an: cn2an's import alone costs more than plancheck's whole start-up budget.
"""

from __future__ import annotations

import math
import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
MAX_FLOAT_INT = 10**308  # a larger int does not convert to float (OverflowError)

# A number as it appears in text: Arabic (1,500 / 8.5 / 2019) optionally followed by 万/亿,
# or a run of Chinese numeral characters. Callers search with this and pass the span to parse_number.
NUMBER_RE = re.compile(rf"[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?[万亿]?|[{CN_CHARS}]+")
_ARABIC_RE = re.compile(r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)([万亿]?)")


def parse_cn_int(text: str) -> int | None:
    """Value of a run of Chinese numeral characters, or None if it is not a well-formed numeral.

    Digit strings without units (二〇一九) read digit by digit, as in years.
    """
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0  # completed 亿/万 groups
    section = 0  # value below the current big unit
    digit: int | None = None
    last_small = 10_000
    prev_unit = 0  # value of the unit character just before the current digit (0: none)
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0 and digit != 0:
                return None  # 二三 without a unit between: not a numeral
            if DIGITS[ch] == 0:
                prev_unit = 0
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                return None  # 十百: units must fall
            section += (digit or 1) * unit  # 零十 in 一万零十 counts as 一十
            digit = None
            last_small = prev_unit = unit
        else:
            unit = BIG_UNITS[ch]
            section += digit or 0
            if section == 0:
                section = 1
            if unit == 100_000_000:
                total = (total + section) * unit
            else:
                total += section * unit
            section = 0
            digit = None
            last_small = 10_000
            prev_unit = unit
    if digit:
        # 一千五 → 1500, 一万五 → 15000: a digit right after a unit of 百 or more is one order below it.
        section += digit * (prev_unit // 10) if prev_unit >= 100 else digit
    return total + section


def parse_number(text: str) -> float | None:
    """Value of an isolated number span: Arabic, Chinese, or Arabic with 万/亿 (1.5万 → 15000).

    None also for a number no float holds (400 digits, 亿 fifty times): such a value is never a real
    count, and inf would end up in the JSON, which has no way to write it.
    """
    text = text.strip()
    if not text:
        return None
    if text.startswith("百分之"):
        return parse_number(text[3:])
    m = _ARABIC_RE.fullmatch(text)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            value *= BIG_UNITS[m.group(2)]
        return value if math.isfinite(value) else None
    whole, point, fraction = text.partition("点")
    if point and fraction and all(ch in DIGITS for ch in fraction):  # 六点五 → 6.5, 百分之八十点五 → 80.5
        n = parse_cn_int(whole)
        if n is None or n > MAX_FLOAT_INT:
            return None
        return float(f"{n}.{''.join(str(DIGITS[ch]) for ch in fraction)}")
    n = parse_cn_int(text)
    if n is None or n > MAX_FLOAT_INT:
        return None
    return float(n)


def to_int_if_whole(value: float) -> float | int:
    """2.0 → 2 so that JSON and messages print numbers as people write them."""
    return int(value) if float(value).is_integer() else value
