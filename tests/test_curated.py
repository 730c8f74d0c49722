"""Meta-tests for the curated rules (rules/*.yaml) and the shared lexicon (rules/lexicon/*.yaml).

They check shape (schema, ids, owners, refs, targets), and that every requirement's examples agree with
its match: a positive example must satisfy every concept group, a negative one must miss a group or hit
an exclusion. Two matchers are used: a plain substring check (what the brief asks for), and a stricter
leftmost-longest tokenisation over one shared vocabulary (how the real matcher is specified in
docs/rules-format.md), so a longer vocabulary term swallowing a shorter one is caught here, not in a report.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
LEXICON_DIR = RULES / "lexicon"
SCHEMA = ROOT / "checker" / "rules.schema.json"

RULE_FILES = sorted(RULES.glob("*.yaml"))
LEXICON_FILES = sorted(LEXICON_DIR.glob("*.yaml"))

CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def cn(n: int) -> str:
    """1..99 as printed in a plan's item numbers: 十, 十六, 二十, 二十八, 三十七."""
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUM[tens - 1]
    return head + "十" + (CN_NUM[ones - 1] if ones else "")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def rules_data() -> dict[str, dict[str, Any]]:
    return {p.stem: load(p) for p in RULE_FILES}


@cache
def lexicon_data() -> dict[str, dict[str, Any]]:
    return {p.stem: load(p) for p in LEXICON_FILES}


@cache
def synonyms() -> dict[str, frozenset[str]]:
    """term → every term sharing a concept with it (as checker.lexicon.Lexicon.synonyms does)."""
    syn: dict[str, set[str]] = {}
    for lex in lexicon_data().values():
        for concept in lex.get("concepts") or []:
            for t in concept:
                syn.setdefault(str(t), {str(t)}).update(str(x) for x in concept)
    return {k: frozenset(v) for k, v in syn.items()}


@cache
def lexicon_terms() -> frozenset[str]:
    out: set[str] = set()
    for lex in lexicon_data().values():
        out.update(str(t) for c in lex.get("concepts") or [] for t in c)
        out.update(str(t) for t in lex.get("compounds") or [])
        for ind in lex.get("indicators") or []:
            out.update(str(t) for t in ind.get("terms") or [ind["name"]])
    return frozenset(out)


@cache
def generic_terms() -> frozenset[str]:
    return frozenset(str(t) for lex in lexicon_data().values() for t in lex.get("generic") or [])


def requirements() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    out = []
    for stem, data in rules_data().items():
        for ob in data["obligations"]:
            for req in ob["requirements"]:
                out.append((stem, ob, req))
    return out


@cache
def rule_terms() -> frozenset[str]:
    out: set[str] = set()
    for _, _, req in requirements():
        m = req["match"]
        out.update(str(t) for g in m["all"] for t in g)
        out.update(str(t) for t in m.get("none") or [])
    return frozenset(out)


@cache
def vocabulary(with_generic: bool) -> tuple[str, ...]:
    """The one vocabulary the matcher tokenises with: every lexicon and rule term (longest first)."""
    v = set(lexicon_terms()) | set(rule_terms())
    if with_generic:
        v |= generic_terms()
    return tuple(sorted(v, key=len, reverse=True))


def tokens(text: str, with_generic: bool) -> list[str]:
    """Leftmost-longest, non-overlapping matches of the vocabulary in `text`."""
    vocab = vocabulary(with_generic)
    out, i = [], 0
    while i < len(text):
        for t in vocab:
            if text.startswith(t, i):
                out.append(t)
                i += len(t)
                break
        else:
            i += 1
    return out


def expand(group: list[str], expand_terms: bool = True) -> set[str]:
    out: set[str] = set()
    for t in group:
        out.add(str(t))
        if expand_terms:
            out.update(synonyms().get(str(t), ()))
    return out


def req_ids() -> list[str]:
    return [f"{stem}:{req['id']}" for stem, _, req in requirements()]


# --------------------------------------------------------------------------- files and schema


