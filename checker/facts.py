"""Report → Facts: headings, sentences and clauses with status cues, zones, units, documents, numbers.

Order of operations (NOTES-extraction): headings are found on `Document.text` while its line breaks and
wrap spaces are still there; only then `textutil.compact()` removes the wrap spaces, and sentences, clauses,
cues, mentions and numbers are read from the compacted text. Every offset in the result is mapped back to
`Document.text`, so `Document.locate()` can point at the source line and column.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from checker.model import (
    Clause,
    Cue,
    Document,
    Facts,
    Heading,
    Mention,
    Period,
    Problem,
    Sentence,
    Severity,
    Unit,
    Zone,
)
from checker.numerals import parse_cn_int, to_int_if_whole
from checker.textutil import Compacted, compact

_HAN = "\u4e00-\u9fff"
_CN = "一二三四五六七八九十"
_SP = "[ \t\u3000]*"

# --------------------------------------------------------------------------- headings

# One marker per level: 一、(1) (一)(2) 一是/第一,(3) 1. 1、(4) (1)(5). A `()` whose numeral was lost in
# scraping is still a level-2 heading, but only when words follow it (`镇()` inside a sentence is not).
_MARKER = (
    rf"(?P<l2>\({_SP}[{_CN}]{{1,3}}{_SP}\)|\({_SP}\)(?={_SP}[{_HAN}“《]))"
    rf"|(?P<l5>\({_SP}\d{{1,2}}{_SP}\))"
    rf"|(?P<l1>[{_CN}]{{1,3}}{_SP}、)"
    rf"|(?P<l3>[{_CN}]{{1,3}}{_SP}是|第[{_CN}]{{1,3}}{_SP}[,、])"
    rf"|(?P<l4>\d{{1,2}}{_SP}[.、])(?!{_SP}\d)"
)
_HEADING_AT_LINE_START = re.compile(rf"^{_SP}(?:{_MARKER})", re.M)
# Scraped pages run `…组织架构。二是深化…` inside one line: a marker right after a sentence or clause end
# is a heading too. `“4.8”司法日` is safe because a quote, not a terminator, precedes the digit.
_HEADING_MID_LINE = re.compile(rf"[。!?;:][”’」)]?{_SP}(?:{_MARKER})")
_LEVELS = {"l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5}
_HEADING_TEXT_END = re.compile(r"[。!?\n]")
_MARKER_NUMERAL = re.compile(rf"[{_CN}]+")
_SPACES = re.compile(r"[ \t\u3000]+")

# --------------------------------------------------------------------------- sentences and clauses

# Quoted spans are atomic so that `“公开为常态,不公开为例外。”` or `《…(2015-2020年)》` never split; an
# unbalanced quote falls back to a single character.
_QUOTED = r"《[^《》\n]{0,300}》|“[^“”\n]{0,300}”|「[^「」\n]{0,300}」|〈[^〈〉\n]{0,300}〉"
_SENTENCE = re.compile(rf"(?:[^。!?\n《“「〈]+|{_QUOTED}|[《“「〈])+(?:[。!?]+[”’」)]*)?|[。!?]+")
_CLAUSE = re.compile(
    rf"(?:[^,;:。!?\n《“「〈(]+|{_QUOTED}|\([^()\n。!?]{{0,120}}\)|(?<=[0-9])[,:](?=[0-9])|[《“「〈(])+"
)
_LINE = re.compile(r"[^\n]+")
_PART = re.compile(r"【篇[一二三四五六七八九十0-9]{1,3}】")
_DOC_TITLE = re.compile(r"《[^《》\n]{1,200}》")

# --------------------------------------------------------------------------- status cues

_CUE_PATTERNS: dict[Cue, tuple[str, ...]] = {
    Cue.NOT_DONE: (
        "尚未",
        "仍未",
        "还未",
        "至今未",
        "未能",
        "没有(?=完成|落实|到位|建立|出台|制定|开展|实现|达到|形成|按期|按时|如期|全面|及时|印发)",
        "未(?=完成|出台|建立|落实|开展|实现|达到|达标|形成|制定|印发|到位|按期|按时|如期|启动|召开|举办|按要求)",
        "暂缓",
        "搁置",
    ),
    Cue.PROGRESS: (
        # drafting as an act, not a step named in a list of procedures (经过起草、征求意见、审核等程序) nor an
        # attribute (起草的办法, 起草单位)
        "草拟(?![、的]|程序|环节|阶段)",
        "起草(?![、的]|单位|部门|机关|人|程序|环节|阶段)",
        "讨论稿",
        "征求意见稿",
        "送审稿",
        "草案",
        "初稿",
        "代拟稿",
        "(?<![接对期有等招款看])待(?!遇)[^,;:。!?\n]{0,20}?(?:审议|审定|审批|批准|通过|印发|出台|发布|签署|验收)",
        "(?<![接对期有等招款看])待(?:提交|上报|报批|报审)",
        # sent up for approval, not yet approved: 已报市政府审议, 提请常务会议研究 (but 提请…审议通过 is done)
        *[
            f"{verb}[^,;:。!?\n]{{0,12}}?(?:审议|审定|审批|研究)(?!通过|同意|批准|决定|后|的)"
            for verb in ("已报", "并报", "现报", "报请", "提请", "提交", "送")
        ],
        # a document whose drafting has begun: 启动了…办法的编制工作
        "启动[^,;:。!?\n]{0,20}?(?:编制|起草|修订|制定|草拟)",
        "正在",
        # 拟 as "plans to" (拟于年底前出台), not as an attribute: 对拟出台的文件, 拟提拔干部, 拟任人选
        "(?<![模虚比对为])拟(?!人|提拔|任|聘|录用|[^,;:。]{1,4}的)",
        "逐步",
        "筹备",
        "即将",
        "着手",
    ),
    Cue.PLAN: (
        "将于",
        "将在",
        "力争",
        "争取(?!到|了)",
        "下一?步",
        "预计",
        "打算",
        "今后",
        "明年",
        "计划(?=于|在|到|今年|明年|年内|年底|下半年|[0-9一二三四五六七八九十]|开展|完成|投入|实施|建成|组织|举办"
        "|新建|新增|出台|制定|启动|召开)",
        "准备(?=开展|启动|出台|召开|于|在|实施)",
        "将(?=继续|进一步|加快|加大|着力|重点|全面|深入|持续|不断|积极|切实|认真|努力|坚持|按照|围绕|逐步|适时|尽快"
        "|进行|开展|组织|启动|出台|制定|完善|建立|加强|实现)",
    ),
    Cue.DONE: (
        "已经?",
        *[
            "印发",
            "出台",
            "建成",
            "完成",
            "实现",
            "召开",
            "举办",
            "颁布",
            "发布",
            "成立",
            "组建",
            "审结",
            "办结",
            "出具",
            "聘用",
        ],
        *["制定了", "建立了", "开展了", "组织了", "形成了", "通过了", "落实了", "健全了", "完善了"],
    ),
}
_CUE_ORDER = (Cue.NOT_DONE, Cue.PROGRESS, Cue.PLAN, Cue.DONE)  # the first kind found in a clause wins
_LEADING_LOOKBEHIND = re.compile(r"^\(\?<!(?:\[[^\]]*\]|[^)]*)\)")


def _first_chars(alternatives: Iterable[str]) -> str:
    """The characters a match of any alternative starts with (each must start with a literal character)."""
    chars: set[str] = set()
    for alt in alternatives:
        head = _LEADING_LOOKBEHIND.sub("", alt)
        if not head or head[0] in "()[]{}\\.?*+|^$":
            raise ValueError(f"alternative must start with a literal character: {alt!r}")
        chars.add(head[0])
    return "".join(sorted(chars))


def _prefiltered(first_chars: str, pattern: str) -> re.Pattern[str]:
    """`pattern` behind a class lookahead: re tries every branch of an alternation at every position, and a
    one-character test rejects most positions at once (7.8 → 1.8 ms for units on a 8,000-character report)."""
    return re.compile(f"(?=[{first_chars}])(?:{pattern})")


_CUE = _prefiltered(
    _first_chars(a for alts in _CUE_PATTERNS.values() for a in alts),
    "|".join(f"(?P<{cue.value}>{'|'.join(alts)})" for cue, alts in _CUE_PATTERNS.items()),
)
# A draft named in a cited title (`《…制度(讨论稿)》`) is progress although other words inside 《》 are ignored.
_DRAFT_IN_TITLE = _prefiltered("(讨征送草初代", r"\(?(?:讨论稿|征求意见稿|送审稿|草案|初稿|草稿|代拟稿)\)?(?=》)")
# `将` before its object and a verb of placing is the disposal marker (把), not the future: 将法治教育纳入….
_DISPOSAL = r"纳入|列入|作为|落到|融入|贯穿|整合|转为|移交|推送|送达|归入|列为"
_DISPOSAL_AT = re.compile(f"(?=(?:{_DISPOSAL}))")  # every position one starts at, overlapping ones too
# `对尚未完成整改的单位…`: the negation describes the object of the work done, not the work.
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:对|把|将|督促|责令|针对|清理|通报|约谈)[^,;:]{0,10}$")
_ATTRIBUTIVE_REACH = 12  # the longest match of _ATTRIBUTIVE_BEFORE: searching further back cannot change it

# --------------------------------------------------------------------------- zones

_PROBLEMS_HEADING = re.compile(
    r"存在(?:的)?(?:主要)?(?:困难和|困难与)?(?:问题|不足)|问题(?:和|与|及)(?:不足|困难|短板|原因|建议)"
    r"|(?:面临|遇到)的?(?:困难|问题)|^(?:当前|目前)?(?:主要)?(?:问题|不足)|不足之处|薄弱环节"
    r"|下一?步|打算|对策|今后|努力方向|意见建议"
)
# Shortcomings named in a heading (存在的差距和不足, 短板弱项, 需要改进的地方) — unless the heading is about closing
# them (补齐法治短板, 缩小差距, 补短板强弱项: work done, reported in the body).
_SHORTCOMINGS_HEADING = re.compile(
    r"差距|短板|弱项|(?:^|[的和与及、])不足|困难(?:和|与|及)问题|(?:需要|有待)(?:改进|加强|提高)"
)
# A sentence announcing a list of shortcomings: …但也存在一些问题和不足: / 主要问题表现在:
_SHORTCOMINGS_OPENER = re.compile(
    r"(?:存在|还有|仍有|面临)[^。:;]{0,12}(?:问题|不足|差距|短板|困难)[^。:;]{0,10}:\s*$"
    r"|(?:问题|不足|差距|短板)(?:主要)?(?:是|表现在|体现在|集中在)[^。:;]{0,6}:\s*$"
)
# …but not one announcing what was done about them: 针对存在的问题,采取了以下措施:
_ADDRESSING = re.compile(r"针对|对照|围绕|措施|举措|整改|解决|做法")
_CLOSING_GAPS = re.compile(r"补|缩小|强弱项|破解|解决|攻克|整改|克服")
# 工作思路/计划 only when it is about a later year: `三、2020年工作计划`, not `(三)制定年度工作计划`.
_NEXT_YEAR_HEADING = re.compile(
    r"(?:(?P<year>\d{4})年|明年|来年|新的一年|下一?年度?)[^。]{0,12}?(?:思路|计划|打算|安排|重点|设想|目标)"
)
_OPENER = re.compile(
    r"^(?:下一?步|今后|明年|来年|下一?阶段|新的一年|在新的一年|(?:在)?今后的工作中)(?:工作中|里|一个时期|一段时间)?[,:]"
)
_LOOKING_BACK = re.compile(r"情况|完成|成效|开展|回顾")  # `2019年工作计划完成情况` looks back, not ahead
_YEAR_OPENER = re.compile(r"^(\d{4})年[,:](?=.*(?:将|要|计划|力争))")

# --------------------------------------------------------------------------- title, period, unit

_TITLE_WORDS = re.compile(r"报告|总结|情况|汇报|要点|方案|计划|规划")
_NAVIGATION = re.compile(
    r"当前位置|所在位置|首页|>|›|»|索引号|发布日期|发布时间|发布机构|信息分类|信息名称|文号|关键词|内容概述"
    r"|来源|作者|阅读|浏览|上一篇|下一篇|打印|关闭|收藏|字号|分享"
)
_NOT_A_TITLE = re.compile(r"[。!?;,]|:$")  # sentences and salutations (`市人大常委会:`)
_PERIOD_RANGE = re.compile(r"(\d{4})[-—–~至到]+(\d{4})年")
_PERIOD_PART = re.compile(
    r"(\d{4})年(?:(上半年)|(下半年)|第?([一二三四1-4])季度|(前三季度)"
    r"|(1[0-2]|[1-9])[-—–~至到](1[0-2]|[1-9])月)"
)
_PERIOD_YEAR = re.compile(r"(\d{4})年")
_GOVERNMENT_WORK_REPORT = re.compile(r"政府工作报告")
_PERIOD_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})年")
_ANONYMISED_YEAR = re.compile(r"(?:[xX×*]{2,4}|20[xX×*]{2})年")
_DATE_LINE = re.compile(
    r"(?:\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}|20\d{5,6})"
)

# --------------------------------------------------------------------------- units

# Department stems as reports write them. Closed on purpose: a wildcard stem turns `市长分别担任委员会`
# or `提交市政府` into false units, and a false unit is worse than a missed one.
_DEPARTMENTS = (
    "司法 财政 公安 人社 人力资源和社会保障 自然资源和规划 自然资源 生态环境 住建 住房和城乡建设 交通运输 交通 水利"
    " 水务 农业农村 农业 商务 文旅 文化和旅游 文化广电和旅游 文体 卫健 卫生健康 应急管理 应急 市场监管 市场监督管理"
    " 审计 统计 税务 教育 教体 科技 工信 经信 工业和信息化 民政 退役军人事务 医保 医疗保障 林业 城管 城市管理"
    " 综合行政执法 行政执法 信访 政务服务和大数据管理 政务服务管理 政务服务 数据资源管理 大数据 行政审批 发改"
    " 发展和改革 发展改革 档案 气象 国资 人防 民宗 粮食 金融 规划 国土资源 环保 安监 物价 体育 园林 编制 机构编制"
)
_DEPT_SUFFIX = r"(?:管理局|分局|局|委员会|委|办公室|办(?![理事法结件案学好证])|厅|中心|支队|大队)"
_INSTITUTIONS = (
    "人民政府办公室 政府办公室 政府办 人民政府 政府 人大常委会 人大 政协 法制办 纪委监委 纪委 监委 党校 政法委"
    " 宣传部 组织部 管委会 党工委 委办 编办"
)
_BARE_INSTITUTIONS = "中级人民法院 人民法院 人民检察院"  # bare 法院 would test every 法 of 法治
_LEVEL = "(?<![全我本各该每此两])[省市县区镇乡]"
_GROUPS = (
    r"各(?:镇\(区、街道\)|县\(市、区\)|镇\(街道\)|镇\(区\)|镇\(\)|县市区|乡镇|县区|镇街|街道|镇)"
    r"(?:人民政府|政府|党委和政府)?(?:、办事处)?"
    r"|[市县区](?:人民政府|政府)?(?:各(?:组成)?|组成)部门|[市县区]直(?:各)?(?:相关|有关)?(?:部门|单位)"
    r"|各(?:相关|有关|职能|行政执法|执法|市级执法)(?:部门|单位)|各部门|县区(?:人民政府|政府)"
)


def _alternation(words: str) -> str:
    """Space-separated words as a regex alternation, longest first so that the longest name wins."""
    return "|".join(sorted(words.split(), key=len, reverse=True))


_UNIT_CORE = (
    rf"(?:{_GROUPS})"
    rf"|(?:{_LEVEL})?(?:委|人民政府|政府)?(?:{_alternation(_DEPARTMENTS)}){_DEPT_SUFFIX}"
    rf"|{_LEVEL}委?(?:全面依法治[市县区]委员会(?:办公室)?|依法治[市县区]办"
    rf"|(?:人民政府|政府)?(?:{_alternation(_INSTITUTIONS)}))"
    rf"|(?:{_LEVEL})?(?:{_alternation(_BARE_INSTITUTIONS)})|{_LEVEL}(?:法院|检察院)"
)
_UNIT = _prefiltered("各省市县区镇乡委人政" + _first_chars(f"{_DEPARTMENTS} {_BARE_INSTITUTIONS}".split()), _UNIT_CORE)
# A whole line naming a unit, as in a title prefix or a signature: a place name may lead (丹阳市人民政府).
_UNIT_LINE = re.compile(rf"(?P<place>[{_HAN}]{{2,3}}(?=[省市县区]))?(?P<unit>{_UNIT_CORE})")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|管委会|党工委)$")
_PLACE_PREFIX = re.compile(rf"^[{_HAN}]{{2,3}}(?=[省市县区])")


# --------------------------------------------------------------------------- public API


def extract(doc: Document, *, period: Period | None = None, units: Sequence[Unit] = ()) -> Facts:
    """Read the facts of one report; `period` overrides the one in the title, `units` resolves names."""
    from checker import quantities

    comp = compact(doc.text)
    ctext = comp.text
    problems: list[Problem] = []

    part_starts = [m.start() for m in _PART.finditer(ctext)]
    headings, heading_starts, marker_spans = _headings(doc.text, comp, part_starts)
    lines = [(m.start(), m.end()) for m in _LINE.finditer(ctext)]
    cuts = sorted(set(heading_starts + part_starts))
    sent_spans = _cut([m.span() for m in _SENTENCE.finditer(ctext)], cuts)
    clause_spans = _cut([m.span() for m in _CLAUSE.finditer(ctext)], cuts)

    title_lines = _title_region(ctext, lines, part_starts, heading_starts)
    titles = [_pick_title(ctext, region) for region in title_lines]
    title = titles[0][1] if titles else ""
    if period is None:
        period = _period_from_title(title)
        if period is None:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "report period unknown; pass --period",
                    source=doc.path,
                    code="period-unknown",
                )
            )
    registry = _registry(tuple(units))
    issuer = _reporting_unit(ctext, lines, titles[0] if titles else (-1, ""), part_starts)
    unit = _resolve_reporting_unit(issuer, registry, units, problems, doc.path)

    zone_of = _zones(ctext, sent_spans, lines, headings, heading_starts, part_starts, period)
    _front_matter(ctext, sent_spans, zone_of, titles)
    cues = _cues(ctext, clause_spans)
    sentences = _sentences(ctext, comp, sent_spans, clause_spans, cues, lines, heading_starts, part_starts, zone_of)
    sent_starts = [s for s, _ in sent_spans]
    mentions = _mentions(ctext, comp, sent_starts, registry, _places(ctext, lines, issuer))
    year = int(period.start[:4]) if period else None
    scan = quantities.scan(ctext, year=year)
    back = functools.partial(_map_item, comp, sent_starts, marker_spans)
    return Facts(
        document=doc,
        title=title,
        period=period,
        unit=unit,
        issuer=issuer,
        headings=tuple(headings),
        sentences=sentences,
        quantities=tuple(q for q in map(back, scan.quantities) if q is not None),
        dates=tuple(d for d in map(back, scan.dates) if d is not None),
        doc_numbers=tuple(n for n in map(back, scan.doc_numbers) if n is not None),
        mentions=mentions,
        parts=tuple(t for _, t in titles) if part_starts else (),
        problems=tuple(problems),
    )


def to_dict(facts: Facts) -> dict[str, Any]:
    """Facts as JSON-able data in document order, every fact with its source line and column."""
    doc = facts.document

    def at(start: int) -> dict[str, int]:
        line, col = doc.locate(start)
        return {"line": line, "col": col}

    def plain(obj: Any) -> dict[str, Any]:
        out = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        for key, value in out.items():
            if isinstance(value, float):
                out[key] = to_int_if_whole(value)  # 6 次, not 6.0 次
        out.update(at(obj.start))
        return out

    sentences = []
    for s in facts.sentences:
        clauses = []
        for c in s.clauses:
            cd: dict[str, Any] = {"start": c.start, "end": c.end, **at(c.start), "text": c.text}
            if c.cue is not None:
                cd.update(cue=c.cue.value, cue_text=c.cue_text)
            clauses.append(cd)
        sentences.append(
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                **at(s.start),
                "text": s.text,
                "zone": s.zone.value,
                "part": s.part,
                "heading": s.heading,
                "paragraph": s.paragraph,
                "is_heading": s.is_heading,
                "clauses": clauses,
            }
        )
    return {
        "schema": "plancheck/facts/v1",
        "document": {"path": doc.path, "format": doc.format, "sha256": doc.sha256},
        "title": facts.title,
        "period": None if facts.period is None else {**facts.period.to_dict(), "source": facts.period.source},
        "unit": facts.unit,
        "issuer": facts.issuer,
        "parts": list(facts.parts),
        "headings": [plain(h) for h in facts.headings],
        "zones": _zone_runs(facts, at),
        "sentences": sentences,
        "quantities": [plain(q) for q in facts.quantities],
        "dates": [plain(d) for d in facts.dates],
        "doc_numbers": [plain(n) for n in facts.doc_numbers],
        "mentions": [plain(m) for m in facts.mentions],
        "problems": [p.to_dict() for p in facts.problems],
    }


# --------------------------------------------------------------------------- offsets


def _span_back(comp: Compacted, start: int, end: int) -> tuple[int, int]:
    """A compacted span as a span of the input text."""
    return comp.source(start), (comp.source(end - 1) + 1 if end > start else comp.source(start))


def _cut(spans: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """Split spans at the given offsets (mid-line heading starts, part markers); most cuts fall between spans."""
    starts = [s for s, _ in spans]
    inside: dict[int, list[int]] = {}
    for cut in cuts:
        i = bisect.bisect_right(starts, cut) - 1
        if i >= 0 and spans[i][0] < cut < spans[i][1]:
            inside.setdefault(i, []).append(cut)
    if not inside:
        return spans
    out: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(spans):
        for cut in inside.get(i, ()):
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return out


def _map_item(comp: Compacted, sent_starts: list[int], markers: list[tuple[int, int]], item: Any) -> Any:
    """A quantities.scan item on compacted text → the same item on Document.text with its sentence."""
    s, e = item.start, item.end
    i = bisect.bisect_right(markers, (s, len(comp.text) + 1)) - 1
    if (i >= 0 and markers[i][1] > s) or (i + 1 < len(markers) and markers[i + 1][0] < e):
        return None  # `(十一)` is a heading number, not 1 October
    start, end = _span_back(comp, s, e)
    # dataclasses.replace re-runs the frozen __init__ over all ~20 fields: 10× slower than copying the fields
    moved = object.__new__(type(item))
    moved.__dict__.update(item.__dict__, start=start, end=end, sentence=max(0, bisect.bisect_right(sent_starts, s) - 1))
    return moved


# --------------------------------------------------------------------------- headings


def _headings(
    text: str, comp: Compacted, part_starts: list[int]
) -> tuple[list[Heading], list[int], list[tuple[int, int]]]:
    """Numbered headings with levels and parents; also their compacted starts and the markers' compacted spans."""
    ctext, to_c = comp.text, comp.target
    found: dict[int, tuple[int, int, str]] = {}
    for rx in (_HEADING_AT_LINE_START, _HEADING_MID_LINE):
        for m in rx.finditer(text):
            group = m.lastgroup or ""
            start, end = m.span(group)
            numeral = _MARKER_NUMERAL.search(m.group(group))
            if numeral and parse_cn_int(numeral.group()) is None:
                continue  # 二三是 is not a number
            found.setdefault(start, (end, _LEVELS[group], m.group(group)))
    headings: list[Heading] = []
    markers: list[tuple[int, int]] = []
    levels: list[int] = []  # of the open headings, outermost first
    open_: list[int] = []
    starts = sorted(found)
    c_starts = [to_c(s) for s in starts]
    part = 0
    for k, (start, cs) in enumerate(zip(starts, c_starts, strict=True)):
        marker_end, level, raw_marker = found[start]
        new_part = bisect.bisect_right(part_starts, cs)
        if new_part != part:
            levels, open_, part = [], [], new_part
        ce_marker = to_c(marker_end)
        line_end = ctext.find("\n", ce_marker)
        stop = len(ctext) if line_end < 0 else line_end
        if k + 1 < len(c_starts):
            stop = min(stop, c_starts[k + 1])
        terminator = _HEADING_TEXT_END.search(ctext, ce_marker, stop)
        text_end = terminator.start() if terminator else stop
        words = ctext[ce_marker:text_end].rstrip(",;:、 ")
        text_end = ce_marker + len(words)
        while levels and levels[-1] >= level:
            levels.pop()
            open_.pop()
        end = comp.source(text_end - 1) + 1 if text_end > cs else start
        parent = open_[-1] if open_ else None
        headings.append(Heading(len(headings), level, _SPACES.sub("", raw_marker), words, start, end, parent))
        levels.append(level)
        open_.append(len(headings) - 1)
        markers.append((cs, ce_marker))
    return headings, c_starts, markers


