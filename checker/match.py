"""Text matching between a rules file's requirements and a report's sentences (pure Python).

The engine (durable_rules) decides statuses; this module finds what it decides on: for every
requirement, the report sentences where its concept groups occur, scored, with the status cue of
the matched clause and, for count/level requirements, the number bound to the concept.

Terms are found with one Aho-Corasick automaton over every term of every rule (expanded through the
lexicon's synonym sets) plus the lexicon's opaque compounds; a match inside an opaque compound is
dropped, so `政协` does not match inside `行政协议`.
"""

from __future__ import annotations

import math
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import ahocorasick

from checker.lexicon import Lexicon
from checker.model import Cue, Facts, Kind, Obligation, Quantity, Requirement, RuleSet, Sentence, Zone
from checker.textutil import Compacted, compact

# Weights of where a concept group was found, relative to the sentence itself.
W_SENTENCE = 1.0
W_HEADING = 0.8  # the innermost enclosing heading: 三是扎实做好行政复议工作 › its sentences
GENERIC_HEADING = 0.3  # a heading over more than this share of the body (一、2019年工作情况) gives no context
W_CONTEXT = 0.6  # a sentence close by in the same paragraph (CONTEXT sentences either way)
CONTEXT = 1
W_SELF_HEADING = 0.9  # the sentence is itself a heading: a claim, less concrete than its body

MAX_GAP = 4  # characters allowed between the halves of a four-character term
_HAN4 = re.compile(r"[\u4e00-\u9fff]{4}")
_CLAUSE_BREAK = re.compile(r"[,;:。!?、()《》“”]")

CUE_RANK = {Cue.NOT_DONE: 4, Cue.PROGRESS: 3, Cue.PLAN: 2, Cue.DONE: 1}

# A sentence issues or cites a document: 印发《…》, 出台了…办法, 制定…实施方案.
_ISSUE_RE = re.compile(
    r"(印发|出台|制定|修订|发布|颁布|公布|形成|下发|编制|起草|草拟|审议通过)[^,;。]{0,30}?"
    r"(办法|方案|规定|意见|制度|细则|规则|清单|目录|标准|计划|规划|通知|决定|指引|条例|规范|要点|纲要|措施|预案"
    r"|指南|导则|名录|守则|公约|章程)"
)

# A title, then its issuing within the clause: 《…办法》已于3月印发, 《…规定》经常务会议审议通过后出台.
_ISSUED_AFTER_RE = re.compile(r"《[^《》\n]{1,80}》[^,;。《]{0,16}?(?:印发|出台|发布|颁布|审议通过|正式施行)")

# Unit classes that count as the same thing for binding a number to a target.
_UNIT_CLASSES: tuple[frozenset[str], ...] = (
    frozenset({"次", "场", "期", "轮", "批", "回"}),
    frozenset({"人", "名", "位", "人次"}),
    frozenset({"件", "宗", "起", "份"}),
    frozenset({"个", "项", "条", "部", "篇", "类"}),
    frozenset({"家", "户", "所"}),
    frozenset({"学时", "课时", "小时"}),
    frozenset({"天", "日"}),
    frozenset({"%"}),
    frozenset({"元", "万元", "亿元"}),
)


def same_unit_class(a: str, b: str) -> bool:
    """2 次 and 6 场 are comparable; 2 次 and 1500 名 are not. An empty target unit accepts any."""
    if not a or not b or a == b:
        return True
    return any(a in c and b in c for c in _UNIT_CLASSES)


# 法 opening a word of its own after a term (监督法院, 调解法律服务): the term is not part of a law's name
_FA_WORDS = frozenset("治律规定院制人官庭务学宣援理条纪")
# Studying a law, as opposed to enforcing or checking it (对《水污染防治法》执行情况开展检查 is pollution work).
_STUDY = re.compile(r"学习|培训|讲座|讲解|解读|宣讲|宣传|涵盖|学法|授课|辅导|考试|知识")
_CLAUSE_START = re.compile(r"[,;:。!?\n][^,;:。!?\n]*$")