def test_there_are_curated_files() -> None:
    assert {"chibi-2019", "jingkai-2022-2025"} <= set(rules_data())
    assert {"fazhi", "economy"} <= set(lexicon_data())


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rules_file_validates_against_the_schema(path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = load(path)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert data["plan"]["id"] == path.stem


@pytest.mark.parametrize("path", LEXICON_FILES, ids=lambda p: p.name)
def test_lexicon_file_has_the_lexicon_fields(path: Path) -> None:
    data = load(path)
    assert data["schema"] == "plancheck/lexicon/v1"
    assert data.get("name") == path.stem
    assert set(data) <= {"schema", "name", "description", "concepts", "compounds", "generic", "indicators", "covers"}
    members = {t for c in data.get("concepts") or [] for t in c}
    for umbrella, parts in (data.get("covers") or {}).items():  # both sides are concepts of the file
        assert umbrella in members and parts and set(parts) <= members, (umbrella, parts)
    for concept in data.get("concepts") or []:
        # a one-term concept is allowed: it makes the term known to plan2rules (suggest_match)
        assert isinstance(concept, list) and len(concept) >= 1, concept
        assert all(isinstance(t, str) for t in concept), concept
        assert len(set(concept)) == len(concept), f"duplicate term in {concept}"
    for key in ("compounds", "generic"):
        assert all(isinstance(t, str) for t in data.get(key) or []), key
    for ind in data.get("indicators") or []:
        assert set(ind) <= {"name", "terms", "unit"} and ind["name"] and ind["terms"], ind
        assert all(isinstance(t, str) for t in ind["terms"]), ind


def test_lexicon_loads_through_the_checker() -> None:
    from checker import lexicon

    lex = lexicon.load(LEXICON_FILES)
    assert len(lex.concepts) > 100
    assert "行政协议" in lex.compounds
    assert {i.name for i in lex.indicators} >= {"地区生产总值", "固定资产投资", "城镇登记失业率"}
    assert "负责人出庭" in lex.synonyms("出庭应诉")


def test_lexicon_terms_are_at_least_two_characters() -> None:
    short = sorted(t for t in lexicon_terms() | generic_terms() if len(t) < 2)
    assert not short


def test_lexicon_term_belongs_to_one_concept_per_file() -> None:
    """A term in two sets of one file would silently merge them (synonyms are unioned)."""
    for stem, lex in lexicon_data().items():
        seen: dict[str, int] = {}
        for i, concept in enumerate(lex.get("concepts") or []):
            for t in concept:
                assert t not in seen, f"{stem}: {t!r} is in concepts #{seen[t]} and #{i}"
                seen[t] = i


def test_generic_words_are_not_concepts() -> None:
    assert not (generic_terms() & set(synonyms())), "a generic word is also a concept member"


def test_indicator_terms_are_also_a_concept() -> None:
    """So a rule's [[地区生产总值]] accepts GDP through the ordinary synonym expansion."""
    for lex in lexicon_data().values():
        concepts = [set(c) for c in lex.get("concepts") or []]
        for ind in lex.get("indicators") or []:
            assert set(ind["terms"]) in concepts, ind["name"]


def test_compounds_block_only_real_false_matches() -> None:
    """Every compound hides some other vocabulary term: it contains it (行政协议 ⊃ 政协) or starts before
    it and overlaps it (个人 + 大… hides 人大 in 个人大病), otherwise it blocks nothing."""
    vocab = set(lexicon_terms()) | set(rule_terms())

    def hides(c: str, t: str) -> bool:
        return t in c or any(t.startswith(c[i:]) for i in range(1, len(c)))

    for lex in lexicon_data().values():
        for c in lex.get("compounds") or []:
            inner = [t for t in vocab if t != c and hides(c, t) and t not in synonyms().get(c, ())]
            assert inner, f"compound {c!r} hides no other term"


# --------------------------------------------------------------------------- rules shape


def test_ids_are_unique() -> None:
    for stem, data in rules_data().items():
        ob_ids = [ob["id"] for ob in data["obligations"]]
        assert len(ob_ids) == len(set(ob_ids)), stem
        req_ids = [r["id"] for ob in data["obligations"] for r in ob["requirements"]]
        assert len(req_ids) == len(set(req_ids)), stem
        for ob in data["obligations"]:
            for r in ob["requirements"]:
                assert r["id"].startswith(ob["id"] + "-"), r["id"]
        refs = [ob["ref"] for ob in data["obligations"]]
        assert len(refs) == len(set(refs)), stem


def test_chibi_has_28_items() -> None:
    obs = rules_data()["chibi-2019"]["obligations"]
    assert [ob["ref"] for ob in obs] == [f"({cn(i)})" for i in range(1, 29)]
    assert [ob["id"] for ob in obs] == [f"{i:02d}" for i in range(1, 29)]


def test_jingkai_has_items_4_to_37() -> None:
    obs = rules_data()["jingkai-2022-2025"]["obligations"]
    assert len(obs) == 34
    assert [ob["ref"] for ob in obs] == [f"({cn(i)})" for i in range(4, 38)]


@pytest.mark.parametrize("stem", sorted(rules_data()))
def test_refs_titles_and_text_come_from_the_plan(stem: str) -> None:
    data = rules_data()[stem]
    plan = (ROOT / data["plan"]["source"]).read_text(encoding="utf-8")
    for ob in data["obligations"]:
        assert f"{ob['ref']}{ob['title']}。" in plan, ob["id"]
        assert ob["text"] in plan, ob["id"]
        assert ob["section"] in plan, ob["id"]
        for req in ob["requirements"]:
            # a requirement's text is a phrase of the item or its title (pieces joined by …)
            for piece in re.split(r"…+|;", req["text"]):
                piece = piece.strip("。,、 ")
                assert piece in ob["text"] or piece in ob["title"], f"{req['id']}: {piece!r}"


def owners_of(ob: dict[str, Any]) -> list[str]:
    o = ob["owners"]
    return list(o) if isinstance(o, list) else list(o["lead"]) + list(o.get("support") or [])


@pytest.mark.parametrize("stem", sorted(rules_data()))
def test_every_owner_resolves_to_the_registry(stem: str) -> None:
    data = rules_data()[stem]
    names: set[str] = set()
    for u in data.get("units") or []:
        names.add(u["name"])
        names.update(u.get("aliases") or [])
    groups = {u["name"]: u for u in data.get("units") or [] if u.get("group")}
    canonical = {u["name"] for u in data.get("units") or []}
    for g in groups.values():
        assert g.get("members") or g.get("prefixes") or g.get("suffixes"), f"group {g['name']} has no membership"
        for m in g.get("members") or []:
            assert m in canonical, f"group {g['name']}: member {m!r} is not a registry unit"
    for ob in data["obligations"]:
        for owner in owners_of(ob):
            assert owner in canonical, f"{ob['id']}: owner {owner!r} is not a canonical registry unit"
    aliases = [a for u in data.get("units") or [] for a in u.get("aliases") or []]
    assert len(aliases) == len(set(aliases)), "an alias names two units"
    assert not (set(aliases) & canonical), "an alias is also a canonical name"


def test_every_requirement_has_examples() -> None:
    for stem, _, req in requirements():
        ex = req.get("examples") or {}
        assert ex.get("positive"), f"{stem}:{req['id']} has no positive example"
        assert ex.get("negative"), f"{stem}:{req['id']} has no negative example"


def test_count_and_level_have_targets_and_deadlines_dates() -> None:
    for stem, _, req in requirements():
        if req["kind"] in ("count", "level"):
            t = req.get("target")
            assert t and t.get("unit") and t.get("metric"), f"{stem}:{req['id']}"
        if req["kind"] == "deadline":
            assert req.get("due") or req.get("within_days"), f"{stem}:{req['id']}"


def test_targets_and_deadlines_match_the_plan() -> None:
    by_id = {(s, r["id"]): r for s, _, r in requirements()}

    def target(stem: str, rid: str) -> set[tuple[str, Any]]:
        return set(by_id[(stem, rid)]["target"].items())

    c = "chibi-2019"
    assert {("op", ">="), ("value", 2), ("unit", "次")} <= target(c, "01-2")
    assert by_id[(c, "02-2")]["target"]["value"] == 4
    assert by_id[(c, "16-1")]["within_days"] == 30
    j = "jingkai-2022-2025"
    assert {("op", ">="), ("value", 80), ("unit", "%")} <= target(j, "13-2")
    assert {("op", ">="), ("value", 4), ("per", "year")} <= target(j, "37-1")
    dues = {r["due"] for (s, _), r in by_id.items() if s == j and r.get("due")}
    assert dues == {"2022-12-31", "2023-12-31", "2024-12-31"}


def test_groups_are_not_generic_alone() -> None:
    gen = generic_terms()
    for stem, _, req in requirements():
        for g in req["match"]["all"]:
            assert not set(g) <= gen, f"{stem}:{req['id']}: group {g} is only generic words"
            assert all(len(t) >= 2 for t in g), f"{stem}:{req['id']}: one-character term in {g}"


@cache
def concept_terms() -> frozenset[str]:
    """The terms the lexicon can expand: members of a concept (checker.lexicon.Lexicon.synonyms looks a rule term
    up there; an indicator's terms are a concept too). Compounds and generic words expand to nothing."""
    return frozenset(synonyms())


# Concept groups that name who does the work, not what is done: subject words (领导干部, 乡镇, 部门) are no
# lexicon concepts, or plan2rules would make groups of them (对政府领导干部实行…离任审计 → [领导干部]+[离任审计]).
SUBJECT_GROUPS = {
    ("chibi-2019", "01-1", 0),  # 政府工作人员特别是领导干部
    ("chibi-2019", "11-3", 0),  # 市政府各部门、各乡镇政府
}
COVERED_PLANS = ("chibi-2019",)  # issue 3: the lexicon covers every requirement of seed 000


def uncovered_groups(stem: str) -> list[tuple[str, int, list[str]]]:
    known = concept_terms()
    return [
        (req["id"], k, g)
        for s, _, req in requirements()
        if s == stem
        for k, g in enumerate(req["match"]["all"])
        if not any(str(t) in known for t in g)
    ]


@pytest.mark.parametrize("stem", COVERED_PLANS)
def test_lexicon_covers_every_requirement(stem: str) -> None:
    """Every concept group of every requirement has a term the lexicon knows as a concept member, so the
    matcher expands it to how reports phrase it — not merely a word the plan uses."""
    offenders = [
        f"{rid} group {k + 1}: {g}" for rid, k, g in uncovered_groups(stem) if (stem, rid, k) not in SUBJECT_GROUPS
    ]
    assert not offenders, f"{stem}: concept groups with no lexicon term:\n" + "\n".join(offenders)


def test_subject_groups_are_still_uncovered() -> None:
    """The exemptions above stay exact: a group that gains a lexicon term leaves the list."""
    for stem, rid, k in SUBJECT_GROUPS:
        assert (rid, k) in {(r, i) for r, i, _ in uncovered_groups(stem)}, f"{stem}:{rid} group {k + 1} is covered"


# --------------------------------------------------------------------------- examples against the match


def substring_hits(text: str, req: dict[str, Any]) -> tuple[list[bool], bool]:
    m = req["match"]
    exp = m.get("expand", True)
    groups = [any(t in text for t in expand(g, exp)) for g in m["all"]]
    excluded = any(t in text for t in m.get("none") or [])
    return groups, excluded


def token_hits(text: str, req: dict[str, Any], with_generic: bool) -> tuple[list[bool], bool]:
    m = req["match"]
    exp = m.get("expand", True)
    toks = set(tokens(text, with_generic))
    groups = [bool(toks & expand(g, exp)) for g in m["all"]]
    excluded = bool(toks & set(m.get("none") or []))
    return groups, excluded


@pytest.mark.parametrize("key", req_ids())
def test_positive_examples_match(key: str) -> None:
    stem, rid = key.split(":")
    req = next(r for s, _, r in requirements() if s == stem and r["id"] == rid)
    for ex in req["examples"]["positive"]:
        groups, excluded = substring_hits(ex, req)
        assert all(groups) and not excluded, f"substring: {ex!r} groups={groups} excluded={excluded}"
        for with_generic in (True, False):
            groups, excluded = token_hits(ex, req, with_generic)
            toks = tokens(ex, with_generic)
            assert all(groups) and not excluded, f"longest-match: {ex!r} groups={groups} tokens={toks}"


@pytest.mark.parametrize("key", req_ids())
def test_negative_examples_do_not_match(key: str) -> None:
    stem, rid = key.split(":")
    req = next(r for s, _, r in requirements() if s == stem and r["id"] == rid)
    for ex in req["examples"]["negative"]:
        groups, excluded = substring_hits(ex, req)
        assert not all(groups) or excluded, f"substring: {ex!r} matches every group {req['match']['all']}"
