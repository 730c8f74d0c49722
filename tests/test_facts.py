"""checker.facts: report → Facts, from realistic report snippets and from the bundled reports."""

from __future__ import annotations

import json
import re
import sys
import types
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from checker import facts
from checker.model import Cue, DateFact, Document, Facts, Period, Quantity, Severity, Unit, Zone
from checker.textutil import compact
from tests.golden import regen as golden

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "facts"


def use_scan(mp: pytest.MonkeyPatch, scan: Any) -> None:
    """Make `from checker import quantities` inside extract() find a stub with this scan()."""
    import checker

    stub = types.ModuleType("checker.quantities")
    stub.scan = scan  # type: ignore[attr-defined]
    mp.setitem(sys.modules, "checker.quantities", stub)
    mp.setattr(checker, "quantities", stub, raising=False)


def doc_of(raw: str, path: str = "report.txt") -> Document:
    """A Document as checker.documents.read builds one from a .txt file."""
    return Document(
        path=path, format="txt", text=unicodedata.normalize("NFKC", raw).replace("\r\n", "\n"), source_text=raw
    )


def read(path: Path) -> Document:
    """A bundled document as the CLI reads it (the golden files are made the same way)."""
    doc: Document = golden.load(path)
    return doc


def extract(raw: str, **kw: Any) -> Facts:
    return facts.extract(doc_of(raw), **kw)


def heading_markers(f: Facts) -> list[tuple[int, str, str]]:
    return [(h.level, h.marker, h.text) for h in f.headings]


def sentence_with(f: Facts, words: str) -> Any:
    return next(s for s in f.sentences if words in s.text)


def cue_of(f: Facts, words: str) -> tuple[Cue | None, str]:
    clause = next(c for s in f.sentences for c in s.clauses if words in c.text)
    return clause.cue, clause.cue_text


# --------------------------------------------------------------------------- headings


def test_heading_levels_and_parents() -> None:
    f = extract(
        "一、主要工作情况\n"
        "(一)深化放管服改革\n"
        "一是推行不见面审批。全年办理审批事项3000余件。\n"
        "1.优化营商环境。出台了若干措施。\n"
        "(1)建成政务服务平台\n"
        "第二,规范执法行为。开展执法检查12次。\n"
        "二、存在的问题\n"
    )
    assert heading_markers(f) == [
        (1, "一、", "主要工作情况"),
        (2, "(一)", "深化放管服改革"),
        (3, "一是", "推行不见面审批"),
        (4, "1.", "优化营商环境"),
        (5, "(1)", "建成政务服务平台"),
        (3, "第二,", "规范执法行为"),
        (1, "二、", "存在的问题"),
    ]
    parents = [h.parent for h in f.headings]
    assert parents == [None, 0, 1, 2, 3, 1, None]


def test_full_width_brackets_are_level_two_after_nfkc() -> None:
    f = extract("（三）加强行政复议工作\n全年收到复议申请37件。\n")
    assert heading_markers(f) == [(2, "(三)", "加强行政复议工作")]


def test_headings_mid_line_in_scraped_text() -> None:
    f = extract(
        "一、2019年工作情况\n"
        "全年共召开会议6次。一是强化组织领导,完善依法治市组织架构。组建委员会。二是深化放管服改革;三是推进双随机监管。\n"
    )
    assert [(h.marker, h.text) for h in f.headings[1:]] == [
        ("一是", "强化组织领导,完善依法治市组织架构"),
        ("二是", "深化放管服改革"),
        ("三是", "推进双随机监管"),
    ]
    assert all(h.parent == 0 for h in f.headings[1:])
    # each heading starts a sentence of its own, also after a `;`
    assert [s.text for s in f.sentences if s.is_heading][1:] == [
        "一是强化组织领导,完善依法治市组织架构。",
        "二是深化放管服改革;",
        "三是推进双随机监管。",
    ]
    assert sentence_with(f, "组建委员会").heading == 1


def test_lost_numeral_is_still_a_heading_but_not_inside_a_sentence() -> None:
    f = extract(
        "二、存在的问题\n"
        "()领导干部的法治意识有待进一步增强。少数领导干部法律知识欠缺。\n"
        "()行政执法规范化建设有待加强。完善区、镇()两级执法体系。\n"
    )
    assert heading_markers(f) == [
        (1, "二、", "存在的问题"),
        (2, "()", "领导干部的法治意识有待进一步增强"),
        (2, "()", "行政执法规范化建设有待加强"),
    ]


