"""The frozen data passed between plancheck's stages.

documents → Document; facts → Facts; plan/rules → RuleSet; engine → Result.
This module imports nothing of checker, so every stage can depend on it.
Offsets (`start`, `end`) are always into `Document.text`; `Document.locate()` maps them
back to the original file's line and column, so every quote can point at its source.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

#: Evidence scored below this leans on context (a heading, the previous sentence): a person should read it.
WEAK_EVIDENCE = 0.85


class Status(StrEnum):
    """Status of an obligation or requirement (SPEC.md)."""

    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    UNEVIDENCED = "unevidenced"
    NOT_DUE = "not_due"
    WAIVED = "waived"


class Kind(StrEnum):
    """The closed set of requirement kinds."""

    MENTION = "mention"  # the work is done: concepts co-occur in a body clause
    COUNT = "count"  # a number of times/items/people: 不少于2次
    LEVEL = "level"  # a rate or growth: 不低于80%, 增长8.5%左右, 控制在4.5%以内
    DEADLINE = "deadline"  # done by a date or within a period: 2022年年底前, 30日内
    DOCUMENT = "document"  # a document issued: 制定出台…实施方案


class Zone(StrEnum):
    """Where a sentence stands in a report. Only `body` is evidence."""

    BODY = "body"
    PROBLEMS = "problems"  # 存在问题 / 不足 / 下一步 / 打算 / 对策 / 今后
    FRONT = "front"  # before the report's title (cover letter, page metadata) and page navigation


class Cue(StrEnum):
    """What a clause says about the state of the work it names."""

    DONE = "done"  # 印发了 / 出台 / 建成 / 完成
    PROGRESS = "progress"  # 草拟 / 讨论稿 / 待…审议 / 正在 / 拟
    NOT_DONE = "not_done"  # 尚未 / 未能 / 没有
    PLAN = "plan"  # 将于 / 计划 / 下一步


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """Something a stage met and could not use as-is; shown to the user, never fatal on its own."""

    severity: Severity
    message: str
    source: str = ""  # file path
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0
    code: str = ""  # short stable identifier, e.g. "owner-typo"

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "col": self.col,
        }


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """A document read from disk: normalised text plus a map back to the source.

    `text` is NFKC-normalised with NBSP→space and line breaks kept ("\\n").
    `origin[i]` is the offset in `source_text` of `text[i]` (None when the normalisation
    changed nothing: then offsets are identical). `source_text` is the text as first
    extracted (decoded txt, docx paragraphs, pdf lines, html text), before normalisation.
    """

    path: str
    format: str  # "txt" | "docx" | "pdf" | "html"
    text: str
    source_text: str
    origin: tuple[int, ...] | None = None
    encoding: str = ""
    sha256: str = ""
    problems: tuple[Problem, ...] = ()
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def source_offset(self, offset: int) -> int:
        """Offset in `source_text` of `text[offset]`."""
        if self.origin is None:
            return offset
        if not self.origin:
            return 0
        offset = max(0, min(offset, len(self.origin) - 1))
        return self.origin[offset]

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, col) in the original source of `text[offset]`."""
        src = self.source_offset(offset)
        starts = self._line_starts
        if not starts:
            starts.append(0)
            pos = self.source_text.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = self.source_text.find("\n", pos + 1)
        i = bisect.bisect_right(starts, src) - 1
        return i + 1, src - starts[i] + 1


# --------------------------------------------------------------------------- report facts


@dataclass(frozen=True)
class Heading:
    """A numbered heading: 一、 (level 1), (一) (level 2), 一是 (level 3), 1. (level 4)."""

    index: int
    level: int
    marker: str  # as printed: "一、", "(三)", "三是", "2."
    text: str  # the heading's words, without the marker
    start: int
    end: int
    parent: int | None  # index of the enclosing heading


@dataclass(frozen=True)
class Clause:
    """A comma/semicolon-delimited part of a sentence, with its status cue."""

    start: int
    end: int
    text: str
    cue: Cue | None = None
    cue_text: str = ""


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # compacted: PDF wrap spaces between Han characters and digits removed
    zone: Zone
    part: int  # 0-based index of the report inside the file (【篇一】/【篇二】)
    heading: int | None  # index of the innermost enclosing heading (its path via Heading.parent)
    paragraph: int  # 0-based paragraph number
    clauses: tuple[Clause, ...] = ()
    is_heading: bool = False  # the sentence is (the text of) a heading line