# --------------------------------------------------------------------------- title, period, unit


def _title_region(
    ctext: str, lines: list[tuple[int, int]], part_starts: list[int], heading_starts: list[int]
) -> list[list[tuple[int, int]]]:
    """Per part, the lines before its first heading (at most 40): where its title stands."""
    bounds = [0, *part_starts[1:]] if part_starts else [0]
    regions: list[list[tuple[int, int]]] = []
    for k, start in enumerate(bounds):
        end = bounds[k + 1] if k + 1 < len(bounds) else len(ctext)
        first = next((h for h in heading_starts if start <= h < end), end)
        regions.append([(s, e) for s, e in lines if start <= s < first][:40])
    return regions


def _pick_title(ctext: str, region: list[tuple[int, int]]) -> tuple[int, str]:
    """The last title-like line before the first heading: a transmittal letter or a page's metadata
    (`信息名称:` / `关于…的报告`) come before the report's own title, never after it."""
    best: tuple[int, str] = (-1, "")
    previous = ""
    for s, e in region:
        line = _PART.sub("", ctext[s:e]).strip()
        if (
            4 <= len(line) <= 80
            and _TITLE_WORDS.search(line)
            and not _NOT_A_TITLE.search(line)
            and not _NAVIGATION.search(line.replace(" ", ""))
            and not previous.endswith(":")
        ):
            best = (s, line)
        previous = line
    return best