def test_quoted_dates_and_decimals_are_not_item_numbers() -> None:
    f = extract(
        "(一)强化普法责任\n利用“4.8”司法日、“12.4”国家宪法日广泛宣传。\n1.5万名群众参加活动。\n2019.12全年完成。\n"
    )
    assert heading_markers(f) == [(2, "(一)", "强化普法责任")]


def test_two_part_numerals_are_headings_and_not_dates() -> None:
    seen: list[str] = []

    def scan(text: str, *, year: int | None = None) -> SimpleNamespace:
        # a date scanner that mistakes the heading number (十一) for 1 October, plus a real date
        s = text.index("(十一)")
        t = text.index("10月1日")
        seen.append(text)
        return SimpleNamespace(
            quantities=(),
            dates=(
                DateFact(s, s + 4, "(十一)", None, 10, 1, "date", -1),
                DateFact(t, t + 5, "10月1日", year, 10, 1, "date", -1),
            ),
            doc_numbers=(),
        )

    with pytest.MonkeyPatch.context() as mp:
        use_scan(mp, scan)
        f = extract("2019年度工作总结\n(十一)严格行政决策程序。自10月1日起施行。\n")
    assert heading_markers(f) == [(2, "(十一)", "严格行政决策程序")]
    assert [d.text for d in f.dates] == ["10月1日"]


def test_heading_text_stops_at_the_first_full_stop() -> None:
    f = extract("(一)指导思想。高举中国特色社会主义伟大旗帜,全面贯彻党的二十大精神。\n")
    assert f.headings[0].text == "指导思想"
    assert [s.is_heading for s in f.sentences] == [True, False]
    assert f.sentences[1].heading == 0


# --------------------------------------------------------------------------- parts


def test_two_reports_in_one_file() -> None:
    f = extract(
        "【篇一】\n"
        "市司法局2019年上半年工作总结\n"
        "一、主要工作\n"
        "全年办理法律援助案件120件。\n"
        "二、下一步工作打算\n"
        "力争全年办案200件。\n"
        "【篇二】\n"
        "市司法局2019年工作总结\n"
        "一、主要工作\n"
        "组织普法活动30场。\n"
    )
    assert f.parts == ("市司法局2019年上半年工作总结", "市司法局2019年工作总结")
    assert f.title == "市司法局2019年上半年工作总结"
    assert f.period == Period("2019-01-01", "2019-06-30", source="title")
    first = sentence_with(f, "法律援助")
    second = sentence_with(f, "普法活动")
    assert (first.part, second.part) == (0, 1)
    # the second report's headings start a new tree, and the first report's problems zone stops at its end
    assert f.headings[sentence_with(f, "普法活动").heading].parent is None
    assert sentence_with(f, "力争全年").zone is Zone.PROBLEMS
    assert second.zone is Zone.BODY


# --------------------------------------------------------------------------- title, period, unit


def test_title_and_period_from_the_title_not_from_the_publish_date() -> None:
    f = extract(
        "当前位置:首页 > 信息公开\n"
        "发布日期:\n"
        "2020-05-12\n"
        "信息名称:\n"
        "关于2019年度法治政府建设情况的报告\n"
        "镇江市人民政府:\n"
        "现将我市2019年度法治政府建设情况报告予以呈报,请审阅。\n"
        "2019年度法治政府建设情况报告\n"
        "丹阳市人民政府\n"
        "一、2019年法治政府建设工作情况\n"
    )
    assert f.title == "2019年度法治政府建设情况报告"
    assert f.period == Period("2019-01-01", "2019-12-31", source="title")
    assert not f.problems


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("市生态环境局2021年上半年工作总结", "2021-01-01", "2021-06-30"),
        ("2020年第三季度依法行政工作情况汇报", "2020-07-01", "2020-09-30"),
        ("2022年1—9月法治政府建设工作总结", "2022-01-01", "2022-09-30"),
        ("经开区法治政府建设实施方案(2022—2025年)", "2022-01-01", "2025-12-31"),
        ("二〇一九年度法治政府建设情况报告", "2019-01-01", "2019-12-31"),
        ("2019 年度法治政府建设情况报告", "2019-01-01", "2019-12-31"),
        ("关于落实《法治政府建设实施纲要(2015-2020年)》2019年度情况的报告", "2019-01-01", "2019-12-31"),
    ],
)
def test_period_forms(title: str, start: str, end: str) -> None:
    f = extract(f"{title}\n一、工作情况\n全年开展培训4次。\n")
    assert f.period is not None
    assert (f.period.start, f.period.end) == (start, end)


