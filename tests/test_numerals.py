from __future__ import annotations

import pytest

from checker.numerals import NUMBER_RE, parse_cn_int, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两", 2),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("一千五百", 1500),
        ("一千五", 1500),
        ("一万五", 15000),
        ("二〇一九", 2019),
        ("百分之八十", 80),
        ("1.5万", 15000),
        ("1,500", 1500),
        ("8.5", 8.5),
        ("一亿二千万", 120_000_000),
        ("三十七", 37),
        ("一万零十", 10010),
        ("一万零一十", 10010),
        ("六点五", 6.5),
        ("十二点零五", 12.05),
        ("百分之八十点五", 80.5),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "十百", "千千", "abc", "第一", "六点", "点五", "六点十"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_number_spans_in_text() -> None:
    spans = [m.group() for m in NUMBER_RE.finditer("举办全市1500余名人员参加的培训两次,共1.5万人")]
    assert spans == ["1500", "两", "1.5万"]


def test_round_trip_small_numbers() -> None:
    digits = "零一二三四五六七八九"
    for n in range(1, 100):
        tens, ones = divmod(n, 10)
        cn = (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")
        assert parse_cn_int(cn) == n, cn
