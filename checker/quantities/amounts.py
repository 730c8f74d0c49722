"""Quantities: a number (Arabic or Chinese) with its unit, read with its context — comparator (不少于),
approximation (余, 左右), change (由X增加到Y, 同比下降), per-period (每年) and partial-period marker (1-5月, 预计)."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from checker.model import Quantity
from checker.numerals import DIGITS, parse_number
from checker.quantities.common import (
    AR,
    ATOM_RE,
    CN,
    CN_DIGITS,
    CONNECT,
    MONTH,
    ONE_WORD_CHARS,
    enclosing,
    is_day_duration,
)
from checker.quantities.units import (
    DURATION_UNITS,
    MONEY_FACTORS,
    UNIT_NOT_BEFORE,
    WEAK_UNITS,
    normalise_unit,
)

# Prefix words, each matched so that it ends exactly where the number (or the previous prefix) starts.
# 签约5个项目 and 节约3万元 are exact; so is 附近2个村.
_APPROX_PRE = re.compile(r"(?:大约|将近|接近|(?<![制节签预契履违公条特邀集婚相])约|(?<![附最临])近|逾)$")
_CMP_PRE = re.compile(
    r"(?:(?P<ge>不少于|不低于|不小于|不下于|至少|最少|起码)|(?P<gt>超过|高于|多于|大于)"
    r"|(?P<le>不超过|不高于|不多于|不大于|最多|至多|控制在)|(?P<lt>低于|少于|小于|不足|不到|不满))$"
)
# 至少组织一次 / 每年至少开展1次: an adverb before a short verb.
_CMP_GAP_PRE = re.compile(r"(?:(?P<ge>至少|最少)|(?P<le>最多|至多))[\u4e00-\u9fff]{1,4}?了?$")
# 不低于全部人员编制的80%: the bound reaches over a 的-phrase.
_CMP_DE_PRE = re.compile(r"(?:(?P<ge>不少于|不低于)|(?P<le>不超过|不高于))[^,，;；。:：\n0-9]{1,12}的$")
_PER_PRE = re.compile(r"每个?(?P<per>年度|年|季度|季|月|周|半年|天|日)$")
_PER_ANY = re.compile(r"每个?(?P<per>年度|年|季度|季|月|周|半年)")
_UP = "增加|增长|提高|提升|上升|上涨|扩大"
_DOWN = "减少|下降|降低|缩减|缩小|压缩|压减|精简|缩短|下滑|回落"
_DIR_PRE = re.compile(
    rf"(?:(?P<lvl>(?P<lup>{_UP}|增|升)|(?P<ldown>{_DOWN}|减|降)|(?P<lother>调整|变|改))了?(?:到|至|为)"
    rf"|(?P<delta>(?:同比|环比|比上年同期|较上年同期|比上年|较上年|比去年|较去年)?"
    rf"(?:(?P<dup>{_UP})|(?P<ddown>{_DOWN}))了?|(?P<dup2>增幅|增速)(?:为|达到?)?|(?P<ddown2>降幅)(?:为|达到?)?)"
    r"|(?P<reach>(?:高达|已达|均达|总数达|累计达|(?<![下传送抵表发到通直转上])达)到?了?|达到了?))$"
)
# Last characters of every prefix word above: a number after any other character has no prefix.
_PREFIX_LAST = frozenset(
    "约近逾于少码过多到在足满的年度季月周天日至为了加长高升涨大降低减小缩简短滑落增幅速达" + CONNECT
)
_GAP_WORDS = ("至少", "最少", "最多", "至多")
# How far before the verb 由/从 may stand (由过去每年四次增加到 is 9): a bound, so that a long clause is not
# searched again for every number in it.
_BEFORE_REACH = 40
_RANGE_PRE = re.compile(rf"(?:(?<![0-9.])(?P<ar>{AR})|(?<![{CN}])(?P<cn>[{CN}]+))[{CONNECT}]$")
_SUFFIX_RE = re.compile(
    r"(?P<ap>左右|上下(?=[,，;；。、)\n的]|$))|(?P<ge>及以上|以上|之上)|(?P<le>及以下|以下|以内|之内)|(?P<inside>内)"
)
_ONE_WORD_BEFORE = frozenset(ONE_WORD_CHARS) | {"万"}
_CN_DIGIT_SET = frozenset(CN_DIGITS) | {"十"}
_BIG_LEAD = frozenset("百佰千仟万萬亿億")
# Sets, not strings: `"" in "+＋"` is True, and text edges give "".
_NOT_AFTER = frozenset("+＋×*/")
_PLUS = frozenset("+＋")
_VAGUE_BEFORE = frozenset("数几")
_WORD_SUFFIX = frozenset("化性")

# Markers of a partial-period or estimated figure; 全年 resets.
_PERIOD_MARK_RE = re.compile(
    rf"(?=[0-9一二三四五六七八九十上下前第截预全])(?:(?P<mr>(?<![0-9.])(?:{MONTH})(?:月份?)?[{CONNECT}](?:{MONTH})月份?)"
    r"|(?P<half>上半年|下半年|前[一二三两1-3]季度|第?[一二三四1-4]季度|前(?:[0-9]{1,2}|[一二三四五六七八九十两]{1,2})个?月)"
    rf"|(?P<cut>截[至止](?:目前|(?:(?:19|20)[0-9]{{2}}年)?(?:1[01]|0?[1-9]|十一?|[一二三四五六七八九])月(?:底|末|份|[0-9]{{1,2}}日)?))"
    r"|(?P<est>预计)|(?P<full>全年))"
)
_MARK_TRIGGERS = ("月", "季", "半年", "截", "预计", "全年")  # a sentence without any has no marker


@dataclass(slots=True)
class _Atom:
    """A quantity being read: the mutable twin of Quantity."""

    start: int
    end: int
    value: float
    unit: str
    approx: bool = False
    comparator: str | None = None
    before: float | None = None
    direction: str | None = None
    delta: bool = False
    per: str | None = None
    upper: float | None = None
    before_span: tuple[int, int] | None = None  # where the 由X part stood: an atom there is merged into this one
    at: int = 0  # where the number itself starts (`start` moves left over prefix words)


_BARE_NUM_RE = re.compile(rf"(?<![0-9.])(?P<ar>{AR})|(?<![{CN}])(?P<cn>[{CN}]+)")
_CMP_NAMES = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}


def find_quantities(
    text: str, not_qty: bytearray, not_cn: bytearray, clauses: list[int], sentences: list[int]
) -> list[Quantity]:
    """Every number-with-unit outside claimed spans, with its context read (comparator, change, period)."""
    marks: dict[int, list[tuple[int, int, str | None]]] = {}  # sentence start → its markers, found on demand
    pers = _PerIndex(text)
    atoms: list[_Atom] = []
    for m in ATOM_RE.finditer(text):
        a = _read_atom(m, text, not_qty, not_cn, clauses, pers)
        if a is None:
            continue
        if a.before_span is not None:
            _drop_inside(atoms, *a.before_span)
        atoms.append(a)
    out: list[Quantity] = []
    for a in atoms:
        out.append(
            Quantity(
                start=a.start,
                end=a.end,
                text=text[a.start : a.end],
                value=a.value,
                unit=a.unit,
                sentence=-1,
                approx=a.approx,
                comparator=a.comparator,
                before=a.before,
                direction=a.direction,
                percent=a.unit == "%",
                money=a.unit in MONEY_FACTORS,
                period=_period_for(text, a.start, marks, clauses, sentences),
                per=a.per,
                delta=a.delta,
                upper=a.upper,
            )
        )
    return out


def _drop_inside(atoms: list[_Atom], lo: int, hi: int) -> None:
    """Remove the atoms lying inside [lo, hi] (the 由X part of a later atom).

    Atoms are appended in the order their numbers occur and an atom never starts after its number, so
    only the tail whose numbers stand at or after `lo` can lie inside: walking back over it (rather than
    filtering the whole list) keeps a report full of 由X增加到Y linear.
    """
    k = len(atoms)
    while k > 0 and atoms[k - 1].at >= lo:
        k -= 1
    if k < len(atoms):
        atoms[k:] = [b for b in atoms[k:] if not (b.start >= lo and b.end <= hi)]


class _PerIndex:
    """Every 每年/每季度/… in the text, found once, so that an atom finds the last one before it in its clause
    by bisection instead of rescanning the clause (a 2 MB line without punctuation is one clause)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.names: list[str] = []
        for pm in _PER_ANY.finditer(text):
            self.starts.append(pm.start())
            self.ends.append(pm.end())
            self.names.append(pm["per"])

    def last(self, cs: int, pos: int) -> str | None:
        """The period word of the last 每X lying inside [cs, pos), or None."""
        i = bisect.bisect_right(self.ends, pos) - 1
        if i >= 0 and self.starts[i] >= cs:
            return self.names[i]
        return None