def test_anonymised_year_leaves_the_period_unknown_with_a_warning() -> None:
    f = extract("xx 年度法治政府建设工作总结\n一、主要工作\n今年共开展培训4次。\n")
    assert f.period is None
    assert [(p.severity, p.code) for p in f.problems] == [(Severity.WARNING, "period-unknown")]
    assert "pass --period" in f.problems[0].message


def test_period_argument_overrides_the_title() -> None:
    given = Period("2019-01-01", "2019-06-30", source="option")
    f = extract("xx 年度法治政府建设工作总结\n一、主要工作\n", period=given)
    assert f.period == given
    assert not f.problems


def test_reporting_unit_from_the_title() -> None:
    f = extract("市司法局2019年度法治政府建设工作报告\n一、主要工作\n全年办理复议案件37件。\n")
    assert (f.unit, f.issuer) == ("市司法局", "市司法局")


def test_reporting_unit_from_the_signature() -> None:
    f = extract(
        "2019年度法治政府建设工作总结\n"
        "一、主要工作\n"
        "全年开展执法检查12次。\n"
        "二、下一步打算\n"
        "继续加强执法监督。\n"
        "市交通运输局\n"
        "2020年1月10日\n"
    )
    assert f.unit == "市交通运输局"


def test_a_whole_government_reports_for_every_unit() -> None:
    f = extract("2019年度法治政府建设情况报告\n丹阳市人民政府\n一、工作情况\n")
    assert (f.unit, f.issuer) == (None, "丹阳市人民政府")


def test_reporting_unit_resolves_through_the_registry() -> None:
    units = [Unit("市司法局", aliases=("司法局", "市法制办"))]
    f = extract("丹阳市司法局关于2019年度法治政府建设情况的报告\n一、主要工作\n", units=units)
    assert f.unit == "市司法局"
    f = extract("市法制办2017年度依法行政工作总结\n一、主要工作\n", units=units)
    assert f.unit == "市司法局"


# --------------------------------------------------------------------------- zones


def test_problems_heading_zone_runs_to_the_next_heading_of_its_level() -> None:
    f = extract(
        "一、工作情况\n"
        "(一)加强执法监督\n"
        "开展执法检查12次。\n"
        "二、存在的问题和不足\n"
        "(一)执法人员素质参差不齐\n"
        "部分单位尚未配齐法制审核人员。\n"
        "三、下一步工作打算\n"
        "(一)加强培训\n"
        "计划全年培训4次。\n"
        "四、其他工作\n"
        "年内建成公共法律服务中心。\n"
    )
    zone = {s.text: s.zone for s in f.sentences}
    assert zone["开展执法检查12次。"] is Zone.BODY
    assert zone["二、存在的问题和不足"] is Zone.PROBLEMS
    assert zone["部分单位尚未配齐法制审核人员。"] is Zone.PROBLEMS
    assert zone["计划全年培训4次。"] is Zone.PROBLEMS
    assert zone["年内建成公共法律服务中心。"] is Zone.BODY


def test_next_year_work_plan_heading_is_a_problems_zone_but_a_body_plan_item_is_not() -> None:
    f = extract(
        "2019年度法治政府建设工作总结\n"
        "一、主要工作\n"
        "(一)制定年度工作计划\n"
        "印发工作要点。\n"
        "二、2020年工作计划\n"
        "开展执法培训。\n"
    )
    assert sentence_with(f, "印发工作要点").zone is Zone.BODY
    assert sentence_with(f, "开展执法培训").zone is Zone.PROBLEMS


@pytest.mark.parametrize(
    ("heading", "zone"),
    [
        ("存在的差距和不足", Zone.PROBLEMS),
        ("工作中的短板弱项", Zone.PROBLEMS),
        ("困难和问题", Zone.PROBLEMS),
        ("需要改进的地方", Zone.PROBLEMS),
        ("补齐法治短板", Zone.BODY),  # closing a shortcoming is work done
        ("缩小与先进地区的差距", Zone.BODY),
        ("着力补短板强弱项", Zone.BODY),
    ],
)
def test_a_heading_naming_shortcomings_opens_a_problems_zone(heading: str, zone: Zone) -> None:
    f = extract(
        f"某县2019年度法治政府建设工作报告\n一、主要工作\n全年开展法治讲座两次。\n二、{heading}\n一是法治宣传仍需加强。\n"
    )
    assert sentence_with(f, "法治讲座").zone is Zone.BODY
    assert sentence_with(f, "法治宣传").zone is zone