@dataclass(frozen=True)
class Quantity:
    """A number with its unit: 1500余名, 两次, 达100%, 由过去每年四次增加到每年六次 (value 6, before 4)."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # normalised unit word: 次, 名, 人, 件, %, 元, 万元, 亿元, 个, 项 …
    sentence: int
    approx: bool = False  # 余/多/约/左右/近
    comparator: str | None = None  # ">=" (不少于/以上), "<=" (以内/不超过), ">" , "<", "~" (左右)
    before: float | None = None  # 由过去X增加到Y: X
    direction: str | None = None  # "increase" | "decrease" | "reach" (增长/下降/达到)
    percent: bool = False
    money: bool = False
    period: str | None = None  # partial-period figure: "1-5月", "上半年", "预计"
    per: str | None = None  # 每年六次 → "年"; also 季度, 月, 周, 半年, 天
    delta: bool = False  # the value is the change itself (增长8.5%), not the level reached (增加到6次)
    upper: float | None = None  # a range 2—3个 / 一两次: value 2, upper 3


@dataclass(frozen=True)
class DateFact:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    kind: str  # "date" | "month" | "year" | "period" | "deadline"
    sentence: int
    candidate: bool = False  # a run-together scraped form (62日, 2020512): a guess, flagged
    note: str = ""
    # kind "period": the last month/day covered (2017年10月至2019年9月, 上半年 → month 1, end_month 6)
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None


@dataclass(frozen=True)
class DocNumber:
    """A document number such as 丹政发〔2020〕14号 — never a date or a quantity."""

    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True)
class Mention:
    """A unit (市司法局, 各乡镇人民政府) or a cited document (《…》) named in the report."""

    start: int
    end: int
    text: str
    kind: str  # "unit" | "document"
    sentence: int
    unit: str | None = None  # canonical unit name when resolved through a registry


@dataclass(frozen=True)
class Period:
    start: str  # ISO date
    end: str
    source: str = ""  # "title", "option", "plan" …

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Facts:
    """Everything plancheck extracts from one report."""

    document: Document
    title: str
    period: Period | None
    unit: str | None  # the reporting unit when the title or signature names one
    headings: tuple[Heading, ...]
    sentences: tuple[Sentence, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateFact, ...]
    doc_numbers: tuple[DocNumber, ...]
    mentions: tuple[Mention, ...]
    parts: tuple[str, ...] = ()  # titles of the reports in the file when there are several
    problems: tuple[Problem, ...] = ()
    issuer: str | None = None  # the unit the title or signature names, also a whole government (丹阳市人民政府)

    def heading_path(self, sentence: Sentence) -> list[Heading]:
        """Headings enclosing `sentence`, outermost first."""
        path: list[Heading] = []
        h = sentence.heading
        while h is not None:
            path.append(self.headings[h])
            h = self.headings[h].parent
        path.reverse()
        return path


# --------------------------------------------------------------------------- plans and rules


#: 左右 without a stated tolerance: ± half a percentage point on a rate, ± 10 % of the value on anything else.
PERCENT_TOLERANCE = 0.5
RELATIVE_TOLERANCE = 0.1


@dataclass(frozen=True)
class Target:
    """A checkable threshold: 不少于2次 → op ">=", value 2, unit 次."""

    op: str  # ">=" | ">" | "<=" | "<" | "==" | "~"
    value: float
    unit: str
    approx: bool = False  # 左右: accept within `tolerance`
    tolerance: float | None = None
    metric: str = ""  # what is counted / measured, in the plan's words
    per: str | None = None  # "year" for 每年 in a multi-year plan
    direction: str | None = None  # "increase" (增长), "decrease" (下降), None (a level)


@dataclass(frozen=True)
class Match:
    """Evidence pattern: every concept group must occur (a group is a list of synonyms)."""

    all: tuple[tuple[str, ...], ...]
    none: tuple[str, ...] = ()  # exclusions: a clause with any of these does not count
    expand: bool = True  # also accept the lexicon's synonyms of each term


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: Kind
    text: str
    match: Match
    target: Target | None = None
    due: str | None = None  # ISO date for kind deadline
    within_days: int | None = None  # 30日内: a procedural deadline, not a calendar date
    examples_positive: tuple[str, ...] = ()
    examples_negative: tuple[str, ...] = ()
    line: int = 0  # line of the requirement in the rules file (for messages)


@dataclass(frozen=True)
class Owners:
    """责任单位: lead (牵头) and support (配合). A plain list in a plan means lead."""

    lead: tuple[str, ...]
    support: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.lead + tuple(u for u in self.support if u not in self.lead)

    def to_dict(self) -> dict[str, list[str]]:
        return {"lead": list(self.lead), "support": list(self.support)}


@dataclass(frozen=True)
class Obligation:
    id: str
    ref: str  # the plan's own number as printed: "(十二)", "3.", "1"
    section: str
    title: str
    text: str
    owners: Owners
    requirements: tuple[Requirement, ...]
    line: int = 0


@dataclass(frozen=True)
class Unit:
    """A registry entry: a unit, or a group (市政府各部门) standing for many units."""

    name: str
    aliases: tuple[str, ...] = ()
    group: bool = False
    members: tuple[str, ...] = ()  # explicit members of a group
    prefixes: tuple[str, ...] = ()  # a unit whose name starts with one of these belongs to the group
    suffixes: tuple[str, ...] = ()  # … and ends with one of these
    valid_until: str | None = None  # an alias valid before a date (市法制办 before 2018)


@dataclass(frozen=True)
class PlanInfo:
    id: str
    title: str
    issuer: str = ""
    doc_no: str = ""
    period: Period | None = None
    source: str = ""


@dataclass(frozen=True)
class RuleSet:
    """A validated rules file: one plan's obligations as checkable requirements."""

    path: str
    sha256: str
    plan: PlanInfo
    units: tuple[Unit, ...]
    obligations: tuple[Obligation, ...]
    problems: tuple[Problem, ...] = ()
    lexicon: tuple[str, ...] = ()  # lexicon files named by the rules file (resolved paths)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Evidence:
    report: int  # index into Result.reports
    line: int
    col: int
    quote: str
    section: str
    zone: Zone
    score: float = 1.0  # 0..1 confidence; below 0.6 is shown as weak
    cue: Cue | None = None
    units: tuple[str, ...] = ()  # units named in the sentence
    why: str = ""  # for a candidate that did not count: the reason

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "report": self.report,
            "line": self.line,
            "col": self.col,
            "quote": self.quote,
            "section": self.section,
            "zone": self.zone.value,
            "score": round(self.score, 3),
        }
        if self.cue is not None:
            d["cue"] = self.cue.value
        if self.units:
            d["units"] = list(self.units)
        if self.why:
            d["why"] = self.why
        return d


