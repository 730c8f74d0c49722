"""A work plan (工作要点 / 实施方案 / 任务分解) → obligations with owners, requirements and targets.

`parse(doc)` reads the plan's layout (structure), its 责任单位 (owners), and splits every item into checkable
requirements (requirements); `to_rules` / `dump_rules` turn the result into a draft rules file for review.

Decisions (each is a plan reader's call, written down so a reviewer can disagree with a specific rule):
- Obligations are the numbered items that carry owners. An item whose sub-items carry owners is a heading;
  an item whose sub-items carry none is one obligation with the sub-items folded in. A section without items
  is an obligation only if it names owners or states a target.
- Not obligations: the notice and preamble before the first heading; text after an item's owners (closing
  paragraph, page footer); items without owners under 总体要求/指导思想/基本原则 or titled 指导思想/主要原则/
  总体目标 (jingkai (一)…(三)).
- `ref` is the item's number as printed in the source (（一） stays full-width); every other text is NFKC.
- Ids are the items' own numbers zero-padded ("04" for (四)) when every obligation has a distinct number,
  otherwise positions ("01", "02", …). Requirement ids are `<obligation>-<n>`.
- `title` is the item's text up to the first 。 (cut at the first comma past 60 characters); `text` is the
  whole item without its owner statement. A short first sentence without commas or targets is the title only
  and yields no requirement of its own.
- An economic plan's target list (地区生产总值增长8.5%左右;…;失业率控制在4.5%以内) becomes one obligation per
  target, all with the item's `ref`; a unit list in brackets after a target owns that target.
- Owners are registry names: a run-together list is split, a short form (经发局) folds into the plan's longer
  form (区经发局), a probable typo folds into the more frequent name, and a parenthetical (卫健委) becomes an
  alias; the printed forms stay as aliases in the registry and every fold is reported as a problem.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from checker.lexicon import Lexicon
from checker.model import Document, Match, Obligation, Owners, PlanInfo, Problem, Requirement, Severity, Unit
from checker.numerals import parse_cn_int
from checker.plan import owners as own
from checker.plan import requirements as req
from checker.plan.rules_yaml import dump_rules, to_rules
from checker.plan.structure import Block, build, plan_info, printed
from checker.textutil import compact

__all__ = ["Plan", "dump_rules", "parse", "to_rules"]

_FRAMING_SECTION_RE = re.compile(r"总体要求|指导思想|基本原则|主要原则|工作原则|总体思路|总体目标")
_FRAMING_TITLE_RE = re.compile(r"^(?:指导思想|基本原则|主要原则|工作原则|总体目标|总体思路|目标要求|工作目标)$")
_ID_RE = re.compile(r"[^A-Za-z0-9._-]+")
# Carrying out (落实/执行…) a mechanism or system, as against setting one up (建立/健全…)
_CARRY_OUT = re.compile(r"(?:严格|全面|认真|切实|进一步)?(?:贯彻落实|落实|执行|实行|执行好|落实好)")
# A prohibition (不得以会签代替合法性审查, 严禁…): what a report can evidence is acts, not abstentions, and the
# annotators' clauses leave prohibitions out.
_PROHIBITION = re.compile(r"不得|严禁|禁止|不准|杜绝")
# A mindset to hold (牢固树立依法决策意识, 增强法治观念): no act a report can show
_MINDSET = re.compile(r"(?:树立|增强|强化|提高)[^,;。]{0,12}(?:意识|理念|观念)$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ENUMERATOR = re.compile(r"[、,和及与或]|以及|和各类|及其")
_LIST_SEPARATOR = re.compile(r"[、及与]|以及")
MAX_GROUPS = 2  # every group must occur in one report sentence: more groups, fewer matches


@dataclass(frozen=True)
class Plan:
    """A parsed work plan: its obligations, the unit registry built from their owners, and what looked odd."""

    info: PlanInfo
    obligations: tuple[Obligation, ...]
    units: tuple[Unit, ...]
    problems: tuple[Problem, ...]


@dataclass
class _Item:
    """An obligation in the making: the block, its section, and the blocks folded into it."""

    block: Block
    section: str
    folded: list[Block] = field(default_factory=list)
    inherited: list[own.Owner] = field(default_factory=list)
    leaf_section: bool = False


@dataclass
class _Draft:
    """An obligation before ids, registry names and match patterns."""

    ref: str
    section: str
    title: str
    text: str
    lead: list[own.Owner]
    support: list[own.Owner]
    drafts: list[req.Draft]
    offset: int


class _Parser:
    """One parse: the document, the lexicon, and the problems met on the way."""

    def __init__(self, doc: Document, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.problems: list[Problem] = []
        self.spans: dict[int, list[own.OwnerSpan]] = {}
        self._terms = lexicon.terms() - lexicon.generic
        self.common: frozenset[str] = frozenset()  # concepts named across much of the plan: never a group alone
        self.counts: dict[str, int] = {}  # in how many items each concept is named: fewer is more specific

    # ------------------------------------------------------------------ problems and offsets

    def problem(self, severity: Severity, code: str, message: str, offset: int | None) -> None:
        line, col = self.doc.locate(offset) if offset is not None else (0, 0)
        self.problems.append(Problem(severity, message, source=self.doc.path, line=line, col=col, code=code))

    @staticmethod
    def doc_offset(block: Block, raw_index: int) -> int:
        """Offset in Document.text of `block.raw()[raw_index]`."""
        pos = 0
        for offset, text in block.lines:
            if raw_index <= pos + len(text):
                return offset + max(0, raw_index - pos)
            pos += len(text) + 1
        return block.offset

    # ------------------------------------------------------------------ owners

    def spans_of(self, block: Block) -> list[own.OwnerSpan]:
        if id(block) not in self.spans:
            spans = own.find_spans(block.raw())
            # Table cells become spans of their own, empty (0, 0): nothing to cut from the task text.
            if block.table is not None:
                for role in ("lead", "support"):
                    cell = block.table.get(role)
                    if cell:
                        found, persons, etc = own.parse_unit_list(cell, role, 0)
                        spans.append(own.OwnerSpan(0, 0, found, persons, etc))
            for span in spans:
                for o in span.owners:
                    o.offset = self.doc_offset(block, o.offset) if span.end else block.table_offsets.get(o.role, 0)
                for person in span.persons:
                    self.problem(
                        Severity.WARNING,
                        "owner-person",
                        f"{block.marker} 责任单位 names a person, not a unit: {person} (left out of the owners)",
                        self.doc_offset(block, span.start),
                    )
            self.spans[id(block)] = spans
        return self.spans[id(block)]

    def owned(self, block: Block) -> bool:
        return any(s.owners for s in self.spans_of(block)) or any(self.owned(c) for c in block.children)

    # ------------------------------------------------------------------ which blocks are obligations

    def select(self, block: Block, section: str, inherited: list[own.Owner], out: list[_Item]) -> None:
        for child in block.children:
            if child.level == 1:
                label = section_label(child)
                if child.children:
                    self.select(child, label, [], out)
                else:
                    out.append(_Item(child, label, leaf_section=True))
                continue
            if not child.children:
                out.append(_Item(child, section, inherited=inherited))
                continue
            kids = [c for c in child.children if self.owned(c)]
            lifted = (
                len(kids) == 1
                and kids[0] is child.children[-1]
                and kids[0].owner_line_only
                and not kids[0].children
                and len(child.children) >= 2
            )
            if not kids or lifted:
                out.append(_Item(child, section, folded=list(_descendants(child)), inherited=inherited))
            else:
                mine = [o for s in self.spans_of(child) for o in s.owners] or inherited
                self.select(child, section, mine, out)

    def framing(self, item: _Item, title: str) -> bool:
        """总体要求/指导思想 items without owners are the plan's framing, not obligations."""
        return bool(_FRAMING_SECTION_RE.search(item.section) or _FRAMING_TITLE_RE.match(title))

    # ------------------------------------------------------------------ one item

    def clean(self, block: Block) -> str:
        """The block's text without its owner statements and line breaks."""
        raw = block.raw()
        cuts = sorted((s.start, s.end) for s in self.spans_of(block) if s.end)
        pieces: list[str] = []
        pos = 0
        for s, e in cuts:
            pieces.append(raw[pos:s])
            pos = max(pos, e)
        pieces.append(raw[pos:])
        text = re.sub(r"\s*\n\s*", "", "".join(pieces))
        return compact(text).text.strip()

    def item(self, item: _Item) -> list[_Draft]:
        block = item.block
        ref = printed(self.doc, block.marker_start, block.marker) if block.marker else ""
        blocks = [block, *item.folded]
        lead: list[own.Owner] = []
        support: list[own.Owner] = []
        for b in blocks:
            for span in self.spans_of(b):
                for o in span.owners:
                    (lead if o.role == "lead" else support).append(o)
        if not lead and not support:
            lead = list(item.inherited)
        head = self.clean(block)
        parts = [head] + [self.clean(b) for b in item.folded]
        text = "".join([head] + [(b.marker + t) for b, t in zip(item.folded, parts[1:], strict=True) if t or b.marker])
        sentences = req.split_outside(head, "。") if head else []
        first = sentences[0] if sentences else ""
        title = first if len(first) <= 60 else req.split_outside(first, ",;")[0][:60]
        if not title:
            title = block.title_line[:60] or ref or "(untitled)"
        if not (lead or support) and self.framing(item, title):
            self.problem(
                Severity.INFO,
                "not-obligation",
                f"{ref}{title}: framing without 责任单位 under {item.section or 'the preamble'}, not an obligation",
                block.offset,
            )
            return []
        result = req.split(parts, title=first if first and req.is_title(first) else "")
        drafts = result.drafts
        for clause in result.unparsed:
            self.problem(
                Severity.WARNING,
                "target-unparsed",
                f"{ref} looks like a target but was not read as one: {clause}",
                block.offset,
            )
        if not drafts and title:
            drafts = req.split([title]).drafts or [req.Draft(req.Kind.MENTION, title)]
        if block.table and block.table.get("due"):
            due, within, _ = req.deadline(block.table["due"])
            drafts = req.with_due(drafts, due, within)
        targets = any(d.target or d.due or d.within_days for d in drafts)
        if item.leaf_section and not (lead or support) and not targets:
            self.problem(
                Severity.INFO,
                "not-obligation",
                f"{item.section}: a section without items, 责任单位 or targets, not an obligation",
                block.offset,
            )
            return []
        if req.is_target_list(drafts, result.unparsed):
            return self.explode(item, ref, drafts, lead, support)
        return [_Draft(ref, item.section, title, text, lead, support, drafts, block.offset)]

    def explode(
        self, item: _Item, ref: str, drafts: list[req.Draft], lead: list[own.Owner], support: list[own.Owner]
    ) -> list[_Draft]:
        """One obligation per target of a target list; a bracketed unit list after a target owns it."""
        block = item.block
        per_target: dict[int, tuple[list[own.Owner], list[own.Owner]]] = {}
        claimed: set[int] = set()
        raw = block.raw()
        for span in self.spans_of(block):
            if not span.end:
                continue
            before = raw[: span.start]
            segment = re.split(r"[;。:]", before)[-1]
            segment_text = compact(re.sub(r"\s+", "", segment)).text
            for k, d in enumerate(drafts):
                if k not in per_target and segment_text and segment_text.endswith(d.text):
                    per_target[k] = (
                        [o for o in span.owners if o.role == "lead"],
                        [o for o in span.owners if o.role == "support"],
                    )
                    claimed.add(id(span))
                    break
        rest = [o for s in self.spans_of(block) if id(s) not in claimed for o in s.owners]
        rest_lead = [o for o in rest if o.role == "lead"] or (lead if not per_target else [])
        rest_support = [o for o in rest if o.role == "support"] or (support if not per_target else [])
        out: list[_Draft] = []
        for k, d in enumerate(drafts):
            t_lead, t_support = per_target.get(k, (rest_lead, rest_support))
            out.append(_Draft(ref, item.section, d.text, d.text, t_lead, t_support, [d], block.offset))
        return out

    # ------------------------------------------------------------------ match patterns

    def match(self, draft: req.Draft) -> Match | None:
        """Concept groups for a requirement: the lexicon's suggestion; for a count or level, the key terms of
        its metric come first (an indicator brings all its names), and the suggestion fills up to MAX_GROUPS.
        None for a clause that names only plan-wide concepts (a slogan such as 深入推进法治政府建设)."""
        if (_PROHIBITION.search(draft.text) or _MINDSET.search(draft.text)) and "," not in draft.text:
            return None  # 会议纪要不得作为执法依据, 树立依法决策意识: a report evidences acts
        text = ",".join(c for c in draft.text.split(",") if not req.REFERS_BACK.search(c)) or draft.text
        if draft.due or draft.within_days:
            span = req.deadline(text)[2]
            if span:  # the date says when, not what: it is no evidence of the act
                text = (text[: span[0]] + text[span[1] :]).strip(" ,")
        suggested = self.carried_out(
            text, self.lexicon.suggest_match(text or draft.text, common=self.common, counts=self.counts)
        )
        if draft.target is None or not draft.target.metric:
            return suggested
        groups = self.metric_groups(draft.target.metric, draft.kind is req.Kind.COUNT)
        if any(groups == [ind.terms] for ind in self.lexicon.indicators):
            return Match(all=tuple(groups))  # an indicator names what is measured; 增长/控制在 is the target's wording
        if suggested is not None and suggested.all and suggested.all[0][0] in self._terms:
            for g in suggested.all:  # (a suggestion outside the lexicon is only the text's head: skip it)
                if len(groups) < MAX_GROUPS and not any(a in b or b in a for a in g for x in groups for b in x):
                    groups.append(g)
        if groups:
            return Match(all=tuple(groups))
        return suggested

    def carried_out(self, text: str, match: Match | None) -> Match | None:
        """落实合法性审核机制 is done by carrying out the reviews (均经合法性审核), not only by naming the
        mechanism: to implement a 机制 or 制度, the work it governs counts too. (建立…机制 still asks for one.)"""
        if match is None or not _CARRY_OUT.match(text):
            return match
        groups = []
        for g in match.all:
            work = [t[:-2] for t in g if t.endswith(("机制", "制度")) and t[:-2] in self._terms]
            groups.append(tuple(dict.fromkeys(g + tuple(x for w in work for x in self.lexicon.synonyms(w)))))
        return dataclasses.replace(match, all=tuple(groups))

    def split_acts(self, draft: req.Draft, match: Match | None) -> list[tuple[req.Draft, Match | None]]:
        """A mention that strings several acts together (拓宽社会监督渠道,完善举报投诉制度,建立…机制) is checked
        act by act: one requirement per clause that names a specific concept; clauses naming none are framing."""
        if match is None or draft.kind is not req.Kind.MENTION:
            return self.split_enumeration(draft, match)
        clauses = [c.strip() for c in re.split(r"[,;。]", draft.text) if c.strip()]
        if len(clauses) < 2:
            return self.split_enumeration(draft, match)
        out: list[tuple[req.Draft, Match | None]] = []
        for clause in clauses:
            if out and req.REFERS_BACK.search(clause):
                # 修订完善依法行政考核标准,把打造法治政务环境纳入其中: part of the act before it, not one of its own
                last, m = out[-1]
                out[-1] = (dataclasses.replace(last, text=f"{last.text},{clause}"), m)
                continue
            if (
                _PROHIBITION.search(clause)
                or _MINDSET.search(clause)
                or not self.lexicon.specific_concepts(clause, 1, self.common, self.counts)
            ):
                continue
            part = req.Draft(draft.kind, clause)
            suggested = self.lexicon.suggest_match(clause, common=self.common, counts=self.counts)
            out.extend(self.split_enumeration(part, self.carried_out(clause, suggested)))
        kept: list[tuple[req.Draft, Match | None]] = [(d, m) for d, m in out if m is not None]
        return kept or self.split_enumeration(draft, match)

    def split_enumeration(self, draft: req.Draft, match: Match | None) -> list[tuple[req.Draft, Match | None]]:
        """Two objects in a row (设立法律顾问、公职律师) are two things to evidence: one requirement each."""
        if match is None or draft.kind is not req.Kind.MENTION or len(match.all) != 2:
            return [(draft, match)]
        chosen = self.lexicon.specific_concepts(draft.text, 2, self.common, self.counts)
        if len(chosen) != 2 or tuple(syn for _, _, syn in chosen) != match.all:
            return [(draft, match)]
        (p1, t1, _), (p2, t2, _) = chosen
        if _ENUMERATOR.fullmatch(draft.text[p1 + len(t1) : p2]):
            tail = draft.text[p2 + len(t2) :].split(",")[0]
            if len(_HAN.findall(tail)) >= 2:
                # the two qualify a head after them (初任培训、任职培训中法律知识培训; 法律知识考查和依法行政能力
                # 测试机制; 社会监督、舆论监督渠道): one requirement, answered by either
                return [(draft, Match(all=(tuple(dict.fromkeys(match.all[0] + match.all[1])),)))]
            # each object with the words around the pair: 设立法律顾问 and 设立公职律师, not the same text twice
            head, rest = draft.text[:p1], draft.text[p2 + len(t2) :]
            return [
                (req.Draft(draft.kind, head + term + rest, draft.target, draft.due, draft.within_days), Match(all=(g,)))
                for term, g in ((t1, match.all[0]), (t2, match.all[1]))
            ]
        # 做好三项制度的学习培训、贯彻落实及跟踪评估工作: a list of acts on one object, one of them generic —
        # any work on the object answers it, so the object alone is the match.
        segments = _LIST_SEPARATOR.split(draft.text)
        if len(segments) >= 3:
            middle = segments[1:-1]
            if any(not self.lexicon.specific_concepts(seg, 1, self.common, self.counts) for seg in middle):
                head = segments[0]  # …的学习培训: the object, then the list's first item touching the separator
                objects = [
                    (pos, t, syn)
                    for pos, t, syn in self.lexicon.specific_concepts(head, 3, self.common, self.counts)
                    if pos + len(t) < len(head)
                ]
                if objects:
                    return [(draft, Match(all=(objects[0][2],)))]
        return [(draft, match)]

    def metric_groups(self, metric: str, count: bool) -> list[tuple[str, ...]]:
        """Key terms of what a target counts or measures: an indicator, lexicon terms, or the head noun."""
        for ind in self.lexicon.indicators:
            if any(t in metric for t in ind.terms):
                return [ind.terms]
        if any(t in metric for t in self._terms):
            # the plan's theme (依法行政 in a 依法行政 plan) is no more what is counted than it is what is done
            suggested = self.lexicon.suggest_match(metric, common=self.common, counts=self.counts)
            if suggested is not None:
                return list(suggested.all)
        han = re.sub(r"[^\u4e00-\u9fff]", "", re.sub(r"(?:次数|工作|活动)$", "", metric))
        if count:
            head = han[-2:]  # Chinese noun phrases end in their head: 专题法治讲座 → 讲座
        elif len(han) <= 10:
            head = han
        else:
            tail = metric.rsplit("的", 1)[-1]
            head = tail if 2 <= len(tail) <= 10 else han[-4:]  # a long tail (no 的 at all) is no term
        return [self.lexicon.synonyms(head)] if head else []


