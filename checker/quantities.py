"""Numbers, dates and document numbers in report (and plan) text → Quantity, DateFact, DocNumber.

`scan()` runs three passes over already-compacted text, each claiming its spans so later passes
skip them: document numbers (丹政发〔2020〕14号) first, then dates (2019年5月12日, 11月份, 年底前,
run-together 62日 / 2020512 / 201710月), then quantities (a number followed by a unit word).
Everything inside 《…》 is a title, never a date or a quantity; short “…” quotes are names (“4.8”,
“1+4”, “四位一体”), never quantities. Offsets are relative to the text given; `sentence` is -1 and
checker.facts fills it in.

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

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from checker.model import DateFact, DocNumber, Quantity
from checker.numerals import CN_CHARS, DIGITS, parse_cn_int, parse_number


@dataclass(frozen=True)
class Scan:
    """What `scan()` found, each tuple ordered by position."""

    quantities: tuple[Quantity, ...]
    dates: tuple[DateFact, ...]
    doc_numbers: tuple[DocNumber, ...]


# --------------------------------------------------------------------------- units

# Normalised unit → class. Units of one class count the same thing and compare directly
# (money through MONEY_FACTORS). A unit missing here is its own class.
UNIT_CLASSES: dict[str, str] = {
    "次": "times",
    "场": "times",
    "场次": "times",
    "期": "times",
    "轮": "times",
    "名": "people",
    "人": "people",
    "位": "people",
    "人次": "person_times",
    "件": "cases",
    "宗": "cases",
    "起": "cases",
    "个": "items",
    "项": "items",
    "家": "entities",
    "户": "entities",
    "元": "money",
    "万元": "money",
    "亿元": "money",
    "%": "percent",
    "‰": "permille",
    "百分点": "percentage_points",
    "天": "days",
    "日": "days",
    "工作日": "working_days",
    "小时": "hours",
    "学时": "class_hours",
    "课时": "class_hours",
    "个月": "months",
    "批": "batches",
    "批次": "batches",
    "份": "copies",
    "部": "volumes",
    "篇": "articles",
    "条": "entries",
    "所": "institutions",
    "部门": "departments",
}
MONEY_FACTORS: dict[str, float] = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
# Written forms → normalised unit.
_UNIT_ALIASES: dict[str, str] = {
    "％": "%",
    "个工作日": "工作日",
    "个百分点": "百分点",
    "个学时": "学时",
    "个课时": "课时",
    "个小时": "小时",
}
_UNITS = [
    *("个工作日", "工作日", "个百分点", "百分点", "个学时", "个课时", "个小时", "个月"),
    *("人次", "户次", "件次", "场次", "批次", "平方公里", "平方米", "公里", "学时", "课时", "小时", "部门"),
    *"元%％‰次场期批轮个项件份部篇条家户所名人位起宗天日套台辆亩种处支册本张座堂卷",
]
# Units that 一 in running text rarely counts (一张网, 一处, 一本): a count only with another number.
_WEAK_UNITS = frozenset("种处支册本张座堂套卷")
_DURATION_UNITS = frozenset({"日", "天", "工作日", "小时", "个月", "学时", "课时"})
# Characters after a unit that make it the start of another word (一次性, 一部分, 3所有, 两位数).
_UNIT_NOT_BEFORE: dict[str, str] = {
    "次": "性",
    "条": "龙例件线",
    "位": "数于",
    "部": "分署位",
    "所": "有属在得以需谓",
    "起": "草诉步点来到码始止",
    "期": "间限工项待末满刊",
    "场": "所地景馆",
    "元": "旦素",
    "天": "然津气",
    "处": "理罚置室长级",
    "支": "持付出撑",
    "名": "单称录义",
    "宗": "旨教",
    "家": "庭长属门乡园",
    "件": "事",
    "张": "网图",
    "人": "一",
}


def normalise_unit(unit: str) -> str:
    """The unit as stored in Quantity.unit: 个工作日 → 工作日, ％ → %, 个学时 → 学时."""
    return _UNIT_ALIASES.get(unit, unit)


def unit_class(unit: str) -> str:
    """The class a unit belongs to (名, 人, 位 → "people"); an unknown unit is its own class."""
    unit = normalise_unit(unit)
    return UNIT_CLASSES.get(unit, unit)


def same_unit_class(a: str, b: str) -> bool:
    """Whether two units count the same thing: 名~人~位, 次~场~期~轮, 件~宗~起, 个~项, 家~户, 天~日, 元~万元~亿元."""
    return unit_class(a) == unit_class(b)


def to_base(value: float, unit: str) -> float:
    """`value` in its class's base unit: money in 元 (3.5万元 → 35000), anything else unchanged."""
    return value * MONEY_FACTORS.get(normalise_unit(unit), 1.0)


