from __future__ import annotations

from checker.textutil import compact


def test_wrap_spaces_inside_numbers_and_words_go() -> None:
    c = compact("入库率达到10 0%,举办15 00余名人员培训,xx 年 共 计")
    assert c.text == "入库率达到100%,举办1500余名人员培训,xx年共计"


def test_spaces_between_latin_words_stay() -> None:
    assert compact("GDP growth 8.5% 左右").text == "GDP growth 8.5%左右"


def test_line_breaks_are_kept_and_edges_trimmed() -> None:
    assert compact("  一、总体 要求 \n(一) 指导思想").text == "一、总体要求\n(一)指导思想"


def test_offsets_map_back_to_the_input() -> None:
    src = "达到 10 0% 的 目标"
    c = compact(src)
    for i, ch in enumerate(c.text):
        assert src[c.source(i)] == ch


def test_target_is_the_inverse_of_source() -> None:
    src = "  达到 10 0% 的  目标\n xx 年"
    c = compact(src)
    for i in range(len(c.text) + 1):
        assert c.target(c.source(i)) == i
    for j, ch in enumerate(src):
        t = c.target(j)
        # a removed space maps to the next kept character
        assert c.source(t) >= j and (ch == " " or c.source(t) == j)