def _studied(text: str, start: int) -> bool:
    """Whether the clause holding `start` is about learning what it names (a course, a lecture, an exam)."""
    lo = max(0, start - 60)
    m = _CLAUSE_START.search(text, lo, start)
    return _STUDY.search(text, m.start() if m else lo, start) is not None


@dataclass
class Candidate:
    """One report sentence considered as evidence for one requirement (read-only by convention).

    Where the concepts occur, and so the score and the order, is worked out for every candidate; the cue, the
    bound number, whether the sentence issues a document, and the concepts' positions only when first asked.
    Speed: a 22k-character report has ~1,500 candidates and the evaluation asks about a few per requirement.
    Not frozen for the same reason: a frozen dataclass sets each field through object.__setattr__, 5.1 µs a
    candidate against 2.1 µs (−4 ms per report).
    """

    report: int
    sentence: Sentence
    score: float  # 0..1: how fully and how closely the concepts occur
    covered: bool  # every concept group occurs (sentence, heading or context)
    where: tuple[str, ...]  # per group: "sentence" | "heading" | "context" | ""
    excluded: str  # an exclusion term found in the sentence
    units: tuple[str, ...]
    requirement: Requirement = field(repr=False, compare=False)
    numbers: Sequence[Quantity] = field(repr=False, compare=False)  # the sentence's quantities
    # the report's index and the requirement's concept groups: where the concepts occur is looked up there
    index: ReportIndex | None = field(default=None, repr=False, compare=False)
    groups: Sequence[frozenset[int]] = field(default=(), repr=False, compare=False)

    @property
    def zone(self) -> Zone:
        return self.sentence.zone

    @cached_property
    def positions(self) -> tuple[int, ...]:
        """Where the concepts occur in the sentence (offsets in its text)."""
        if self.index is None:
            return ()
        found = self.index.terms[self.sentence.index]
        # the order does not matter: _cue and _bind only test and take the minimum
        return tuple(p for g in self.groups for t in found.keys() & g for p in found[t])

    @cached_property
    def to_text(self) -> Callable[[int], int]:
        """Where a Document.text offset falls in `sentence.text` (they differ where wrap spaces were removed)."""
        if self.index is None:
            return _same
        return _offsets(self.index, self.sentence)

    @cached_property
    def _cue_found(self) -> tuple[Cue | None, str]:
        return _cue(self.sentence, self.positions, self.to_text)

    @property
    def cue(self) -> Cue | None:
        return self._cue_found[0]

    @property
    def cue_text(self) -> str:
        return self._cue_found[1]

    @cached_property
    def quantity(self) -> Quantity | None:
        """The number bound to the concept, for count/level requirements."""
        req = self.requirement
        if req.kind in (Kind.COUNT, Kind.LEVEL) and req.target is not None:
            numbers = [q for q in self.numbers if not _about_others(q, self, req)]
            return _bind(numbers, self.positions, req, self.to_text)
        return None

    @cached_property
    def has_document(self) -> bool:
        """A concept lies in what the sentence issues (印发《…办法》); a cited document (按照《…办法》) is not an
        issued one: only an issuing verb counts."""
        return any(lo <= p < hi for lo, hi in _issued(self.sentence.text) for p in self.positions)


@dataclass
class _Compiled:
    obligation: Obligation
    requirement: Requirement
    groups: list[frozenset[int]]
    none: frozenset[int]
    terms: list[list[str]]  # expanded terms per group (for explain)
    group_ids: list[int]  # per group: its number among the matcher's distinct groups


