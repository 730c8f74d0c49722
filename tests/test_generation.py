"""How plan2rules chooses concept groups from the shipped lexicon: what makes generated rules good.

Snippets in the style of real 工作要点; the shipped lexicon (rules/lexicon/) supplies the concepts.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from checker import lexicon, plan
from checker.model import Document, Kind

ROOT = Path(__file__).resolve().parent.parent

HEADER = "某市2020年推进依法行政建设法治政府工作要点\n一、加强依法行政能力建设\n"
FILLER = "".join(
    f"({n}){t}。(责任单位:市司法局)\n"
    for n, t in zip(
        "三四五六七八九十",
        [
            "深入推进法治政府建设,严格规范性文件备案审查",
            "推进法治政府建设,加强行政复议工作",
            "推动法治政府建设,健全行政调解工作机制",
            "推进法治政府建设,做好行政应诉工作",
            "加强法治政府建设,落实法律顾问制度",
            "法治政府建设,开展规范性文件清理",
            "法治政府建设,推行行政执法公示制度",
            "法治政府建设,实行重大行政决策目录管理",
        ],
        strict=True,
    )
)


@pytest.fixture(scope="module")
def lex() -> lexicon.Lexicon:
    return lexicon.load()


def parse(items: str, lex: lexicon.Lexicon) -> plan.Plan:
    raw = HEADER + items + FILLER
    doc = Document(path="plan.txt", format="txt", text=unicodedata.normalize("NFKC", raw), source_text=raw)
    return plan.parse(doc, plan_id="demo-2020", lexicon=lex)


def groups(p: plan.Plan, ref: str) -> list[list[tuple[str, ...]]]:
    ob = next(o for o in p.obligations if o.ref == ref)
    return [list(r.match.all) for r in ob.requirements]


def test_the_plans_theme_is_never_a_concept(lex: lexicon.Lexicon) -> None:
    p = parse("(一)完善法律顾问制度。推进法治政府建设,政府机构普遍设立法律顾问。(责任单位:市司法局)\n", lex)
    for gs in groups(p, "(一)"):
        assert all("法治政府" not in g for group in gs for g in group)


def test_a_slogan_clause_is_left_out_with_a_note(lex: lexicon.Lexicon) -> None:
    p = parse("(一)完善法律顾问制度。政府机构普遍设立法律顾问,深入推进法治政府建设。(责任单位:市司法局)\n", lex)
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    assert all(r.text != "深入推进法治政府建设" for r in ob.requirements)
    assert any(pr.code == "requirement-slogan" for pr in p.problems)


def test_a_clause_of_generic_words_only_is_a_slogan(lex: lexicon.Lexicon) -> None:
    p = parse("(一)开展示范创建活动。积极开展法治政府示范创建工作,发挥典型引领作用。(责任单位:市司法局)\n", lex)
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    assert [r.text for r in ob.requirements] == ["积极开展法治政府示范创建工作"]
    assert any(pr.code == "requirement-slogan" and "发挥典型引领作用" in pr.message for pr in p.problems)


def test_the_plans_genre_is_no_theme(lex: lexicon.Lexicon) -> None:
    """工作要点 ends the plan's title: it is what the plan is, and an item may ask for one of its own."""
    p = parse("(一)加强组织领导。各部门制定年度工作要点。(责任单位:市司法局)\n", lex)
    [[group]] = groups(p, "(一)")
    assert "工作要点" in group


def test_two_objects_in_a_row_are_two_requirements(lex: lexicon.Lexicon) -> None:
    p = parse("(一)完善法律顾问制度。政府机构普遍设立法律顾问、公职律师。(责任单位:市司法局)\n", lex)
    gs = groups(p, "(一)")
    assert len(gs) == 2 and all(len(g) == 1 for g in gs)
    assert {gs[0][0][0], gs[1][0][0]} == {"法律顾问", "公职律师"}
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    assert [r.text for r in ob.requirements] == ["政府机构普遍设立法律顾问", "政府机构普遍设立公职律师"]


def test_two_qualifiers_of_one_head_are_one_requirement_either_answers(lex: lexicon.Lexicon) -> None:
    """法律知识考查和依法行政能力测试 qualify the 机制 that follows them: one thing to set up, reported through
    either (as 设立法律顾问、公职律师, with nothing after the pair, is two)."""
    p = parse("(一)加强学法。进一步落实领导干部任职前法律知识考查和依法行政能力测试机制。(责任单位:市委组织部)\n", lex)
    [gs] = groups(p, "(一)")
    assert len(gs) == 1 and {"任职前法律知识考查", "依法行政能力测试"} <= set(gs[0])


def test_an_indicator_alone_names_what_is_measured(lex: lexicon.Lexicon) -> None:
    p = parse("(一)主要目标。城镇登记失业率控制在4.5%以内;规模以上工业增加值增长8%以上。(牵头单位:市发展改革委)\n", lex)
    obs = [o for o in p.obligations if o.ref == "(一)"]
    kinds = {o.requirements[0].kind for o in obs}
    assert kinds == {Kind.LEVEL}
    for o in obs:
        [group] = o.requirements[0].match.all
        assert "控制在" not in group and "增长" not in group