def _period_from_title(title: str) -> Period | None:
    """`2019年度…` → 2019; `2019年上半年` → Jan–Jun; `(2022—2025年)` → both years; `xx年` → unknown."""
    title = _DOC_TITLE.sub("", title)  # 落实《…纲要(2015-2020年)》2019年度情况: the cited plan's years are not ours
    if not title or (_ANONYMISED_YEAR.search(title) and not _PERIOD_YEAR.search(title)):
        return None
    m = _PERIOD_RANGE.search(title)
    if m and _plausible(int(m.group(1))) and _plausible(int(m.group(2))) and m.group(1) <= m.group(2):
        return Period(f"{m.group(1)}-01-01", f"{m.group(2)}-12-31", source="title")
    m = _PERIOD_PART.search(title)
    if m and _plausible(int(m.group(1))):
        y = int(m.group(1))
        if m.group(2):
            first, last = 1, 6
        elif m.group(3):
            first, last = 7, 12
        elif m.group(4):
            q = int(m.group(4)) if m.group(4).isdigit() else "一二三四".index(m.group(4)) + 1
            first, last = 3 * q - 2, 3 * q
        elif m.group(5):
            first, last = 1, 9
        else:
            first, last = int(m.group(6)), int(m.group(7))
        if first <= last:
            end_day = calendar.monthrange(y, last)[1]
            return Period(f"{y}-{first:02d}-01", f"{y}-{last:02d}-{end_day:02d}", source="title")
    for m in _PERIOD_YEAR.finditer(title):
        if _plausible(int(m.group(1))):
            y = int(m.group(1))
            if _GOVERNMENT_WORK_REPORT.search(title) and "年度" not in title:
                y -= 1  # 2024年政府工作报告 is delivered early in 2024 and reports on 2023
            return Period(f"{y}-01-01", f"{y}-12-31", source="title")
    cn = _PERIOD_CN_YEAR.search(title)
    cn_year = parse_cn_int(cn.group(1)) if cn else None
    if cn_year is not None and _plausible(cn_year):
        return Period(f"{cn_year}-01-01", f"{cn_year}-12-31", source="title")
    return None