@dataclass
class ReportIndex:
    """Term occurrences of one report, built once per report and matcher."""

    facts: Facts
    report: int
    terms: list[dict[int, list[int]]]  # per sentence: term id → start offsets in Sentence.text
    heading_terms: list[frozenset[int]]
    by_term: dict[int, list[int]]  # term id → sentence indices
    quantities: list[list[Quantity]]
    units: list[tuple[str, ...]]
    generic_headings: frozenset[int] = frozenset()
    under: dict[int, list[int]] = field(default_factory=dict)  # heading → sentences right under it (not headings)
    postings: dict[str, list[int]] = field(default_factory=dict)  # bigram → sentences (for nearest text)
    idf: dict[str, float] = field(default_factory=dict)
    postings_of: frozenset[str] | None = None  # the bigrams `postings` holds (None: all)
    asked: frozenset[str] | None = None  # the bigrams of the texts nearest text may be asked about (None: unknown)
    offsets: dict[int, Callable[[int], int]] = field(default_factory=dict)  # sentence → Candidate.to_text
    # group id → the sentences where the group occurs in the sentence, in its heading (only), in a neighbour
    # (only): where Candidate.where says "sentence", "heading", "context" (cache)
    in_group: dict[int, tuple[frozenset[int], frozenset[int], frozenset[int]]] = field(default_factory=dict)
    _head_by_term: dict[int, list[int]] | None = None  # term id → headings holding it
    _by_heading: dict[int, list[int]] | None = None  # heading (not a generic one) → sentences whose innermost it is
    _neighbours: list[list[int]] | None = None  # per sentence: the sentences around it in its paragraph and zone

    def where(self, group_id: int, group: frozenset[int]) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """The sentences holding a term of the group; those whose innermost (not generic) heading holds one and
        they do not; those with a neighbour in the same paragraph and zone holding one, and neither."""
        out = self.in_group.get(group_id)
        if out is not None:
            return out
        by_term = self.by_term
        held = frozenset().union(*(by_term[t] for t in group if t in by_term))
        if self._head_by_term is None:
            self._index_context()
        assert self._head_by_term is not None and self._by_heading is not None and self._neighbours is not None
        heads = set().union(*(self._head_by_term[t] for t in group if t in self._head_by_term))
        by_heading = self._by_heading
        in_heading = frozenset().union(*(by_heading[h] for h in heads if h in by_heading)) - held
        neighbours = self._neighbours
        near = frozenset().union(*(neighbours[j] for j in held)) - held - in_heading
        out = self.in_group[group_id] = (held, in_heading, near)
        return out

    def _index_context(self) -> None:
        head_by_term: dict[int, list[int]] = defaultdict(list)
        for h, found in enumerate(self.heading_terms):
            for t in found:
                head_by_term[t].append(h)
        self._head_by_term = dict(head_by_term)
        sentences = self.facts.sentences
        by_heading: dict[int, list[int]] = defaultdict(list)
        for s in sentences:
            if s.heading is not None and s.heading not in self.generic_headings:
                by_heading[s.heading].append(s.index)
        self._by_heading = dict(by_heading)
        neighbours: list[list[int]] = [[] for _ in sentences]
        for d in range(1, CONTEXT + 1):
            for a, b in zip(sentences, sentences[d:], strict=False):  # pairs d apart
                if a.paragraph == b.paragraph and a.zone is b.zone:
                    neighbours[a.index].append(b.index)
                    neighbours[b.index].append(a.index)
        self._neighbours = neighbours