def test_rarer_concepts_are_preferred_and_come_from_one_clause() -> None:
    lex = lexicon.Lexicon(concepts=(("行政执法人员", "执法人员"), ("信息化管理",), ("培训", "轮训")))
    text = "行政执法人员信息化管理机制要健全,行政执法人员上岗前参加培训"
    counts = lex.concept_counts(["行政执法人员持证上岗", "行政执法人员培训", text])
    [(_, term, _)] = lex.specific_concepts(text, 1, counts=counts)
    assert "行政执法人员" not in term  # named in every item: the act is the rarer, more specific concept
    two = lex.specific_concepts(text, 2, counts=counts)
    assert all(pos < text.index(",") for pos, _, _ in two)  # both from the first clause


def test_several_acts_in_one_sentence_are_checked_one_by_one(lex: lexicon.Lexicon) -> None:
    p = parse(
        "(一)自觉接受社会监督。拓宽舆论监督渠道,完善群众举报投诉制度,建立网络舆情监测机制。(责任单位:市政府办公室)\n",
        lex,
    )
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    texts = [r.text for r in ob.requirements]
    assert any("举报投诉" in t for t in texts) and any("舆情" in t for t in texts)
    assert all("," not in t for t in texts)


def test_generated_rules_for_the_bundled_plans_always_validate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from click.testing import CliRunner

    from cli import main

    root = Path(__file__).resolve().parent.parent
    for name in ("chibi-2019", "jingkai-2022-2025"):
        out = tmp_path / f"{name}.yaml"
        r = CliRunner().invoke(main, ["plan2rules", str(root / "plans" / f"{name}.txt"), "-o", str(out)])
        assert r.exit_code == 0, r.stderr
        r = CliRunner().invoke(main, ["validate", str(out)])
        assert r.exit_code == 0, r.stderr


def test_a_list_of_acts_with_a_generic_one_is_answered_by_work_on_the_object(lex: lexicon.Lexicon) -> None:
    p = parse("(一)推行公示制度。做好行政执法公示制度的学习培训、贯彻落实及跟踪评估工作。(责任单位:市司法局)\n", lex)
    [gs] = groups(p, "(一)")
    assert len(gs) == 1 and "行政执法公示" in gs[0]


def test_examples_closed_by_deng_with_a_generic_head_are_one_group_of_alternatives(lex: lexicon.Lexicon) -> None:
    """加强…预算执行审计、重大投资项目审计、金融审计、经济责任审计等工作 is answered by any of those audits: one
    group of alternatives, not two of the audits required in one sentence."""
    p = parse(
        "(一)强化审计监督。加强财政专项资金和预算执行审计、重大投资项目审计、金融审计、主要领导干部经济责任审计等工作。"
        "(责任单位:市审计局)\n",
        lex,
    )
    [gs] = groups(p, "(一)")
    assert len(gs) == 1
    assert "经济责任审计" in gs[0] and "投资审计" in gs[0]


def test_a_list_closed_by_deng_names_examples_of_its_head() -> None:
    lex = lexicon.Lexicon(
        concepts=(("调解",), ("行政裁决",), ("多元化纠纷解决", "大调解"), ("法制审核",), ("法治人才",))
    )
    text = "完善调解、行政裁决、诉讼等有机衔接的多元化纠纷解决机制"
    assert [t for _, t, _ in lex.specific_concepts(text, 2)] == ["多元化纠纷解决"]
    # with no concept after the list, the examples are all there is to check, and any of them will do
    bare = "严格执行调解、行政裁决等必备程序"
    [(_, _, synonyms)] = lex.specific_concepts(bare, 2)
    assert synonyms == ("调解", "行政裁决")
    # a head that only names the kind of its examples (…等必备程序) is answered by the head or by an example
    steps = "严格执行公众参与、专家论证、风险评估、合法性审查、集体讨论决定等必备程序"
    [(_, _, synonyms)] = lexicon.load().specific_concepts(steps, 2)
    assert {"必备程序", "法定程序", "专家论证", "集体讨论决定"} <= set(synonyms)
    # a list without 等 is not a list of examples
    both = "加强行政裁决、法治人才培养"
    assert [t for _, t, _ in lex.specific_concepts(both, 2)] == ["行政裁决", "法治人才"]


def test_a_principle_is_framing_not_a_requirement(lex: lexicon.Lexicon) -> None:
    """坚持以公开为常态、不公开为例外 states a principle; the acts follow it (全面推进决策公开…)."""
    p = parse(
        "(一)推进政务公开。坚持以公开为常态,不公开为例外,全面推进决策公开、执行公开、结果公开。(责任单位:市政府办公室)\n",
        lex,
    )
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    assert [r.text for r in ob.requirements] == ["全面推进决策公开、执行公开、结果公开"]


# Requirements of the generated chibi-2019 rules whose only group is a word the lexicon does not know, with why.
GENERATED_UNCOVERED = {
    # the object of 落实…工作要求 is the item's 合法性审核, named in another clause; 审核 alone is no synonym
    # of it, and 审核 ~ 审查 fails in 纪检监察 (审查调查)
    "落实审核工作要求",
}