def _plausible(year: int) -> bool:
    return 1949 <= year <= 2100


def _unit_line(line: str) -> str | None:
    """The unit a whole line names (`丹阳市人民政府`, `市司法局`), or None."""
    m = _UNIT_LINE.fullmatch(line)
    if m and (m.group("place") is None or m.group("unit")[0] in "省市县区"):
        return line
    return None


def _reporting_unit(ctext: str, lines: list[tuple[int, int]], title: tuple[int, str], parts: list[int]) -> str | None:
    """The unit named by the title (`市司法局2019年度…`), by a line right under it, or by a signature
    (a unit line followed by a date line) at the end of the first report in the file."""
    title_at, title_text = title
    if title_text:
        m = _UNIT_LINE.match(title_text)
        if m and (m.group("place") is None or m.group("unit")[0] in "省市县区"):
            return m.group()
        after = [ctext[s:e].strip() for s, e in lines if s > title_at][:2]
        for line in after:
            if line and _unit_line(line):
                return line
    end = parts[1] if len(parts) > 1 else len(ctext)
    tail = [ctext[s:e].strip() for s, e in lines if title_at < s < end][-6:]
    for k in range(len(tail) - 2, -1, -1):
        if _unit_line(tail[k]) and _DATE_LINE.fullmatch(tail[k + 1]):
            return tail[k]
    return None


