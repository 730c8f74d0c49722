"""Dates in report text: 2019年5月12日, 11月份, 上半年, 年底前, 2017年10月至2019年9月, and run-together
scraped forms (62日, 2020512, 201710月) flagged as candidates."""

from __future__ import annotations

import datetime as dt
import re

from checker.model import DateFact
from checker.numerals import parse_cn_int
from checker.quantities.common import (
    ATOM_RE,
    CN,
    CONNECT,
    MONTH,
    ONE_WORD_CHARS,
    enclosing,
    is_day_duration,
)

_DAY = r"3[01]|[12][0-9]|0?[1-9]"
_DAY_CN = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_ANON = r"[xX×＊*]"
_YEAR_PART = r"年初(?!步)|年中|年底|年末|上半年|下半年|前[一二三两1-3]季度|第?[一二三四1-4]季度|初(?!步)|底|末"
_MONTH_PART = r"上旬|中旬|下旬|初(?!步)|底|末"
_DEADLINE = r"前(?![后期列沿置提景三两一])|以前|之前"
_M_ANY = rf"{MONTH}|{_ANON}{{1,2}}"
_D_ANY = rf"{_DAY}|{_DAY_CN}|{_ANON}{{1,2}}"


def _month_tail(p: str) -> str:
    """Month, day and part-of-month groups after a year (or alone), group names prefixed by `p`."""
    return (
        rf"(?P<{p}ra>{MONTH})(?:月份?)?[{CONNECT}](?P<{p}rb>{MONTH})(?P<{p}rf>月份?)"
        rf"|(?P<{p}m>{_M_ANY})月(?P<{p}mf>份)?(?:(?P<{p}d>{_D_ANY})[日号])?(?P<{p}mp>{_MONTH_PART})?"
    )


_DATE_RE = re.compile(
    # re tries every alternative at every offset: this lookahead lets most characters fail at once
    rf"(?=[0-9〇零○一二三四五六七八九十xX×＊*今去明上下本当前第年])(?:"
    # 2019-05-12, 2020.05.12, 2019/5/12
    r"(?<![0-9.])(?P<iy>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=sep)(?P<id>3[01]|[12][0-9]|0?[1-9])"
    r"(?![0-9](?![0-9]?:[0-9]{2}))"  # 2022/10/2410:18: compact() glued the time on
    # 2015-2020年, 2022—2025年
    rf"|(?<![0-9.])(?P<ya>(?:19|20)[0-9]{{2}})年?[{CONNECT}](?P<yb>(?:19|20)[0-9]{{2}})年(?P<ybd>度)?"
    # 2019年…, 二〇一九年…, xx年…, 今年…
    rf"|(?:(?<![0-9.A-Za-z])(?P<y>(?:19|20)[0-9]{{2}}|(?:19|20)?{_ANON}{{2}}|{_ANON}{{4}})"
    rf"|(?<![{CN}])(?P<ycn>[〇零○一二三四五六七八九]{{4}})"
    r"|(?<![以文相充基根每逐近历多])(?P<yrel>今|去|明|上|本|当))年(?P<ydu>度)?"
    rf"(?:{_month_tail('y')}|(?P<yp>{_YEAR_PART}))?(?P<ydl>{_DEADLINE})?"
    # run-together 201710月, 20199月
    r"|(?<![0-9.])(?P<ry>(?:19|20)[0-9]{2})(?P<rm>1[0-2]|0?[1-9])月(?P<rmf>份)?(?P<rdl>" + _DEADLINE + ")?"
    # run-together 2020512, 20200512
    r"|(?<![0-9.〔\[【])(?P<rt>(?:19|20)[0-9]{2})(?P<rtmd>[0-9]{2,4})(?![0-9.%])"  # not 漯开文〔202257
    # 11月份, 6月2日, 1-5月, 9月底前
    rf"|(?<![0-9.年{CN}{ONE_WORD_CHARS}])(?:{_month_tail('s')})(?P<sdl>{_DEADLINE})?"
    # 上半年, 一季度, 年底前
    r"|(?<![年0-9全近多每历当])(?P<sp>上半年|下半年|前[一二三两1-3]季度|第?[一二三四1-4]季度|年初(?!步)|年底|年末"
    rf"|年中(?![央国共华心期间]))(?P<spdl>{_DEADLINE})?"
    # 12日, 62日 (a day; N > 31 is a run-together month and day)
    r"|(?<![0-9.月第])(?P<dd>[0-9]{1,4})日"
    r")"
)
_YEAR_PARTS: dict[str, tuple[int, int]] = {
    "年初": (1, 3),
    "初": (1, 3),
    "年中": (6, 7),
    "年底": (12, 12),
    "年末": (12, 12),
    "底": (12, 12),
    "末": (12, 12),
    "上半年": (1, 6),
    "下半年": (7, 12),
}
_RELATIVE_YEARS = {"今": 0, "本": 0, "当": 0, "去": -1, "上": -1, "明": 1}