def _read_atom(
    m: re.Match[str],
    text: str,
    not_qty: bytearray,
    not_cn: bytearray,
    clauses: list[int],
    pers: _PerIndex,
) -> _Atom | None:
    """The quantity a number+unit match stands for, or None when context says it is not a count."""
    s, e = m.span()
    if not_qty.find(1, s, e) != -1:
        return None
    n = len(text)
    prev = text[s - 1] if s > 0 else ""
    nxt = text[e] if e < n else ""
    if prev == "第" or prev in _NOT_AFTER or (prev.isascii() and prev.isalpha()) or nxt in _PLUS:
        return None  # 第一次, 1+4, 7×24小时, 5G

    if m["pct"]:
        numtext, unit, approx, upper = m["pnum"], "%", False, None
        is_cn = not numtext[0].isdigit()
        value = parse_number(numtext)
    else:
        unit = m["unit"]
        approx = bool(m["ap"] or m["ap2"])
        upper = None
        if m["ar"] is not None:
            numtext, is_cn = m["ar"], False
            value = parse_number(numtext)  # None when no float holds it (400 digits)
        else:
            numtext, is_cn = m["cn"], True
            if unit == "元" and not m["mag"] and len(numtext) > 1 and numtext[-1] in "万亿":
                numtext, unit = numtext[:-1], numtext[-1] + "元"  # 三千万元 → 三千 万元, like 3000万元
            if len(numtext) > 1 and all(ch in DIGITS for ch in numtext):
                pair = _cn_pair(numtext)  # 一两次, 三五个: a rough range
                if pair is None:
                    return None
                value, upper, approx = pair[0], pair[1], True
            else:
                value = parse_number(numtext)
        if m["mag"]:
            if unit == "元":
                unit = m["mag"] + "元"
            elif value is not None:
                value *= 10_000 if m["mag"] == "万" else 100_000_000
                if not math.isfinite(value):
                    value = None
    if value is None:
        return None
    if (unit in UNIT_NOT_BEFORE and nxt and nxt in UNIT_NOT_BEFORE[unit]) or nxt in _WORD_SUFFIX:
        return None  # 一部分, 3所有, 两位数, 一元化
    if unit == "次" and (prev == "届" or text.startswith("全会", e)):
        return None  # 十三届七次全会: an ordinal
    if is_cn:
        if not_cn[s] or prev in _VAGUE_BEFORE or text.startswith("若干", max(0, s - 2)):
            return None  # 数十家: vague
        if nxt in _CN_DIGIT_SET:
            return None  # 四个一, 一件一回访: a slogan
        if numtext == "一":
            if prev in _ONE_WORD_BEFORE or unit in WEAK_UNITS or unit in ("批", "起"):
                return None  # 统一部署, 新一轮, 一批, 一起
            if s >= 2 and text[s - 2] == "一":
                return None  # 一村一名
    unit = normalise_unit(unit)

    cs = enclosing(clauses, s, n)[0]
    a = _Atom(start=s, end=e, value=value, unit=unit, approx=approx, upper=upper, at=s)
    if unit == "日" and not is_day_duration(text, s, e, cs) and (is_cn or value <= 31):
        return None  # a day of the month: the date pass's business
    _read_suffix(a, text)
    pos = _read_prefix(a, text, s, cs)
    if pos is None:
        return None
    if is_cn and unit != "%" and numtext[0] in _BIG_LEAD and not a.approx:
        if text[pos - 1 : pos] != "上":
            return None  # 百名局长, 千家万户: a name, not a count (近百人 and 百余名 are counts)
        a.approx = True  # 上百人
        pos -= 1
    if a.per is None:
        per = pers.last(cs, pos)
        if per is not None:
            a.per = _per_name(per)
    a.start = pos
    return a