def _resolve_reporting_unit(
    name: str | None, registry: _Registry, units: Sequence[Unit], problems: list[Problem], path: str
) -> str | None:
    """The 责任单位 a report speaks for. A whole government (丹阳市人民政府) speaks for every unit: None,
    unless the registry lists it as a unit of its own."""
    if name is None:
        return None
    resolved = registry.resolve(name)
    if resolved is not None:
        return resolved
    if _GOVERNMENT.search(name):
        return None  # a whole government: the report covers every unit, nothing to resolve
    if units:
        problems.append(
            Problem(
                Severity.INFO,
                f"reporting unit {name} is not in the unit registry",
                source=path,
                code="unit-unknown",
            )
        )
    return name


# --------------------------------------------------------------------------- zones


def _problems_heading(h: Heading, top_level: int, period: Period | None) -> bool:
    """Whether a heading opens a problems / next-steps part (存在问题, 对策打算, 2020年工作计划 …)."""
    if h.level > max(2, top_level):
        return False
    if _PROBLEMS_HEADING.search(h.text):
        return True
    if _SHORTCOMINGS_HEADING.search(h.text) and not _CLOSING_GAPS.search(h.text):
        return True
    m = _NEXT_YEAR_HEADING.search(h.text)
    if not m:
        return False
    if m.group("year") is None:
        return True
    if period is not None:
        return int(m.group("year")) > int(period.end[:4])
    return not _LOOKING_BACK.search(h.text)


