"""The shared lexicon (rules/lexicon/*.yaml): synonym sets, opaque compounds, generic words, indicators.

It is what makes generated rules good out of the box: plan2rules draws concept groups from it, and the
matcher expands every rule term to its synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import yamlio
from checker.errors import RulesError
from checker.model import Match

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "rules" / "lexicon"
COMMON_SHARE = 0.25
_TITLE_RE = re.compile(r"《[^》]*》")
_CLAUSE_MARKS = ",;:。,;:"
#: An enumeration of two or more items closed by 等 (公众参与、专家论证、风险评估等), within one clause.
# A concrete thing ending the phrase right after a concept (政务服务|流程, 政府购买服务|目录): the concept
# qualifies it, and the thing is what the requirement is about
_TRAILING_NOUN = re.compile(r"(流程|目录|清单|平台|系统|台账|名录|指南|网站|专栏|热线|窗口|数据库)(?=$|[,;:。、)）])")
_CATEGORY_RE = re.compile(r"(?:程序|环节|步骤|方式|形式|手段|渠道)$")  # a head naming only the kind of its examples
_EXAMPLES_RE = re.compile(r"(?:[^,;:。、]{1,20}、)+[^,;:。、]{1,20}?等")
# Function words and the verbs of plan-speak that join content chunks: what stays between them is content.
_CHUNK_SPLIT = re.compile(
    # 要 only outside the words it makes (纪要, 要求, 重要, 主要); never 内, which sits inside words (内部) as often
    # as after them
    r"[^\u4e00-\u9fff]+|的|和|与|及|或|等|对|在|把|将|向|为|以|由|从|其|并|中|上|下|间"
    r"|(?<![纪摘重主需必概只])要(?![点求素件])"
    r"|进行|运用|探索|基本|建成|年底前|年内|牢固树立|树立|延伸|倾斜"
    r"|进一步|切实|不断|积极|认真|全面|深入|严格|依法|持续|加快|加大|加强|推进|推动|落实|完善|健全|建立|开展|实行"
    r"|实施|执行|做好|坚持|着力|大力|及时|有效|提高|提升|强化|深化|规范|确保|保障|促进|充分|发挥|努力|逐步"
    r"|予以|应当|应|所需|所|需要|须|必须|可以|能够|已经|已|被|使|让|给|之|于|则|而|且|即|又|也|都|均|各|每|本级"
    r"|该|此|这|那|其他|有关|相关|一切|所有|纳入|列入|作为|通过|围绕|结合|按照|根据|依据|针对|关于|不得|不断|更加"
)


@dataclass(frozen=True)
class Indicator:
    name: str
    terms: tuple[str, ...]
    unit: str = "%"


@dataclass(frozen=True)
class Lexicon:
    concepts: tuple[tuple[str, ...], ...] = ()
    compounds: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    indicators: tuple[Indicator, ...] = ()
    sources: tuple[str, ...] = ()
    # (umbrella, its parts): a report naming the umbrella (全面落实三项制度) answers a requirement for a part
    # (落实行政执法公示制度); a part alone does not answer the umbrella
    covers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    _syn: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def synonyms(self, term: str) -> tuple[str, ...]:
        """`term` and every term that shares a concept with it."""
        if not self._syn:
            syn: dict[str, list[str]] = {}
            for concept in self.concepts:
                for t in concept:
                    bucket = syn.setdefault(t, [t])
                    bucket.extend(x for x in concept if x not in bucket)
            own = {k: tuple(v) for k, v in syn.items()}
            for umbrella, parts in self.covers:
                wider = own.get(umbrella, (umbrella,))
                for part in parts:
                    for t in own.get(part, (part,)):
                        bucket = syn.setdefault(t, [t])
                        bucket.extend(x for x in wider if x not in bucket)
            self._syn.update({k: tuple(v) for k, v in syn.items()})
        return self._syn.get(term, (term,))

    def terms(self) -> set[str]:
        """Every term the lexicon knows (concept members, compounds, indicator terms)."""
        out = {t for c in self.concepts for t in c} | set(self.compounds)
        out.update(t for ind in self.indicators for t in ind.terms)
        return out

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Lexicon terms in `text`, leftmost-longest and non-overlapping: concept terms and compounds first,
        generic words (工作, 行政, 依法) only where no concept term stands — so `行政` never hides `行政执法公示`."""
        automaton = self._automaton()
        if automaton is None:
            return []
        hits = sorted(
            ((end - len(t) + 1, end + 1, t) for end, t in automaton.iter(text)), key=lambda h: (h[0], -(h[1] - h[0]))
        )
        members = self._members() | self.compounds
        out: list[tuple[int, int, str]] = []
        taken = bytearray(len(text))
        for want_generic in (False, True):
            reach = 0
            for s, e, t in hits:
                if (t not in members) != want_generic or s < reach or any(taken[s:e]):
                    continue
                out.append((s, e, t))
                taken[s:e] = b"\x01" * (e - s)
                reach = e
        out.sort()
        return out

    def _automaton(self) -> Any:
        if "automaton" not in self._cache:
            import ahocorasick

            terms = sorted(self.terms() | self.generic)  # generic words are found too, so they can be skipped
            a = None
            if terms:
                a = ahocorasick.Automaton()
                for t in terms:
                    a.add_word(t, t)
                a.make_automaton()
            self._cache["automaton"] = a
        return self._cache["automaton"]

    def concepts_in(self, text: str) -> list[tuple[int, str, tuple[str, ...]]]:
        """(position, term, synonym set) of every non-generic concept named in `text`, first mention only.
        The term's end is `position + len(term)`."""
        out: list[tuple[int, str, tuple[str, ...]]] = []
        seen: set[frozenset[str]] = set()
        for s, _, t in self.find(text):
            if t in self.generic or (t in self.compounds and t not in self._members()):
                continue
            syn = self.synonyms(t)
            key = frozenset(syn)
            if key not in seen:
                seen.add(key)
                out.append((s, t, syn))
        return out

    def _members(self) -> set[str]:
        if "members" not in self._cache:
            members = {t for c in self.concepts for t in c}
            members.update(t for ind in self.indicators for t in ind.terms)
            self._cache["members"] = members
        members_: set[str] = self._cache["members"]
        return members_

    def concept_counts(self, texts: Sequence[str]) -> dict[str, int]:
        """For every term, in how many of the texts (a plan's items) its concept is named."""
        counts: dict[frozenset[str], int] = {}
        for text in texts:
            for key in {frozenset(syn) for _, _, syn in self.concepts_in(text)}:
                counts[key] = counts.get(key, 0) + 1
        return {t: n for key, n in counts.items() for t in key}

    def common_concepts(self, texts: Sequence[str], share: float = COMMON_SHARE) -> frozenset[str]:
        """Terms of the concepts named in more than `share` of the texts (a plan's items): in a 法治政府建设 plan,
        `法治政府` says nothing about any one item, so it never makes a concept group on its own."""
        if len(texts) < 8:
            return frozenset()
        return frozenset(t for t, n in self.concept_counts(texts).items() if n > share * len(texts))

    def suggest_match(
        self,
        text: str,
        max_groups: int = 2,
        common: Collection[str] = frozenset(),
        counts: Mapping[str, int] | None = None,
    ) -> Match | None:
        """Concept groups for a plan clause: its most specific known concepts, else the head of its content;
        None when it names only plan-wide concepts (深入推进法治政府建设: a slogan, nothing to check) or only
        generic words (发挥典型引领作用).

        Specific means: not a generic word, not common across the plan (`common`), named in fewer of the plan's
        items (`counts`: 执法人员 recurs, 信息化管理 does not), then a longer term before a shorter one
        (法治教育培训 before 培训); ties go by position so generated rules never depend on hash order.
        """
        named = self.concepts_in(text)
        chosen = self.specific_concepts(text, max_groups, common, counts)
        if len(chosen) == 1 and max_groups > 1:
            # 优化政务服务流程: the concept qualifies the noun that ends the phrase; without it any mention of
            # 政务服务 would do. The noun joins as a group of its own when it is content.
            pos, term, _ = chosen[0]
            m = _TRAILING_NOUN.match(text, pos + len(term))
            if m and m.group(1) not in self.generic and m.group(1) not in common and not self.find(m.group(1)):
                return Match(all=(chosen[0][2], self.synonyms(m.group(1))))
        if chosen:
            return Match(all=tuple(syn for _, _, syn in chosen))
        head = self.content_head(text, common)
        if head:
            return Match(all=((head,),))
        # Nothing but generic words and function words (发挥典型引领作用, 落到实处): a slogan as well.
        if named or any(t in self.generic for _, _, t in self.find(text)):
            return None
        return Match(all=((text.strip()[:8].strip() or text,),))  # [:8] may end in a space

    def specific_concepts(
        self,
        text: str,
        max_groups: int = 2,
        common: Collection[str] = frozenset(),
        counts: Mapping[str, int] | None = None,
    ) -> list[tuple[int, str, tuple[str, ...]]]:
        """The `max_groups` most specific concepts named in `text`, in text order (see suggest_match)."""
        found = [(pos, t, syn) for pos, t, syn in self.concepts_in(text) if not any(x in common for x in syn)]
        # A list closed by 等 before its head names examples of the head (调解、仲裁、行政复议等…多元化纠纷解决
        # 机制): the head is what is required, so the examples step aside when a concept follows the list.
        # With no concept after the list, the examples are what there is to check, and any one answers it
        # (加强预算执行审计、投资审计、经济责任审计等工作 is done by any of those audits): one group for them all.
        # A head that only names the kind of thing listed (公众参与、专家论证…等必备程序) adds nothing to its
        # examples: a report names the steps, not the category, so either answers it.
        examples = _example_spans(text, found)
        if examples:
            heads = [f for f in found if not any(a <= f[0] < b for a, b in examples)]
            after = [f for f in heads if any(f[0] >= b for _, b in examples)]
            if after and all(_CATEGORY_RE.search(t) for _, t, _ in after):
                merged = _merge_examples(found, examples)
                listed = [f for f in merged if f not in heads]
                found = [f for f in heads if f not in after] + [
                    (p, t, tuple(dict.fromkeys(syn + tuple(x for m in listed for x in m[2])))) for p, t, syn in after
                ]
            elif after:
                found = heads
            else:
                found = _merge_examples(found, examples)
        df = counts or {}
        found.sort(key=lambda f: (df.get(f[1], 0), -len(f[1]), f[0]))
        if not found:
            return []
        # The other groups come from the clause of the most specific concept: a plan sentence often strings
        # several acts together (…公示,完善…黑名单制度), and one report sentence rarely names two acts.
        first = found[0]
        lo = max(text.rfind(ch, 0, first[0]) for ch in _CLAUSE_MARKS) + 1
        ends = [i for i in (text.find(ch, first[0]) for ch in _CLAUSE_MARKS) if i != -1]
        hi = min(ends) if ends else len(text)
        chosen = [first, *[f for f in found[1:] if lo <= f[0] < hi][: max_groups - 1]]
        chosen.sort(key=lambda f: f[0])
        return chosen

    def content_head(self, text: str, common: Collection[str] = frozenset()) -> str:
        """The head of a clause's longest content chunk when the lexicon knows none of its words: Chinese noun
        phrases end in their head (防范化解金融风险 → 金融风险)."""
        cleaned = _TITLE_RE.sub(" ", text)
        for s, e, t in sorted(self.find(cleaned), key=lambda h: -h[0]):
            if t in self.generic or t in common or t in self.compounds:
                cleaned = cleaned[:s] + " " + cleaned[e:]
        # The act stands in the first clause; later clauses give its purpose (保障行政相对人合法权益).
        for clause in re.split(r"[,;:。]", cleaned):
            chunks = [c for c in _CHUNK_SPLIT.split(clause) if len(c) >= 2]
            if chunks:
                best = max(chunks, key=len)
                return best if len(best) <= 5 else best[-4:]
        return ""


