"""Properties over arbitrary input: readers, number and date extractors, the plan parser and facts never raise
anything but the tool's own InputError, and what they return holds together.

Examples per property come from the hypothesis profile (conftest.py): 150 in `make test`, 10,000 with
HYPOTHESIS_PROFILE=fuzz. Found by these: zip entries of an unknown version, a document.xml whose root is not
w:document, an HTML page without <body> (tracebacks); 亿 fifty times (OverflowError); 400 digits (inf,
written into the JSON as Infinity).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from checker import documents, facts, plan, rules
from checker.errors import InputError
from checker.lexicon import Lexicon
from checker.model import Document
from checker.numerals import CN_CHARS, parse_cn_int, parse_number
from checker.quantities import scan
from tests.docgen import make_docx, make_pdf
from tests.hostile.helpers import SMALL_REPORT, cli


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the module's files (a function-scoped tmp_path would be shared by all examples anyway)."""
    return tmp_path_factory.mktemp("hostile-properties")


@pytest.fixture(scope="module")
def bases(work: Path) -> dict[str, bytes]:
    """Small valid files of each kind, for mutation."""
    text = "关于2019年度法治政府建设情况的报告\n一、工作情况\n今年组织集中学法2次,开展培训3期。\n二、存在问题\n"
    make_docx(text, work / "base.docx", table=[["序号", "事项", "责任单位"], ["1", "学法", "市司法局"]])
    make_pdf(text * 3, work / "base.pdf")
    html = f"<html><head><meta charset='gbk'><title>报告</title></head><body><div><p>{text}</p></div></body></html>"
    return {
        "docx": (work / "base.docx").read_bytes(),
        "pdf": (work / "base.pdf").read_bytes(),
        "html": html.encode("gbk"),
        "document.xml": zipfile.ZipFile(work / "base.docx").read("word/document.xml"),
    }


def _read(path: Path) -> Document | None:
    """documents.read: a Document that holds together, or None for an InputError; anything else fails."""
    try:
        doc = documents.read(path)
    except InputError as e:
        assert str(e) and "\n" not in e.message
        return None
    assert doc.text.strip()
    if doc.origin is not None:
        assert len(doc.origin) == len(doc.text)
        assert all(0 <= o < max(1, len(doc.source_text)) for o in doc.origin[:: max(1, len(doc.origin) // 50)])
    line, col = doc.locate(len(doc.text) - 1)
    assert line >= 1 and col >= 1
    return doc


REPORTISH = st.sampled_from(
    ["一、", "(一)", "一是", "1.", "\n", "。", ",", "学法", "2次", "百分之八十", "2019年", "6月2日", "尚未", "正在",
     "《", "》", "“", "”", "存在问题", "下一步", "市司法局", "\u3000", "\u200b", "\r\n", "\ufeff", "①", "㎡", "\x00"]
)  # fmt: skip
TEXTISH = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(REPORTISH, st.text(max_size=3)), max_size=60).map("".join),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5", "latin-1"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.tuples(TEXTISH, ENCODINGS).map(lambda te: te[0].encode(te[1], errors="replace")),
    ),
    ext=st.sampled_from([".txt", ".html", ".docx", ".pdf", ""]),
)
def test_reading_arbitrary_bytes(work: Path, content: bytes, ext: str) -> None:
    path = work / f"any{ext}"
    path.write_bytes(content)
    _read(path)


_MUTATION = st.lists(
    st.tuples(st.sampled_from(["set", "delete", "insert"]), st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=16)),
    min_size=1,
    max_size=12,
)  # fmt: skip


def _mutate(data: bytes, edits: list[tuple[str, float, bytes]], cut: float | None) -> bytes:
    b = bytearray(data)
    for op, where, chunk in edits:
        if not b:
            break
        i = int(where * len(b))
        if op == "set":
            b[i : i + len(chunk)] = chunk
        elif op == "delete":
            del b[i : i + len(chunk)]
        else:
            b[i:i] = chunk
    if cut is not None:
        b = b[: int(cut * len(b))]
    return bytes(b)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["docx", "pdf", "html", "document.xml"]), edits=_MUTATION, cut=st.none() | st.floats(0, 1))
def test_reading_damaged_documents(
    work: Path, bases: dict[str, bytes], kind: str, edits: list, cut: float | None
) -> None:
    data = _mutate(bases[kind], edits, cut)
    if kind == "document.xml":  # a well-formed zip around a damaged main part: python-docx and lxml get to work
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(bases["docx"])) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                out.writestr(info.filename, data if info.filename == "word/document.xml" else src.read(info.filename))
        data, kind = buf.getvalue(), "docx"
    path = work / f"damaged.{kind}"
    path.write_bytes(data)
    _read(path)


# --------------------------------------------------------------------------- numbers and dates


