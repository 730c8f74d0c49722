"""An item's text → checkable requirements, each with its target (不少于2次, 增长8.5%左右) or deadline.

The split follows a plan reader: sentences at 。;!?, then comma clauses. A clause that opens with an act
(推进/完善/建立…, maybe after adverbs like 进一步/全面, or with a subject like 各部门) starts a requirement;
clauses that continue it (objects, 并…, 提升…/提高… outcomes, acts of fewer than six characters like 定期轮岗)
join it; framing (为…/按照《…》/结合我市实际/落实《…》精神/确保…) is dropped when the sentence says anything
else; a clause with a target is always a requirement of its own. An item whose acts number more than
MAX_ACTS is split by sentence instead: a reader lists an item's few tasks, not every verb in it.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field

from checker.model import PERCENT_TOLERANCE, RELATIVE_TOLERANCE, Kind, Target
from checker.numerals import parse_number
from checker.rules import MAX_TARGET

NUM = r"(?:\d+(?:\.\d+)?万?|[零〇一二两三四五六七八九十百千]+万?)"
_COUNT_UNIT = (
    r"(?:人次|学时|课时|小时|场次|平方公里|平方米|立方米|公里|千米|公顷|千瓦|亿元|万元|次|期|场|轮|批|天|名|人|个|项|件|篇|"
    r"家|所|户|条|份|套|处|班|节|堂|门|台|张|座|辆|栋|吨|亩|元)"
)
_GE = "不少于|不低于|不得少于|不得低于|不小于|至少|最少"
_LE = "不超过|不多于|不得超过|不高于|最多"
_COUNT_RE = re.compile(
    rf"(?P<cmp>{_GE}|{_LE}|超过|多于|达到|达|保持在|稳定在)(?P<verb>[\u4e00-\u9fff]{{0,4}}?)(?P<num>{NUM})(?P<unit>{_COUNT_UNIT})"
    r"(?P<suf>及以上|以上|以下|以内|左右)?"
)
_COUNT_SUFFIX_RE = re.compile(rf"(?P<num>{NUM})(?P<unit>{_COUNT_UNIT})(?P<suf>及以上|以上|以下|以内|左右)")
# 每年听取…汇报: a recurring act without a number means at least once per period.
_IMPLIED_RE = re.compile(
    r"每(?P<per>年度?|季度|季|月)(?P<verb>听取|召开|开展|组织|举办|进行|研究|部署|通报|发布|公布|公开)"
)
_PCT = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰|个百分点)"
_LEVEL_DIR_RE = re.compile(
    rf"(?P<verb>增长|增加|提高|提升|上升|下降|降低|减少|回落)(?:了)?(?:约)?{_PCT}(?P<suf>左右|以上|以内|以下)?"
)
_LEVEL_TO_RE = re.compile(
    r"(?P<verb>提高到|提升到|增加到|达到|达|超过|高于|不低于|不少于|不得低于|保持在|稳定在|控制在|不超过|不高于|"
    rf"不得超过|不大于|低于)(?P<of>[^,;。%]{{0,20}}?的)?{_PCT}(?P<suf>左右|以上|以内|以下)?"
)
_LEVEL_SUFFIX_RE = re.compile(rf"{_PCT}(?P<suf>左右|以上|以内|以下)")
_LEVEL_OP = {
    "超过": ">",
    "高于": ">",
    "低于": "<",
    "控制在": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "不得超过": "<=",
    "不大于": "<=",
    "保持在": "~",
    "稳定在": "~",
}
_DECREASE = ("下降", "降低", "减少", "回落")

_DUE_DAY_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:前|之前)")
_DUE_MONTH_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:底|末|份)?\s*(?:前|之前)")
_DUE_YEAR_END_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?:年底|年末|底|末)\s*(?:前|之前)?")
_DUE_HALF_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<h>上半年|下半年)\s*(?:前|之前|内)?")
_DUE_BY_YEAR_RE = re.compile(r"(?:到|至|于)(?P<y>\d{4})\s*年(?![\d度])|(?P<y2>\d{4})\s*年\s*(?:前|之前|内)")
_WITHIN_RE = re.compile(rf"(?P<num>{NUM})\s*(?P<unit>个工作日|工作日|个月|日|天|周|年)\s*(?:内|之内|以内)")
_SUSPECT_RE = re.compile(
    r"(?:不少于|不低于|至少|不超过|控制在|达到)[^,;。]{0,6}?[\d一二两三四五六七八九十]"
    r"|\d\s*(?:%|次|个百分点)?\s*(?:以上|以内|以下|左右)|(?:增长|下降|提高|降低)\s*\d"
)
# Cheap tests first: most clauses hold no comparator, no rate and no date, and skip the target patterns.
_COUNT_HINT_RE = re.compile(rf"{_GE}|{_LE}|超过|多于|达|保持在|稳定在|以上|以下|以内|左右|每(?:年|季|月)")
_LEVEL_HINT_RE = re.compile(r"%|‰|百分点")
_DEADLINE_HINT_RE = re.compile(r"\d|[日天月年周]\s*(?:之|以)?内")
_PER = (
    ("每年", "year"),
    ("年均", "year"),
    ("每季", "quarter"),
    ("每月", "month"),
    ("任期内", "term"),
    ("每届", "term"),
)

# Adverbs and modals before a clause's verb (进一步加强…, 要严格…); 应急 and 要素 are words, not 应/要 + verb.
_ADVERBS = (
    "进一步",
    "全面",
    "持续",
    "深入",
    "大力",
    "积极",
    "严格",
    "认真",
    "切实",
    "不断",
    "加快",
    "及时",
    "依法",
    "着力",
    "逐步",
    "稳步",
    "继续",
    "扎实",
    "主动",
    "自觉",
    "广泛",
    "充分",
    "定期",
    "普遍",
    "统筹",
    "同时",
    "坚决",
    "有序",
    "务必",
    "必须",
    "应当",
    "重新",
    "要(?![素求点])",
    "应(?![急用对])",
    "须",
    "还",
)
_ADVERB_RE = re.compile(f"^(?:{'|'.join(_ADVERBS)})+")
_VERBS = (
    "加强",
    "完善",
    "健全",
    "建立",
    "推进",
    "推行",
    "推动",
    "落实",
    "实行",
    "实施",
    "开展",
    "组织",
    "制定",
    "出台",
    "修订",
    "编制",
    "规范",
    "深化",
    "优化",
    "强化",
    "公开",
    "公布",
    "设立",
    "建设",
    "实现",
    "执行",
    "坚持",
    "贯彻",
    "做好",
    "抓好",
    "加大",
    "整合",
    "探索",
    "培育",
    "打造",
    "选派",
    "选树",
    "畅通",
    "拓宽",
    "拓展",
    "支持",
    "鼓励",
    "引导",
    "统一",
    "明确",
    "细化",
    "清理",
    "梳理",
    "审查",
    "备案",
    "审核",
    "监督",
    "督促",
    "考核",
    "评估",
    "办理",
    "配合",
    "宣传",
    "召开",
    "举办",
    "听取",
    "研究",
    "解决",
    "建成",
    "打击",
    "依托",
    "聚焦",
    "压实",
    "整治",
    "惩治",
    "防止",
    "接受",
    "扩大",
    "指导",
    "保护",
    "提出",
    "确定",
    "纳入",
    "发挥",
    "将",
    "把",
)
# Outcomes that continue the act before them rather than stating a new one.
MAX_ACTS = 5
_MIN_ACT = 6  # Han characters: shorter acts (定期轮岗) continue the requirement before them
_OUTCOME_RE = re.compile(
    r"^(?:不断|切实|持续|有效|进一步|全面|努力)?(?:提升|提高|增强|营造|促进|保障|维护|助力|形成|推动形成|让|使)"
)
# A clause about the act before it (修订考核标准,把打造法治政务环境纳入其中): part of that act, not one of its own.
REFERS_BACK = re.compile(r"纳入其中|列入其中|其中$|^(?:并)?将其|^对此|^据此")
_FRAMING_RE = re.compile(
    r"^(?:各[^,]{1,10}?(?:要|应当?|须))?(?:为了?|按照|根据|依照|依据|对照|结合|围绕|紧紧围绕|紧扣|贯彻落实《|(?:坚持)?以[^,]{1,12}为(?:抓手|契机|目标|重点|核心|引领|主线|常态|导向|中心)|不?[^,]{1,6}为例外)"
)
_PURPOSE_RE = re.compile(r"^(?:确保|保证|力争|努力|以确保)")
# 严格落实《…》(国办发〔2018〕115号)和《…》精神: implementing cited documents, no act of its own
_CITATION_RE = re.compile(r"^(?:贯彻落实|贯彻|落实|执行|实施|遵守|学习)(?:[和及、与]|精神|要求|规定|部署)*$")
_CONTINUATION_RE = re.compile(r"^(?:并|且|及|以及|从而|进而|将(?=[从被会在]))")
_SUBJECT_RE = re.compile(r"^(?:各|(?:市|区|县)(?:政府|委)|行政机关|审计机关|决策机关|检察机关|政府及其)")
_DOC_VERB_RE = re.compile(r"^(?:研究制定|重新制定|制定出台|制定|出台|印发|修订完善|修订|修改完善|编制|起草|制发)")
_DOC_NOUN_RE = re.compile(
    r"方案|办法|规定|意见|细则|标准|规划|计划|指南|指引|条例|规则|预案|要点|清单|目录|流程图|守则"
)
_LEAD_IN_RE = re.compile(r"^[^:]{0,30}(?:目标|指标|任务|如下|是|为)\s*:")
_METRIC_HEAD_RE = re.compile(r"^(?:力争|确保|全年|全市|全区|全县|实现|努力|预计|其中|要)+")
_METRIC_TAIL_RE = re.compile(r"(?:原则上|要|应|应当|须|必须|年均|同比|比上年|分别|要求|的|次数|数量)+$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_OPENERS = "(《“〈「[【〔‘"
_CLOSERS = ")》”〉」]】〕’"


@dataclass(frozen=True)
class Draft:
    """A requirement before ids and match patterns are attached."""

    kind: Kind
    text: str
    target: Target | None = None
    due: str | None = None
    within_days: int | None = None


@dataclass
class Split:
    drafts: list[Draft] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # clauses that look like targets but were not read


_SPLITTERS: dict[str, re.Pattern[str]] = {}


def split_outside(text: str, seps: str) -> list[str]:
    """Split at `seps` outside brackets and quotes; unbalanced brackets (scraped text) are ignored."""
    rx = _SPLITTERS.get(seps)
    if rx is None:
        rx = _SPLITTERS[seps] = re.compile(f"[{re.escape(_OPENERS + _CLOSERS + seps)}]")
    out: list[str] = []
    depth = 0
    start = 0
    for m in rx.finditer(text):
        ch = m.group()
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(text[start : m.start()])
            start = m.end()
    out.append(text[start:])
    if depth:
        out = re.split(f"[{re.escape(seps)}]", text)
    return [p.strip() for p in out if p.strip()]


def _per(prefix: str) -> str | None:
    for word, per in _PER:
        if word in prefix:
            return per
    return None


def _clean_metric(text: str) -> str:
    text = re.sub(r"^[^:]*:", "", text)
    text = re.sub(r"每年度?|每季度?|每月|每人|年内|全年|任期内", "", text)
    text = _METRIC_HEAD_RE.sub("", text.strip(" ,、"))
    text = _METRIC_TAIL_RE.sub("", text)
    return text.strip(" ,、的")


def _strip_adverbs(clause: str) -> str:
    m = _ADVERB_RE.match(clause)
    return clause[m.end() :] if m and len(clause) - m.end() >= 2 else clause


def _plausible_target(value: float) -> bool:
    """A target a rules file can hold (rules.MAX_TARGET): a draft with 10^400 in it would not validate."""
    return math.isfinite(value) and abs(value) <= MAX_TARGET


def count_targets(clause: str) -> list[tuple[int, int, Target]]:
    """不少于2次 / 至少组织一次 / 每年不少于4次 / 3次以上 → count targets with their span in the clause."""
    found: list[tuple[int, int, Target]] = []
    for m in _COUNT_RE.finditer(clause):
        value = parse_number(m.group("num"))
        if value is None or not _plausible_target(value):
            continue
        cmp, suf = m.group("cmp"), m.group("suf") or ""
        op = "<=" if cmp in _LE.split("|") else ">" if cmp in ("超过", "多于") else ">="
        if suf in ("以下", "以内"):
            op = "<="
        elif suf in ("以上", "及以上"):
            op = ">="
        elif cmp in ("保持在", "稳定在"):
            suf = "左右"  # kept at a level: about that much
        found.append((m.start(), m.end(), _count_target(clause, m, op, value, suf)))
    for m in _COUNT_SUFFIX_RE.finditer(clause):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        value = parse_number(m.group("num"))
        if value is None or not _plausible_target(value):
            continue
        suf = m.group("suf")
        op = "~" if suf == "左右" else "<=" if suf in ("以下", "以内") else ">="
        found.append((m.start(), m.end(), _count_target(clause, m, op, value, suf)))
    implied = _IMPLIED_RE.search(clause) if not found else None
    if implied and not re.search(r"\d|[一二两三四五六七八九十]次", clause):
        metric = _clean_metric(clause[implied.start("verb") :])
        target = Target(op=">=", value=1, unit="次", metric=metric, per=_per("每" + implied.group("per")))
        found.append((implied.start(), implied.end(), target))
    return sorted(found, key=lambda f: f[0])


def _count_target(clause: str, m: re.Match[str], op: str, value: float, suf: str) -> Target:
    before, after = clause[: m.start()], clause[m.end() :]
    post = _clean_metric(re.split(r"[,;。]", after)[0].lstrip("的"))
    metric = post if len(_HAN_RE.findall(post)) >= 2 else _clean_metric(before)
    approx = suf == "左右"
    return Target(
        op="~" if approx else op,
        value=value,
        unit=m.group("unit"),
        approx=approx,
        tolerance=round(value * RELATIVE_TOLERANCE, 3) if approx else None,
        metric=metric,
        per=_per(before + (m.group("verb") if "verb" in m.re.groupindex else "")),
    )


def level_targets(clause: str) -> list[tuple[int, int, Target]]:
    """增长8.5%左右 / 9%以上 / 控制在4.5%以内 / 不低于…的80% / 下降3% → level targets with their spans."""
    found: list[tuple[int, int, Target]] = []
    for rx in (_LEVEL_DIR_RE, _LEVEL_TO_RE, _LEVEL_SUFFIX_RE):
        for m in rx.finditer(clause):
            if any(s <= m.start("num") < e for s, e, _ in found):
                continue
            value = float(m.group("num"))
            if not _plausible_target(value):
                continue
            verb = m.groupdict().get("verb") or ""
            suf = m.group("suf") or ""
            direction = None
            if rx is _LEVEL_DIR_RE:
                direction = "decrease" if verb in _DECREASE else "increase"
                op = ">="
            else:
                op = _LEVEL_OP.get(verb, ">=")
            if suf == "以上":
                op = ">="
            elif suf in ("以内", "以下"):
                op = "<="
            approx = suf == "左右" or op == "~"
            if approx and op != "<=":
                op = "~"
            unit = m.group("unit")
            tolerance = PERCENT_TOLERANCE if approx else None
            metric = _clean_metric(clause[: m.start()])
            target = Target(
                op=op,
                value=value,
                unit=unit,
                approx=approx,
                tolerance=tolerance,
                metric=metric,
                per=_per(clause[: m.start()]),
                direction=direction,
            )
            found.append((m.start(), m.end(), target))
    return sorted(found, key=lambda f: f[0])


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def working_days_to_calendar(days: int) -> int:
    """N working days span at most N + 2 days per started week of five (public holidays not counted)."""
    return days + 2 * math.ceil(days / 5)


def deadline(clause: str) -> tuple[str | None, int | None, tuple[int, int] | None]:
    """2022年年底前 → due 2022-12-31; 30日内 → within 30 days; 10个工作日内 → within 14 days."""
    m = _DUE_DAY_RE.search(clause)
    if m:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
            return f"{y:04d}-{mo:02d}-{d:02d}", None, m.span()
    m = _DUE_MONTH_RE.search(clause)
    if m and 1 <= int(m.group("m")) <= 12:
        return _last_day(int(m.group("y")), int(m.group("m"))), None, m.span()
    m = _DUE_YEAR_END_RE.search(clause)
    if m:
        return f"{m.group('y')}-12-31", None, m.span()
    m = _DUE_HALF_RE.search(clause)
    if m:
        return (f"{m.group('y')}-06-30" if m.group("h") == "上半年" else f"{m.group('y')}-12-31"), None, m.span()
    m = _DUE_BY_YEAR_RE.search(clause)
    if m:
        return f"{m.group('y') or m.group('y2')}-12-31", None, m.span()
    for m in _WITHIN_RE.finditer(clause):
        value = parse_number(m.group("num"))
        unit = m.group("unit")
        if value is None or value <= 0 or (unit == "年" and value > 20):
            continue  # 2022年内 is a calendar year, not twenty centuries
        n = int(value)
        days = {
            "个工作日": working_days_to_calendar(n),
            "工作日": working_days_to_calendar(n),
            "个月": 30 * n,
            "周": 7 * n,
            "年": 365 * n,
        }.get(unit, n)
        return None, days, m.span()
    return None, None, None


def _is_act(clause: str) -> bool:
    if _CONTINUATION_RE.match(clause):
        return False
    if _SUBJECT_RE.match(clause):
        return True
    if clause.startswith("对") and re.search(r"实行|进行|开展|实施|给予", clause):
        return True
    body = _strip_adverbs(clause)
    if len(body) < 2 * _MIN_ACT and len(_HAN_RE.findall(body)) < _MIN_ACT:
        return False
    return body != clause or body.startswith(_VERBS)


def _is_framing(clause: str) -> bool:
    if _FRAMING_RE.match(clause):
        return True
    bare = re.sub(r"《[^》]*》|\([^)]*\)", "", _strip_adverbs(clause))
    return bare != clause and bool(_CITATION_RE.match(_strip_adverbs(bare)))


def _is_document(clause: str) -> bool:
    body = _strip_adverbs(clause)
    m = _DOC_VERB_RE.match(body)
    return bool(m and _DOC_NOUN_RE.search(body, m.end()))


def _mask_titles(clause: str) -> str:
    """Hide the words inside 《…》 from target and deadline patterns: a cited title's (2017—2020年) is no deadline."""
    return re.sub(r"《[^》]*》", lambda m: "《" + "□" * (len(m.group()) - 2) + "》", clause)