def _example_spans(text: str, found: list[tuple[int, str, tuple[str, ...]]]) -> list[tuple[int, int]]:
    """Where the 等-lists of `text` stand. Of the text before the first 、 only its last concept is an example:
    in 发挥法律顾问在重大决策、行政执法等方面的作用 the examples are 重大决策 and 行政执法, not 法律顾问."""
    spans = []
    for m in _EXAMPLES_RE.finditer(text):
        first_sep = text.index("、", m.start())
        before = [f for f in found if m.start() <= f[0] < first_sep]
        start = max(before, key=lambda f: (f[0] + len(f[1]), -f[0]))[0] if before else first_sep
        spans.append((start, m.end()))
    return spans


def _merge_examples(
    found: list[tuple[int, str, tuple[str, ...]]], examples: list[tuple[int, int]]
) -> list[tuple[int, str, tuple[str, ...]]]:
    """The concepts inside each 等-list as one: at the first one's place, with every member's synonyms."""
    out = list(found)
    for a, b in examples:
        members = sorted(f for f in found if a <= f[0] < b)
        # a term inside another example's (审计 of 金融审计, within 投资审计) is their shared head, no example
        inside = [f for f in members if not any(f[1] != g[1] and f[1] in g[1] for g in members)]
        if len(inside) >= 2:
            out = [f for f in out if f not in members]
            out.append((inside[0][0], inside[0][1], tuple(dict.fromkeys(t for _, _, syn in inside for t in syn))))
    return out