# --------------------------------------------------------------------------- patterns

_CN = CN_CHARS
_CN_DIGITS = "".join(DIGITS)
_AR = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_CONNECT = "-—–~～－至到"

_ATOM_RE = re.compile(
    rf"(?=[0-9{_CN}])(?:(?P<pct>百分之)(?P<pnum>{_AR}|[{_CN}]+)"
    rf"|(?:(?<![0-9.])(?P<ar>{_AR})|(?<![{_CN}])(?P<cn>[{_CN}]+))"
    rf"(?P<ap>余|多)?(?P<mag>[万亿])?(?P<ap2>余|多)?(?P<unit>{_UNIT_ALT}))"
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
    "约近逾于少码过多到在足满的年度季月周天日至为了加长高升涨大降低减小缩简短滑落增幅速达" + _CONNECT
)
_GAP_WORDS = ("至少", "最少", "最多", "至多")
_RANGE_PRE = re.compile(rf"(?:(?<![0-9.])(?P<ar>{_AR})|(?<![{_CN}])(?P<cn>[{_CN}]+))[{_CONNECT}]$")
_SUFFIX_RE = re.compile(
    r"(?P<ap>左右|上下(?=[,，;；。、)\n的]|$))|(?P<ge>及以上|以上|之上)|(?P<le>及以下|以下|以内|之内)|(?P<inside>内)"
)
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
_CLAUSE_SEP = re.compile(r"[,，;；。!！?？:：\n]")
_SENT_END = frozenset(";；。!！?？\n")
# A lone 一 after these is part of a word (统一, 唯一, 进一步, 新一轮, 每一个), not a count.
_ONE_WORD_CHARS = "统唯专同单第之逐合划归均任每其另这那进如不新上下某是为"
_ONE_WORD_BEFORE = frozenset(_ONE_WORD_CHARS) | {"万"}
_CN_DIGIT_SET = frozenset(_CN_DIGITS) | {"十"}
_BIG_LEAD = frozenset("百佰千仟万萬亿億")
# Sets, not strings: `"" in "+＋"` is True, and text edges give "".
_NOT_AFTER = frozenset("+＋×*/")
_PLUS = frozenset("+＋")
_VAGUE_BEFORE = frozenset("数几")
_WORD_SUFFIX = frozenset("化性")

# Markers of a partial-period or estimated figure; 全年 resets.
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_PERIOD_MARK_RE = re.compile(
    rf"(?=[0-9一二三四五六七八九十上下前第截预全])(?:(?P<mr>(?<![0-9.])(?:{_MONTH})(?:月份?)?[{_CONNECT}](?:{_MONTH})月份?)"
    r"|(?P<half>上半年|下半年|前[一二三两1-3]季度|第?[一二三四1-4]季度|前(?:[0-9]{1,2}|[一二三四五六七八九十两]{1,2})个?月)"
    rf"|(?P<cut>截[至止](?:目前|(?:(?:19|20)[0-9]{{2}}年)?(?:1[01]|0?[1-9]|十一?|[一二三四五六七八九])月(?:底|末|份|[0-9]{{1,2}}日)?))"
    r"|(?P<est>预计)|(?P<full>全年))"
)
_MARK_TRIGGERS = ("月", "季", "半年", "截", "预计", "全年")  # a sentence without any has no marker

# --------------------------------------------------------------------------- dates