class _Date:
    """A date being built: a mutable twin of DateFact, plus what merging ranges needs to know."""

    __slots__ = (
        "candidate",
        "day",
        "end",
        "end_day",
        "end_month",
        "end_year",
        "explicit_month",
        "explicit_year",
        "kind",
        "month",
        "note",
        "start",
        "year",
    )

    def __init__(self, start: int, end: int, kind: str) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.year: int | None = None
        self.month: int | None = None
        self.day: int | None = None
        self.end_year: int | None = None
        self.end_month: int | None = None
        self.end_day: int | None = None
        self.candidate = False
        self.note = ""
        self.explicit_year = False
        self.explicit_month = False

    def fact(self, text: str) -> DateFact:
        return DateFact(
            start=self.start,
            end=self.end,
            text=text[self.start : self.end],
            year=self.year,
            month=self.month,
            day=self.day,
            kind=self.kind,
            sentence=-1,
            candidate=self.candidate,
            note=self.note,
            end_year=self.end_year,
            end_month=self.end_month,
            end_day=self.end_day,
        )


def _last_day(year: int | None, month: int) -> int:
    """Days in `month`; an unknown year allows 29 February."""
    if month == 2:
        leap = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _cn_or_int(s: str) -> int | None:
    """A month/day/year field written in Arabic or Chinese numerals; None when anonymised (xx)."""
    if s.isascii() and s.isdigit():
        return int(s)
    return parse_cn_int(s)


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _last_day(year, month)


def _split_month_day(digits: str, year: int | None) -> list[tuple[int, int]]:
    """Readings of run-together month+day digits: 62 → [(6, 2)], 112 → [(11, 2), (1, 12)]."""
    out: list[tuple[int, int]] = []
    for cut in (2, 1):
        if cut >= len(digits):
            continue
        mo, dd = digits[:cut], digits[cut:]
        if len(dd) > 2 or (mo.startswith("0") and cut == 1):
            continue
        month, day = int(mo), int(dd)
        if _valid_day(year, month, day):
            out.append((month, day))
    return out


def _year_ok(y: int, year: int | None, slack: int) -> bool:
    """Whether a run-together reading's year is plausible for a report of `year`."""
    if year is None:
        return 1990 <= y <= 2049
    return abs(y - year) <= slack


def _apply_deadline(d: _Date, words: str) -> None:
    """…前: the date becomes a deadline on the last day of what it names."""
    d.kind = "deadline"
    if d.end_month is not None:  # a period: its end is the due date
        d.month, d.day = d.end_month, d.end_day
        d.year = d.end_year if d.end_year is not None else d.year
        d.end_year = d.end_month = d.end_day = None
    if d.month is None:
        d.month = 12
        d.note = (d.note + "; " if d.note else "") + f"{words}: by the end of the year"
    if d.day is None:
        d.day = _last_day(d.year, d.month)


def _set_month_part(d: _Date, part: str) -> None:
    """上旬/初 → days 1–10, 中旬 → 11–20, 下旬/底/末 → 21–month end."""
    assert d.month is not None
    last = _last_day(d.year, d.month)
    lo, hi = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20)}.get(part, (21, last))
    d.kind = "period"
    d.day, d.end_year, d.end_month, d.end_day = lo, d.year, d.month, hi