def _zones(
    ctext: str,
    sent_spans: list[tuple[int, int]],
    lines: list[tuple[int, int]],
    headings: list[Heading],
    heading_starts: list[int],
    part_starts: list[int],
    period: Period | None,
) -> list[Zone]:
    """The zone of every sentence. A problems heading's zone ends at the next heading of the same or a
    higher level that is not itself a problems heading; a `下一步,` paragraph's zone ends at the next
    heading (a list it announces with `:` is included), a mid-paragraph one also at the paragraph end."""
    by_start = dict(zip(heading_starts, headings, strict=True))
    line_starts = {s for s, _ in lines}
    line_ends = [e for _, e in lines]
    top = min((h.level for h in headings), default=1)
    zones: list[Zone] = []
    heading_zone: int | None = None  # level of the heading that opened the zone
    # ("next", offset where it ends at the latest) | ("list?", index of the opener) | ("list", level of its items)
    para_zone: tuple[str, int] | None = None
    part = 0
    for index, (s, e) in enumerate(sent_spans):
        p = bisect.bisect_right(part_starts, s)
        if p != part:
            part, heading_zone, para_zone = p, None, None
        h = by_start.get(s)
        if h is not None:
            problems = _problems_heading(h, top, period)
            if heading_zone is not None and h.level <= heading_zone and not problems:
                heading_zone = None
            elif problems and (heading_zone is None or h.level < heading_zone):
                heading_zone = h.level
            if para_zone is not None:
                kind, value = para_zone
                if kind == "list?" and index == value + 1:
                    para_zone = ("list", h.level)  # the items right after `…以下工作:`
                elif kind != "list" or h.level < value:
                    para_zone = None
        elif para_zone is not None and para_zone[0] == "next" and s >= para_zone[1]:
            para_zone = None
        if h is None and para_zone is None and heading_zone is None:
            sentence = ctext[s:e]
            year = _YEAR_OPENER.match(sentence)
            if _SHORTCOMINGS_OPENER.search(sentence) and not _ADDRESSING.search(sentence):  # …但也存在一些问题:
                para_zone = ("list?", index)
            elif _OPENER.match(sentence) or (year and period and int(year.group(1)) > int(period.end[:4])):
                if s not in line_starts:
                    para_zone = ("next", line_ends[bisect.bisect_left(line_ends, s)])
                elif sentence.rstrip().endswith(":"):
                    para_zone = ("list?", index)
                else:
                    para_zone = ("next", len(ctext))
        zones.append(Zone.PROBLEMS if heading_zone is not None or para_zone is not None else Zone.BODY)
    return zones