def _check_shape(data: dict[str, Any], marks: yamlio.Marks, path: str) -> None:
    """Raise RulesError (with line:col) unless concepts are lists of terms, compounds/generic lists of terms,
    and indicators mappings with a name."""

    def fail(where: tuple[str | int, ...], message: str) -> None:
        line, col = yamlio.mark_of(marks, where)
        raise RulesError(message, path=path, line=line, col=col)

    def terms(value: Any, where: tuple[str | int, ...], what: str) -> None:
        if not isinstance(value, list):
            fail(where, f"{what} must be a list of terms")
        for k, t in enumerate(value):
            if not isinstance(t, str | int | float) or isinstance(t, bool):
                fail((*where, k), f"{what}: each term is a word, not {type(t).__name__}")

    for key in ("compounds", "generic"):
        terms(data.get(key) or [], (key,), key)
    concepts = data.get("concepts") or []
    if not isinstance(concepts, list):
        fail(("concepts",), "concepts must be a list of synonym lists")
    for i, c in enumerate(concepts):
        terms(c, ("concepts", i), "a concept")
    covers = data.get("covers") or {}
    if not isinstance(covers, dict):
        fail(("covers",), "covers must map an umbrella term to the list of its parts")
    for umbrella, parts in covers.items():
        terms(parts, ("covers", umbrella), f"the parts of {umbrella}")
    indicators = data.get("indicators") or []
    if not isinstance(indicators, list):
        fail(("indicators",), "indicators must be a list of {name, terms, unit}")
    for i, ind in enumerate(indicators):
        if not isinstance(ind, dict) or not isinstance(ind.get("name"), str) or not ind["name"]:
            fail(("indicators", i), "each indicator needs a name")
        terms(ind.get("terms") or [], ("indicators", i, "terms"), "indicator terms")