def test_generated_chibi_rules_use_lexicon_concepts(lex: lexicon.Lexicon) -> None:
    """Issue 3: every requirement plan2rules draws from seed 000 has a group term that is a lexicon concept
    member, not a head guessed from the clause (进行梳理, 部权力制约)."""
    from checker.documents import read

    p = plan.parse(read(ROOT / "plans" / "chibi-2019.txt"), plan_id="chibi-2019", lexicon=lex)
    known = {t for c in lex.concepts for t in c}
    offenders = [
        f"{r.id} {r.text[:30]}: {list(r.match.all)}"
        for o in p.obligations
        for r in o.requirements
        if not any(t in known for g in r.match.all for t in g) and r.text not in GENERATED_UNCOVERED
    ]
    assert not offenders, "generated requirements with no lexicon concept:\n" + "\n".join(offenders)
    texts = {r.text for o in p.obligations for r in o.requirements}
    assert texts >= GENERATED_UNCOVERED, "an exempt requirement is no longer generated: drop it from the list"


def test_a_clause_about_the_act_before_it_is_part_of_that_act(lex: lexicon.Lexicon) -> None:
    """把打造法治政务环境纳入其中 says what the revised standard must hold: no requirement of its own, and its
    words do not displace the act's own concept."""
    p = parse("(一)完善考评机制。修订完善依法行政考核标准,把打造法治政务环境纳入其中。(责任单位:市司法局)\n", lex)
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    [r] = ob.requirements
    assert r.text == "修订完善依法行政考核标准,把打造法治政务环境纳入其中"
    assert "考核" in r.match.all[0]


@pytest.mark.parametrize(
    ("clause", "head"),
    [
        ("行政机关内部会议纪要不得作为依据", "会议纪要"),  # 内 and 要 inside words, not between them
        ("加强对政府内部权力制约", "权力制约"),
        ("及时对现有权责进行梳理", "现有权责"),  # 进行 is a verb of plan-speak, not content
    ],
)
def test_the_head_of_a_clause_the_lexicon_does_not_know_is_a_whole_word(clause: str, head: str) -> None:
    assert lexicon.Lexicon(concepts=()).content_head(clause) == head


def test_prohibitions_and_mindsets_are_no_requirements(lex: lexicon.Lexicon) -> None:
    """A report shows acts: 不得以会签代替合法性审查 (an abstention) and 牢固树立依法决策意识 (a mindset) give it
    nothing to evidence, and the annotators' clauses leave them out; they are noted, not checked."""
    p = parse(
        "(一)严格决策程序。行政机关负责人要牢固树立依法决策意识。严格落实重大行政决策合法性审查,"
        "不得以征求意见、会签等方式代替合法性审查。行政机关内部会议纪要不得作为行政执法依据。(责任单位:市司法局)\n",
        lex,
    )
    [ob] = [o for o in p.obligations if o.ref == "(一)"]
    texts = [r.text for r in ob.requirements]
    assert texts == ["严格落实重大行政决策合法性审查"]
    assert any(pr.code == "requirement-slogan" and "会议纪要" in pr.message for pr in p.problems)


def test_an_umbrella_name_answers_each_of_its_parts_not_the_reverse(lex: lexicon.Lexicon) -> None:
    """`covers:` in the lexicon: 全面落实行政执法三项制度 carried out each of the three; one of them is not all."""
    assert "三项制度" in lex.synonyms("行政执法公示") and "三项制度" in lex.synonyms("法制审核")
    assert "行政执法公示" not in lex.synonyms("三项制度")


def test_carrying_out_a_mechanism_is_answered_by_its_work(lex: lexicon.Lexicon) -> None:
    """落实…合法性审核机制 is done by reviewing (均经合法性审核); 建立…合法性审查机制 still asks for the mechanism."""
    p = parse(
        "(一)规范文件管理。落实行政规范性文件合法性审核机制。(责任单位:市司法局)\n"
        "(二)严格决策程序。各部门普遍建立内部重大决策合法性审查机制。(责任单位:市司法局)\n",
        lex,
    )
    [carry] = groups(p, "(一)")
    assert "合法性审核" in carry[-1] and "合法性审核机制" in carry[-1]
    [build] = groups(p, "(二)")
    assert "合法性审查" not in build[-1] and "合法性审查机制" in build[-1]


def test_a_concept_qualifying_a_concrete_thing_asks_for_the_thing(lex: lexicon.Lexicon) -> None:
    """优化政务服务流程 is about the 流程: a sentence that only names 政务服务 is no evidence of it."""
    p = parse("(一)优化服务。优化政务服务流程。(责任单位:市政务服务和大数据管理局)\n", lex)
    [gs] = groups(p, "(一)")
    assert len(gs) == 2 and "政务服务" in gs[0] and gs[1] == ("流程",)
    # an abstract noun (力度, 体系) is no such thing
    q = parse("(一)强化服务。加大政务服务力度。(责任单位:市政务服务和大数据管理局)\n", lex)
    [hs] = groups(q, "(一)")
    assert len(hs) == 1