@dataclass(frozen=True)
class _Clause:
    """One comma clause and what it is, worked out once for both ways of grouping."""

    text: str
    targets: tuple[Target, ...] = ()
    due: str | None = None
    within_days: int | None = None
    bare_deadline: bool = False  # only a deadline (2022年年底前,): it belongs to the clause after it
    condition: bool = False  # …发生变动的, : it belongs to the clause after it
    framing: bool = False
    act: bool = False
    document: bool = False
    unparsed: bool = False


def _analyse(clause: str) -> _Clause:
    lead = _LEAD_IN_RE.match(clause) if ":" in clause else None
    if lead and clause[lead.end() :].strip():
        clause = clause[lead.end() :].strip()  # 主要预期目标是:地区生产总值… → the target itself
    masked = _mask_titles(clause) if "《" in clause else clause
    found = [t for _, _, t in count_targets(masked)] if _COUNT_HINT_RE.search(masked) else []
    if _LEVEL_HINT_RE.search(masked):
        found += [t for _, _, t in level_targets(masked)]
    due, within, span = deadline(masked) if _DEADLINE_HINT_RE.search(masked) else (None, None, None)
    unparsed = not found and due is None and within is None and bool(_SUSPECT_RE.search(masked))
    if "分别" in clause and len(re.findall(r"\d\s*%", masked)) > 1:
        unparsed, found = True, []  # 分别增长8%和9%: the values belong to names the clause does not split
    rest = (clause[: span[0]] + clause[span[1] :]).strip(" ,") if span else clause
    timed = bool(due or within)
    return _Clause(
        text=clause,
        targets=tuple(found),
        due=due,
        within_days=within,
        bare_deadline=not found and timed and len(_HAN_RE.findall(rest)) <= 1,
        condition=not found and not timed and clause.endswith("的"),
        framing=_is_framing(clause) or (bool(_PURPOSE_RE.match(clause)) and not timed),
        act=_is_act(clause) and not _OUTCOME_RE.match(clause) and not REFERS_BACK.search(clause),
        document=_is_document(clause),
        unparsed=unparsed,
    )