class Matcher:
    """Built once per (rules file, lexicon) and reused across reports."""

    def __init__(self, ruleset: RuleSet, lexicon: Lexicon) -> None:
        self.ruleset = ruleset
        self.lexicon = lexicon
        self._ids: dict[str, int] = {}
        self.term_list: list[str] = []
        self.compiled: dict[str, _Compiled] = {}
        group_ids: dict[frozenset[int], int] = {}
        for ob in ruleset.obligations:
            for req in ob.requirements:
                groups: list[frozenset[int]] = []
                expanded: list[list[str]] = []
                for group in req.match.all:
                    words: list[str] = []
                    for t in group:
                        for s in lexicon.synonyms(t) if req.match.expand else (t,):
                            if s not in words:
                                words.append(s)
                    expanded.append(words)
                    groups.append(frozenset(self._id(w) for w in words))
                none = frozenset(self._id(t) for t in req.match.none)
                ids = [group_ids.setdefault(g, len(group_ids)) for g in groups]
                self.compiled[req.id] = _Compiled(ob, req, groups, none, expanded, ids)
        self.opaque = frozenset(self._id(c) for c in lexicon.compounds)
        # the bigrams nearest text is asked about: those of the requirements' texts
        self._text_bigrams = {req.text: _bigrams(req.text) for ob in ruleset.obligations for req in ob.requirements}
        self._vocabulary: frozenset[str] = frozenset().union(*self._text_bigrams.values())
        self._automaton = ahocorasick.Automaton()
        for word, i in self._ids.items():
            self._automaton.add_word(word, (i, len(word)))
        self._automaton.make_automaton()
        # Four-character terms are mostly two words (许可+事项); reports put words between them
        # (行政许可服务事项, 信息主动公开), so each half is looked up too and a close pair counts.
        firsts: set[str] = set()
        seconds: dict[str, list[tuple[int, str]]] = defaultdict(list)  # second half → [(term id, its first half)]
        for word, i in self._ids.items():
            if len(word) == 4 and i not in self.opaque and _HAN4.fullmatch(word):
                firsts.add(word[:2])
                seconds[word[2:]].append((i, word[:2]))
        self._halves: Any = None
        if firsts:
            self._halves = ahocorasick.Automaton()
            for half in firsts | seconds.keys():
                self._halves.add_word(half, (half, half in firsts, tuple(seconds.get(half, ()))))
            self._halves.make_automaton()

    def _id(self, word: str) -> int:
        i = self._ids.get(word)
        if i is None:
            i = self._ids[word] = len(self.term_list)
            self.term_list.append(word)
        return i

    # ------------------------------------------------------------------ finding terms

    def find(self, text: str) -> dict[int, list[int]]:
        """Term id → start offsets in `text`, without matches that start inside an opaque compound: within it
        (政协 in 行政协议) or running on past its end (复议 in 答复议案, 办法 in 举办法治讲座, 人大 in 个人大病)."""
        hits = [(end - length + 1, end + 1, i) for end, (i, length) in self._automaton.iter(text)]
        if self._halves is not None:
            hits.extend(self._gapped(text, hits))
        if not hits:
            return {}
        opaque = self.opaque
        walls = [(s, e) for s, e, i in hits if i in opaque]
        out: dict[int, list[int]] = {}
        for s, e, i in hits:
            if e < len(text) and text[e] == "法" and text[e + 1 : e + 2] not in _FA_WORDS and _studied(text, s):
                continue  # a law studied (培训内容涵盖…行政诉讼法): learning it is no litigation or mediation
            if (
                walls
                and i not in opaque
                and any(((ws <= s and e <= we) or ws < s < we) and (ws, we) != (s, e) for ws, we in walls)
            ):
                continue
            starts = out.get(i)
            if starts is None:
                out[i] = [s]
            else:
                starts.append(s)
        return out

    def _gapped(self, text: str, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Hits of four-character terms written with up to MAX_GAP characters between their halves, in one clause.

        A pair is no hit when another term joins a half to the words between (行政复议案件 is not 行政…案件:
        行政复议 is a word of its own)."""
        words = self.term_list
        paired: set[tuple[int, int]] = set()  # (start, term) of the pairs found so far
        # Where each first half starts, by the half rather than by each term it begins (工作 begins many): a
        # term's first-half starts are its first half's. Speed: 4.4k half matches in a report began 10k terms.
        starts: dict[str, list[int]] = {}
        out: list[tuple[int, int, int]] = []
        for end, (half, is_first, pairs) in self._halves.iter(text):
            start = end - 1
            if pairs and starts:
                for i, first in pairs:
                    fs = starts.get(first)
                    if fs is None:
                        continue
                    for f in fs:
                        gap = start - (f + 2)
                        if not 0 < gap <= MAX_GAP:
                            continue
                        # not where the term is written whole (the automaton found it), nor a pair found already
                        if text.startswith(words[i], f) or (f, i) in paired:
                            continue
                        if not _CLAUSE_BREAK.search(text, f + 2, start):
                            lo, hi = f + 2, start  # the words between the halves
                            if any(hs < lo < he or hs < hi < he for hs, he, _ in hits):
                                continue
                            out.append((f, end + 1, i))
                            paired.add((f, i))
            if is_first:  # after its pairs: a half never pairs with itself (the gap would be negative)
                fs = starts.get(half)
                if fs is None:
                    starts[half] = [start]
                else:
                    fs.append(start)
        return out

    def index(self, facts: Facts, report: int = 0) -> ReportIndex:
        """Scan a report's sentences and headings once."""
        n = len(facts.sentences)
        terms = [self.find(s.text) for s in facts.sentences]
        heading_terms = [frozenset(self.find(compact(h.text).text)) for h in facts.headings]
        by_term: dict[int, list[int]] = defaultdict(list)
        for si, found in enumerate(terms):
            for t in found:
                by_term[t].append(si)
        quantities: list[list[Quantity]] = [[] for _ in range(n)]
        for q in facts.quantities:
            if 0 <= q.sentence < n:
                quantities[q.sentence].append(q)
        units: list[list[str]] = [[] for _ in range(n)]
        for m in facts.mentions:
            if 0 <= m.sentence < n and m.kind == "unit":
                name = m.unit or m.text
                if name not in units[m.sentence]:
                    units[m.sentence].append(name)
        return ReportIndex(
            facts,
            report,
            terms,
            heading_terms,
            dict(by_term),
            quantities,
            [tuple(u) for u in units],
            _generic_headings(facts),
            _under(facts),
        )

    # ------------------------------------------------------------------ candidates

    def candidates(self, req_id: str, idx: ReportIndex) -> list[Candidate]:
        """Every sentence where at least one concept group of the requirement occurs, best first."""
        c = self.compiled[req_id]
        where = [idx.where(gid, g) for gid, g in zip(c.group_ids, c.groups, strict=True)]
        sentence_ids: frozenset[int] = frozenset().union(*(held for held, _, _ in where))
        sentences = idx.facts.sentences
        # A heading (二是自觉接受司法监督) claims work, it does not report it: its words are context for the
        # sentences under it, never evidence on their own.
        ordered = sorted(sentence_ids)
        chosen = [si for si in ordered if not sentences[si].is_heading]
        heads = {sentences[si].heading for si in ordered if sentences[si].is_heading}
        for h in sorted(x for x in heads if x is not None):
            chosen.extend(si for si in idx.under.get(h, ()) if si not in sentence_ids)
        # Where each group occurs, two bits a group (1 sentence, 2 heading, 3 context, 0 nowhere), by set
        # operations per group rather than tests per candidate and group.
        code = dict.fromkeys(chosen, 0)
        among = code.keys()
        for k, sets in enumerate(where):
            for label, found in enumerate(sets, 1):
                bits = label << (2 * k)
                for si in among & found:
                    code[si] += bits
        groups = len(c.groups)
        out = []
        for si, bits in code.items():
            s = sentences[si]
            key = (bits, groups, s.is_heading)
            scored = _SCORES.get(key)
            if scored is None:
                scored = _SCORES[key] = _score_of(bits, groups, s.is_heading)
            labels, score = scored
            excluded = ""
            if c.none:
                terms = idx.terms[si]
                excluded = next((self.term_list[t] for t in c.none if t in terms), "")
            out.append(
                Candidate(
                    idx.report,
                    s,
                    score,
                    all(labels),
                    labels,
                    excluded,
                    idx.units[si],
                    c.requirement,
                    idx.quantities[si],
                    idx,
                    c.groups,
                )
            )
        out.sort(key=lambda x: (-x.covered, -x.score, x.sentence.index))
        return out

    def expanded_terms(self, req_id: str) -> list[list[str]]:
        return self.compiled[req_id].terms

    # ------------------------------------------------------------------ nearest text

    def expect_nearest(self, idx: ReportIndex, texts: Iterable[str]) -> None:
        """Say which texts `nearest` may be asked about for this report (an optimisation: asking about another
        text gives the same answer, only slower)."""
        asked: set[str] = set()
        for text in texts:
            found = self._text_bigrams.get(text)
            asked |= found if found is not None else _bigrams(text)
        idx.asked = frozenset(asked)

    def nearest(self, text: str, idx: ReportIndex, k: int = 3) -> list[tuple[float, Sentence]]:
        """Sentences most similar to `text` by IDF-weighted character bigrams (for 'nearest text')."""
        q = _bigrams(text)
        if not idx.postings or (idx.postings_of is not None and not q <= idx.postings_of):
            # Only the bigrams of the texts the evaluation said it may ask about (expect_nearest), else of all the
            # requirements' texts, are indexed, unless asked about another text: a report's (sentence, bigram)
            # pairs are ~17k, ~5.5k of them the requirements' bigrams, ~0.6k those of the texts asked about.
            if idx.asked is not None and q <= idx.asked:
                idx.postings_of = idx.asked
            else:
                idx.postings_of = self._vocabulary if q <= self._vocabulary else None
            idx.postings = _postings(idx.facts.sentences, idx.postings_of)
            n = len(idx.facts.sentences) or 1
            idx.idf = {b: math.log(1 + n / len(ps)) for b, ps in idx.postings.items()}
        # summed in a fixed order: a set of strings iterates in an order that changes with the per-process hash
        # seed, and floats added in another order can differ in the last bit, which reorders near ties
        qs = sorted(q)
        qw = math.fsum(idx.idf.get(b, 0.0) for b in qs) or 1.0
        totals: dict[int, float] = defaultdict(float)
        for b in qs:
            w = idx.idf.get(b)
            if w:
                for i in idx.postings[b]:
                    totals[i] += w
        best = sorted(totals.items(), key=lambda x: (-x[1], x[0]))[:k]
        return [(round(w / qw, 3), idx.facts.sentences[i]) for i, w in best]


_LABELS = ("", "sentence", "heading", "context")
_WEIGHTS = {"sentence": W_SENTENCE, "heading": W_HEADING, "context": W_CONTEXT, "": 0.0}
# (where bits, number of groups, is a heading) → (Candidate.where, score)
_SCORES: dict[tuple[int, int, bool], tuple[tuple[str, ...], float]] = {}


def _score_of(bits: int, groups: int, is_heading: bool) -> tuple[tuple[str, ...], float]:
    """A candidate's `where` labels, and its score: the mean weight of where its concept groups were found."""
    where = tuple(_LABELS[(bits >> (2 * k)) & 3] for k in range(groups))
    weights = [W_SELF_HEADING if is_heading and w == "sentence" else _WEIGHTS[w] for w in where]
    return where, round(sum(weights) / len(weights) if weights else 0.0, 3)


def _same(offset: int) -> int:
    return offset


def _offsets(idx: ReportIndex, s: Sentence) -> Callable[[int], int]:
    """Document.text offset → offset in `s.text`. Sentence text is compacted (PDF text: `城镇登 记失业率为 3.1 %`),
    while clauses and quantities keep their Document.text offsets, so they are mapped before being compared
    with where the concepts occur in the sentence."""
    f = idx.offsets.get(s.index)
    if f is None:
        start = s.start
        if len(s.text) == s.end - start:
            f = start.__rsub__  # nothing removed: offset - start
        else:
            local: Compacted = compact(idx.facts.document.text[start : s.end])
            f = (lambda o: local.target(o - start)) if local.text == s.text else start.__rsub__
        idx.offsets[s.index] = f
    return f


def _issued(text: str) -> list[tuple[int, int]]:
    """Spans where the sentence issues a document: the verb through the document noun, and a 《title》 it
    opens, or a 《title》 followed by its issuing (《…办法》经审议通过后印发实施). A concept there is what was
    issued; one in a cited title (按照《…办法》要求) is not."""
    spans = [m.span() for m in _ISSUED_AFTER_RE.finditer(text)]
    for m in _ISSUE_RE.finditer(text):
        end = m.end()
        if "《" in m.group(0):
            close = text.find("》", end - 1)
            end = close + 1 if close != -1 else end
        spans.append((m.start(), end))
    return spans


def _under(facts: Facts) -> dict[int, list[int]]:
    under: dict[int, list[int]] = defaultdict(list)
    for s in facts.sentences:
        if s.heading is not None and not s.is_heading:
            under[s.heading].append(s.index)
    return dict(under)


def _generic_headings(facts: Facts) -> frozenset[int]:
    """Headings that span so much of the report's body that their words say nothing about a sentence."""
    body = [s for s in facts.sentences if s.zone is Zone.BODY]
    if len(body) < 20:
        return frozenset()
    under: dict[int, int] = defaultdict(int)
    for s in body:
        h = s.heading
        while h is not None:
            under[h] += 1
            h = facts.headings[h].parent
    return frozenset(h for h, n in under.items() if n > GENERIC_HEADING * len(body))


def _postings(sentences: Sequence[Sentence], only: frozenset[str] | None) -> dict[str, list[int]]:
    """Bigram → the sentences holding it (very short headings left out), for the bigrams in `only` if given."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        if not (s.is_heading and len(s.text) < 6):
            bigrams = _bigrams(s.text)
            for b in bigrams if only is None else only.intersection(bigrams):
                postings[b].append(i)
    return dict(postings)


def _bigrams(text: str) -> frozenset[str]:
    """The pairs of adjacent Han characters, other characters left out (工作，推进 → 工作 作推 推进)."""
    han = _NOT_HAN.sub("", text)
    return frozenset(map(operator.add, han, han[1:]))


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def _cue(s: Sentence, positions: Sequence[int], to_text: Callable[[int], int]) -> tuple[Cue | None, str]:
    """The strongest cue among the clauses holding the matched terms; a plan cue opening the sentence covers it all."""
    best: Cue | None = None
    text = ""
    for cl in s.clauses:
        if cl.cue is None:
            continue
        lo, hi = to_text(cl.start), to_text(cl.end)
        holds = any(lo <= p < hi for p in positions) or (cl is s.clauses[0] and cl.cue is Cue.PLAN)
        if holds and (best is None or CUE_RANK[cl.cue] > CUE_RANK[best]):
            best, text = cl.cue, cl.cue_text
    return best, text


# Who a figure is about, when a clause names it: 明确公务员40个学时的学法任务 gives the civil servants' hours,
# not those of the 行政执法人员 the requirement counts.
# (Only the people whose own duties plans count — trained, tested, appointed — not those an act serves, such as
# 群众 or 企业, who are the object of many a counted act.)
_PEOPLE = ("公务员", "领导干部", "党员干部", "村干部", "执法人员", "律师", "法律顾问", "调解员", "人民陪审员")


def _about_others(q: Quantity, c: Candidate, req: Requirement) -> bool:
    """Whether the clause holding `q` names people the requirement is not about, and none of its concepts."""
    clause = next((cl for cl in c.sentence.clauses if cl.start <= q.start < cl.end), None)
    if clause is None:
        return False
    named = [p for p in _PEOPLE if p in clause.text]
    if not named:
        return False
    lo, hi = c.to_text(clause.start), c.to_text(clause.end)
    qs, qe = c.to_text(q.start), c.to_text(q.end)  # a concept inside the figure (学时 of 40个学时) says nothing
    if any(lo <= p < hi and not qs <= p < qe for p in c.positions):
        return False
    terms = [t for group in req.match.all for t in group] + [req.target.metric if req.target else ""]
    return not any(p in t or t in p for p in named for t in terms if t)


def _bind(
    quantities: Iterable[Quantity], positions: Sequence[int], req: Requirement, to_text: Callable[[int], int]
) -> Quantity | None:
    """The number in the sentence that the target's concept talks about: right unit, nearest the concept."""
    target = req.target
    assert target is not None
    options = [q for q in quantities if same_unit_class(target.unit, q.unit) and (target.unit != "%" or q.percent)]
    if target.unit != "%":
        options = [q for q in options if not q.percent]
    if not options:
        return None
    if not positions:
        return options[0]

    def distance(q: Quantity) -> tuple[int, int]:
        qs = to_text(q.start)
        d = min(abs(qs - p) for p in positions)
        after = 0 if any(p <= qs for p in positions) else 1  # prefer numbers that follow the concept
        return (after, d)

    return min(options, key=distance)