def test_a_sentence_announcing_shortcomings_makes_its_list_a_problems_zone() -> None:
    f = extract(
        "某县2019年度法治政府建设工作报告\n一、主要工作\n全年开展法治讲座两次。针对执法中存在的问题,开展专项整治:查处案件12起。\n"
        "二、工作体会\n一年来取得了一定成效,但也存在一些问题和不足:一是领导干部学法不够深入;二是执法人员培训不足。\n"
        "三、其他工作\n针对存在的问题和不足,采取了以下措施:一是继续开展培训;二是加强考核。\n"
    )
    assert sentence_with(f, "专项整治").zone is Zone.BODY  # 存在的问题 there is what the work addressed
    assert sentence_with(f, "查处案件").zone is Zone.BODY
    assert sentence_with(f, "但也存在").zone is Zone.PROBLEMS
    assert sentence_with(f, "学法不够深入").zone is Zone.PROBLEMS
    assert sentence_with(f, "培训不足").zone is Zone.PROBLEMS
    assert sentence_with(f, "继续开展培训").zone is Zone.BODY  # the list ends at the next higher heading
    assert sentence_with(f, "加强考核").zone is Zone.BODY  # what was done about the problems is work


def test_next_steps_paragraph_ends_at_the_next_heading_even_mid_line() -> None:
    f = extract(
        "(一)推进政务公开\n"
        "全年主动公开信息1200条。下一步,将继续深化政务公开。二是强化行政复议。全年受理复议案件37件。\n"
        "(二)加强执法监督\n"
        "下一步,我局将加大执法检查力度。\n"
        "全年计划开展检查20次。\n"
        "(三)落实普法责任\n"
        "开展普法活动30场。\n"
    )
    zone = {s.text: s.zone for s in f.sentences}
    assert zone["全年主动公开信息1200条。"] is Zone.BODY
    assert zone["下一步,将继续深化政务公开。"] is Zone.PROBLEMS
    assert zone["二是强化行政复议。"] is Zone.BODY
    assert zone["全年受理复议案件37件。"] is Zone.BODY
    assert zone["下一步,我局将加大执法检查力度。"] is Zone.PROBLEMS
    assert zone["全年计划开展检查20次。"] is Zone.PROBLEMS  # the paragraph zone spans paragraphs until a heading
    assert zone["开展普法活动30场。"] is Zone.BODY


def test_next_steps_paragraph_that_announces_a_list_covers_the_list() -> None:
    f = extract(
        "(三)落实普法责任\n"
        "开展普法活动30场。\n"
        "今后,重点抓好以下工作:\n"
        "一是加强法治宣传。\n"
        "二是完善考核机制。\n"
        "(四)加强组织领导\n"
        "召开专题会议2次。\n"
    )
    zone = {s.text: s.zone for s in f.sentences}
    assert zone["一是加强法治宣传。"] is Zone.PROBLEMS
    assert zone["二是完善考核机制。"] is Zone.PROBLEMS
    assert zone["召开专题会议2次。"] is Zone.BODY


def test_a_colon_without_a_list_right_after_it_ends_at_the_next_heading() -> None:
    f = extract(
        "(三)落实普法责任\n今后,重点抓好以下工作:\n加强法治宣传,完善考核机制。\n(四)加强组织领导\n召开专题会议2次。\n"
    )
    assert sentence_with(f, "加强法治宣传").zone is Zone.PROBLEMS
    assert sentence_with(f, "召开专题会议").zone is Zone.BODY


def test_a_body_sentence_about_rectifying_problems_does_not_open_a_zone() -> None:
    f = extract("(一)加强执法监督\n针对检查中存在的问题,逐一通报反馈。\n组织案卷评查,查找问题62个。\n")
    assert {s.zone for s in f.sentences} == {Zone.BODY}


# --------------------------------------------------------------------------- sentences and clauses


def test_sentences_do_not_split_inside_titles_or_quotes() -> None:
    f = extract(
        "坚持“公开为常态,不公开为例外。”的原则,印发《关于做好政务公开工作的通知。》,全年公开信息1,500条。完成清理!\n"
    )
    assert [s.text for s in f.sentences] == [
        "坚持“公开为常态,不公开为例外。”的原则,印发《关于做好政务公开工作的通知。》,全年公开信息1,500条。",
        "完成清理!",
    ]
    assert [c.text for c in f.sentences[0].clauses] == [
        "坚持“公开为常态,不公开为例外。”的原则",
        "印发《关于做好政务公开工作的通知。》",
        "全年公开信息1,500条",
    ]


def test_clauses_split_on_commas_semicolons_and_colons() -> None:
    f = extract("主要做法:加强培训;完善制度,落实责任。\n")
    assert [c.text for c in f.sentences[0].clauses] == ["主要做法", "加强培训", "完善制度", "落实责任"]