def _set_year_part(d: _Date, part: str) -> None:
    """上半年, 一季度, 前三季度, 年初 … → a period of months in d.year."""
    if part in _YEAR_PARTS:
        lo, hi = _YEAR_PARTS[part]
    else:
        q = _cn_or_int(part.strip("前第季度")) or 1
        lo, hi = (1, 3 * q) if part.startswith("前") else (3 * q - 2, 3 * q)
    d.kind = "period"
    d.month, d.day = lo, 1
    d.end_year, d.end_month, d.end_day = d.year, hi, _last_day(d.year, hi)
    if part in ("年初", "初", "年中"):
        d.note = f"{part} taken as {lo}–{hi}月"


def _date_from_match(m: re.Match[str], text: str, year: int | None, clauses: list[int]) -> _Date | None:
    """One date token from a _DATE_RE match, or None when the match is not a date after all."""
    g = m
    s, e = m.span()
    if g["iy"]:
        d = _Date(s, e, "date")
        d.year, d.month, d.day = int(g["iy"]), int(g["im"]), int(g["id"])
        if not _valid_day(d.year, d.month, d.day):
            return None
        d.explicit_year = d.explicit_month = True
        return d
    if g["ya"]:
        d = _Date(s, e, "period")
        d.year, d.month, d.day = int(g["ya"]), 1, 1
        d.end_year, d.end_month, d.end_day = int(g["yb"]), 12, 31
        if d.end_year < d.year:
            return None
        d.explicit_year = True
        return d
    if g["y"] or g["ycn"] or g["yrel"]:
        d = _Date(s, e, "year")
        if g["y"]:
            if any(ch in g["y"] for ch in "xX×＊*"):
                d.note = "anonymised year"
            else:
                d.year = int(g["y"])
                d.explicit_year = True
        elif g["ycn"]:
            d.year = parse_cn_int(g["ycn"])
            if d.year is None or not 1900 <= d.year <= 2100:
                return None  # 〇〇〇〇年 is no year
            d.explicit_year = True
        else:
            offset = _RELATIVE_YEARS[g["yrel"]]
            d.year = year + offset if year is not None else None
            d.note = f"{g['yrel']}年: relative to the report year"
        if not _month_part(d, g, "y") and g["yp"]:
            _set_year_part(d, g["yp"])
        if g["ydl"]:
            _apply_deadline(d, g["ydl"])
        return d
    if g["ry"]:
        y, mo = int(g["ry"]), int(g["rm"])
        if not _year_ok(y, year, 10):
            return None
        d = _Date(s, e, "month")
        d.year, d.month, d.candidate = y, mo, True
        d.explicit_year = d.explicit_month = True
        d.note = f"run-together {text[s:e]} read as {y}年{mo}月"
        if g["rdl"]:
            _apply_deadline(d, g["rdl"])
        return d
    if g["rt"]:
        y = int(g["rt"])
        if not _year_ok(y, year, 2) or ATOM_RE.match(text, s) is not None:
            return None  # 2020512人 is a count, 2093112 is not this report's date
        readings = _split_month_day(g["rtmd"], y)
        if not readings:
            return None
        mo, dd = readings[0]
        d = _Date(s, e, "date")
        d.year, d.month, d.day, d.candidate = y, mo, dd, True
        d.explicit_year = d.explicit_month = True
        d.note = f"run-together {text[s:e]} read as {y}年{mo}月{dd}日" + _also(readings[1:])
        return d
    if g["sra"] or g["sm"]:
        d = _Date(s, e, "month")
        d.year = year
        if not _month_part(d, g, "s"):
            return None
        if g["sdl"]:
            _apply_deadline(d, g["sdl"])
        return d
    if g["sp"]:
        d = _Date(s, e, "period")
        d.year = year
        _set_year_part(d, g["sp"])
        if g["spdl"]:
            _apply_deadline(d, g["spdl"])
        return d
    if g["dd"]:
        cs, _ = enclosing(clauses, s, len(text))
        value = int(g["dd"])
        if is_day_duration(text, s, e, cs):
            return None
        d = _Date(s, e, "date")
        d.year = year
        if 1 <= value <= 31 and len(g["dd"]) <= 2:
            d.day = value
            return d
        readings = _split_month_day(g["dd"], year)
        if not readings:
            return None  # 100日: a duration, left to the quantity pass
        d.month, d.day = readings[0]
        d.candidate = True
        d.note = f"run-together {text[s:e]} read as {d.month}月{d.day}日" + _also(readings[1:])
        return d
    return None


