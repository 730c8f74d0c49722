"""checker.documents: every bundled document read from every format gives the same text, offsets map back
to the source, and every bad input is an InputError that says what is wrong and what to do."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import documents
from checker.documents import _pdf
from checker.documents._text import _ODD, _may_compose, _regex, normalise
from checker.errors import InputError
from checker.model import Document
from tests.docgen import PDF_HEADER, make_docx, make_pdf

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = {
    "chibi": ROOT / "plans" / "chibi-2019.txt",
    "jingkai": ROOT / "plans" / "jingkai-2022-2025.txt",
    "danyang": ROOT / "reports" / "danyang-2019.txt",
    "zhaotong": ROOT / "reports" / "zhaotong-2015.txt",
}
HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060\u00ad"


def nonspace(text: str) -> str:
    """The sequence of non-whitespace characters after NFKC: what every format must agree on."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def paragraphs(text: str) -> list[str]:
    return [p for p in (nonspace(line) for line in text.split("\n")) if p]


def original(name: str) -> str:
    return BUNDLED[name].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- one text, many files


def _encode(text: str, variant: str) -> bytes:
    if variant == "gbk":  # GBK has no NBSP; the comparison ignores whitespace anyway
        return text.replace("\u00a0", " ").encode("gbk")
    if variant == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    boms = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le-bom": codecs.BOM_UTF16_LE, "utf-16-be-bom": codecs.BOM_UTF16_BE}
    codec = variant.removesuffix("-bom").replace("utf-8-sig", "utf-8")
    return boms.get(variant, b"") + text.encode(codec)