def _per_name(word: str) -> str:
    """每年度 → 年, 每季 → 季度: one name per period."""
    return {"年度": "年", "季": "季度", "日": "天"}.get(word, word)


def _cn_pair(numtext: str) -> tuple[float, float] | None:
    """一两 → (1, 2), 三五 → (3, 5): two rising digits name a rough range; anything else (二〇) is no count."""
    if len(numtext) != 2:
        return None
    lo, hi = DIGITS[numtext[0]], DIGITS[numtext[1]]
    if 0 < lo < hi <= lo + 2:
        return float(lo), float(hi)
    return None


def _read_suffix(a: _Atom, text: str) -> None:
    """左右 / 以上 / 以内 … right after the unit."""
    sm = _SUFFIX_RE.match(text, a.end)
    if sm is None:
        return
    if sm["inside"] and a.unit not in DURATION_UNITS:
        return  # 5个内设机构
    if sm["ap"]:
        a.approx, a.comparator = True, "~"
    else:
        a.comparator = ">=" if sm["ge"] else "<="
    a.end = sm.end()


def _read_prefix(a: _Atom, text: str, s: int, cs: int) -> int | None:
    """Read the words before the number, right to left, inside the clause; the new start, or None to drop."""
    pos = s
    if s == cs or (text[s - 1] not in _PREFIX_LAST and not any(w in text[max(cs, s - 8) : s] for w in _GAP_WORDS)):
        return pos  # most numbers: nothing to read, and six regex searches saved
    rm = _RANGE_PRE.search(text, max(cs, pos - 12), pos)
    if rm is not None:
        lo = parse_number(rm["ar"] or rm["cn"])
        if lo is not None and lo < a.value and text[rm.start() - 1 : rm.start()] != "第":
            a.upper, a.value = a.value, lo
            pos = rm.start()
    am = _APPROX_PRE.search(text, max(cs, pos - 2), pos)
    if am is not None:
        word = am.group()
        a.approx = True
        if word in ("约", "大约") and a.comparator is None:
            a.comparator = "~"
        elif word == "逾":
            a.comparator = ">"
        pos = am.start()
    cm = (
        _CMP_PRE.search(text, max(cs, pos - 3), pos)
        or _CMP_GAP_PRE.search(text, max(cs, pos - 7), pos)
        or _CMP_DE_PRE.search(text, max(cs, pos - 16), pos)
    )
    if cm is not None:
        a.comparator = _CMP_NAMES[cm.lastgroup or "ge"]
        pos = cm.start()
    pm = _PER_PRE.search(text, max(cs, pos - 4), pos)
    if pm is not None:
        a.per = _per_name(pm["per"])
        pos = pm.start()
    dm = _DIR_PRE.search(text, max(cs, pos - 9), pos)
    if dm is None:
        return pos
    if dm["reach"]:
        a.direction = "reach"
    elif dm["delta"]:
        a.direction = "increase" if dm["dup"] or dm["dup2"] else "decrease"
        a.delta = True
    else:
        a.direction = "increase" if dm["lup"] else "decrease" if dm["ldown"] else None
        start = _read_before(a, text, cs, dm.start())
        if start is not None:
            return start
    if a.per is None:
        pm = _PER_PRE.search(text, max(cs, dm.start() - 4), dm.start())
        if pm is not None:
            a.per = _per_name(pm["per"])
    return dm.start()