@dataclass
class _Group:
    clauses: list[_Clause] = field(default_factory=list)
    target: Target | None = None
    due: str | None = None
    within_days: int | None = None

    def timed(self, due: str | None, within_days: int | None) -> None:
        if due or within_days:
            self.due, self.within_days = due, within_days


def _sentence_groups(clauses: list[_Clause], *, coarse: bool) -> list[_Group]:
    """Comma clauses of one sentence → requirement groups (see the module docstring).

    `coarse`: a clause without a target or deadline joins the group before it, whether or not it opens an act.
    """
    groups: list[_Group] = []
    plain: list[_Group] = []  # the groups without a target, in order: kept as we go, not refiltered per clause
    framing: list[_Clause] = []
    pending: list[_Clause] = []  # a condition (…的) or a bare deadline waits for the clause after it
    for c in clauses:
        if c.bare_deadline or c.condition:
            pending.append(c)
            continue
        waiting = next(((p.due, p.within_days) for p in pending if p.bare_deadline), (None, None))
        if c.targets:
            for t in c.targets:
                g = _Group([*pending, c], t)
                g.timed(*waiting)
                g.timed(c.due, c.within_days)
                if len(t.metric) <= 4 and not pending and groups and groups[-1].target is None:
                    # 集中培训不少于4次: a short metric takes its subject from the clause before it
                    g.clauses = groups.pop().clauses + g.clauses
                    plain.pop()
                groups.append(g)
            pending = []
            continue
        if c.framing and not pending:
            framing.append(c)
            continue
        timed = bool(c.due or c.within_days)
        if coarse and plain and not pending and not timed:
            host = groups[-1] if groups[-1].target is None else plain[-1]
        elif pending or not groups or timed or c.act:
            host = _Group()
            groups.append(host)
            plain.append(host)
        else:
            host = groups[-1]
        host.clauses.extend([*pending, c])
        host.timed(*waiting)
        host.timed(c.due, c.within_days)
        pending = []
    if pending:
        host = groups[-1] if groups else _Group()
        if not groups:
            groups.append(host)
        host.clauses.extend(pending)
        host.timed(*next(((p.due, p.within_days) for p in pending if p.bare_deadline), (None, None)))
    if not groups and framing:
        groups.append(_Group(framing))  # the sentence is all framing: keep it rather than lose it
    return groups