def _front_matter(
    ctext: str, sent_spans: list[tuple[int, int]], zones: list[Zone], titles: list[tuple[int, str]]
) -> None:
    """Mark what is not the report's text as front matter: the title block (the title, the page's metadata
    labels and values, salutations and dates before it) and short page-navigation lines anywhere."""
    title_start = titles[0][0] if titles and titles[0][0] >= 0 else -1
    title_end = title_start + len(titles[0][1]) if title_start >= 0 else -1
    for i, (s, e) in enumerate(sent_spans):
        text = ctext[s:e].strip()
        # Up to the title: metadata labels and values, titles, salutations, dates — but a cover letter's
        # sentences (现将我市…报告予以呈报。) are the reporting unit's own words and stay.
        heading_block = s < title_end and not (_SENTENCE_END.search(text) and len(text) > 15)
        if heading_block or (len(text) <= 40 and _NAVIGATION.search(text) and not _SENTENCE_END.search(text)):
            zones[i] = Zone.FRONT


_SENTENCE_END = re.compile(r"[。!?]$")


def _zone_runs(facts: Facts, at: Callable[[int], dict[str, int]]) -> list[dict[str, Any]]:
    """Consecutive non-body sentences (problems, front matter) as spans, for people reading the facts."""
    runs: list[dict[str, Any]] = []
    for s in facts.sentences:
        if s.zone is Zone.BODY:
            continue
        if runs and runs[-1]["last"] == s.index - 1 and runs[-1]["part"] == s.part and runs[-1]["zone"] == s.zone.value:
            runs[-1].update(end=s.end, last=s.index)
            continue
        runs.append(
            {"zone": s.zone.value, "start": s.start, "end": s.end, **at(s.start), "part": s.part,
             "first": s.index, "last": s.index, "opened_by": s.text[:40]}
        )  # fmt: skip
    for r in runs:
        end = at(max(r["start"], r["end"] - 1))
        r.update(end_line=end["line"], end_col=end["col"])
    return runs


# --------------------------------------------------------------------------- sentences, clauses, cues


def _cues(ctext: str, clause_spans: list[tuple[int, int]]) -> dict[int, tuple[Cue, str]]:
    """The status cue of each clause (keyed by its compacted start), words inside 《…》 ignored."""
    masked = _DOC_TITLE.sub(lambda m: "《" + "\x00" * (len(m.group()) - 2) + "》", ctext)
    hits: list[tuple[int, int, Cue, str]] = [
        (m.start(), m.end(), Cue.PROGRESS, m.group()) for m in _DRAFT_IN_TITLE.finditer(ctext)
    ]
    hits.extend((m.start(), m.end(), Cue(m.lastgroup or ""), m.group()) for m in _CUE.finditer(masked))
    hits.sort(key=lambda h: h[0])
    rank = {cue: k for k, cue in enumerate(_CUE_ORDER)}
    out: dict[int, tuple[Cue, str]] = {}
    starts = [s for s, _ in clause_spans]
    # the start of the last disposal verb of each clause that has a 将 cue: found once per clause, so that a
    # clause of 100,000 将 is not searched to its end 100,000 times
    last_disposal: dict[int, int] = {}
    for start, end, cue, text in hits:
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or end > clause_spans[k][1]:
            continue
        cs, ce = clause_spans[k]
        if cue is Cue.PLAN and text == "将":
            if cs not in last_disposal:
                last_disposal[cs] = max((m.start() for m in _DISPOSAL_AT.finditer(ctext, cs, ce)), default=-1)
            if last_disposal[cs] >= end:
                continue
        if (
            cue is Cue.NOT_DONE
            and _ATTRIBUTIVE_BEFORE.search(ctext, max(cs, start - _ATTRIBUTIVE_REACH), start)
            and "的" in ctext[end : min(ce, end + 14)]
        ):
            continue
        best = out.get(cs)
        if best is None or rank[cue] < rank[best[0]]:
            out[cs] = (cue, text)
    return out