TEXT_VARIANTS = {  # file variant → the encoding the reader must report
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "crlf": "utf-8",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "utf-16-le-bom": "utf-16-le",
    "utf-16-be-bom": "utf-16-be",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-32": "utf-32-le",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every bundled document as every text encoding, a .docx and a .pdf (generated once per module)."""
    out = tmp_path_factory.mktemp("variants")
    made: dict[tuple[str, str], Path] = {}
    for name in BUNDLED:
        text = original(name)
        for variant in TEXT_VARIANTS:
            path = out / f"{name}.{variant}.txt"
            path.write_bytes(_encode(text, variant))
            made[name, variant] = path
        made[name, "docx"] = make_docx(text, out / f"{name}.docx")
        made[name, "pdf"] = make_pdf(text, out / f"{name}.pdf")
    return made


@pytest.mark.parametrize("variant", [*TEXT_VARIANTS, "docx", "pdf"])
@pytest.mark.parametrize("name", list(BUNDLED))
def test_every_format_gives_the_same_text(files: dict[tuple[str, str], Path], name: str, variant: str) -> None:
    path = files[name, variant]
    doc = documents.read(path)
    assert nonspace(doc.text) == nonspace(original(name))
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.encoding == TEXT_VARIANTS.get(variant, variant)
    assert doc.format == ("txt" if variant in TEXT_VARIANTS else variant)
    assert unicodedata.is_normalized("NFKC", doc.text)
    assert "\r" not in doc.text and not set(INVISIBLE) & set(doc.text)
    assert doc.problems == ()


@pytest.mark.parametrize("variant", ["docx", "pdf"])
@pytest.mark.parametrize("name", list(BUNDLED))
def test_paragraphs_and_headings_survive_docx_and_pdf(
    files: dict[tuple[str, str], Path], name: str, variant: str
) -> None:
    doc = documents.read(files[name, variant])
    # the PDF's wrapped lines are rejoined into exactly the source paragraphs
    assert paragraphs(doc.text) == paragraphs(original(name))
    starts = {line[:10] for line in paragraphs(doc.text)}
    headings = [p for p in paragraphs(original(name)) if HEADING.match(p)]
    assert headings, "the bundled documents have numbered headings"
    assert all(h[:10] in starts for h in headings)


@pytest.mark.parametrize("name", list(BUNDLED))
def test_pdf_running_header_and_page_numbers_are_dropped(files: dict[tuple[str, str], Path], name: str) -> None:
    doc = documents.read(files[name, "pdf"])
    for page in (1, 2, 3):
        assert nonspace(PDF_HEADER.format(page=page)) not in nonspace(doc.text)
    assert not any(re.fullmatch(r"-\s*\d+\s*-", line.strip()) for line in doc.text.split("\n"))


def test_clean_utf8_text_is_kept_as_is_with_identity_offsets() -> None:
    for path in BUNDLED.values():
        doc = documents.read(path)
        source = path.read_text(encoding="utf-8")
        assert doc.source_text == source
        assert doc.text == unicodedata.normalize("NFKC", source)
        assert doc.origin is None  # NBSP → space keeps every offset


# --------------------------------------------------------------------------- offsets back to the source

TRICKY = (
    "第一行\u00a0含有不间断空格\r\n"
    "（一）全角括号①项，面积100㎡，Ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ１２３\r\n"
    "零宽\u200b字符\ufeff在此……结束\r\n"
    "\u3000\u3000缩进段落，café 与 cafe\u0301 相同\r"
    "旧式换行之后"
)


def _assert_offsets_point_at_source(doc: Document) -> None:
    """Every character of `text` comes from the source character `locate()` points at."""
    src = doc.source_text
    starts = [0] + [m.end() for m in re.finditer("\n", src)]
    for i, ch in enumerate(doc.text):
        line, col = doc.locate(i)
        at = starts[line - 1] + col - 1
        assert at == doc.source_offset(i)
        origin = src[at]
        if ch == "\n":
            assert origin in "\r\n"
        else:
            assert ch in unicodedata.normalize("NFKC", src[at : at + 2]), (i, ch, origin)


def test_locate_points_at_the_quote_in_a_file_with_nbsp_fullwidth_crlf(tmp_path: Path) -> None:
    path = tmp_path / "tricky.txt"
    path.write_bytes(TRICKY.encode("utf-8"))
    doc = documents.read(path)
    assert doc.origin is not None
    assert doc.text.split("\n")[1] == "(一)全角括号1项,面积100m2,Full width ABC123"
    _assert_offsets_point_at_source(doc)
    lines = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for quote, raw in [
        ("(一)全角括号1项", "（一）全角括号①项"),
        ("100m2", "100㎡"),
        ("ABC123", "ＡＢＣ１２３"),
        ("字符在此......结束", "字符\ufeff在此……结束"),
        ("缩进段落", "缩进段落"),
        ("旧式换行之后", "旧式换行之后"),
        ("café 与 café", "café 与 cafe\u0301"),
    ]:
        line, col = doc.locate(doc.text.index(quote))
        assert lines[line - 1][col - 1 :].startswith(raw), quote


@pytest.mark.parametrize("name", ["danyang", "jingkai"])
def test_locate_in_bundled_text_and_its_gbk_and_utf16_copies(files: dict[tuple[str, str], Path], name: str) -> None:
    for variant in ("utf-8", "gbk", "utf-16-le", "crlf"):
        doc = documents.read(files[name, variant])
        _assert_offsets_point_at_source(doc)
        quote = "一、" if name == "jingkai" else "(一)依法全面履职"
        line, col = doc.locate(doc.text.index(quote))
        source_lines = original(name).split("\n")
        assert source_lines[line - 1][col - 1 :].startswith(quote)


def test_locate_in_docx_and_pdf_counts_extracted_lines(files: dict[tuple[str, str], Path]) -> None:
    quote = "(二)着力提高行政执法人员法律素质"
    for variant in ("docx", "pdf"):
        doc = documents.read(files["chibi", variant])
        i = doc.text.index(quote[:6])
        line, col = doc.locate(i)
        assert doc.source_text.split("\n")[line - 1][col - 1 :].replace("（", "(").startswith(quote[:6])
    docx_doc = documents.read(files["chibi", "docx"])
    line, _ = docx_doc.locate(docx_doc.text.index(quote[:6]))
    assert original("chibi").split("\n")[line - 1].startswith(quote[:6])  # one paragraph per source line


def test_characters_taken_as_is_need_no_normalisation() -> None:
    """normalise() skips the characters _ODD does not match: each must be NFKC-stable and never compose."""
    for code in range(0x10000):
        ch = chr(code)
        if not _regex(_ODD).match(ch):
            assert unicodedata.normalize("NFKC", ch) == ch, hex(code)
            assert not _may_compose(ch) and ch not in INVISIBLE and ch != "\r", hex(code)
            assert ch in "\t\n\x0b\x0c" or unicodedata.category(ch) != "Cc", hex(code)


_TRICKY_CHARS = st.sampled_from(
    list("ab 一（）(),，①㎡Ａ１…é\n\r\t\u00a0\u3000\u0301\u200b\ufeff\u00adｶﾞ가\u1100\u1161")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TRICKY_CHARS, max_size=60).map("".join))
