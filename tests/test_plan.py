"""checker.plan: work plans → obligations, owners, requirements, targets, and the generated rules file.

Snippets are written in the style of real plans (工作要点, 实施方案, 政府工作报告 任务分解); the two bundled plans go
through the real parser and are checked against golden files (regenerate: python tests/golden/regen_plans.py).
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import plan
from checker.errors import InputError
from checker.lexicon import Lexicon
from checker.model import Kind, Obligation, Requirement, Severity
from checker.plan import owners as own
from checker.plan import requirements as req
from tests.golden.regen_plans import GOLDEN, PLANS, golden_lexicon, golden_text, plan_document, text_document

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "checker" / "rules.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return golden_lexicon()


def parse(text: str, lex: Lexicon, path: str = "plan.txt") -> plan.Plan:
    return plan.parse(text_document(text, path), lexicon=lex)


def only(p: plan.Plan) -> Obligation:
    assert len(p.obligations) == 1, [o.ref for o in p.obligations]
    return p.obligations[0]


def by_ref(p: plan.Plan, ref: str) -> Obligation:
    return next(o for o in p.obligations if o.ref == ref)


def codes(p: plan.Plan) -> list[str]:
    return [x.code for x in p.problems]


def targets(o: Obligation, kind: Kind) -> list[Requirement]:
    return [r for r in o.requirements if r.kind is kind]


def validate(p: plan.Plan) -> dict[str, object]:
    data = yaml.safe_load(plan.dump_rules(plan.to_rules(p)))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


HEAD = "某某县2020年法治政府建设工作要点\n一、加强依法行政能力建设\n"


# --------------------------------------------------------------------------- owner shapes


def test_full_width_owner_bracket(lex: Lexicon) -> None:
    o = only(parse(HEAD + "（一）落实学法制度。组织集中学法。（责任单位：县政府办公室、县司法局、县委组织部）\n", lex))
    assert o.owners.lead == ("县政府办公室", "县司法局", "县委组织部")
    assert o.owners.support == ()
    assert "责任单位" not in o.text


def test_half_width_owner_bracket_with_mixed_separators(lex: Lexicon) -> None:
    o = only(parse(HEAD + "(一)落实学法制度。组织集中学法。(责任单位:县政府办公室、县司法局,县委组织部)\n", lex))
    assert o.owners.lead == ("县政府办公室", "县司法局", "县委组织部")


def test_tortoise_bracket_with_etc_and_town_group(lex: Lexicon) -> None:
    p = parse(
        "经开区法治政府建设实施方案(2022—2025年)\n二、依法全面履行政府职能\n"
        "(四)加强事中事后监管。深入推进“双随机、一公开”监管。〔责任单位：区经发局、区市场监管分局等部门，各镇(区)〕\n",
        lex,
    )
    o = only(p)
    assert o.owners.lead == ("区经发局", "区市场监管分局", "各镇(区)")
    group = next(u for u in p.units if u.name == "各镇(区)")
    assert group.group and "镇人民政府" in group.suffixes
    assert "owner-etc" in codes(p)  # 等部门: the listed units only, and the reviewer is told


def test_lead_and_support_in_parentheses(lex: Lexicon) -> None:
    o = only(
        parse(
            HEAD + "(二)加强执法培训。组织全县行政执法人员开展公共法律知识培训。"
            "(牵头单位:县司法局;配合单位:县人社局、各行政执法部门)\n",
            lex,
        )
    )
    assert o.owners.lead == ("县司法局",)
    assert o.owners.support == ("县人社局", "各行政执法部门")


def test_lead_and_support_in_square_brackets(lex: Lexicon) -> None:
    o = only(
        parse(
            HEAD + "（三）规范执法证件管理。加强行政执法证件管理。［牵头单位：县司法局；配合单位：县政府各部门］\n", lex
        )
    )
    assert (o.owners.lead, o.owners.support) == (("县司法局",), ("县政府各部门",))


def test_a_responsible_leader_is_never_a_unit(lex: Lexicon) -> None:
    p = parse(
        HEAD + "（四）推进法治乡镇建设。开展法治乡镇示范创建。"
        "(责任领导:王建国副县长;牵头单位:县司法局;配合单位:各乡镇人民政府)\n",
        lex,
    )
    o = only(p)
    assert o.owners.lead == ("县司法局",)
    assert o.owners.support == ("各乡镇人民政府",)
    assert not any("王建国" in u.name for u in p.units)
    assert "owner-person" not in codes(p)  # named under 责任领导 on purpose: nothing odd to report


def test_a_person_in_a_unit_list_is_reported_and_left_out(lex: Lexicon) -> None:
    p = parse(HEAD + "（六）加强行政复议工作。行政复议案件纠错率不低于5%。(责任单位:县司法局、李明)\n", lex)
    assert only(p).owners.lead == ("县司法局",)
    person = next(x for x in p.problems if x.code == "owner-person")
    assert person.severity is Severity.WARNING and "李明" in person.message and person.line == 3


def test_owner_line_after_the_item_with_duty_tail(lex: Lexicon) -> None:
    p = parse(
        HEAD + "（五）完善法律顾问制度。各乡镇普遍建立法律顾问制度。\n"
        "责任单位:县司法局、县财政局,乡镇人民政府按职责分工分别负责。\n"
        "（六）加强行政复议工作。提高办案质量。(责任单位:县司法局)\n",
        lex,
    )
    o = by_ref(p, "（五）")
    assert o.owners.lead == ("县司法局", "县财政局", "乡镇人民政府")
    assert next(u for u in p.units if u.name == "乡镇人民政府").group
    assert "负责" not in o.text


def test_table_plan_rows_with_lead_and_support_columns(lex: Lexicon) -> None:
    text = (
        "2021年政府工作报告重点工作任务分解表\n"
        "序号\t重点工作任务\t主要责任单位\t协同配合单位\t完成时限\n"
        "一、稳定经济增长\t一、稳定经济增长\t一、稳定经济增长\t一、稳定经济增长\t一、稳定经济增长\n"
        "1\t地区生产总值增长7%左右。\t市发改委\t市统计局\t2021年12月底前\n"
        "2\t制定出台优化营商环境实施方案。\t市发改委、市行政审批局\t市司法局,市市场监管局\t2021年6月底前\n"
        "3\t新建5G基站不少于800个，实现城区全覆盖。\t市工信局\t各县(市、区)人民政府\t长期坚持\n"
        "\t推进5G在工业领域的应用。\t市工信局\t市发改委\t长期坚持\n"  # a merged 序号 cell: the row goes on
    )
    p = parse(text, lex)
    assert [o.ref for o in p.obligations] == ["1", "2", "3"]
    assert [o.id for o in p.obligations] == ["01", "02", "03"]
    one, two, three = p.obligations
    assert one.section == "一、稳定经济增长"
    assert (one.owners.lead, one.owners.support) == (("市发改委",), ("市统计局",))
    assert two.owners.support == ("市司法局", "市市场监管局")
    assert three.owners.support == ("各县(市、区)人民政府", "市发改委")
    assert three.text.endswith("推进5G在工业领域的应用。")
    assert one.requirements[0].due == "2021-12-31"  # from the 完成时限 column
    assert two.requirements[0].kind is Kind.DOCUMENT and two.requirements[0].due == "2021-06-30"
    assert three.requirements[0].target is not None and three.requirements[0].target.value == 800
    assert three.requirements[0].due is None  # 长期坚持 is no date
    validate(p)


def test_bare_unit_list_with_lead_and_support_words(lex: Lexicon) -> None:
    o = only(parse(HEAD + "1.深化商事制度改革。推进“证照分离”改革全覆盖(县市场监管局牵头,县行政审批局配合)。\n", lex))
    assert (o.owners.lead, o.owners.support) == (("县市场监管局",), ("县行政审批局",))


# --------------------------------------------------------------------------- unit names


def test_missing_separators_are_split_where_a_suffix_meets_a_prefix(lex: Lexicon) -> None:
    p = parse(
        "经开区法治政府建设实施方案\n一、总则\n"
        "(二十三)发挥行政复议主渠道作用。落实行政复议体制改革。〔责任单位:区人劳局区社会事业服务中心,各镇()]\n",
        lex,
    )
    assert only(p).owners.lead == ("区人劳局", "区社会事业服务中心", "各镇")
    split = next(x for x in p.problems if x.code == "owner-split")
    assert "区人劳局区社会事业服务中心" in split.message and split.severity is Severity.INFO


def test_run_together_units_are_split_with_the_plans_own_names(lex: Lexicon) -> None:
    p = parse(
        "实施方案\n一、总则\n"
        "(一)优化营商环境。开展营商环境投诉举报处理。〔责任单位:区监察室经发局区社会事业服务中心等部门〕\n"
        "(二)加强事中事后监管。推进信用监管。〔责任单位:经发局、区行政服务中心〕\n"
        "(三)形成监督合力。强化审计监督。〔责任单位:区监察室、区审计局〕\n"
        "(四)完善突发事件应对制度。健全应急预案体系。〔责任单位:区信息中心公安分局、区应急管理局〕\n",
        lex,
    )
    assert p.obligations[0].owners.lead == ("区监察室", "经发局", "区社会事业服务中心")
    assert p.obligations[3].owners.lead == ("区信息中心", "公安分局", "区应急管理局")


def test_split_rules_leave_whole_names_alone() -> None:
    assert own.split_run_together("区人劳局区经发局") == ["区人劳局", "区经发局"]
    assert own.split_run_together("各社区") == ["各社区"]
    assert own.split_run_together("市政府各部门") == ["市政府各部门"]
    assert own.split_run_together("区自然资源和规划分局") == ["区自然资源和规划分局"]
    assert own.split_run_together("区委区政府") == ["区委", "区政府"]


def test_empty_brackets_go_and_group_brackets_stay(lex: Lexicon) -> None:
    p = parse(
        "实施方案\n一、总则\n(一)加强信访工作。依法分类处理信访诉求。〔责任单位:区信访局等部门,各镇()〕\n"
        "(二)加强行政调解。推进矛盾纠纷化解。〔责任单位:区司法局,各镇(区)〕\n",
        lex,
    )
    assert p.obligations[0].owners.lead == ("区信访局", "各镇")
    assert p.obligations[1].owners.lead == ("区司法局", "各镇(区)")


def test_a_parenthetical_in_a_unit_name_becomes_its_alias(lex: Lexicon) -> None:
    p = parse(
        "实施方案\n一、总则\n(一)提高突发事件处置能力。定期开展应急演练。"
        "〔责任单位:区社会事业服务中心(卫健委)、区应急管理局等部门,各镇()〕\n",
        lex,
    )
    assert only(p).owners.lead == ("区社会事业服务中心", "区应急管理局", "各镇")
    unit = next(u for u in p.units if u.name == "区社会事业服务中心")
    assert unit.aliases == ("卫健委",)


def test_group_owners_get_membership_by_name_shape(lex: Lexicon) -> None:
    p = parse(
        "赤壁市2019年工作要点\n一、总则\n"
        "(一)严格规范性文件管理。加大备案审查力度。(责任单位:市政府各部门、各乡镇人民政府、各行政执法部门、市政府有关部门)\n"
        "(二)加强规范性文件审核。落实合法性审核机制。(责任单位:市司法局)\n",
        lex,
    )
    groups = {u.name: u for u in p.units if u.group}
    assert set(groups) == {"市政府各部门", "各乡镇人民政府", "各行政执法部门", "市政府有关部门"}
    assert groups["市政府各部门"].prefixes == ("市",)
    assert {"局", "委", "办", "办公室", "中心"} <= set(groups["市政府各部门"].suffixes)
    assert {"镇人民政府", "乡人民政府", "街道办事处"} <= set(groups["各乡镇人民政府"].suffixes)
    assert groups["各行政执法部门"].prefixes == ("市",)  # the plan's own level, from its units
    assert not next(u for u in p.units if u.name == "市司法局").group


def test_a_typo_is_reported_with_a_suggestion_and_folded_into_the_frequent_name(lex: Lexicon) -> None:
    p = parse(
        "赤壁市2019年工作要点\n一、总则\n"
        "(一)深化审批改革。推进简政放权。(责任单位:市政务服务和大数据管理局)\n"
        "(二)改革市场监管体系。推进企业信用信息公示。(责任单位:市市场监督管理局、市政府服务和大数据管理局)\n"
        "(三)加强平台建设。推进信息共享。(责任单位:市政府办公室、市政务服务和大数据管理局)\n",
        lex,
    )
    typo = next(x for x in p.problems if x.code == "owner-typo")
    assert typo.severity is Severity.WARNING and typo.line == 4
    assert "市政府服务和大数据管理局" in typo.message and "市政务服务和大数据管理局" in typo.message
    assert p.obligations[1].owners.lead == ("市市场监督管理局", "市政务服务和大数据管理局")
    unit = next(u for u in p.units if u.name == "市政务服务和大数据管理局")
    assert "市政府服务和大数据管理局" in unit.aliases


def test_similar_short_names_are_not_typos(lex: Lexicon) -> None:
    p = parse(
        "工作要点\n一、总则\n(一)加强审计监督。开展专项审计。(责任单位:区审计局、区统计局)\n"
        "(二)强化统计监督。开展统计执法检查。(责任单位:区统计局)\n",
        lex,
    )
    assert "owner-typo" not in codes(p)


def test_a_short_form_folds_into_the_plans_prefixed_name(lex: Lexicon) -> None:
    p = parse(
        "实施方案\n一、总则\n(一)推进机构职能优化。严格编制管理。〔责任单位:区经发局、区建设局〕\n"
        "(二)加强事中事后监管。推进信用监管。〔责任单位:经发局〕\n",
        lex,
    )
    assert p.obligations[1].owners.lead == ("区经发局",)
    assert next(u for u in p.units if u.name == "区经发局").aliases == ("经发局",)
    assert "owner-alias" in codes(p)


def test_person_detection() -> None:
    assert own.looks_like_person("张三")
    assert own.looks_like_person("副市长李四")
    assert not own.looks_like_person("党办")
    assert not own.looks_like_person("各镇")
    assert not own.looks_like_person("市长热线办公室")


# --------------------------------------------------------------------------- targets


def reqs(text: str) -> list[req.Draft]:
    return req.split([text]).drafts


def test_count_not_less_than() -> None:
    (d,) = reqs("政府常务会学法次数不少于2次")
    assert d.kind is Kind.COUNT and d.target is not None
    assert (d.target.op, d.target.value, d.target.unit, d.target.metric) == (">=", 2, "次", "政府常务会学法")
    assert d.target.per is None


def test_count_at_least_once_in_chinese_numerals() -> None:
    (d,) = reqs("市政府年内至少组织一次行政执法人员专题培训")
    assert d.target is not None
    assert (d.target.op, d.target.value, d.target.metric) == (">=", 1, "行政执法人员专题培训")


def test_count_per_year_and_per_person_hours() -> None:
    drafts = reqs("区政府常务会议学法每年不少于4次,确保每人每年接受不少于60学时的公共法律知识培训")
    assert [(d.target.value, d.target.unit, d.target.per) for d in drafts if d.target] == [
        (4, "次", "year"),
        (60, "学时", "year"),
    ]
    assert drafts[0].target is not None and drafts[0].target.metric == "区政府常务会议学法"


def test_count_at_least_once_a_year_and_per_term() -> None:
    (year,) = reqs("区、镇两级每年至少开展1次综合应急演练")
    (term,) = reqs("部门负责人任期内至少接受1次法治专题脱产培训")
    assert year.target is not None and (year.target.per, year.target.metric) == ("year", "综合应急演练")
    assert term.target is not None and (term.target.value, term.target.per) == (1, "term")


def test_count_with_more_than_suffix_and_implied_once_a_year() -> None:
    (more,) = reqs("开展法治宣传活动3次以上")
    assert more.target is not None and (more.target.op, more.target.value) == (">=", 3)
    (implied,) = reqs("政府常务会议每年听取法治政府建设工作汇报")
    assert implied.kind is Kind.COUNT and implied.target is not None
    assert (implied.target.op, implied.target.value, implied.target.per) == (">=", 1, "year")


def test_level_not_lower_than_with_a_denominator() -> None:
    (d,) = reqs("从事一线执法工作的人员编制原则上不低于全部人员编制的80%")
    assert d.kind is Kind.LEVEL and d.target is not None
    assert (d.target.op, d.target.value, d.target.unit) == (">=", 80, "%")
    assert d.target.metric == "从事一线执法工作的人员编制"


def test_level_growth_about_has_a_tolerance() -> None:
    (d,) = reqs("地区生产总值增长8.5%左右")
    assert d.target is not None
    t = d.target
    assert (t.op, t.value, t.approx, t.tolerance, t.direction) == ("~", 8.5, True, 0.5, "increase")
    assert t.metric == "地区生产总值"


def test_level_above_within_and_decrease() -> None:
    above, within, down, about = reqs(
        "规模以上工业增加值增长9%以上;城镇登记失业率控制在4.5%以内;单位地区生产总值能耗下降3%;"
        "居民消费价格涨幅控制在3%左右"
    )
    assert above.target is not None and (above.target.op, above.target.value) == (">=", 9)
    assert above.target.metric == "规模以上工业增加值"  # 规模以上 is a name, not a comparator
    assert within.target is not None and (within.target.op, within.target.value, within.target.direction) == (
        "<=",
        4.5,
        None,
    )
    assert down.target is not None and down.target.direction == "decrease"
    assert about.target is not None and (about.target.op, about.target.approx) == ("<=", True)


def test_deadlines() -> None:
    (year_end,) = reqs("2022年年底前,政务服务事项全部纳入一体化政务服务平台办理")
    assert (year_end.kind, year_end.due) == (Kind.DEADLINE, "2022-12-31")
    assert "纳入一体化" in year_end.text  # a bare deadline clause takes the act after it
    (built,) = reqs("2024年年底前基本建成行政执法协调监督工作体系")
    assert built.due == "2024-12-31"
    (month,) = reqs("2020年6月底前完成乡镇法治政府建设示范创建评估")
    assert month.due == "2020-06-30"


def test_procedural_deadlines_in_days() -> None:
    (days,) = reqs("行政执法主体资格证登载信息发生变动的,须在30日内向市司法局报告材料,并申请换发新证")
    assert (days.kind, days.within_days, days.due) == (Kind.DEADLINE, 30, None)
    assert days.text.startswith("行政执法主体资格证") and days.text.endswith("换发新证")
    (work,) = reqs("各部门所产生的各类监管行为数据应在10个工作日内完成数据汇聚")
    assert work.within_days == 14  # 10 working days span at most 14 calendar days
    (months,) = reqs("在3个月内完成清理")
    assert months.within_days == 90


def test_a_year_inside_a_cited_title_is_no_deadline() -> None:
    drafts = reqs("制定年度工作要点,确保《法治政府建设实施方案(2017-2020年)》目标任务落到实处")
    assert [(d.kind, d.due) for d in drafts] == [(Kind.DOCUMENT, None)]


def test_several_targets_in_one_sentence_are_separate_requirements() -> None:
    drafts = reqs("加强对领导干部的法治教育培训,政府常务会学法次数不少于2次,领导干部参加依法行政专题法治讲座不少于2次")
    assert [d.kind for d in drafts] == [Kind.MENTION, Kind.COUNT, Kind.COUNT]
    assert drafts[2].target is not None and drafts[2].target.metric == "领导干部参加依法行政专题法治讲座"


def test_a_short_metric_takes_its_subject_from_the_clause_before() -> None:
    (d,) = reqs("各执法部门行政执法人员法律知识培训有计划、有考核,集中培训不少于4次")
    assert d.target is not None and d.target.metric == "集中培训"
    assert d.text.startswith("各执法部门")


def test_documents_and_framing() -> None:
    drafts = reqs(
        "按照《国务院办公厅关于全面推行行政执法公示制度的指导意见》,结合我市实际,"
        "制定出台我市全面推行“三项制度”实施方案,指导各行政执法部门依法主动公布执法信息"
    )
    assert [d.kind for d in drafts] == [Kind.DOCUMENT, Kind.MENTION]
    assert drafts[0].text == "制定出台我市全面推行“三项制度”实施方案"  # 按照《…》, 结合我市实际: framing
    (revise,) = reqs("修订完善依法行政考核标准")
    assert revise.kind is Kind.DOCUMENT


def test_acts_in_one_sentence_are_split_and_short_ones_join() -> None:
    drafts = reqs("完善政府向社会力量购买公共服务制度,公开政府购买公共服务目录,优化购买服务实施流程")
    assert len(drafts) == 3
    (joined,) = reqs("对权力集中的部门和岗位实行分事行权、分岗设权,定期轮岗")
    assert joined.text.endswith("定期轮岗")


def test_an_item_with_many_acts_is_split_by_sentence() -> None:
    text = (
        "全面推行市场准入负面清单制度,严格规范市场准入管理,认真配合做好信息公开工作,深入研究有关市场准入事项,"
        "及时提出清理、调整建议,推进相关体制机制改革。持续推进简政放权,认真贯彻落实国务院取消调整行政审批事项的决定。"
    )
    drafts = reqs(text)
    assert len(drafts) == 2
    assert drafts[0].text.startswith("全面推行市场准入负面清单制度") and drafts[0].text.endswith("推进相关体制机制改革")


def test_an_unreadable_target_is_reported(lex: Lexicon) -> None:
    p = parse(
        "2024年政府工作报告重点任务分解方案\n一、主要目标\n"
        "(一)提高居民收入。城乡居民人均可支配收入分别增长6%和8%。(牵头单位:市统计局)\n",
        lex,
    )
    problem = next(x for x in p.problems if x.code == "target-unparsed")
    assert "分别增长6%和8%" in problem.message
    assert only(p).requirements[0].kind is Kind.MENTION


ECONOMIC = """关于印发2024年《政府工作报告》重点任务分解方案的通知
各县（市、区）人民政府，市政府各部门：
现将2024年《政府工作报告》重点任务分解方案印发给你们，请认真抓好落实。
某某市人民政府办公室
2024年2月20日
2024年《政府工作报告》重点任务分解方案
一、主要预期目标
（一）全年经济社会发展主要预期目标是：地区生产总值增长6.5%左右；规模以上工业增加值增长8%以上；固定资产投资增长10%；\
社会消费品零售总额增长7%左右；一般公共预算收入增长5%；城镇新增就业1.2万人以上；城镇登记失业率控制在4.5%以内；\
居民消费价格涨幅控制在3%左右。（牵头单位：市发改委；配合单位：市统计局、市财政局、市人社局）
二、绿色发展
（二）单位地区生产总值能耗下降3%(市发改委牵头,市生态环境局配合)；粮食总产量稳定在50万吨以上(市农业农村局)；\
森林覆盖率达到45%(市林业局)。
"""


def test_economic_target_sentence_gives_one_obligation_per_target(lex: Lexicon) -> None:
    p = parse(ECONOMIC, lex)
    first = [o for o in p.obligations if o.ref == "（一）"]
    assert [o.requirements[0].target.metric for o in first if o.requirements[0].target] == [
        "地区生产总值",
        "规模以上工业增加值",
        "固定资产投资",
        "社会消费品零售总额",
        "一般公共预算收入",
        "城镇新增就业",
        "城镇登记失业率",
        "居民消费价格涨幅",
    ]
    assert all(len(o.requirements) == 1 for o in first)
    assert all(o.owners.lead == ("市发改委",) for o in first)
    assert first[0].owners.support == ("市统计局", "市财政局", "市人社局")
    gdp = first[0].requirements[0]
    assert gdp.kind is Kind.LEVEL and gdp.target is not None and gdp.target.op == "~"
    assert "GDP" in gdp.match.all[0]  # the indicator's terms are the match
    jobs = first[5].requirements[0]
    assert (
        jobs.kind is Kind.COUNT and jobs.target is not None and (jobs.target.value, jobs.target.unit) == (12000, "人")
    )
    assert [o.id for o in p.obligations] == [f"{i:02d}" for i in range(1, 12)]  # refs repeat: ids by position
    validate(p)


def test_economic_targets_own_the_unit_list_after_them(lex: Lexicon) -> None:
    p = parse(ECONOMIC, lex)
    second = [o for o in p.obligations if o.ref == "（二）"]
    assert [(o.owners.lead, o.owners.support) for o in second] == [
        (("市发改委",), ("市生态环境局",)),
        (("市农业农村局",), ()),
        (("市林业局",), ()),
    ]
    assert p.info.title == "2024年《政府工作报告》重点任务分解方案"
    assert p.info.issuer == "某某市人民政府办公室"


def test_a_deadline_match_is_about_the_act_not_the_date() -> None:
    p = plan.parse(
        text_document(HEAD + "(一)建设监督体系。2024年年底前基本建成协调监督工作体系。\n"), lexicon=Lexicon()
    )
    (r,) = only(p).requirements
    assert r.due == "2024-12-31" and "2024" not in "".join(t for g in r.match.all for t in g)


def test_count_and_level_matches_include_the_metric(lex: Lexicon) -> None:
    p = parse(HEAD + "(一)落实学法制度。政府常务会学法次数不少于2次。(责任单位:县司法局)\n", lex)
    (r,) = only(p).requirements
    flat = {t for g in r.match.all for t in g}
    assert {"常务会", "学法"} <= flat
    bare = parse(HEAD + "(一)落实学法制度。政府常务会学法次数不少于2次。(责任单位:县司法局)\n", Lexicon())
    (r,) = only(bare).requirements
    assert r.match.all == (("学法",),)  # no lexicon: the metric's head noun, not the clause's first characters


# --------------------------------------------------------------------------- layout


def test_preamble_closing_and_framing_are_not_obligations(lex: Lexicon) -> None:
    text = (
        "关于印发经开区法治政府建设实施方案的通知\n各镇党委和政府:\n现将方案印发给你们,请认真贯彻落实。\n"
        "经开区法治政府建设实施方案(2022—2025年)\n为深入推进依法行政,制定本实施方案。\n"
        "一、总体要求\n(一)指导思想。坚持以习近平法治思想为指导。\n(二)主要原则。坚持党的全面领导。\n"
        "二、依法全面履行政府职能\n(三)深化行政审批制度改革。2022年年底前完成证明事项清理。〔责任单位:区司法局〕\n"
        "各级各部门要认真贯彻本实施方案,确保2025年年底前全面完成。\n上一篇:无\n"
    )
    p = parse(text, lex)
    o = only(p)
    assert o.ref == "(三)" and o.id == "03"
    assert "2025" not in o.text and all(r.due != "2025-12-31" for r in o.requirements)
    skipped = [x.message for x in p.problems if x.code == "not-obligation"]
    assert len(skipped) == 2 and "指导思想" in skipped[0]
    assert p.info.period is not None and (p.info.period.start, p.info.period.end) == ("2022-01-01", "2025-12-31")


def test_sub_items_with_owners_are_obligations_and_without_are_folded(lex: Lexicon) -> None:
    text = (
        "工作要点\n一、加强学法\n(一)落实学法制度。\n1.常务会议学法每年不少于4次。(责任单位:区政府办公室)\n"
        "2.领导干部法治讲座每年不少于2期。(责任单位:区司法局)\n"
        "(二)加强执法培训。\n1.组织执法人员集中培训不少于3次。\n2.开展执法资格考试。\n(责任单位:区司法局)\n"
    )
    p = parse(text, lex)
    assert [o.ref for o in p.obligations] == ["1.", "2.", "(二)"]
    assert [o.id for o in p.obligations] == ["01", "02", "03"]  # refs repeat across levels: ids by position
    folded = p.obligations[2]
    assert folded.owners.lead == ("区司法局",)
    assert [r.kind for r in folded.requirements] == [Kind.COUNT, Kind.MENTION]


def test_ref_keeps_the_printed_full_width_brackets(lex: Lexicon) -> None:
    p = parse(HEAD + "（十二）完善法律顾问制度。普遍设立法律顾问。（责任单位：县司法局）\n", lex)
    o = only(p)
    assert o.ref == "（十二）" and o.id == "12"
    assert o.section == "一、加强依法行政能力建设" and o.title == "完善法律顾问制度"
    assert o.line == 3


def test_an_item_without_owners_is_reported(lex: Lexicon) -> None:
    p = parse(HEAD + "(一)落实学法制度。组织集中学法。(责任单位:县司法局)\n(二)加强执法培训。组织执法培训。\n", lex)
    assert [o.owners.lead for o in p.obligations] == [("县司法局",), ()]
    missing = next(x for x in p.problems if x.code == "owner-missing")
    assert missing.line == 4 and missing.severity is Severity.WARNING


def test_plan_id_is_made_valid(lex: Lexicon) -> None:
    p = plan.parse(text_document(HEAD + "(一)落实学法制度。组织集中学法。\n", "赤壁 2019.txt"), lexicon=lex)
    assert p.info.id == "2019"
    assert "plan-id" in codes(p)


PIECES = st.sampled_from(
    [
        "一、", "(一)", "（二）", "1.", "2、", "(1)", "\n", "\t", "。", ",", ";", "(", ")", "〔", "〕", "]",
        "责任单位:", "牵头单位:", "配合单位:", "责任领导:", "区人劳局", "各镇()", "市政府各部门", "张三", "等部门",
        "不少于2次", "至少一次", "增长8.5%左右", "控制在4.5%以内", "2022年年底前", "30日内", "10个工作日内",
        "序号", "重点工作任务", "主要责任单位", "协同配合单位", "分别增长6%和8%", "《", "》", "加强", "每年",
        "总体要求", "(卫健委)", "按职责分工分别负责",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=50))
def test_any_text_parses_and_its_rules_validate(pieces: list[str]) -> None:
    p = plan.parse(text_document("".join(pieces)), lexicon=Lexicon())
    if p.obligations:
        validate(p)
    else:
        assert "no-obligations" in codes(p)


# --------------------------------------------------------------------------- the bundled plans


def test_chibi_obligations_owners_and_targets() -> None:
    p = plan.parse(plan_document("chibi-2019.txt"), lexicon=golden_lexicon())
    refs = [o.ref for o in p.obligations]
    assert len(refs) == 28 and refs[0] == "(一)" and refs[11] == "(十二)" and refs[-1] == "(二十八)"
    assert [o.id for o in p.obligations] == [f"{i:02d}" for i in range(1, 29)]
    first = by_ref(p, "(一)")
    assert first.owners.lead == ("市政府办公室", "市委组织部", "市司法局")
    assert [(r.target.op, r.target.value, r.target.unit) for r in targets(first, Kind.COUNT) if r.target] == [
        (">=", 2, "次"),
        (">=", 2, "次"),
    ]
    second = by_ref(p, "(二)")
    assert sorted(r.target.value for r in targets(second, Kind.COUNT) if r.target) == [1, 4]
    assert [r.within_days for r in targets(by_ref(p, "(十六)"), Kind.DEADLINE)] == [30]
    assert by_ref(p, "(五)").owners.lead == ("市政府各部门", "各乡镇人民政府")
    assert by_ref(p, "(六)").owners.lead[-1] == "市政务服务和大数据管理局"
    assert [x.code for x in p.problems if x.severity is Severity.WARNING] == ["owner-typo"]
    info = p.info
    assert (info.title, info.issuer, info.doc_no) == (
        "赤壁市2019年推进依法行政建设法治政府工作要点",
        "赤壁市人民政府",
        "赤政发〔2019〕7号",
    )
    assert info.period is not None and (info.period.start, info.period.end) == ("2019-01-01", "2019-12-31")


def test_jingkai_obligations_owners_and_targets() -> None:
    p = plan.parse(plan_document("jingkai-2022-2025.txt"), lexicon=golden_lexicon())
    refs = [o.ref for o in p.obligations]
    assert len(refs) == 34 and refs[0] == "(四)" and refs[-1] == "(三十七)"
    assert [o.id for o in p.obligations] == [f"{i:02d}" for i in range(4, 38)]
    assert by_ref(p, "(四)").owners.lead == ("区人劳局", "区经发局", "区建设局", "区市场监管分局", "各镇")
    assert next(u for u in p.units if u.name == "各镇").group
    (level,) = targets(by_ref(p, "(十三)"), Kind.LEVEL)
    assert level.target is not None and (level.target.op, level.target.value, level.target.unit) == (">=", 80, "%")
    (drill,) = targets(by_ref(p, "(十八)"), Kind.COUNT)
    assert drill.target is not None and (drill.target.value, drill.target.per) == (1, "year")
    counts = [r.target for r in targets(by_ref(p, "(三十七)"), Kind.COUNT) if r.target]
    assert [(t.op, t.value, t.unit, t.per) for t in counts] == [
        (">=", 4, "次", "year"),
        (">=", 2, "期", "year"),
        (">=", 1, "次", "term"),
        (">=", 60, "学时", "year"),
    ]
    assert [r.due for r in targets(by_ref(p, "(二十五)"), Kind.DEADLINE)] == ["2024-12-31"]
    assert [r.within_days for r in targets(by_ref(p, "(三十二)"), Kind.DEADLINE) if r.within_days] == [14]
    assert by_ref(p, "(十七)").owners.lead[:2] == ("区信息中心", "经开公安分局")
    assert by_ref(p, "(十)").owners.lead[0] == "区党工委办公室"  # 区政党工委办公室 is a typo of it
    assert "各级各部门要认真贯彻" not in by_ref(p, "(三十七)").text
    assert p.info.issuer == "经开区党工委、经开区管委会" and p.info.doc_no == ""


@pytest.mark.parametrize("name", PLANS)
def test_golden_rules_files(name: str) -> None:
    expected = (GOLDEN / f"{Path(name).stem}.yaml").read_text(encoding="utf-8")
    actual = golden_text(name)
    assert actual == expected, f"rules for {name} changed: run python tests/golden/regen_plans.py and review the diff"
    assert actual.startswith("# Generated by `plancheck plan2rules`")
    data = yaml.safe_load(actual)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    ids = [o["id"] for o in data["obligations"]]
    assert len(ids) == len(set(ids))
    rids = [r["id"] for o in data["obligations"] for r in o["requirements"]]
    assert len(rids) == len(set(rids))


def test_rules_data_keeps_a_readable_key_order(lex: Lexicon) -> None:
    p = parse(HEAD + "(一)落实学法制度。政府常务会学法次数不少于2次。(责任单位:县司法局)\n", lex)
    data = plan.to_rules(p)
    assert list(data) == ["schema", "plan", "units", "obligations"]
    ob = data["obligations"][0]
    assert list(ob) == ["id", "ref", "section", "title", "text", "owners", "requirements"]
    assert list(ob["requirements"][0]) == ["id", "kind", "text", "match", "target"]
    text = plan.dump_rules(data)
    assert "target: {op: '>=', value: 2, unit: 次, metric: 政府常务会学法}" in text
    assert "lead: [县司法局]" in text


# --------------------------------------------------------------------------- plan2rules


def fake_documents(monkeypatch: pytest.MonkeyPatch, read: object) -> None:
    """Stand in for checker.documents (another engineer's module) with a reader of plain text."""
    import checker

    module = types.SimpleNamespace(read=read)
    monkeypatch.setitem(sys.modules, "checker.documents", module)
    monkeypatch.setattr(checker, "documents", module, raising=False)


def test_plan_to_rules_yaml_reads_parses_and_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import pipeline

    fake_documents(monkeypatch, lambda path: plan_document(Path(path).name))
    text, problems = pipeline.plan_to_rules_yaml("plans/chibi-2019.txt", plan_id=None)
    data = yaml.safe_load(text)
    assert data["plan"]["id"] == "chibi-2019"
    assert len(data["obligations"]) == 28
    assert [x.code for x in problems if x.severity is Severity.WARNING] == ["owner-typo"]
    text, _ = pipeline.plan_to_rules_yaml("plans/chibi-2019.txt", plan_id="chibi")
    assert yaml.safe_load(text)["plan"]["id"] == "chibi"


def test_plan_to_rules_yaml_without_items_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import pipeline

    fake_documents(monkeypatch, lambda path: text_document("关于做好某项工作的通知\n请各单位认真落实。\n", path))
    with pytest.raises(InputError, match="no obligations"):
        pipeline.plan_to_rules_yaml("notice.txt", plan_id=None)