def _also(readings: list[tuple[int, int]]) -> str:
    return "".join(f"; also possible: {mo}月{dd}日" for mo, dd in readings)


def _month_part(d: _Date, g: re.Match[str], p: str) -> bool:
    """Fill month/day (or a month range) from the groups prefixed `p`; False when there were none."""
    ra, rb = g[p + "ra"], g[p + "rb"]
    if ra and rb:
        lo, hi = _cn_or_int(ra), _cn_or_int(rb)
        if lo is None or hi is None or not 1 <= lo <= hi <= 12:
            return False  # 5-1月 is no range
        d.kind = "period"
        d.month, d.day = lo, 1
        d.end_year, d.end_month, d.end_day = d.year, hi, _last_day(d.year, hi)
        d.explicit_month = True
        return True
    mtext = g[p + "m"]
    if not mtext:
        return False
    month = _cn_or_int(mtext)
    d.kind = "month"
    if month is None or not 1 <= month <= 12:
        d.note = (d.note + "; " if d.note else "") + "anonymised month"
        return True
    d.month = month
    d.explicit_month = True
    dtext = g[p + "d"]
    if dtext:
        day = _cn_or_int(dtext)
        d.kind = "date"
        if day is not None and _valid_day(d.year, month, day):
            d.day = day
    elif g[p + "mp"]:
        _set_month_part(d, g[p + "mp"] or "")
    return True


def find_dates(text: str, year: int | None, not_date: bytearray, clauses: list[int]) -> list[DateFact]:
    """All date tokens, with A至B / A-B merged into one period."""
    tokens: list[_Date] = []
    for m in _DATE_RE.finditer(text):
        if not_date.find(1, m.start(), m.end()) != -1:
            continue
        d = _date_from_match(m, text, year, clauses)
        if d is not None:
            tokens.append(d)
    merged: list[_Date] = []
    for d in tokens:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and d.start - prev.end == 1
            and text[prev.end] in CONNECT
            and prev.kind in ("date", "month", "year")
            and d.kind in ("date", "month", "year")
        ):
            merged[-1] = _join(prev, d, text)
        else:
            merged.append(d)
    return [d.fact(text) for d in merged]


def _join(a: _Date, b: _Date, text: str) -> _Date:
    """2017年10月至2019年9月 → one period; b borrows the year (and month) it leaves out from a."""
    p = _Date(a.start, b.end, "period")
    p.year, p.month, p.day = a.year, a.month, a.day
    by = b.year if b.explicit_year or not a.explicit_year else a.year
    bm = b.month if b.month is not None else (a.month if b.kind == "date" else None)
    p.end_year = by
    if b.kind == "year":
        p.end_month, p.end_day = 12, 31
    else:
        p.end_month = bm
        p.end_day = b.day if b.day is not None else (_last_day(by, bm) if bm else None)
    if p.month is None and a.kind == "year":
        p.month, p.day = 1, 1
    elif p.day is None and p.month is not None:
        p.day = 1
    p.candidate = a.candidate or b.candidate
    p.note = "; ".join(x for x in (a.note, b.note) if x)
    return p


def bounds(d: DateFact) -> tuple[dt.date, dt.date] | None:
    """First and last day a DateFact covers (a deadline: its due date twice); None when the year is unknown."""
    if d.year is None:
        return None
    try:
        first = dt.date(d.year, d.month or 1, d.day or 1)
        if d.kind == "period" and d.end_month is not None:
            ey = d.end_year if d.end_year is not None else d.year
            last = dt.date(ey, d.end_month, d.end_day or _last_day(ey, d.end_month))
        elif d.month is None:
            last = dt.date(d.year, 12, 31)
        elif d.day is None:
            last = dt.date(d.year, d.month, _last_day(d.year, d.month))
        else:
            last = first
    except ValueError:
        return None
    if d.kind == "deadline":
        return last, last
    return first, last