def test_normalise_is_nfkc_of_the_cleaned_source_with_a_monotone_map(source: str) -> None:
    text, origin = normalise(source)
    cleaned = source.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = "".join(ch for ch in cleaned if ch not in INVISIBLE)
    assert text == "\n".join(unicodedata.normalize("NFKC", line) for line in cleaned.split("\n"))
    if origin is None:
        assert len(text) == len(source)
    else:
        assert len(origin) == len(text)
        assert list(origin) == sorted(origin)
        assert all(0 <= o < len(source) for o in origin)


# --------------------------------------------------------------------------- docx


def test_docx_table_rows_are_tab_joined_lines_in_document_order(tmp_path: Path) -> None:
    text = "一、总体要求\n(一)指导思想。坚持依法行政。\n(二)工作目标。\n二、主要任务"
    rows = [["序号", "工作任务", "责任单位"], ["1", "开展法治培训不少于2次", "市司法局"]]
    doc = documents.read(make_docx(text, tmp_path / "t.docx", table=rows))
    assert doc.text.split("\n") == [
        "一、总体要求",
        "(一)指导思想。坚持依法行政。",
        "序号\t工作任务\t责任单位",
        "1\t开展法治培训不少于2次\t市司法局",
        "(二)工作目标。",
        "二、主要任务",
    ]
    assert doc.locate(doc.text.index("市司法局")) == (4, len("1\t开展法治培训不少于2次\t") + 1)


def test_docx_merged_nested_and_framing_tables(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("正文开始")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["任务", "", "责任单位"], ["加强培训", "每年2次", "市司法局"], ["规范执法", "全年", ""]]):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(0, 0).merge(t.cell(0, 1))  # 任务 spans two columns: one cell, not two
    t.cell(1, 2).merge(t.cell(2, 2))  # 市司法局 merged down: repeated so each row line stands alone
    frame = d.add_table(rows=1, cols=1)  # a one-cell frame around text is layout, not data
    frame.cell(0, 0).text = "框内第一段"
    frame.cell(0, 0).add_paragraph("框内第二段")
    nested = frame.cell(0, 0).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "内表左"
    nested.cell(0, 1).text = "内表右"
    d.sections[0].header.paragraphs[0].text = "页眉不应出现"
    d.sections[0].footer.paragraphs[0].text = "页脚不应出现"
    d.add_paragraph("正文结束")
    path = tmp_path / "merged.docx"
    d.save(str(path))

    lines = documents.read(path).text.split("\n")
    assert lines == [
        "正文开始",
        "任务\t责任单位",
        "加强培训\t每年2次\t市司法局",
        "规范执法\t全年\t市司法局",
        "框内第一段",
        "框内第二段",
        "内表左\t内表右",
        "",
        "正文结束",
    ]