def test_paragraph_numbers_count_non_empty_lines() -> None:
    f = extract("第一段话。第二句。\n\n   \n第二段话。\n")
    assert [(s.text, s.paragraph) for s in f.sentences] == [("第一段话。", 0), ("第二句。", 0), ("第二段话。", 1)]


# --------------------------------------------------------------------------- status cues


@pytest.mark.parametrize(
    ("sentence", "words", "cue", "cue_text"),
    [
        ("印发了《学法制度》,草拟了《政府常务会议学法制度》。", "草拟了", Cue.PROGRESS, "草拟"),
        (
            "形成了《重大决策报告制度(讨论稿)》,待提交市政府常务会议审议通过后印发实施。",
            "形成了",
            Cue.PROGRESS,
            "(讨论稿)",
        ),
        (
            "形成了《重大决策报告制度(讨论稿)》,待提交市政府常务会议审议通过后印发实施。",
            "待提交",
            Cue.PROGRESS,
            "待提交市政府常务会议审议",
        ),
        ("《行政复议条例》修订工作正在进行。", "正在", Cue.PROGRESS, "正在"),
        ("县司法局起草了《重大行政决策程序规定》。", "起草了", Cue.PROGRESS, "起草"),
        ("实施办法已提交县政府常务会议审议。", "已提交", Cue.PROGRESS, "提交县政府常务会议审议"),
        ("全市行政执法公示平台尚未建成。", "尚未", Cue.NOT_DONE, "尚未"),
        ("因机构改革,年度培训未能如期举办。", "未能", Cue.NOT_DONE, "未能"),
        ("我局将于明年6月出台实施细则。", "将于", Cue.PLAN, "将于"),
        ("下一步将继续加强执法监督。", "下一步", Cue.PLAN, "下一步"),
        ("力争年底前实现全覆盖。", "力争", Cue.PLAN, "力争"),
        ("印发了《2019年全市行政执法人员法律知识培训计划》。", "印发了", Cue.DONE, "印发"),
        ("出台《丹阳市加强政务诚信建设实施意见》。", "出台", Cue.DONE, "出台"),
    ],
)
def test_status_cues(sentence: str, words: str, cue: Cue, cue_text: str) -> None:
    assert cue_of(extract(sentence + "\n"), words) == (cue, cue_text)


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("将法治教育纳入公务员入职培训的必备内容。", "将法治教育"),  # 将 marks the object (把), not the future
        ("将学法、守法情况纳入考核内容。", "将学法"),
        ("将加强法治建设情况作为年度考核的重要内容。", "将加强"),
        ("根据《丹阳市2019年行政执法监督检查计划》的要求,开展专项检查。", "根据"),  # …计划 inside 《》
        ("理顺文件起草单位、审核机构和制定机关之间的关系。", "理顺"),  # 起草单位 is a noun
        ("争取到上级专项资金300万元。", "争取到"),
        ("对尚未完成整改的单位进行通报。", "对尚未"),  # the negation describes whom they reported
        # drafting named as one step of a procedure, and a document described by its review, are no pending work
        ("规范性文件均经过起草、征求意见、合法性审核、集体讨论等程序。", "均经过"),
        ("对提交县政府常务会议审议的规范性文件全部进行合法性审核。", "对提交"),
        ("由县司法局起草的《行政执法公示办法》已经印发。", "由县司法局"),
    ],
)
def test_words_that_look_like_cues_but_are_not(sentence: str, words: str) -> None:
    assert cue_of(extract(sentence + "\n"), words)[0] in (None, Cue.DONE)


# --------------------------------------------------------------------------- mentions


def test_generic_units_and_groups() -> None:
    f = extract(
        "加强对各镇(区、街道)、市政府各组成部门的指导,市司法局共审核行政协议6件。"
        "各乡镇人民政府、各行政执法部门全面落实。税务局、市场监管局等22个部门参加。\n"
    )
    units = [m.text for m in f.mentions if m.kind == "unit"]
    assert units == [
        "各镇(区、街道)",
        "市政府各组成部门",
        "市司法局",
        "各乡镇人民政府",
        "各行政执法部门",
        "税务局",
        "市场监管局",
    ]


def test_generic_units_stay_conservative() -> None:
    f = extract(
        "市委书记、市长分别担任委员会主任、副主任。经提交市政府常务会议审议,签订行政协议10件。"
        "全市法院系统受理案件101件。\n"
    )
    units = [m.text for m in f.mentions if m.kind == "unit"]
    assert units == ["市政府"]  # 全市法院 is every court in the city, not a unit called 市法院