def _descendants(block: Block) -> list[Block]:
    out: list[Block] = []
    for c in block.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def section_label(block: Block) -> str:
    """一、加强政府工作人员依法行政能力建设 — the marker and the heading's words up to the first 。."""
    title = block.title_line.split("。")[0]
    return f"{block.marker}{title}"


def _ordinal(ref: str) -> int | None:
    m = re.search(r"\d+", ref)
    if m:
        return int(m.group())
    m = re.search(r"[零〇一二两三四五六七八九十百]+", ref)
    return parse_cn_int(m.group()) if m else None


def _plan_id(doc: Document, plan_id: str | None, parser: _Parser) -> str:
    wanted = plan_id or Path(doc.path).stem
    clean = _ID_RE.sub("-", wanted).strip("-._")[:80] or "plan"
    if clean != wanted:
        parser.problem(Severity.WARNING, "plan-id", f"plan id {wanted!r} is not a valid id; using {clean!r}", None)
    return clean


def parse(doc: Document, *, plan_id: str | None = None, lexicon: Lexicon | None = None) -> Plan:
    """Parse a plan document into obligations, a unit registry and the problems met (never raises on content)."""
    if lexicon is None:
        from checker.lexicon import load

        lexicon = load()
    p = _Parser(doc, lexicon)
    root, preamble = build(doc)
    info = plan_info(doc, preamble, _plan_id(doc, plan_id, p))
    items: list[_Item] = []
    p.select(root, "", [], items)
    drafts = [d for it in items for d in p.item(it)]
    # The plan's theme (法治政府 in a 法治政府建设 plan: named in its title or across its items) never makes
    # a concept group on its own: it says nothing about any one obligation.
    theme = {t for _, _, syn in _theme_concepts(lexicon, info.title) for t in syn}
    p.common = lexicon.common_concepts([d.text for d in drafts]) | frozenset(theme)
    p.counts = lexicon.concept_counts([d.text for d in drafts])

    all_owners = [d.lead + d.support for d in drafts]
    resolution = own.resolve(all_owners, _plan_prefix(all_owners))
    _report_resolution(p, resolution, all_owners)

    numbers = [_ordinal(d.ref) for d in drafts]
    by_number = all(n is not None for n in numbers) and len(set(numbers)) == len(numbers)
    top = max((n for n in numbers if n is not None), default=0) if by_number else len(drafts)
    width = max(2, len(str(top)))
    obligations: list[Obligation] = []
    etc_refs: list[tuple[str, int]] = []
    has_owners = any(d.lead or d.support for d in drafts)
    for i, d in enumerate(drafts, start=1):
        oid = str(numbers[i - 1] if by_number else i).zfill(width)
        lead = _names(d.lead, resolution)
        support = [n for n in _names(d.support, resolution) if n not in lead]
        if not lead and support:
            lead, support = support, []
        if not lead and has_owners:
            p.problem(Severity.WARNING, "owner-missing", f"{d.ref}{d.title}: no 责任单位 found", d.offset)
        matched = [pair for r in d.drafts for pair in p.split_acts(r, p.match(r))]
        kept = [(r, m) for r, m in matched if m is not None]
        if not kept:  # only slogans: check the item as a whole, by its title
            m = lexicon.suggest_match(d.title) or Match(all=((d.title[:8],),))
            kept = [(d.drafts[0], m)] if d.drafts else []
        elif len(kept) < len(matched):
            dropped = "; ".join(r.text for r, m in matched if m is None)
            p.problem(
                Severity.INFO,
                "requirement-slogan",
                f"{d.ref}: left out as naming nothing a report can evidence (a slogan, a prohibition, a mindset):"
                f" {dropped}",
                d.offset,
            )
        requirements = tuple(
            Requirement(
                id=f"{oid}-{k}",
                kind=r.kind,
                text=r.text,
                match=m,
                target=r.target,
                due=r.due,
                within_days=r.within_days,
            )
            for k, (r, m) in enumerate(kept, start=1)
        )
        line = doc.locate(d.offset)[0]
        obligations.append(
            Obligation(oid, d.ref, d.section, d.title, d.text, Owners(tuple(lead), tuple(support)), requirements, line)
        )
    for it in items:
        if any(s.etc for b in [it.block, *it.folded] for s in p.spans_of(b)):
            etc_refs.append((printed(doc, it.block.marker_start, it.block.marker), it.block.offset))
    if etc_refs:
        refs = "、".join(r for r, _ in etc_refs[:5]) + ("…" if len(etc_refs) > 5 else "")
        p.problem(
            Severity.INFO,
            "owner-etc",
            f"{len(etc_refs)} items end their 责任单位 with 等/等部门 ({refs}): "
            "only the listed units are owners; add the others by hand",
            etc_refs[0][1],
        )
    if not has_owners and obligations:
        p.problem(Severity.WARNING, "owner-missing", "the plan names no 责任单位: obligations have no owners", None)
    if not obligations:
        p.problem(Severity.ERROR, "no-obligations", "no numbered items found: nothing to check", None)
    problems = sorted(p.problems, key=lambda x: (x.line == 0, x.line, x.col))
    return Plan(info, tuple(obligations), resolution.units, tuple(problems))