@dataclass(frozen=True)
class Found:
    value: float
    unit: str
    text: str
    before: float | None = None

    def to_dict(self) -> dict[str, Any]:
        v: float | int = int(self.value) if float(self.value).is_integer() else self.value
        d: dict[str, Any] = {"value": v, "unit": self.unit, "text": self.text}
        if self.before is not None:
            d["before"] = self.before
        return d


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()
    found: Found | None = None
    candidates: tuple[Evidence, ...] = ()  # nearest sentences when unevidenced, and why not
    confidence: float = 0.0


@dataclass(frozen=True)
class ObligationResult:
    obligation: Obligation
    status: Status
    requirements: tuple[RequirementResult, ...]
    waiver: dict[str, Any] | None = None


@dataclass(frozen=True)
class UnitGap:
    obligation: str
    status: Status
    role: str  # "lead" | "support"
    via: str | None = None  # the group through which the unit owns it


@dataclass(frozen=True)
class UnitResult:
    unit: str
    counts: dict[str, int]
    gaps: tuple[UnitGap, ...]
    passes: tuple[str, ...] = ()  # obligations the unit owns that are met


@dataclass(frozen=True)
class ReportInfo:
    path: str
    sha256: str
    unit: str | None
    period: Period | None
    title: str = ""


@dataclass(frozen=True)
class Result:
    ruleset: RuleSet
    reports: tuple[ReportInfo, ...]
    obligations: tuple[ObligationResult, ...]
    units: tuple[UnitResult, ...]
    summary: dict[str, int]
    problems: tuple[Problem, ...] = ()