_DAY = r"3[01]|[12][0-9]|0?[1-9]"
_DAY_CN = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_ANON = r"[xX×＊*]"
_YEAR_PART = r"年初(?!步)|年中|年底|年末|上半年|下半年|前[一二三两1-3]季度|第?[一二三四1-4]季度|初(?!步)|底|末"
_MONTH_PART = r"上旬|中旬|下旬|初(?!步)|底|末"
_DEADLINE = r"前(?![后期列沿置提景三两一])|以前|之前"
_M_ANY = rf"{_MONTH}|{_ANON}{{1,2}}"
_D_ANY = rf"{_DAY}|{_DAY_CN}|{_ANON}{{1,2}}"


def _month_tail(p: str) -> str:
    """Month, day and part-of-month groups after a year (or alone), group names prefixed by `p`."""
    return (
        rf"(?P<{p}ra>{_MONTH})(?:月份?)?[{_CONNECT}](?P<{p}rb>{_MONTH})(?P<{p}rf>月份?)"
        rf"|(?P<{p}m>{_M_ANY})月(?P<{p}mf>份)?(?:(?P<{p}d>{_D_ANY})[日号])?(?P<{p}mp>{_MONTH_PART})?"
    )


_DATE_RE = re.compile(
    # re tries every alternative at every offset: this lookahead lets most characters fail at once
    rf"(?=[0-9〇零○一二三四五六七八九十xX×＊*今去明上下本当前第年])(?:"
    # 2019-05-12, 2020.05.12, 2019/5/12
    r"(?<![0-9.])(?P<iy>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=sep)(?P<id>3[01]|[12][0-9]|0?[1-9])"
    r"(?![0-9](?![0-9]?:[0-9]{2}))"  # 2022/10/2410:18: compact() glued the time on
    # 2015-2020年, 2022—2025年
    rf"|(?<![0-9.])(?P<ya>(?:19|20)[0-9]{{2}})年?[{_CONNECT}](?P<yb>(?:19|20)[0-9]{{2}})年(?P<ybd>度)?"
    # 2019年…, 二〇一九年…, xx年…, 今年…
    rf"|(?:(?<![0-9.A-Za-z])(?P<y>(?:19|20)[0-9]{{2}}|(?:19|20)?{_ANON}{{2}}|{_ANON}{{4}})"
    rf"|(?<![{_CN}])(?P<ycn>[〇零○一二三四五六七八九]{{4}})"
    r"|(?<![以文相充基根每逐近历多])(?P<yrel>今|去|明|上|本|当))年(?P<ydu>度)?"
    rf"(?:{_month_tail('y')}|(?P<yp>{_YEAR_PART}))?(?P<ydl>{_DEADLINE})?"
    # run-together 201710月, 20199月
    r"|(?<![0-9.])(?P<ry>(?:19|20)[0-9]{2})(?P<rm>1[0-2]|0?[1-9])月(?P<rmf>份)?(?P<rdl>" + _DEADLINE + ")?"
    # run-together 2020512, 20200512
    r"|(?<![0-9.〔\[【])(?P<rt>(?:19|20)[0-9]{2})(?P<rtmd>[0-9]{2,4})(?![0-9.%])"  # not 漯开文〔202257
    # 11月份, 6月2日, 1-5月, 9月底前
    rf"|(?<![0-9.年{_CN}{_ONE_WORD_CHARS}])(?:{_month_tail('s')})(?P<sdl>{_DEADLINE})?"
    # 上半年, 一季度, 年底前
    r"|(?<![年0-9全近多每历当])(?P<sp>上半年|下半年|前[一二三两1-3]季度|第?[一二三四1-4]季度|年初(?!步)|年底|年末"
    rf"|年中(?![央国共华心期间]))(?P<spdl>{_DEADLINE})?"
    # 12日, 62日 (a day; N > 31 is a run-together month and day)
    r"|(?<![0-9.月第])(?P<dd>[0-9]{1,4})日"
    r")"
)
_DURATION_PRE = re.compile(
    r"(?:为期|历时|连续|用时|耗时|每|不少于|不超过|不低于|至少|最多|超过|提前|满|累计|共计|需要|需|仅用|期限|时限|限期"
    r"|(?:缩短|延长|压缩)(?:至|到|为)?)$"
)
_DURATION_SUF = re.compile(r"内|以内|之内|以上|以下|左右")
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