def test_docx_reads_tracked_insertions_content_controls_and_breaks(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    p = d.add_paragraph("已印发")
    p._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>《实施方案》</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>草稿</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:moveFrom {w} w:id="3" w:author="a"><w:r><w:t>移走的</w:t></w:r></w:moveFrom>'))
    p._p.append(parse_xml(f"<w:r {w}><w:br/><w:t>第二行</w:t><w:tab/><w:t>列</w:t></w:r>"))
    sdt = parse_xml(
        f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    d.element.body.insert(1, sdt)
    path = tmp_path / "tracked.docx"
    d.save(str(path))
    assert documents.read(path).text.split("\n")[:3] == ["已印发《实施方案》", "第二行\t列", "控件中的段落"]


# --------------------------------------------------------------------------- pdf


def test_pdf_rejoins_wrapped_lines_without_adding_spaces(files: dict[tuple[str, str], Path]) -> None:
    doc = documents.read(files["jingkai", "pdf"])
    longest = max(paragraphs(original("jingkai")), key=len)
    assert len(longest) > 200  # several printed lines
    assert longest in [nonspace(line) for line in doc.text.split("\n")]
    assert longest in doc.text.replace(" ", "") and "  " not in doc.text


def test_pdf_rejoin_without_geometry_uses_punctuation_headings_and_brackets() -> None:
    lines = [
        _pdf._Line("一、总体要求"),
        _pdf._Line("坚持以人民为中心，全面推进依法行政，加快建设法治政府，切实"),
        _pdf._Line("提高政府依法履职能力（责任单位：市政府办公室、市司法局、"),
        _pdf._Line("各乡镇人民政府）。到2025年基本建成职能科学权责法定的政府。"),
        _pdf._Line("二是健全制度体系，完善行政决策程序规定，严格落实合法性审查"),
        _pdf._Line("(二)工作目标"),
    ]
    assert _pdf._rejoin(lines) == [
        "一、总体要求",
        "坚持以人民为中心，全面推进依法行政，加快建设法治政府，切实提高政府依法履职能力（责任单位：市政府办公室、"
        "市司法局、各乡镇人民政府）。到2025年基本建成职能科学权责法定的政府。",
        "二是健全制度体系，完善行政决策程序规定，严格落实合法性审查",
        "(二)工作目标",
    ]


def test_pdf_with_a_scanned_page_warns_and_reads_the_rest(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "一、2019年法治政府建设工作情况，全面推进依法行政工作。")
    c.showPage()
    c.drawImage(str(_png(tmp_path)), 72, 400, 300, 150)
    c.showPage()
    c.save()
    doc = documents.read(path)
    assert doc.text == "一、2019年法治政府建设工作情况,全面推进依法行政工作。"
    assert [p.code for p in doc.problems] == ["pdf-page-without-text"]
    assert "page(s) 2 of 2" in doc.problems[0].message


def _png(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 150), "white")
    ImageDraw.Draw(image).rectangle([20, 20, 250, 90], fill="black")
    path = tmp_path / "scan.png"
    image.save(path)
    return path


# --------------------------------------------------------------------------- html

CHROME_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于2019年度法治政府建设情况的报告_丹阳市人民政府</title>
<style>.x{color:red}</style><script>var a = "脚本内容";</script></head>
<body>
<header><div class="logo">丹阳市人民政府门户网站</div><div>无障碍阅读 | 繁体版</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">政务服务</a></li>
<li><a href="/c">互动交流</a></li></ul></nav>
<div class="main">
<div class="links"><a href="/1">热点专题</a> <a href="/2">政策解读</a> <a href="/3">数据发布</a></div>
<article>
<h1>关于2019年度法治政府建设情况的报告</h1>
<p>镇江市人民政府：</p>
<p>&nbsp;&nbsp;现将我市2019年度法治政府建设情况报告如下，请审阅。</p>
<h2>一、2019年法治政府建设工作情况</h2>
<p>（一）依法全面履职。我市积极规划法治政府建设目标，<span>围绕建成职能科学、</span><b>权责法定</b>的法治政府。</p>
<p>一是加强组织领导。6月2日召开第一次会议。<br>二是深化放管服改革，实现政务服务便民化。</p>
<table><tr><th>指标</th><th>目标</th><th>完成</th></tr><tr><td>行政复议纠错率</td><td>不低于10%</td><td>12%</td></tr></table>
<h2>二、存在的问题</h2>
<p>个别部门依法行政意识仍需加强。</p>
<div>丹阳市人民政府</div><div>2020年5月12日</div>
</article>
<aside><h3>相关链接</h3><ul><li><a href="/x">镇江市人民政府</a></li><li><a href="/y">江苏省人民政府</a></li>
<li><a href="/z">国务院</a></li></ul></aside>
</div>
<footer><p>主办单位：丹阳市人民政府办公室 版权所有</p><p>苏ICP备05000000号</p></footer>
<script>document.write("统计代码");</script>
</body></html>"""

ARTICLE = [
    "关于2019年度法治政府建设情况的报告",
    "镇江市人民政府:",
    "现将我市2019年度法治政府建设情况报告如下,请审阅。",
    "一、2019年法治政府建设工作情况",
    "(一)依法全面履职。我市积极规划法治政府建设目标,围绕建成职能科学、权责法定的法治政府。",
    "一是加强组织领导。6月2日召开第一次会议。",
    "二是深化放管服改革,实现政务服务便民化。",
    "指标\t目标\t完成",
    "行政复议纠错率\t不低于10%\t12%",
    "二、存在的问题",
    "个别部门依法行政意识仍需加强。",
    "丹阳市人民政府",
    "2020年5月12日",
]


def test_html_article_without_navigation_header_footer_or_scripts(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(CHROME_PAGE, encoding="utf-8")
    doc = documents.read(path)
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert doc.text.split("\n") == ARTICLE
    line, col = doc.locate(doc.text.index("权责法定"))
    assert doc.source_text.split("\n")[line - 1][col - 1 :].startswith("权责法定")


def test_html_declared_gb2312_table_layout_page_keeps_its_title(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>昭通市人民政府</title></head><body>"
        '<table><tr><td><a href="/">设为首页</a> | <a href="/f">加入收藏</a> | '
        '<a href="/n">通知公告</a></td></tr></table>'
        "<table><tr><td>昭通市人民政府落实审议意见情况的报告</td></tr><tr><td>发布时间:2016.07.22</td></tr>"
        "<tr><td><font>市人大常委会:</font><br><font>一、关于“深化认识,进一步提高法治素养”的落实情况</font><br>"
        "<font>市人民政府认真贯彻落实党的十八届三中、四中、五中全会精神,切实增强依法行政的紧迫感、责任感。</font><br>"
        "<font>一是组织专人认真研究、草拟市人民政府重大决策向市人大常委会报告制度,广泛征求相关部门意见。</font>"
        "</td></tr></table><table><tr><td>主办:昭通市人大常委会办公室</td></tr></table></body></html>"
    )
    path = tmp_path / "zhaotong.htm"
    path.write_bytes(page.encode("gbk"))
    doc = documents.read(path)
    assert doc.encoding == "gb18030"
    lines = doc.text.split("\n")
    assert lines[0] == "昭通市人民政府落实审议意见情况的报告"
    assert lines[2] == "一、关于“深化认识,进一步提高法治素养”的落实情况"
    assert not {"设为首页", "主办:昭通市人大常委会办公室"} & set(lines)


def test_html_wrongly_declared_latin1_gbk_page_is_read_as_gb18030(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>一、依法全面履行政府职能</p></body></html>'
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    doc = documents.read(path)
    assert (doc.encoding, doc.text) == ("gb18030", "一、依法全面履行政府职能")


def test_html_falls_back_to_the_whole_page_when_readability_keeps_too_little(tmp_path: Path) -> None:
    para = "市人民政府认真贯彻落实党的十八届三中、四中、五中全会精神,切实增强依法行政的紧迫感、责任感。"
    links = '<table><tr><td><a href="/a">链接一</a><a href="/b">链接二</a><a href="/c">链接三</a></td></tr></table>'
    blocks = "".join(f"<table><tr><td><div>{n}、{para}</div></td></tr></table>{links}" for n in "一二三四五")
    path = tmp_path / "split.html"
    path.write_text(f"<html><body><nav>导航</nav>{blocks}<footer>版权所有</footer></body></html>", encoding="utf-8")
    doc = documents.read(path)
    assert doc.text.split("\n") == [f"{n}、{para}" for n in "一二三四五"]
    assert [p.code for p in doc.problems] == ["html-whole-page"]


# --------------------------------------------------------------------------- sniffing and odd encodings


def test_content_wins_over_the_extension(files: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes(files["zhaotong", "pdf"].read_bytes())
    docx_as_txt = tmp_path / "plan.txt"
    docx_as_txt.write_bytes(files["chibi", "docx"].read_bytes())
    html_as_txt = tmp_path / "page.txt"
    html_as_txt.write_text(CHROME_PAGE, encoding="utf-8")
    for path, fmt in [(pdf_as_txt, "pdf"), (docx_as_txt, "docx"), (html_as_txt, "html")]:
        doc = documents.read(path)
        assert doc.format == fmt
        assert [p.code for p in doc.problems] == ["format-mismatch"]
        assert ".txt" in doc.problems[0].message


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_a_file_cut_inside_a_character_is_read_with_a_warning(tmp_path: Path, codec: str) -> None:
    data = original("zhaotong").encode(codec)
    end = len(data) - 1
    while data[end] < 0x80:  # cut inside the last multi-byte character
        end -= 1
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:end])
    doc = documents.read(path)
    assert doc.encoding == codec
    assert [p.code for p in doc.problems] == ["truncated-character"]
    assert nonspace(original("zhaotong")).startswith(nonspace(doc.text))


def test_big5_text_is_not_mistaken_for_gb18030(tmp_path: Path) -> None:
    text = "臺灣地區行政機關應依法辦理資訊公開，並於每年三月底前提出年度報告。各機關應建立檢討機制，落實法治政府建設。"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    doc = documents.read(path)
    assert doc.text == unicodedata.normalize("NFKC", text)
    assert doc.encoding == "big5"
    assert [p.code for p in doc.problems] == ["encoding-guessed"]


# --------------------------------------------------------------------------- bad input


def _bomb_docx(tmp: Path) -> bytes:
    make_docx("正文", tmp / "ok.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(tmp / "ok.docx") as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info.filename))
        out.writestr("word/media/image1.bin", b"\0" * (4 << 20))  # 4 MB of zeros → about 4 KB
    return buf.getvalue()


def _xlsx_as_docx(tmp: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def _zip_of_text(tmp: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        out.writestr("report.txt", "报告正文")
    return buf.getvalue()


def _empty_docx(tmp: Path) -> bytes:
    return make_docx("\n\n", tmp / "empty.docx").read_bytes()


def _encrypted_pdf(tmp: Path) -> bytes:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp / "enc.pdf"), encrypt="secret")
    c.drawString(72, 700, "confidential report text")
    c.showPage()
    c.save()
    return (tmp / "enc.pdf").read_bytes()


def _image_pdf(tmp: Path) -> bytes:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp / "scan.pdf"))
    for _ in range(3):
        c.drawImage(str(_png(tmp)), 72, 400, 300, 150)
        c.showPage()
    c.save()
    return (tmp / "scan.pdf").read_bytes()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
BAD: dict[str, tuple[str, Callable[[Path], bytes], str, str]] = {
    # case: (file name, content, in the message, in the hint)
    "empty": ("empty.txt", lambda t: b"", "is empty", "right file"),
    "whitespace": ("blank.txt", lambda t: " \r\n\t\u3000\u200b\n".encode(), "only whitespace", "right file"),
    "binary": ("data.txt", lambda t: bytes(range(256)) * 40, "not a text document", ".docx, .pdf"),
    "controls": ("ctl.txt", lambda t: b"\x01\x02\x03\x04abc\x05\x06" * 200, "not a text document", ".txt"),
    "undecodable": ("odd.txt", lambda t: b"\xc0\xc1\xf5\xff" * 300, "cannot be decoded", "UTF-8"),
    "doc": ("old.doc", lambda t: OLE, "Word 97-2003 (.doc)", "libreoffice --headless --convert-to docx"),
    "doc-named-txt": ("old.txt", lambda t: OLE, "old binary Office", "--convert-to docx"),
    "wps": ("x.wps", lambda t: b"WPS binary", "WPS", "--convert-to docx"),
    "rtf": ("x.rtf", lambda t: b"{\\rtf1\\ansi text}", "RTF", "--convert-to docx"),
    "xls": ("x.xls", lambda t: OLE, "Excel 97-2003", "--convert-to pdf"),
    "ppt": ("x.ppt", lambda t: OLE, "PowerPoint", "--convert-to pdf"),
    "docx-not-zip": ("fake.docx", lambda t: "这不是docx".encode(), "not a valid .docx", "save it again"),
    "docx-encrypted": ("locked.docx", lambda t: OLE, "password-protected", "remove the password"),
    "docx-zip-bomb": ("bomb.docx", _bomb_docx, "zip bomb", "save the document again"),
    "xlsx-named-docx": ("book.docx", _xlsx_as_docx, "Excel (.xlsx)", "--convert-to pdf"),
    "docx-empty": ("empty.docx", _empty_docx, "contains no text", "right file"),
    "zip-named-txt": ("archive.txt", _zip_of_text, "zip archive", "extract"),
    "html-only-navigation": (
        "nav.html",
        lambda t: b"<html><body><nav><a href=/>home</a></nav></body></html>",
        "no text",
        "",
    ),
    "pdf-encrypted": ("secret.pdf", _encrypted_pdf, "encrypted PDF", "qpdf"),
    "pdf-image-only": ("scan.pdf", _image_pdf, "no text layer", "ocrmypdf"),
    "pdf-truncated": ("cut.pdf", lambda t: _image_pdf(t)[:400], "not a readable PDF", "again"),
    "pdf-not-pdf": ("fake.pdf", lambda t: b"<html>oops</html>", "not a PDF", "again"),
    "png": ("scan.txt", lambda t: _png(t).read_bytes(), "PNG image", "ocrmypdf"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_says_what_and_what_to_do(tmp_path: Path, case: str) -> None:
    name, content, message, hint = BAD[case]
    path = tmp_path / name
    path.write_bytes(content(tmp_path))
    started = time.perf_counter()
    with pytest.raises(InputError) as e:
        documents.read(path)
    assert time.perf_counter() - started < 5
    assert message in e.value.message
    assert hint in e.value.hint
    assert str(path) in str(e.value)


def test_missing_file_directory_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        documents.read(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        documents.read(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("法治政府" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="the limit is 1,000 bytes") as e:
        documents.read(big, max_bytes=1000)
    assert e.value.hint


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("内容", encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make open() fail as it does for everyone else

        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(documents, "open", denied, raising=False)
    with pytest.raises(InputError, match="permission denied") as e:
        documents.read(path)
    assert "permissions" in e.value.hint


def test_reading_text_imports_no_heavy_reader() -> None:
    code = (
        "import sys; from checker import documents; documents.read('plans/chibi-2019.txt'); "
        "print([m for m in ('docx', 'pypdfium2', 'lxml', 'readability', 'charset_normalizer') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, encoding="utf-8", check=True)
    assert out.stdout.strip() == "[]"


def test_a_hard_wrapped_text_file_is_rejoined_and_still_points_at_its_lines(tmp_path: Path) -> None:
    """A .txt copied out of a PDF breaks paragraphs at the page width: its paragraphs are rejoined (headings
    and 一是 enumerations stay on their own lines), and every character still maps to its line and column."""
    clean = BUNDLED["danyang"]
    paras = [p.strip() for p in original("danyang").split("\n") if p.strip()]
    lines = []
    for p in paras:
        body = "\u3000\u3000" + p
        lines += [body[i : i + 34] for i in range(0, len(body), 34)]
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = documents.read(path)
    assert any(p.code == "txt-hard-wrapped" for p in doc.problems)
    got = [line.strip() for line in doc.text.split("\n") if line.strip()]
    want = [unicodedata.normalize("NFKC", p).strip() for p in paras]
    assert got == want
    needle = "由过去每年四次增加到每年六次"
    at = doc.text.index(needle) + len(needle) - 1  # the last character, wrapped or not
    line, col = doc.locate(at)
    assert lines[line - 1][col - 1] == needle[-1]
    assert all(p.code != "txt-hard-wrapped" for p in documents.read(clean).problems)


def test_a_text_with_one_line_per_paragraph_is_not_rejoined(tmp_path: Path) -> None:
    """Short lines that end mid-sentence by design (a list of units, a table dumped as text) stay as they are."""
    text = "\n".join(
        ["责任单位:", "市司法局", "市财政局", "市政府办公室", "各乡镇人民政府"] * 4 + ["全年开展培训4次。"]
    )
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    doc = documents.read(path)
    assert doc.text == text
    assert all(p.code != "txt-hard-wrapped" for p in doc.problems)


_PARAGRAPH = st.text(
    alphabet="法治政府建设依法行政全面推进工作落实制度" + "。,)（一）、 \u30001a", min_size=20, max_size=160
)


@settings(max_examples=300)
@given(st.lists(_PARAGRAPH, min_size=4, max_size=12), st.integers(min_value=8, max_value=40))
def test_unwrap_only_removes_breaks_and_their_spaces_and_keeps_the_map(paras: list[str], width: int) -> None:
    """Paragraphs wrapped at `width`, as a PDF copy is; whatever unwrap joins, it only drops line breaks and the
    spaces beside them, and each character keeps its source offset."""
    from checker.documents._wrap import unwrap

    text = "\n".join(p[i : i + width] for p in paras for i in range(0, max(len(p), 1), width))

    out, origin, joined = unwrap(text, None)
    if not joined:
        assert out == text and origin is None
        return
    assert origin is not None and len(origin) == len(out)
    assert list(origin) == sorted(set(origin))  # strictly increasing: nothing repeated, nothing reordered
    assert all(text[o] == ch or (ch == " " and text[o].isspace()) for o, ch in zip(origin, out, strict=True))
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", text)
    assert out.count("\n") == text.count("\n") - joined
