"""checker.quantities: quantities, dates and document numbers in report sentences.

Most sentences are written for these tests in the style of government work reports; a few come from the
bundled reports (marked "seed"). Every rule of the extractor has its own case here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.model import DateFact, DocNumber, Quantity
from checker.quantities import (
    UNIT_CLASSES,
    bounds,
    normalise_unit,
    same_unit_class,
    scan,
    to_base,
)
from checker.textutil import compact

REPORTS = Path(__file__).resolve().parent.parent / "reports"


def quantity(text: str, pick: str | None = None, *, year: int | None = 2019) -> Quantity:
    """The one quantity in `text` (or the one whose text contains `pick`)."""
    found = scan(text, year=year).quantities
    if pick is not None:
        found = tuple(q for q in found if pick in q.text)
    assert len(found) == 1, [q.text for q in scan(text, year=year).quantities]
    return found[0]


def date(text: str, *, year: int | None = 2019) -> DateFact:
    """The one date in `text`."""
    found = scan(text, year=year).dates
    assert len(found) == 1, [d.text for d in found]
    return found[0]


def check(obj: object, expected: dict[str, Any]) -> None:
    got = {k: getattr(obj, k) for k in expected}
    assert got == expected


# --------------------------------------------------------------------------- quantities

QUANTITY_CASES = [
    # plain counts, Arabic and Chinese
    pytest.param(
        "全年共开展行政执法监督检查12次", None, {"value": 12, "unit": "次", "text": "12次"}, id="arabic-count"
    ),
    pytest.param("组织召开专题协调会两次", None, {"value": 2, "unit": "次"}, id="chinese-liang"),
    pytest.param("累计培训基层执法人员一千二百名", None, {"value": 1200, "unit": "名"}, id="chinese-thousands"),
    pytest.param("成立执法、司法、守法普法3个协调小组", None, {"value": 3, "unit": "个"}, id="seed-3-ge"),
    pytest.param("共聘用政府法律顾问88人", None, {"value": 88, "unit": "人", "approx": False}, id="seed-88-ren"),
    pytest.param("参加咨询协商会议等活动287人次", None, {"value": 287, "unit": "人次"}, id="person-times"),
    pytest.param("明确公务员40个学时的学法任务", None, {"value": 40, "unit": "学时"}, id="ge-xueshi"),
    pytest.param("全年办理行政复议案件1,250件", None, {"value": 1250, "unit": "件"}, id="thousands-comma"),
    pytest.param("入库法人信息16万条", None, {"value": 160000, "unit": "条"}, id="wan-multiplies"),
    pytest.param("分两批组织执法人员轮训", None, {"value": 2, "unit": "批"}, id="liang-pi"),
    # approximations
    pytest.param(
        "11月份,举办全市1500余名行政执法人员参加的公共法律知识培训",
        None,
        {"value": 1500, "unit": "名", "approx": True, "comparator": None},
        id="seed-yu",
    ),
    pytest.param("组织全区300余名网格员参加业务培训", None, {"value": 300, "approx": True}, id="yu"),
    pytest.param("受理群众来电2000多条", None, {"value": 2000, "unit": "条", "approx": True}, id="duo"),
    pytest.param("参与义诊群众近百人", None, {"value": 100, "unit": "人", "approx": True}, id="jin-bai"),
    pytest.param("吸引上百人参加", None, {"value": 100, "approx": True}, id="shang-bai"),
    pytest.param("发放宣传资料约3000份", None, {"value": 3000, "approx": True, "comparator": "~"}, id="yue"),
    pytest.param("每期参训人员30人左右", None, {"value": 30, "approx": True, "comparator": "~"}, id="zuoyou"),
    pytest.param("累计引进人才1.2万余人", None, {"value": 12000, "unit": "人", "approx": True}, id="wan-yu"),
    pytest.param("签约5个重点项目", None, {"value": 5, "approx": False, "comparator": None}, id="qianyue-exact"),
    pytest.param("节约财政资金3万元", None, {"value": 3, "unit": "万元", "approx": False}, id="jieyue-exact"),
    pytest.param("覆盖学校附近2个村", None, {"value": 2, "approx": False}, id="fujin-exact"),
    # comparators
    pytest.param(
        "确保行政执法人员全年培训时间不少于15天", None, {"value": 15, "unit": "天", "comparator": ">="}, id="bushaoyu"
    ),
    pytest.param(
        "每季度至少召开一次联席会议",
        None,
        {"value": 1, "unit": "次", "comparator": ">=", "per": "季度"},
        id="zhishao-gap",
    ),
    pytest.param("群众满意度达到95%以上", None, {"value": 95, "comparator": ">=", "direction": "reach"}, id="yishang"),
    pytest.param("结案率超过90%", None, {"value": 90, "comparator": ">"}, id="chaoguo"),
    pytest.param("办理时限不超过5个工作日", None, {"value": 5, "unit": "工作日", "comparator": "<="}, id="buchaoguo"),
    pytest.param(
        "行政诉讼败诉率控制在5%以内", None, {"value": 5, "comparator": "<=", "text": "控制在5%以内"}, id="kongzhi"
    ),
    pytest.param("全区行政复议纠错率低于3%", None, {"value": 3, "comparator": "<"}, id="diyu"),
    pytest.param(
        "从事法制审核的人员原则上不低于全部人员编制的80%", None, {"value": 80, "comparator": ">="}, id="budiyu-de"
    ),
    # changes: levels with a before value, and deltas
    pytest.param(
        "市政府常务会议学法由过去每年四次增加到每年六次",
        None,
        {"value": 6, "before": 4, "unit": "次", "direction": "increase", "delta": False, "per": "年"},
        id="seed-sici-liuci",
    ),
    pytest.param(
        "法律顾问覆盖面从60%提高到100%",
        None,
        {"value": 100, "before": 60, "direction": "increase", "text": "从60%提高到100%"},
        id="cong-tigaodao",
    ),
    pytest.param(
        "审批时限由20个工作日压缩至5个工作日",
        None,
        {"value": 5, "before": 20, "unit": "工作日", "direction": "decrease"},
        id="yasuozhi",
    ),
    pytest.param(
        "督查频次由过去的每月一次调整为每月两次",
        None,
        {"value": 2, "before": 1, "direction": "increase", "per": "月"},
        id="tiaozheng-compared",
    ),
    pytest.param(
        "从2018年的82%提升至96%", None, {"value": 96, "before": 82, "direction": "increase"}, id="before-skips-year"
    ),
    pytest.param(
        "重点案件办理周期缩短为7天", None, {"value": 7, "direction": "decrease", "before": None}, id="level-no-before"
    ),
    pytest.param(
        "一般公共预算收入同比增长8.5%", None, {"value": 8.5, "direction": "increase", "delta": True}, id="delta-up"
    ),
    pytest.param(
        "信访总量较上年减少12件",
        None,
        {"value": 12, "unit": "件", "direction": "decrease", "delta": True},
        id="delta-down",
    ),
    pytest.param(
        "群众知晓率提高3个百分点",
        None,
        {"value": 3, "unit": "百分点", "percent": False, "direction": "increase", "delta": True},
        id="percentage-points",
    ),
    pytest.param("调解成功率达98.8%", None, {"value": 98.8, "percent": True, "direction": "reach"}, id="seed-da"),
    pytest.param(
        "满意及基本满意率均达100%", None, {"value": 100, "direction": "reach", "text": "均达100%"}, id="seed-junda"
    ),
    pytest.param(
        "全市行政执法人员持证率达到百分之百",
        None,
        {"value": 100, "percent": True, "direction": "reach"},
        id="baifenzhi",
    ),
    pytest.param(
        "群众知晓率为百分之八十五", None, {"value": 85, "percent": True, "direction": None}, id="baifenzhi-85"
    ),
    pytest.param(
        "全市地区生产总值增长六点五%", None, {"value": 6.5, "percent": True, "direction": "increase"}, id="cn-decimal"
    ),
    pytest.param("持证率达到百分之九十八点五", None, {"value": 98.5, "percent": True}, id="baifenzhi-decimal"),
    pytest.param("在试点五个乡镇推行", None, {"value": 5, "unit": "个"}, id="shidian-is-no-decimal-point"),
    # money
    pytest.param("投入普法经费35.6万元", None, {"value": 35.6, "unit": "万元", "money": True}, id="money-wan"),
    pytest.param("争取上级补助资金三千万元", None, {"value": 3000, "unit": "万元", "money": True}, id="money-cn-wan"),
    pytest.param("追回各类欠薪1.3亿元", None, {"value": 1.3, "unit": "亿元", "money": True}, id="money-yi"),
    # ranges, per, durations
    pytest.param("确定2—3个重点领域", None, {"value": 2, "upper": 3, "unit": "个"}, id="range-dash"),
    pytest.param(
        "每月开展一两次入户走访", None, {"value": 1, "upper": 2, "approx": True, "per": "月"}, id="range-yiliang"
    ),
    pytest.param("区政府常务会议学法每年不少于4次", None, {"value": 4, "per": "年", "comparator": ">="}, id="per-year"),
    pytest.param("确保每人每年接受不少于60学时的法律培训", None, {"value": 60, "per": "年"}, id="per-in-clause"),
    pytest.param("应当在30日内作出书面答复", None, {"value": 30, "unit": "日", "comparator": "<="}, id="within-days"),
    pytest.param(
        "监管数据应在10个工作日内报送", None, {"value": 10, "unit": "工作日", "comparator": "<="}, id="working-days"
    ),
    pytest.param("专项整治为期3日", None, {"value": 3, "unit": "日"}, id="weiqi-days"),
]


@pytest.mark.parametrize(("text", "pick", "expected"), QUANTITY_CASES)
def test_quantity(text: str, pick: str | None, expected: dict[str, Any]) -> None:
    check(quantity(text, pick), expected)


def test_quantities_leave_offsets_and_sentence_to_the_caller() -> None:
    text = "一是强化培训。组织全区300余名网格员参加业务培训。"
    q = quantity(text)
    assert text[q.start : q.end] == q.text == "300余名"
    assert q.sentence == -1


def test_comparator_stays_in_its_clause() -> None:
    found = scan("施工许可提交材料由41项缩减为16项,缩减率61%").quantities
    assert [(q.value, q.unit, q.before, q.direction) for q in found] == [
        (16, "项", 41, "decrease"),
        (61, "%", None, None),
    ]
    assert found[1].comparator is None and found[1].text == "61%"


def test_before_value_stays_in_its_clause() -> None:
    q = quantity("由3个部门联合开展清理,申报材料缩减为16项", "16项")
    assert (q.value, q.before, q.direction, q.text) == (16, None, "decrease", "缩减为16项")


def test_change_absorbs_the_before_figure() -> None:
    found = scan("市政府常务会议学法由过去每年四次增加到每年六次").quantities
    assert len(found) == 1 and found[0].text == "由过去每年四次增加到每年六次"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        pytest.param("1-5月,全市规模以上工业增加值同比增长7.2%", "1-5月", id="1-5yue"),
        pytest.param("2019年1至5月,全区新增市场主体3600户", "1至5月", id="1zhi5yue"),
        pytest.param("上半年,共受理行政复议案件18件", "上半年", id="shangbannian"),
        pytest.param("前三季度全区地区生产总值增长6.5%", "前三季度", id="qiansanjidu"),
        pytest.param("截至10月底,已办结信访事项320件", "截至10月底", id="jiezhi"),
        pytest.param("全年共受理行政复议案件45件,预计增长12%", "预计", id="yuji"),
        pytest.param("上半年受理18件,全年共受理45件", None, id="quannian-resets"),
        pytest.param("上半年工作平稳有序。共受理行政复议案件45件", None, id="other-sentence"),
        pytest.param("共受理行政复议案件45件", None, id="none"),
    ],
)
def test_partial_period(text: str, period: str | None) -> None:
    assert scan(text).quantities[-1].period == period


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("62日,召开了市委全面依法治市委员会第一次会议", id="seed-diyici"),
        pytest.param("江苏省第二届百万党员学宪法学党章考法律活动", id="di-erjie"),
        pytest.param("依照条例第3条的规定", id="di-3-tiao"),
        pytest.param("2015年第27期(总第99期)", id="zongdi"),
        pytest.param("深入落实江苏省委十三届七次全会精神", id="jie-ci-quanhui"),
        pytest.param("一是加强组织领导。(一)健全工作机制。1.完善制度。二是", id="list-markers"),
        pytest.param("荣获全省七五普法中期先进集体", id="qiwu-pufa"),
        pytest.param("利用“4.8”司法日、“12.4”国家宪法日开展宣传", id="quoted-dates"),
        pytest.param("建立12345热线交办制", id="hotline"),
        pytest.param("创新“1+4”集成治理服务模式", id="one-plus-four"),
        pytest.param("提供7×24小时不打烊服务", id="seven-by-24"),
        pytest.param("推行审批结果两微一端推送,打造一站式服务平台", id="liangwei-yizhanshi"),
        pytest.param("一网三库一平台信用信息系统已全部建成", id="yiwang-sanku"),
        pytest.param("推进双随机、一公开监管", id="shuangsuiji"),
        pytest.param("全面落实行政执法三项制度有关要求", id="sanxiang-zhidu"),
        pytest.param("大运河法治文化阵地四个一工程入选", id="sige-yi"),
        pytest.param("推行一户一档、一企一策、一件一回访", id="yi-x-yi-y"),
        pytest.param("树牢“四个意识”,做到“两个维护”", id="fixed-set-names"),
        pytest.param("围绕“三个走在前列、四个显著提高”目标", id="long-quote-slogan"),
        pytest.param("开展百名局长驻窗口活动", id="bai-ming-name"),
        pytest.param("走访数十家企业,几十个村", id="vague"),
        pytest.param("2019年是新中国成立70周年", id="anniversary"),
        pytest.param("印发《2019年全市行政执法人员法律知识培训计划》", id="inside-title"),
        pytest.param("根据《关于做好3项工作的通知》(丹政发〔2019〕7号)", id="doc-number"),
        pytest.param("落实《云南省行政机关规范性文件制定和备案办法》(省政府令第129号)", id="ling-number"),
        pytest.param("统一部署,进一步加强,一些单位,一批骨干,万一发生", id="common-words-1"),
        pytest.param("一体化推进,一律公开,唯一入口,一起研究,十分重视", id="common-words-2"),
        pytest.param("让百姓满意,千方百计,三农工作,纠治四风,五证合一,一窗受理", id="common-words-3"),
        pytest.param("多次督办,一次性告知,新一轮改革,一部分单位,是一项系统工程", id="common-words-4"),
        pytest.param("深入贯彻党的十九大精神,十三五规划的收官之年", id="shijiuda-shisanwu"),
        pytest.param("投资500万以上的建设工程协议", id="no-unit"),
        pytest.param("实现GDP增长的5G基站建设", id="latin"),
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert scan(text).quantities == ()


# --------------------------------------------------------------------------- dates

DATE_CASES = [
    pytest.param("2019年,全市共受理行政复议申请37件", {"kind": "year", "year": 2019, "month": None}, id="year"),
    pytest.param("2019年度法治政府建设情况报告", {"kind": "year", "year": 2019, "text": "2019年度"}, id="year-du"),
    pytest.param(
        "2019年年初,组建市委全面依法治市委员会",
        {"kind": "period", "year": 2019, "month": 1, "end_month": 3},
        id="nianchu",
    ),
    pytest.param("2020年年底实现全覆盖", {"kind": "period", "month": 12, "end_month": 12}, id="niandi"),
    pytest.param("年中,开展执法检查", {"kind": "period", "year": 2019, "month": 6, "end_month": 7}, id="nianzhong"),
    pytest.param(
        "2022年年底前完成清理",
        {"kind": "deadline", "year": 2022, "month": 12, "day": 31, "text": "2022年年底前"},
        id="deadline-year-end",
    ),
    pytest.param("年底前完成清理", {"kind": "deadline", "year": 2019, "month": 12, "day": 31}, id="deadline-bare"),
    pytest.param("9月底前报送", {"kind": "deadline", "month": 9, "day": 30}, id="deadline-month-end"),
    pytest.param("于2019年5月12日印发", {"kind": "date", "year": 2019, "month": 5, "day": 12}, id="full-date"),
    pytest.param("二〇一九年十一月", {"kind": "month", "year": 2019, "month": 11}, id="chinese-date"),
    pytest.param("11月份,举办全市培训", {"kind": "month", "year": 2019, "month": 11, "text": "11月份"}, id="month-fen"),
    pytest.param("9月,组织专题培训班", {"kind": "month", "year": 2019, "month": 9}, id="month"),
    pytest.param("12日,召开推进会", {"kind": "date", "month": None, "day": 12, "candidate": False}, id="day-only"),
    pytest.param("上半年,审查合同20份", {"kind": "period", "month": 1, "end_month": 6}, id="shangbannian"),
    pytest.param("一季度完成备案", {"kind": "period", "month": 1, "end_month": 3}, id="yijidu"),
    pytest.param("第三季度", {"kind": "period", "month": 7, "end_month": 9}, id="disanjidu"),
    pytest.param("5月下旬", {"kind": "period", "month": 5, "day": 21, "end_day": 31}, id="xiaxun"),
    pytest.param(
        "对2017年10月至2019年9月期间发布的文件进行清理",
        {"kind": "period", "year": 2017, "month": 10, "end_year": 2019, "end_month": 9, "end_day": 30},
        id="month-range",
    ),
    pytest.param("6月2日至5日", {"kind": "period", "month": 6, "day": 2, "end_month": 6, "end_day": 5}, id="day-range"),
    pytest.param("1-5月", {"kind": "period", "month": 1, "end_month": 5}, id="1-5yue"),
    pytest.param("实施纲要(2015-2020年)", {"kind": "period", "year": 2015, "end_year": 2020}, id="year-range"),
    pytest.param("发布日期:2019-05-12", {"kind": "date", "year": 2019, "month": 5, "day": 12}, id="iso"),
    pytest.param("发布时间:2020.05.12", {"kind": "date", "year": 2020, "month": 5, "day": 12}, id="dotted"),
    pytest.param("今年9月,市政府组成督查组", {"kind": "month", "year": 2019, "month": 9}, id="jinnian"),
    pytest.param("xx年,我局认真贯彻", {"kind": "year", "year": None}, id="anonymised"),
    pytest.param("XX年12月", {"kind": "month", "year": None, "month": 12}, id="anonymised-month"),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_date(text: str, expected: dict[str, Any]) -> None:
    check(date(text), expected)


RUN_TOGETHER_CASES = [
    pytest.param("62日,召开了委员会第一次会议", (2019, 6, 2), "6月2日", id="seed-62ri"),
    pytest.param("丹阳市人民政府\n2020512\n", (2020, 5, 12), "2020年5月12日", id="seed-2020512"),
    pytest.param("201710月,启动清理", (2017, 10, None), "2017年10月", id="201710yue"),
    pytest.param("20199月,完成清理", (2019, 9, None), "2019年9月", id="20199yue"),
    pytest.param("315日,开展宣传", (2019, 3, 15), "3月15日", id="315ri"),
]


@pytest.mark.parametrize(("text", "ymd", "reading"), RUN_TOGETHER_CASES)
def test_run_together_dates_are_flagged_candidates(text: str, ymd: tuple[int, int, int | None], reading: str) -> None:
    d = date(text)
    assert (d.year, d.month, d.day) == ymd
    assert d.candidate
    assert reading in d.note
    assert scan(text).quantities == ()


def test_ambiguous_run_together_day_names_both_readings() -> None:
    d = date("112日,召开会议")
    assert d.candidate and (d.month, d.day) == (11, 2)
    assert "also possible: 1月12日" in d.note


def test_run_together_period() -> None:
    d = date("对201710月至20199月期间发布的文件进行清理")
    assert (d.kind, d.year, d.month, d.end_year, d.end_month, d.candidate) == ("period", 2017, 10, 2019, 9, True)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("(十一)加强行政复议工作", id="shiyi-heading"),
        pytest.param("应当在30日内作出答复", id="duration"),
        pytest.param("开展100日攻坚行动", id="duration-no-split"),
        pytest.param("(昭人通〔2015〕37号)", id="doc-number"),
        pytest.param("印发《2019年全市行政执法人员法律知识培训计划》", id="inside-title"),
        pytest.param("共受理案件2020512人次", id="count-not-date"),
        pytest.param("下一年度继续推进", id="xia-yi-niandu"),
        pytest.param("全年中心工作", id="quannian-zhongxin"),
        pytest.param("活动开展的第62日", id="di-62-ri"),
        pytest.param("分5-1月两个阶段", id="falling-month-range"),
    ],
)
def test_not_a_date(text: str) -> None:
    assert scan(text, year=2019).dates == ()


def test_year_completes_dates_and_none_leaves_them_open() -> None:
    assert date("11月份", year=2015).year == 2015
    assert date("11月份", year=None).year is None
    assert date("今年9月", year=None).year is None


def test_run_together_year_far_from_report_year_is_no_date() -> None:
    assert scan("编号2093112", year=2019).dates == ()


def test_bounds() -> None:
    assert bounds(date("上半年", year=2019)) == (dt.date(2019, 1, 1), dt.date(2019, 6, 30))
    assert bounds(date("2022年年底前")) == (dt.date(2022, 12, 31), dt.date(2022, 12, 31))
    assert bounds(date("11月份")) == (dt.date(2019, 11, 1), dt.date(2019, 11, 30))
    assert bounds(date("xx年")) is None


# --------------------------------------------------------------------------- document numbers


@pytest.mark.parametrize(
    ("text", "doc"),
    [
        pytest.param("文号:丹政发〔2020〕14号", "丹政发〔2020〕14号", id="seed-danzhengfa"),
        pytest.param("(昭人通〔2015〕37号)精神", "昭人通〔2015〕37号", id="seed-zhaorentong"),
        pytest.param("见赤政办发[2019]7号文件", "赤政办发[2019]7号", id="square"),
        pytest.param("认真学习贯彻落实赤政办发[2019]7号", "赤政办发[2019]7号", id="after-verbs"),
        pytest.param("关于加强政务诚信建设实施意见的通知赤政办发[2019]7号", "[2019]7号", id="long-run-no-issuer"),
        pytest.param("根据(2019)7号文件", "(2019)7号", id="paren"),
        pytest.param("印发苏政发〔2019〕37号", "苏政发〔2019〕37号", id="drops-verb"),
        pytest.param("(省政府令第129号)", "省政府令第129号", id="seed-ling"),
        pytest.param("认真贯彻落实云南省人民政府令第129号", "云南省人民政府令第129号", id="ling-after-verb"),
        pytest.param("依据国务院第711号令", "国务院第711号令", id="hao-ling"),
        pytest.param("经开文〔2022〕57号", "经开文〔2022〕57号", id="code-starting-jing"),
        pytest.param("〔2015〕37号", "〔2015〕37号", id="bare"),
    ],
)
def test_doc_number(text: str, doc: str) -> None:
    found = scan(text, year=2019)
    assert [d.text for d in found.doc_numbers] == [doc]
    assert found.dates == () and found.quantities == ()


def test_ordinal_number_without_ling_is_no_doc_number() -> None:
    assert scan("第3号选手").doc_numbers == ()


# --------------------------------------------------------------------------- units


def test_unit_classes() -> None:
    assert same_unit_class("名", "人") and same_unit_class("人", "位")
    assert same_unit_class("次", "场") and same_unit_class("期", "轮")
    assert same_unit_class("件", "宗") and same_unit_class("起", "件")
    assert same_unit_class("个", "项")
    assert same_unit_class("万元", "亿元") and same_unit_class("元", "万元")
    assert same_unit_class("天", "日") and same_unit_class("个工作日", "工作日")
    assert not same_unit_class("人", "人次")
    assert not same_unit_class("天", "工作日")
    assert not same_unit_class("%", "百分点")
    assert not same_unit_class("次", "人")
    assert same_unit_class("辆", "辆") and not same_unit_class("辆", "台")
    assert normalise_unit("％") == "%" and UNIT_CLASSES["%"] == "percent"


def test_to_base_converts_money_to_yuan() -> None:
    assert to_base(3.5, "万元") == 35_000
    assert to_base(1.2, "亿元") == 120_000_000
    assert to_base(12, "次") == 12


# --------------------------------------------------------------------------- PDF text and whole reports

PDF_SENTENCES = [
    ("满意及基本满意率均达10 0%", "满意及基本满意率均达100%"),
    ("举办全市15 00余名行政执法人员参加的培训", "举办全市1500余名行政执法人员参加的培训"),
    (
        "2019 年,市政府常务会议学法由过去每年四次增加到每年 六 次",
        "2019年,市政府常务会议学法由过去每年四次增加到每年六次",
    ),
    ("62 日,召开了第一次会议", "62日,召开了第一次会议"),
    ("11 月份,培训时间不少于 15 天", "11月份,培训时间不少于15天"),
    ("施工许可提交材料由41 项缩减为16 项,缩减率61 %", "施工许可提交材料由41项缩减为16项,缩减率61%"),
]


@pytest.mark.parametrize(("spaced", "clean"), PDF_SENTENCES)
def test_pdf_wrap_spaces_give_identical_results(spaced: str, clean: str) -> None:
    assert scan(compact(spaced).text, year=2019) == scan(clean, year=2019)


def test_seed_report_danyang() -> None:
    text = compact((REPORTS / "danyang-2019.txt").read_text(encoding="utf-8")).text
    found = scan(text, year=2019)
    assert [d.text for d in found.doc_numbers] == ["丹政发〔2020〕14号"]
    candidates = {d.text: (d.year, d.month, d.day) for d in found.dates if d.candidate}
    assert candidates == {"2020512": (2020, 5, 12), "62日": (2019, 6, 2), "201710月至20199月": (2017, 10, 1)}
    by_text = {q.text: q for q in found.quantities}
    assert by_text["同比下降31.25%"].direction == "decrease"
    assert by_text["不少于15天"].comparator == ">="
    assert "一项" not in by_text and "百名" not in by_text
    for q in found.quantities:
        assert text[q.start : q.end] == q.text


# --------------------------------------------------------------------------- properties

_CN_DIGITS = "零一二三四五六七八九"


def _cn_section(n: int, leading: bool) -> str:
    """n < 10000 in Chinese numerals; 一十 shortens to 十 only at the very start (十五, but 一百一十五)."""
    out, zero, started = "", False, False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // size % 10
        if d == 0:
            zero = zero or started
            continue
        if zero:
            out, zero = out + "零", False
        out += "十" if unit == "十" and d == 1 and not started and leading else _CN_DIGITS[d] + unit
        started = True
    return out


def to_chinese(n: int) -> str:
    """1 ≤ n ≤ 99999 written in Chinese numerals: 10010 → 一万零一十."""
    if n < 10_000:
        return _cn_section(n, True)
    high, low = divmod(n, 10_000)
    text = _cn_section(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _cn_section(low, False)
    return text


@given(st.integers(min_value=1, max_value=99_999))
@settings(max_examples=400, deadline=None)
def test_chinese_and_arabic_counts_agree(n: int) -> None:
    cn = quantity(f"全年共开展专项检查{to_chinese(n)}次")
    ar = quantity(f"全年共开展专项检查{n}次")
    assert cn.value == ar.value == n
    assert cn.unit == ar.unit == "次"


_INTERESTING = list(
    "0123456789年月日号份〔〕[]()《》“”一二三四五六七八九十百千万亿两零〇余多约近左右以上内不少于至-—~个次名人%元,。;:\n"
    "由增加到为达降减xX第届前底初上下半季度截预计全每是统进新化性数+×/.·"
)


@given(st.text(alphabet=st.sampled_from(_INTERESTING), max_size=80), st.sampled_from([None, 1, 2019, 9999]))
@settings(max_examples=600, deadline=None)
def test_scan_never_raises_on_report_like_noise(text: str, year: int | None) -> None:
    found = scan(text, year=year)
    items: list[Quantity | DateFact | DocNumber] = [*found.quantities, *found.dates, *found.doc_numbers]
    for item in items:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_scan_never_raises_on_any_text(text: str) -> None:
    scan(text, year=2019)


def test_scan_result_is_frozen() -> None:
    found = scan("共聘用政府法律顾问88人")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.quantities[0].value = 1  # type: ignore[misc]