def _draft(group: _Group) -> Draft:
    text = ",".join(c.text for c in group.clauses)
    if group.target is not None:
        kind = Kind.LEVEL if group.target.unit in ("%", "‰", "个百分点") else Kind.COUNT
        return Draft(kind, text, target=group.target, due=group.due, within_days=group.within_days)
    if group.due or group.within_days:
        return Draft(Kind.DEADLINE, text, due=group.due, within_days=group.within_days)
    if any(c.document for c in group.clauses):
        return Draft(Kind.DOCUMENT, text)
    return Draft(Kind.MENTION, text)


def split(parts: list[str], *, title: str = "") -> Split:
    """Requirements of an item: its text, then any sub-items folded into it. `title`, the first sentence of
    the first part, is skipped when the rest has content."""
    sentences: list[list[_Clause]] = []
    for i, part in enumerate(parts):
        found = split_outside(part, "。;!?")
        if i == 0 and title and found and found[0] == title and (len(found) > 1 or len(parts) > 1):
            found = found[1:]
        sentences.extend([_analyse(c) for c in split_outside(s, ",")] for s in found)
    unparsed = [c.text for clauses in sentences for c in clauses if c.unparsed]
    for coarse in (False, True):
        drafts = [_draft(g) for clauses in sentences for g in _sentence_groups(clauses, coarse=coarse)]
        if sum(d.target is None for d in drafts) <= MAX_ACTS:
            break
    return Split(drafts, unparsed)