# The document kind that ends a plan's title (…工作要点, …实施方案(2022—2025年)): what the plan is, not what it is
# about — an item may ask for one of its own (制定年度工作要点), so it is no theme.
_GENRE_RE = re.compile(r"(?:方案|办法|规定|意见|细则|规划|计划|要点|纲要)$")
_TITLE_PERIOD_RE = re.compile(r"\s*\([^()]*\)\s*$")


def _theme_concepts(lexicon: Lexicon, title: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """The concepts a plan's title names, without its genre (工作要点 in 赤壁市2019年…法治政府工作要点)."""
    core = _TITLE_PERIOD_RE.sub("", title)
    return [
        (pos, term, syn)
        for pos, term, syn in lexicon.concepts_in(core)
        if not (pos + len(term) == len(core) and _GENRE_RE.search(term))
    ]


def _plan_prefix(owner_lists: list[list[own.Owner]]) -> str:
    """The plan's own level (市 / 区 / 县): the first character most of its units share."""
    firsts = Counter(o.name[0] for ol in owner_lists for o in ol if o.name[0] in "市区县" and not own.is_group(o.name))
    return firsts.most_common(1)[0][0] if firsts else ""


def _names(owners: list[own.Owner], resolution: own.Resolution) -> list[str]:
    out: list[str] = []
    for o in owners:
        for part in resolution.splits.get(o.name, [o.name]):
            name = resolution.canonical.get(part, part)
            if name not in out:
                out.append(name)
    return out


def _report_resolution(p: _Parser, r: own.Resolution, owner_lists: list[list[own.Owner]]) -> None:
    """One problem per fold the registry made, at the first place the printed name occurs."""

    def first(name: str) -> int | None:
        owners = [o for ol in owner_lists for o in ol]
        exact = next((o.offset for o in owners if o.name == name), None)
        return exact if exact is not None else next((o.offset for o in owners if name in o.name), None)

    reported: set[str] = set()
    for ol in owner_lists:
        for o in ol:
            token = o.printed or o.name
            if token in reported:
                continue
            pieces = _names([x for x in ol if (x.printed or x.name) == token], r)
            if len(pieces) > 1:
                reported.add(token)
                p.problem(
                    Severity.INFO,
                    "owner-split",
                    f"责任单位 {token} has no separator: read as {'、'.join(pieces)}",
                    o.offset,
                )
    for short, full in r.short_forms.items():
        p.problem(Severity.INFO, "owner-alias", f"责任单位 {short} read as {full} (short form)", first(short))
    for typo, (suggestion, uses) in r.typos.items():
        p.problem(
            Severity.WARNING,
            "owner-typo",
            f"责任单位 {typo} looks like a typo of {suggestion} (named in {uses} items); "
            "registered as its alias — correct the plan or split them in the rules",
            first(typo),
        )
