"""Numbers, dates and document numbers in report (and plan) text → Quantity, DateFact, DocNumber.

`scan()` runs three passes over already-compacted text, each claiming its spans so later passes
skip them: document numbers (丹政发〔2020〕14号) first, then dates (2019年5月12日, 11月份, 年底前,
run-together 62日 / 2020512 / 201710月), then quantities (a number followed by a unit word).
Everything inside 《…》 is a title, never a date or a quantity; short “…” quotes are names (“4.8”,
“1+4”, “四位一体”), never quantities. Offsets are relative to the text given; `sentence` is -1 and
checker.facts fills it in. Modules: units (unit table), docnumbers, dates, amounts (quantities), common.

Decisions on ambiguous forms (tests/test_quantities.py has a case for each):
- 余/多/近 → approx only; 约/大约/左右/上下 → approx and comparator "~".
- 不少于/不低于/至少/最少/以上 → ">="; 超过/高于/多于/逾 → ">"; 不超过/不高于/最多/以下/以内/之内/控制在 → "<=";
  低于/少于/不足/不到 → "<". 至少/最多 may stand before a short verb (至少组织一次); 不低于…的80% reaches
  over a 的-phrase.
- 由X增加到Y / 缩减为 / 提高到 / 降至 … → value Y, before X, direction from the verb (by comparison for 调整为/变为),
  delta False (a level). 增长8.5% / 同比下降31.25% / 提高3个百分点 → direction, delta True (the change itself).
  达 / 达到 / 均达 → direction "reach". Nothing crosses a clause boundary (, ; 。 : line break).
- Money keeps the unit as written (3.5万元 → 3.5, unit 万元, money); `to_base()` converts to 元 for comparisons.
  Other 万/亿 multiply the value (16万条 → 160000 条).
- Not quantities: ordinals (第一次, 总第99期, 十三届七次全会), fixed-set names (三项制度, 三个代表, 四个意识,
  两个维护 …), slogans (一X一Y, 四个一, Chinese numerals inside a long “…” quote), vague 数十/几十/若干, bare
  百/千/万 without 余/多/近/约/上 (百名局长 is a name, 近百人 is 100 approx), lone 一 in words (统一部署, 新一轮,
  是一项), 一批 and 一起 (vague / "together"), 一次性, 届 and 周年 (70周年 is an anniversary, 第二届 an ordinal),
  numbers touching + × / or Latin letters (1+4, 7×24小时, 5G).
- 一两次 / 三五个 → value 1 / 3, upper 2 / 5, approx. 2—3个 → value 2, upper 3.
- 日 is a duration only in a duration context (30日内, 为期3日, 连续7日, 15日以上) → Quantity unit 日, comparator from
  the context; otherwise N日 is a day of the month (a DateFact), and N > 31 is split into month and day as a candidate.
- 年初 = 1–3月, 年中 = 6–7月, 年底/年末 = 12月, 上旬/月初 = 1–10日, 下旬/月底 = 21日–month end (kind "period").
  …前 / 以前 / 之前 after a date → kind "deadline", year/month/day = the last day allowed (年底前 → 12-31).
- A year not written (11月份, 62日) comes from `year`; 今年/去年/明年 are relative to it; xx年 stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.model import DateFact, DocNumber, Quantity
from checker.quantities.amounts import find_quantities
from checker.quantities.common import CLAUSE_SEP, SENT_END, claim
from checker.quantities.dates import bounds, find_dates
from checker.quantities.docnumbers import find_doc_numbers
from checker.quantities.units import MONEY_FACTORS, UNIT_CLASSES, normalise_unit, same_unit_class, to_base, unit_class

__all__ = [
    "MONEY_FACTORS",
    "UNIT_CLASSES",
    "Scan",
    "bounds",
    "normalise_unit",
    "same_unit_class",
    "scan",
    "to_base",
    "unit_class",
]


@dataclass(frozen=True)
class Scan:
    """What `scan()` found, each tuple ordered by position."""

    quantities: tuple[Quantity, ...]
    dates: tuple[DateFact, ...]
    doc_numbers: tuple[DocNumber, ...]


# Fixed-set names and slogans whose numeral is not a count.
_NAMES = (
    "三项制度|三个代表|四个意识|四个自信|四个全面|两个维护|两个确立|两个责任|两个大局|两个毫不动摇|两个一百年|三个务必"
    "|四个最严|三个有利于|三个走在前列|一件事|一条龙|一次性|一次告知|一次办|跑一次|一张网|一张图|一张蓝图|位一体|两位数"
)
# Kept as three patterns: re finds a literal first character fast, an alternation of them slowly.
_NAMES_RE = re.compile(_NAMES)
_TITLE_RE = re.compile(r"《[^《》\n]*》|〈[^〈〉\n]*〉")  # no date and no quantity inside
_QUOTE_RE = re.compile(r"“[^“”\n]{1,40}”|「[^「」\n]{1,40}」|‘[^‘’\n]{1,40}’")
_CLAUSE_PUNCT = re.compile(r"[,，;；。]")


def scan(text: str, *, year: int | None = None) -> Scan:
    """Quantities, dates and document numbers in `text` (compacted, may span many sentences and lines).

    `year` is the report year: it completes dates written without one (11月份) and bounds run-together
    readings (2020512). Never raises on any input.
    """
    n = len(text)
    not_qty = bytearray(n)  # spans no quantity may touch
    not_date = bytearray(n)  # spans no date may touch
    for m in _TITLE_RE.finditer(text):
        claim(not_qty, m.start(), m.end())
        claim(not_date, m.start(), m.end())
    not_cn = bytearray(n)  # spans where a Chinese numeral is a slogan's, not a count
    for m in _QUOTE_RE.finditer(text):
        # “4.8”, “1+4”, “四位一体” name things; “三个走在前列、四个显著提高” is a slogan list
        short = m.end() - m.start() <= 12 and not _CLAUSE_PUNCT.search(m.group())
        claim(not_qty if short else not_cn, m.start(), m.end())
    for m in _NAMES_RE.finditer(text):
        claim(not_qty, m.start(), m.end())

    docs = find_doc_numbers(text)
    for doc in docs:
        claim(not_qty, doc.start, doc.end)
        claim(not_date, doc.start, doc.end)

    clauses = [m.start() for m in CLAUSE_SEP.finditer(text)]
    sentences = [i for i in clauses if text[i] in SENT_END]
    dates = find_dates(text, year, not_date, clauses)
    for d in dates:
        claim(not_qty, d.start, d.end)

    quantities = find_quantities(text, not_qty, not_cn, clauses, sentences)
    return Scan(tuple(quantities), tuple(dates), tuple(docs))