def _sentences(
    ctext: str,
    comp: Compacted,
    sent_spans: list[tuple[int, int]],
    clause_spans: list[tuple[int, int]],
    cues: dict[int, tuple[Cue, str]],
    lines: list[tuple[int, int]],
    heading_starts: list[int],
    part_starts: list[int],
    zones: list[Zone],
) -> tuple[Sentence, ...]:
    """Sentences with their clauses, zone, part, innermost heading and paragraph, on Document.text."""
    source = comp.source
    out: list[Sentence] = []
    k = 0
    h = -1  # the last heading started at or before the sentence
    para = -1
    part = -1
    part_heading = 0  # index of the first heading of the current part
    for index, (s, e) in enumerate(sent_spans):
        clauses: list[Clause] = []
        while k < len(clause_spans) and clause_spans[k][0] < e:
            cs, ce = clause_spans[k]
            k += 1
            if cs >= s:
                cue = cues.get(cs)
                clause_text = ctext[cs:ce]
                if cue is None:
                    clauses.append(Clause(source(cs), source(ce - 1) + 1, clause_text))
                else:
                    clauses.append(Clause(source(cs), source(ce - 1) + 1, clause_text, cue[0], cue[1]))
        while h + 1 < len(heading_starts) and heading_starts[h + 1] <= s:
            h += 1
        while para + 1 < len(lines) and lines[para + 1][0] <= s:
            para += 1
        while part + 1 < len(part_starts) and part_starts[part + 1] <= s:
            part += 1
            # a heading of the previous report in the file does not enclose this one
            part_heading = bisect.bisect_left(heading_starts, part_starts[part])
        out.append(
            Sentence(
                index,
                source(s),
                source(e - 1) + 1,
                ctext[s:e],
                zones[index],
                max(part, 0),
                h if h >= part_heading else None,
                para,
                tuple(clauses),
                h >= 0 and heading_starts[h] == s,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class _Registry:
    """Unit names and aliases → canonical names, with a keyword automaton for leftmost-longest search."""

    names: dict[str, str]
    automaton: Any  # ahocorasick.Automaton | None

    def resolve(self, name: str) -> str | None:
        """Canonical name of `name`, also when a place name leads it (丹阳市司法局 → 市司法局)."""
        if name in self.names:
            return self.names[name]
        stripped = _PLACE_PREFIX.sub("", name)
        return self.names.get(stripped)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self.automaton is None:
            return []
        hits = sorted(
            ((end - len(key) + 1, end + 1, key) for end, key in self.automaton.iter(text)),
            key=lambda h: (h[0], -h[1]),
        )
        out: list[tuple[int, int, str]] = []
        for s, e, key in hits:
            if out and s < out[-1][1]:
                continue
            out.append((s, e, key))
        return out


@functools.lru_cache(maxsize=16)
def _registry(units: tuple[Unit, ...]) -> _Registry:
    names: dict[str, str] = {}
    for u in units:
        for n in (u.name, *u.aliases):
            names.setdefault(n, u.name)
    if not names:
        return _Registry(names, None)
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for n in names:
        automaton.add_word(n, n)
    # Compounds that contain a short unit name but are not about it: 行政协议 holds 政协.
    for compound in ("行政协议", "行政协调", "行政协作", "人大代表建议"):
        if any(n in compound for n in names):
            automaton.add_word(compound, compound)
    automaton.make_automaton()
    return _Registry(names, automaton)


def _places(ctext: str, lines: list[tuple[int, int]], issuer: str | None) -> set[str]:
    """Place names the document itself uses in a unit line (title, addressee, signature): 丹阳, 镇江.

    Only these may lead a unit name in running text: any two characters before 市 would turn
    `提交市政府` into a unit called 提交市政府."""
    places: set[str] = set()
    if issuer and (m := _PLACE_PREFIX.match(issuer)):
        places.add(m.group())
    for s, e in lines:
        if e - s <= 40:
            m = _UNIT_LINE.match(ctext, s, e)
            if m and m.group("place") and m.group("unit")[0] in "省市县区":
                places.add(m.group("place"))
    return places


def _mentions(
    ctext: str, comp: Compacted, sent_starts: list[int], registry: _Registry, places: set[str]
) -> tuple[Mention, ...]:
    """Units (registry names first, then the conservative generic pattern) and cited documents 《…》."""
    titles = [m.span() for m in _DOC_TITLE.finditer(ctext)]
    title_starts = [s for s, _ in titles]

    def in_title(s: int) -> bool:
        k = bisect.bisect_right(title_starts, s) - 1
        return k >= 0 and titles[k][1] > s

    found: list[tuple[int, int, str, str | None]] = []
    registered = [(s, e, key) for s, e, key in registry.find(ctext) if key in registry.names and not in_title(s)]
    reg_starts = [s for s, _, _ in registered]
    taken: set[int] = set()
    for m in _UNIT.finditer(ctext):
        s, e = m.span()
        if in_title(s):
            continue
        if places and ctext[s] in "省市县区":
            s -= next((n for n in (2, 3) if ctext[max(0, s - n) : s] in places), 0)
        if not registry.names:
            found.append((s, e, "unit", None))
            continue
        k = bisect.bisect_right(reg_starts, e) - 1
        inside = [j for j in range(max(0, k - 3), k + 1) if registered[j][0] < e and registered[j][1] > s]
        if inside and not all(s <= registered[j][0] and registered[j][1] <= e for j in inside):
            continue  # a registry name that reaches past the generic match wins
        resolved = registry.resolve(ctext[s:e]) or (registry.names[registered[inside[0]][2]] if inside else None)
        taken.update(inside)
        found.append((s, e, "unit", resolved))
    found.extend((s, e, "unit", registry.names[key]) for j, (s, e, key) in enumerate(registered) if j not in taken)
    found.extend((s, e, "document", None) for s, e in titles)
    found.sort()
    out: list[Mention] = []
    source = comp.source
    for s, e, kind, resolved in found:
        sentence = max(0, bisect.bisect_right(sent_starts, s) - 1)
        out.append(Mention(source(s), source(e - 1) + 1, ctext[s:e], kind, sentence, resolved))
    return tuple(out)