@given(st.text(max_size=200))
def test_parse_number_on_any_text(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@given(st.text(alphabet=CN_CHARS + "0123456789.,", max_size=60))
def test_parse_number_on_numeral_soup(text: str) -> None:
    value = parse_number(text)
    assert value is None or (math.isfinite(value) and value >= 0)
    n = parse_cn_int(text)
    assert n is None or n >= 0


@given(TEXTISH, st.sampled_from([None, 1, 2019, 9999]))
def test_scan_on_any_text(text: str, year: int | None) -> None:
    found = scan(text, year=year)
    for item in [*found.quantities, *found.dates, *found.doc_numbers]:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
    for q in found.quantities:
        assert math.isfinite(q.value)


_CN_DIGITS = "零一二三四五六七八九"


def _section(n: int, leading: bool) -> str:
    """0 < n < 10000 in Chinese numerals (十五 when leading, 一十五 inside a larger number)."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += ("" if (d == 1 and unit == "十" and not out and leading) else _CN_DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def to_chinese(n: int) -> str:
    """1 ≤ n < 10^12 in Chinese numerals: 100050000 → 一亿零五万."""
    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out, gap = "", False
    for value, unit in groups:
        if value:
            if out and (gap or value < 1000):
                out += "零"
            out += _section(value, not out) + unit
            gap = False
        elif out:
            gap = True
    return out


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_and_arabic_numbers_agree(n: int) -> None:
    cn = to_chinese(n)
    assert parse_number(cn) == n, cn
    (a,), (b,) = scan(f"全年开展专项检查{cn}次").quantities, scan(f"全年开展专项检查{n}次").quantities
    assert a.value == b.value == n and a.unit == b.unit == "次"


@given(st.integers(min_value=0, max_value=100))
def test_percent_in_words_and_in_figures_agree(n: int) -> None:
    (a,) = scan(f"覆盖率达到百分之{to_chinese(n) if n else '零'}").quantities
    (b,) = scan(f"覆盖率达到{n}%").quantities
    assert a.value == b.value == n and a.unit == b.unit == "%"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_in_words_and_in_figures_agree(d: dt.date) -> None:
    year, month, day = d.year, d.month, d.day
    cn_year = "".join("〇一二三四五六七八九"[int(c)] for c in str(year))
    words = scan(f"于{cn_year}年{to_chinese(month)}月{to_chinese(day)}日召开会议", year=year).dates
    figures = scan(f"于{year}年{month}月{day}日召开会议", year=year).dates
    assert (
        [(x.year, x.month, x.day) for x in words] == [(x.year, x.month, x.day) for x in figures] == [(year, month, day)]
    )


# --------------------------------------------------------------------------- plan parser and facts


PLANISH = st.sampled_from(
    ["一、", "(一)", "（二）", "1.", "2、", "(1)", "\n", "\t", "。", ",", ";", "(", ")", "〔", "〕", "]",
     "责任单位:", "牵头单位:", "配合单位:", "责任领导:", "区人劳局", "各镇()", "市政府各部门", "张三", "等部门",
     "不少于2次", "至少一次", "增长8.5%左右", "控制在4.5%以内", "2022年年底前", "30日内", "10个工作日内", "序号",
     "主要责任单位", "协同配合单位", "《", "》", "加强", "每年", "不少于" + "9" * 20 + "次", "亿" * 30, "增长1e400%"]
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(PLANISH, st.text(max_size=4)), max_size=60).map("".join))
@example("一、不少于2次2022年年底前")  # a count with a due date
@example("一、0000000\x85一、2022年年底前")  # a term ending in U+0085
@example("一、一、不少于99999999999999999999次" + "亿" * 30 + "增长8.5%左右")  # a 70-character term
@example("一、责任单位:" + "亿" * 30 + "(一)" * 4 + "不少于2次" * 2 + "亿" * 30)  # an 80+-character unit name
def test_plan_parse_and_its_rules_validate(work: Path, text: str) -> None:
    assume(text.strip())
    doc = Document(path="plan.txt", format="txt", text=text, source_text=text)
    p = plan.parse(doc, plan_id="fuzz", lexicon=Lexicon())
    if not p.obligations:
        return
    path = work / "fuzz.yaml"
    path.write_text(plan.dump_rules(plan.to_rules(p)), encoding="utf-8")
    rules.load(str(path))  # what plan2rules writes always validates


@given(TEXTISH)
def test_facts_on_any_text(text: str) -> None:
    assume(text.strip())
    doc = Document(path="r.txt", format="txt", text=text, source_text=text)
    f = facts.extract(doc)
    data = facts.to_dict(f)
    json.dumps(data, allow_nan=False)  # strict JSON: no NaN or Infinity
    last = -1
    for s in f.sentences:
        assert 0 <= s.start < s.end <= len(text) and s.start >= last
        last = s.start


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=500), TEXTISH.map(lambda t: (SMALL_REPORT + t).encode("utf-8"))))
def test_cli_facts_on_any_bytes(work: Path, content: bytes) -> None:
    path = work / "cli.txt"
    path.write_bytes(content)
    run = cli("facts", path, "--format", "json")
    assert run.exception is None, repr(run.exception)
    if run.code == 0:
        json.loads(run.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    else:
        assert run.code == 2
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("plancheck: error: ")