# --------------------------------------------------------------------------- document numbers

_DOCNO_RE = re.compile(
    r"(?:[〔\[(【]\s*(?:19|20)[0-9]{2}\s*[〕\])】]\s*第?\s*[0-9]+\s*号"
    r"|令\s*第\s*[0-9]+\s*号"
    r"|第\s*[0-9]+\s*号令?)$"
)
_HAN_RUN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}$")
# The issuer code (丹政发, 省政府令) follows these words; one-character ones only at the run's start (经开文 is a code).
_DOCNO_VERB = re.compile(r".*(?:印发|下发|转发|根据|按照|依据|依照|执行|落实|贯彻|参照|学习|认真)")
_DOCNO_LEAD = re.compile(r"(?:[见据按依以由对将的和及])+")


# --------------------------------------------------------------------------- scanning


def scan(text: str, *, year: int | None = None) -> Scan:
    """Quantities, dates and document numbers in `text` (compacted, may span many sentences and lines).

    `year` is the report year: it completes dates written without one (11月份) and bounds run-together
    readings (2020512). Never raises on any input.
    """
    n = len(text)
    not_qty = bytearray(n)  # spans no quantity may touch
    not_date = bytearray(n)  # spans no date may touch
    for m in _TITLE_RE.finditer(text):
        _claim(not_qty, m.start(), m.end())
        _claim(not_date, m.start(), m.end())
    not_cn = bytearray(n)  # spans where a Chinese numeral is a slogan's, not a count
    for m in _QUOTE_RE.finditer(text):
        # “4.8”, “1+4”, “四位一体” name things; “三个走在前列、四个显著提高” is a slogan list
        short = m.end() - m.start() <= 12 and not _CLAUSE_PUNCT.search(m.group())
        _claim(not_qty if short else not_cn, m.start(), m.end())
    for m in _NAMES_RE.finditer(text):
        _claim(not_qty, m.start(), m.end())

    docs = _doc_numbers(text)
    for doc in docs:
        _claim(not_qty, doc.start, doc.end)
        _claim(not_date, doc.start, doc.end)

    clauses = [m.start() for m in _CLAUSE_SEP.finditer(text)]
    sentences = [i for i in clauses if text[i] in _SENT_END]
    dates = _dates(text, year, not_date, clauses)
    for d in dates:
        _claim(not_qty, d.start, d.end)

    quantities = _quantities(text, not_qty, not_cn, clauses, sentences)
    return Scan(tuple(quantities), tuple(dates), tuple(docs))


def _claim(mask: bytearray, start: int, end: int) -> None:
    mask[start:end] = b"\x01" * (end - start)


def _bounds(seps: list[int], pos: int, n: int) -> tuple[int, int]:
    """Start and end of the clause (or sentence) holding `pos`, given the separator offsets."""
    i = bisect.bisect_left(seps, pos)
    start = seps[i - 1] + 1 if i > 0 else 0
    end = seps[i] if i < len(seps) else n
    return start, end


# --------------------------------------------------------------------------- document numbers


def _doc_numbers(text: str) -> list[DocNumber]:
    """丹政发〔2020〕14号, [2019]7号, (2019)7号, 省政府令第129号, with the issuer code when it is short."""
    found: list[DocNumber] = []
    p = text.find("号")
    while p != -1:
        hi = p + 2 if text.startswith("号令", p) else p + 1
        m = _DOCNO_RE.search(text, max(0, p - 24), hi)
        p = text.find("号", p + 1)
        if m is None or (m.group().startswith("第") and not m.group().endswith("令")):
            continue
        start = m.start()
        run = _HAN_RUN_BEFORE.search(text, max(0, start - 12), start)
        if run:
            code, offset = run.group(), run.start()
            for rx in (_DOCNO_VERB, _DOCNO_LEAD):
                cut = rx.match(code)
                if cut:
                    code, offset = code[cut.end() :], offset + cut.end()
            if 0 < len(code) <= (8 if m.group().startswith(("令", "第")) else 6):
                start = offset
        found.append(DocNumber(start=start, end=m.end(), text=text[start : m.end()], sentence=-1))
    return found