def _read_before(a: _Atom, text: str, cs: int, verb: int) -> int | None:
    """由过去每年四次增加到…: the value before the change, between 由/从 and the verb; the new start."""
    lo = max(cs, verb - _BEFORE_REACH)
    f = max(text.rfind("由", lo, verb), text.rfind("从", lo, verb))
    if f < 0:
        return None
    before: float | None = None
    for m in _BARE_NUM_RE.finditer(text, f + 1, verb):
        if text[m.end() : m.end() + 1] in ("年", "月", "日", "号"):
            continue  # 从2018年的80%: 2018 is a year
        v = parse_number(m.group())
        if v is not None:
            before = v
    if before is None:
        return None
    a.before = before
    if a.direction is None and before != a.value:
        a.direction = "increase" if a.value > before else "decrease"
    a.before_span = (f, verb)
    return f


def _period_label(m: re.Match[str]) -> str | None:
    """The label a partial-period marker gives to figures after it; None for 全年 (a reset)."""
    if m["full"]:
        return None
    if m["est"]:
        return "预计"
    return m.group()


def _period_for(
    text: str,
    s: int,
    marks: dict[int, list[tuple[int, int, str | None]]],
    clauses: list[int],
    sentences: list[int],
) -> str | None:
    """The partial-period marker governing a figure at `s`: 预计 in its clause, else the nearest marker
    before it in its sentence, else one after it in its clause."""
    ss, se = enclosing(sentences, s, len(text))
    cs, ce = enclosing(clauses, s, len(text))
    if ss not in marks:
        sentence = text[ss:se]
        if any(w in sentence for w in _MARK_TRIGGERS):
            marks[ss] = [(m.start(), m.end(), _period_label(m)) for m in _PERIOD_MARK_RE.finditer(text, ss, se)]
        else:
            marks[ss] = []
    preceding: tuple[str | None] | None = None
    after: tuple[str | None] | None = None
    for ms, me, label in marks[ss]:
        if label == "预计" and cs <= ms < ce:
            return label
        if me <= s:
            preceding = (label,)
        elif ms >= cs and me <= ce and after is None:
            after = (label,)
    if preceding is not None:
        return preceding[0]
    return after[0] if after is not None else None
