"""Unit words of quantities and the classes that say which units count the same thing.

Used by the quantity scanner, the plan parser (targets) and the engine (comparing a found figure with a target).
"""

from __future__ import annotations

# Normalised unit → class. Units of one class count the same thing and compare directly
# (money through MONEY_FACTORS). A unit missing here is its own class.
UNIT_CLASSES: dict[str, str] = {
    "次": "times",
    "场": "times",
    "场次": "times",
    "期": "times",
    "轮": "times",
    "名": "people",
    "人": "people",
    "位": "people",
    "人次": "person_times",
    "件": "cases",
    "宗": "cases",
    "起": "cases",
    "个": "items",
    "项": "items",
    "家": "entities",
    "户": "entities",
    "元": "money",
    "万元": "money",
    "亿元": "money",
    "%": "percent",
    "‰": "permille",
    "百分点": "percentage_points",
    "天": "days",
    "日": "days",
    "工作日": "working_days",
    "小时": "hours",
    "学时": "class_hours",
    "课时": "class_hours",
    "个月": "months",
    "批": "batches",
    "批次": "batches",
    "份": "copies",
    "部": "volumes",
    "篇": "articles",
    "条": "entries",
    "所": "institutions",
    "部门": "departments",
}
MONEY_FACTORS: dict[str, float] = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
# Written forms → normalised unit.
_UNIT_ALIASES: dict[str, str] = {
    "％": "%",
    "个工作日": "工作日",
    "个百分点": "百分点",
    "个学时": "学时",
    "个课时": "课时",
    "个小时": "小时",
}
UNIT_WORDS = [
    *("个工作日", "工作日", "个百分点", "百分点", "个学时", "个课时", "个小时", "个月"),
    *("人次", "户次", "件次", "场次", "批次", "平方公里", "平方米", "公里", "学时", "课时", "小时", "部门"),
    *"元%％‰次场期批轮个项件份部篇条家户所名人位起宗天日套台辆亩种处支册本张座堂卷",
]
# Units that 一 in running text rarely counts (一张网, 一处, 一本): a count only with another number.
WEAK_UNITS = frozenset("种处支册本张座堂套卷")
DURATION_UNITS = frozenset({"日", "天", "工作日", "小时", "个月", "学时", "课时"})
# Characters after a unit that make it the start of another word (一次性, 一部分, 3所有, 两位数).
UNIT_NOT_BEFORE: dict[str, str] = {
    "次": "性",
    "条": "龙例件线",
    "位": "数于",
    "部": "分署位",
    "所": "有属在得以需谓",
    "起": "草诉步点来到码始止",
    "期": "间限工项待末满刊",
    "场": "所地景馆",
    "元": "旦素",
    "天": "然津气",
    "处": "理罚置室长级",
    "支": "持付出撑",
    "名": "单称录义",
    "宗": "旨教",
    "家": "庭长属门乡园",
    "件": "事",
    "张": "网图",
    "人": "一",
}


def normalise_unit(unit: str) -> str:
    """The unit as stored in Quantity.unit: 个工作日 → 工作日, ％ → %, 个学时 → 学时."""
    return _UNIT_ALIASES.get(unit, unit)


def unit_class(unit: str) -> str:
    """The class a unit belongs to (名, 人, 位 → "people"); an unknown unit is its own class."""
    unit = normalise_unit(unit)
    return UNIT_CLASSES.get(unit, unit)


def same_unit_class(a: str, b: str) -> bool:
    """Whether two units count the same thing: 名~人~位, 次~场~期~轮, 件~宗~起, 个~项, 家~户, 天~日, 元~万元~亿元."""
    return unit_class(a) == unit_class(b)


def to_base(value: float, unit: str) -> float:
    """`value` in its class's base unit: money in 元 (3.5万元 → 35000), anything else unchanged."""
    return value * MONEY_FACTORS.get(normalise_unit(unit), 1.0)