def test_place_names_lead_units_only_when_the_document_uses_them() -> None:
    f = extract("丹阳市人民政府\n2019年,丹阳市人民法院共受理行政诉讼101件,镇江市中级人民法院受理64件。\n")
    units = [m.text for m in f.mentions if m.kind == "unit"]
    assert units == ["丹阳市人民政府", "丹阳市人民法院", "市中级人民法院"]


def test_registry_units_longest_match_and_aliases() -> None:
    units = [
        Unit("市司法局", aliases=("司法局",)),
        Unit("市政协"),
        Unit("政协"),
        Unit("市政府办公室", aliases=("市政府办",)),
    ]
    f = extract("司法局审核行政协议6件,市政府办牵头,接受市政协民主监督。\n", units=units)
    found = [(m.text, m.unit) for m in f.mentions if m.kind == "unit"]
    assert found == [("司法局", "市司法局"), ("市政府办", "市政府办公室"), ("市政协", "市政协")]


def test_units_inside_cited_titles_are_not_mentions_but_the_title_is() -> None:
    f = extract("出台了《昭通市人民政府重大事项集体讨论决策制度》。\n")
    assert [(m.kind, m.text) for m in f.mentions] == [("document", "《昭通市人民政府重大事项集体讨论决策制度》")]


# --------------------------------------------------------------------------- offsets and numbers


def test_offsets_point_into_document_text_through_pdf_spaces() -> None:
    raw = "一、 2019 年 工作 情况\n市 司法局 举办 培训 15 00余名,入库率 达到 10 0%。\n下 一步,将 继续 推进。\n"
    d = doc_of(raw)
    f = facts.extract(d)
    for s in f.sentences:
        assert compact(d.text[s.start : s.end]).text == s.text
        for c in s.clauses:
            assert compact(d.text[c.start : c.end]).text == c.text
    for m in f.mentions:
        assert compact(d.text[m.start : m.end]).text == m.text
    h = f.headings[0]
    assert (h.marker, h.text) == ("一、", "2019年工作情况")
    assert compact(d.text[h.start : h.end]).text == "一、2019年工作情况"
    assert sentence_with(f, "将继续推进").zone is Zone.PROBLEMS


def test_numbers_are_mapped_back_and_given_their_sentence() -> None:
    def scan(text: str, *, year: int | None = None) -> SimpleNamespace:
        s = text.index("1500余名")
        return SimpleNamespace(
            quantities=(Quantity(s, s + 6, "1500余名", 1500.0, "名", -1, approx=True),), dates=(), doc_numbers=()
        )

    d = doc_of("2019年工作总结\n一、 工作 情况\n全年 培训。举办 培训 15 00余名 人员。\n")
    with pytest.MonkeyPatch.context() as mp:
        use_scan(mp, scan)
        f = facts.extract(d)
    (q,) = f.quantities
    assert d.text[q.start : q.end] == "15 00余名"
    assert f.sentences[q.sentence].text == "举办培训1500余名人员。"


# --------------------------------------------------------------------------- the bundled reports


def test_danyang_title_period_zones_and_heading_path() -> None:
    f = facts.extract(read(ROOT / "reports" / "danyang-2019.txt"))
    assert f.title == "2019年度法治政府建设情况报告"
    assert f.period == Period("2019-01-01", "2019-12-31", source="title")
    problems = [s for s in f.sentences if s.zone is Zone.PROBLEMS]
    assert problems[0].text == "二、当前法治政府建设工作存在的问题"
    assert problems[0].is_heading
    # every sentence from there to the end is problems, the 对策打算 part and the closing paragraph included
    assert problems == list(f.sentences[problems[0].index :])
    assert sentence_with(f, "对策打算").zone is Zone.PROBLEMS
    assert sentence_with(f, "只有起点,没有终点").zone is Zone.PROBLEMS
    assert sentence_with(f, "建成三级食品安全保障体系").zone is Zone.BODY
    s = sentence_with(f, "市政府常务会议学法由过去每年四次增加到每年六次")
    path = [h.marker + h.text for h in f.heading_path(s)]
    assert path[1:] == ["(七)加强组织领导,落实法治建设保障措施", "一是不断提高领导干部依法行政能力"]
    assert path[0] == "一、2019年法治政府建设工作情况"