def with_due(drafts: list[Draft], due: str | None, within_days: int | None) -> list[Draft]:
    """Give every requirement without a deadline the item's (a table's 完成时限); a mention becomes a deadline."""
    if not (due or within_days):
        return drafts
    out: list[Draft] = []
    for d in drafts:
        if d.due or d.within_days:
            out.append(d)
            continue
        kind = Kind.DEADLINE if d.kind is Kind.MENTION else d.kind
        out.append(Draft(kind, d.text, d.target, due, within_days))
    return out


def is_title(sentence: str) -> bool:
    """A short first sentence without commas or targets names the item (严格落实…学法制度) and is not itself checked."""
    return (
        len(sentence) <= 40
        and not re.search(r"[,;]", sentence)
        and not count_targets(sentence)
        and not level_targets(sentence)
        and deadline(sentence)[2] is None
    )


def is_target_list(drafts: list[Draft], unparsed: list[str]) -> bool:
    """An economic plan's one-sentence target list (地区生产总值增长8.5%左右;…;失业率控制在4.5%以内).
    A clause that looks like a target but was not read (`unparsed`) still belongs to the list."""
    if len(drafts) < 3 or not all((d.target is not None and d.target.metric) or d.text in unparsed for d in drafts):
        return False
    metrics = [d.target.metric for d in drafts if d.target is not None]
    return any(d.kind is Kind.LEVEL for d in drafts) and len(metrics) >= 2 and len(set(metrics)) == len(metrics)