# --------------------------------------------------------------------------- dates


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


def _is_day_duration(text: str, s: int, e: int, clause_start: int) -> bool:
    """Whether the N日 at [s, e) counts days (30日内, 为期3日) rather than naming a day of the month."""
    if _DURATION_SUF.match(text, e):
        return True
    return _DURATION_PRE.search(text, max(clause_start, s - 6), s) is not None


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
        if not _year_ok(y, year, 2) or _ATOM_RE.match(text, s) is not None:
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
        _month_part(d, g, "s")
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
        cs, _ = _bounds(clauses, s, len(text))
        value = int(g["dd"])
        if _is_day_duration(text, s, e, cs):
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
            return True
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


def _dates(text: str, year: int | None, not_date: bytearray, clauses: list[int]) -> list[DateFact]:
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
            and text[prev.end] in _CONNECT
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


# --------------------------------------------------------------------------- quantities


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


_BARE_NUM_RE = re.compile(rf"(?<![0-9.])(?P<ar>{_AR})|(?<![{_CN}])(?P<cn>[{_CN}]+)")
_CMP_NAMES = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}


def _quantities(
    text: str, not_qty: bytearray, not_cn: bytearray, clauses: list[int], sentences: list[int]
) -> list[Quantity]:
    """Every number-with-unit outside claimed spans, with its context read (comparator, change, period)."""
    marks: dict[int, list[tuple[int, int, str | None]]] = {}  # sentence start → its markers, found on demand
    atoms: list[_Atom] = []
    for m in _ATOM_RE.finditer(text):
        a = _read_atom(m, text, not_qty, not_cn, clauses)
        if a is None:
            continue
        if a.before_span is not None:
            lo, hi = a.before_span
            atoms = [b for b in atoms if not (b.start >= lo and b.end <= hi)]
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


def _read_atom(m: re.Match[str], text: str, not_qty: bytearray, not_cn: bytearray, clauses: list[int]) -> _Atom | None:
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
            value = float(numtext.replace(",", ""))
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
    if value is None:
        return None
    if (unit in _UNIT_NOT_BEFORE and nxt and nxt in _UNIT_NOT_BEFORE[unit]) or nxt in _WORD_SUFFIX:
        return None  # 一部分, 3所有, 两位数, 一元化
    if unit == "次" and (prev == "届" or text.startswith("全会", e)):
        return None  # 十三届七次全会: an ordinal
    if is_cn:
        if not_cn[s] or prev in _VAGUE_BEFORE or text.startswith("若干", max(0, s - 2)):
            return None  # 数十家: vague
        if nxt in _CN_DIGIT_SET:
            return None  # 四个一, 一件一回访: a slogan
        if numtext == "一":
            if prev in _ONE_WORD_BEFORE or unit in _WEAK_UNITS or unit in ("批", "起"):
                return None  # 统一部署, 新一轮, 一批, 一起
            if s >= 2 and text[s - 2] == "一":
                return None  # 一村一名
    unit = normalise_unit(unit)

    cs = _bounds(clauses, s, n)[0]
    a = _Atom(start=s, end=e, value=value, unit=unit, approx=approx, upper=upper)
    if unit == "日" and not _is_day_duration(text, s, e, cs) and (is_cn or value <= 31):
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
    if a.per is None and "每" in text[cs:pos]:
        for pm in _PER_ANY.finditer(text, cs, pos):
            a.per = _per_name(pm["per"])
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
    if sm["inside"] and a.unit not in _DURATION_UNITS:
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
    f = max(text.rfind("由", cs, verb), text.rfind("从", cs, verb))
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
    ss, se = _bounds(sentences, s, len(text))
    cs, ce = _bounds(clauses, s, len(text))
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