def test_title_block_and_page_metadata_are_front_matter() -> None:
    """The title block (a page's 索引号 block, the title, salutations) is not evidence; a cover letter's
    sentence is the unit's own words and stays in the body."""
    text = (
        "当前位置:首页>信息公开\n发布日期:2020-03-02\n市人民政府:\n现将我局2019年度法治政府建设情况报告如下,请审阅。\n"
        "市司法局2019年度法治政府建设情况报告\n一、主要工作\n组织开展法治讲座两次。\n上一篇:关于印发工作要点的通知\n"
    )
    f = facts.extract(doc_of(text))
    zones = {s.text: s.zone.value for s in f.sentences}
    assert zones["现将我局2019年度法治政府建设情况报告如下,请审阅。"] == "body"
    assert zones["市人民政府:"] == "front"
    assert zones["市司法局2019年度法治政府建设情况报告"] == "front"
    assert zones["当前位置:首页>信息公开"] == "front"
    assert zones["组织开展法治讲座两次。"] == "body"
    assert zones["上一篇:关于印发工作要点的通知"] == "front"


def test_danyang_line_and_column_of_a_heading() -> None:
    d = read(ROOT / "reports" / "danyang-2019.txt")
    data = facts.to_dict(facts.extract(d))
    lines = d.source_text.split("\n")
    h = next(h for h in data["headings"] if h["text"] == "当前法治政府建设工作存在的问题")
    assert (h["line"], h["col"]) == (lines.index("二、当前法治政府建设工作存在的问题") + 1, 1)
    zone = next(z for z in data["zones"] if z["zone"] == "problems")
    assert zone["line"] == h["line"]
    assert zone["end_line"] == max(i for i, line in enumerate(lines, 1) if line.strip())


def test_danyang_numbers() -> None:
    f = facts.extract(read(ROOT / "reports" / "danyang-2019.txt"))
    s = sentence_with(f, "市政府常务会议学法由过去每年四次增加到每年六次")
    (q,) = [q for q in f.quantities if q.sentence == s.index and q.unit == "次"]
    assert (q.value, q.before) == (6, 4)
    assert any(q.value == 1500 and q.approx and q.unit == "名" for q in f.quantities)
    assert any(q.value == 88 and q.unit == "人" for q in f.quantities)
    (d,) = [d for d in f.dates if d.text.endswith("62日")]
    assert d.candidate and (d.month, d.day) == (6, 2)
    assert f.document.text[d.start : d.end] == d.text


def test_zhaotong_progress_cues() -> None:
    f = facts.extract(read(ROOT / "reports" / "zhaotong-2015.txt"))
    assert cue_of(f, "草拟了《政府常务会议学法制度》") == (Cue.PROGRESS, "草拟")
    assert cue_of(f, "(讨论稿)》")[0] is Cue.PROGRESS
    assert cue_of(f, "待提交市政府常务会议审议")[0] is Cue.PROGRESS
    assert cue_of(f, "印发了《昭通市行政执法部门领导干部学法制度》")[0] is Cue.DONE
    assert f.period is None and f.problems[0].code == "period-unknown"
    assert f.issuer == "昭通市人民政府" and f.unit is None


def _pdf_style(text: str) -> str:
    """Spaces where PDF extraction leaves them: inside numbers, before 年/月, between some Han characters."""
    text = re.sub(r"(\d)(\d)(\d*%)", r"\1\2 \3", text)  # 100% → 10 0%
    text = re.sub(r"(\d\d)(\d\d余)", r"\1 \2", text)  # 1500余 → 15 00余
    text = re.sub(r"(\d)(年|月份)", r"\1 \2", text)  # 2019年 → 2019 年
    text = re.sub(r"(一|二|三)(是|、)", r"\1 \2", text)  # inside heading markers too
    return re.sub(r"([\u4e00-\u9fff]{7})(?=[\u4e00-\u9fff])", r"\1 ", text)


def test_pdf_style_copy_gives_the_same_sentences_headings_and_zones() -> None:
    clean = facts.extract(read(ROOT / "reports" / "danyang-2019.txt"))
    raw = (ROOT / "reports" / "danyang-2019.txt").read_text(encoding="utf-8")
    spaced_raw = _pdf_style(raw)
    assert spaced_raw.count(" ") > raw.count(" ") + 500
    spaced = facts.extract(doc_of(spaced_raw))
    assert [(s.text, s.zone, s.heading, s.is_heading) for s in spaced.sentences] == [
        (s.text, s.zone, s.heading, s.is_heading) for s in clean.sentences
    ]
    assert [(h.level, h.marker, h.text, h.parent) for h in spaced.headings] == [
        (h.level, h.marker, h.text, h.parent) for h in clean.headings
    ]
    assert [(m.kind, m.text) for m in spaced.mentions] == [(m.kind, m.text) for m in clean.mentions]
    assert (spaced.title, spaced.period) == (clean.title, clean.period)