def load(paths: list[Path] | None = None) -> Lexicon:
    """Load and merge lexicon files (default: every *.yaml in rules/lexicon/).

    Read through yamlio, which imports PyYAML on first use and uses its C loader when built (9x faster
    than the pure-Python one on the shipped lexicon)."""
    if paths is None:
        paths = sorted(DEFAULT_DIR.glob("*.yaml")) if DEFAULT_DIR.is_dir() else []
    concepts: list[tuple[str, ...]] = []
    compounds: set[str] = set()
    generic: set[str] = set()
    indicators: list[Indicator] = []
    covers: list[tuple[str, tuple[str, ...]]] = []
    for path in paths:
        # yamlio: size limit, aliases refused (an alias bomb), errors with line:col; then the shape
        data, marks = yamlio.load(str(path), what="lexicon file")
        data = data or {}
        if not isinstance(data, dict) or data.get("schema") != "plancheck/lexicon/v1":
            raise RulesError("not a lexicon file (expected schema: plancheck/lexicon/v1)", path=str(path))
        _check_shape(data, marks, str(path))
        concepts.extend(tuple(str(t) for t in c) for c in data.get("concepts") or [])
        compounds.update(str(t) for t in data.get("compounds") or [])
        generic.update(str(t) for t in data.get("generic") or [])
        covers.extend((str(u), tuple(str(t) for t in parts)) for u, parts in (data.get("covers") or {}).items())
        for ind in data.get("indicators") or []:
            indicators.append(
                Indicator(
                    str(ind["name"]),
                    tuple(str(t) for t in ind.get("terms") or [ind["name"]]),
                    str(ind.get("unit", "%")),
                )
            )
    return Lexicon(
        tuple(concepts),
        frozenset(compounds),
        frozenset(generic),
        tuple(indicators),
        tuple(map(str, paths)),
        tuple(covers),
    )