# --------------------------------------------------------------------------- to_dict and golden files


def test_to_dict_is_json_and_in_document_order() -> None:
    d = read(ROOT / "reports" / "zhaotong-2015.txt")
    data = facts.to_dict(facts.extract(d))
    json.dumps(data, ensure_ascii=False)
    for key in ("headings", "sentences", "quantities", "dates", "doc_numbers", "mentions"):
        starts = [x["start"] for x in data[key]]
        assert starts == sorted(starts), key
        for x in data[key]:
            assert (x["line"], x["col"]) == d.locate(x["start"])
    assert data["period"] is None
    assert data["problems"][0]["code"] == "period-unknown"


@pytest.mark.parametrize("source", golden.sources(), ids=[p.stem for p in golden.sources()])
def test_golden_facts(source: Path) -> None:
    expected_file = GOLDEN / f"{source.stem}.json"
    assert expected_file.is_file(), f"missing {expected_file}; run tests/golden/regen.py"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert golden.golden_data(source) == expected, "facts changed: run tests/golden/regen.py and review the diff"


# --------------------------------------------------------------------------- the text rendering


def test_render_facts_text_plain_and_colour() -> None:
    from checker.report.facts import render_facts_text

    data = facts.to_dict(facts.extract(read(ROOT / "reports" / "danyang-2019.txt")))
    plain = render_facts_text(data, color=False)
    assert "\x1b[" not in plain
    assert plain.splitlines()[0] == "2019年度法治政府建设情况报告"
    assert "2019-01-01 – 2019-12-31" in plain
    assert "(七)加强组织领导" in plain and "[problems]" in plain
    assert max(len(line) for line in plain.splitlines()) <= 100 * 2  # wide characters count twice on screen
    coloured = render_facts_text(data, color=True)
    assert "\x1b[" in coloured


def test_render_survives_markup_like_text() -> None:
    from checker.report.facts import render_facts_text

    f = extract("【篇一】\n[bold]2019年工作总结\n一、主要工作\n[red]全年草拟制度3项。\n")
    out = render_facts_text(facts.to_dict(f), color=False)
    assert "[bold]2019年工作总结" in out


# --------------------------------------------------------------------------- one report, every format

SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
TABLE = [["序号", "重点工作", "完成情况"], ["1", "组织行政执法人员培训", "全年举办培训班4期"]]


def _facts_of(path: Path) -> tuple[list[str], list[tuple[float, str, float | None]]]:
    from checker import documents

    f = facts.extract(documents.read(path))
    return [s.text for s in f.sentences], [(q.value, q.unit, q.before) for q in f.quantities]


@pytest.fixture(scope="module")
def seed_variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each seed as UTF-8 and GBK text, a .docx with a table in the middle and an A4 PDF (wrapped lines, running
    header, page numbers), all generated from the seed's text."""
    from tests.docgen import make_docx, make_pdf

    out = tmp_path_factory.mktemp("seed-variants")
    made: dict[str, dict[str, Path]] = {}
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        gbk = out / f"{seed.stem}.gbk.txt"
        gbk.write_bytes(text.replace("\u00a0", " ").encode("gbk", errors="replace"))
        made[seed.stem] = {
            "txt": seed,
            "gbk": gbk,
            "docx": make_docx(text, out / f"{seed.stem}.docx", table=TABLE),
            "pdf": make_pdf(text, out / f"{seed.stem}.pdf"),
        }
    return made


@pytest.mark.parametrize("variant", ["gbk", "docx", "pdf"])
@pytest.mark.parametrize("seed", [p.stem for p in SEEDS])
def test_every_format_gives_the_same_sentences_and_quantities(
    seed_variants: dict[str, dict[str, Path]], seed: str, variant: str
) -> None:
    sentences, quantities = _facts_of(seed_variants[seed]["txt"])
    got_sentences, got_quantities = _facts_of(seed_variants[seed][variant])
    assert len(sentences) > 50 and quantities
    if variant == "docx":  # the table's rows are read in document order, as sentences of their own
        table_rows = [s for s in got_sentences if "\t" in s]
        assert table_rows == ["\t".join(row) for row in TABLE]
        got_sentences = [s for s in got_sentences if s not in table_rows]
        assert (4.0, "期", None) in got_quantities
        got_quantities.remove((4.0, "期", None))
    assert got_sentences == sentences
    assert got_quantities == quantities
