"""A plan's layout: the preamble (title, issuer, 文号, period), numbered blocks (一、 / (一) / 1. / (1)) and
table rows (序号 / 重点工作任务 / 主要责任单位 / 协同配合单位, one TAB-separated line per row).

Headings are found on whole lines of the NFKC text, so `（一）` and `(一)` are the same heading; the marker's
printed form is recovered from the source for `ref`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from checker.model import Document, Period, PlanInfo
from checker.plan.owners import OWNER_LINE_RE, mentions_owners
from checker.textutil import compact

CN_NUM = "零〇一二两三四五六七八九十百"
SECTION_RE = re.compile(rf"^([{CN_NUM}]+)\s*[、.]\s*(.*)$")
ITEM_RE = re.compile(rf"^\(\s*([{CN_NUM}]+)\s*\)\s*(.*)$")
NUMBERED_RE = re.compile(r"^(\d{1,3})\s*[.、](?!\d)\s*(.*)$")
SUBITEM_RE = re.compile(r"^\(\s*(\d{1,3})\s*\)\s*(.*)$")
HEADINGS = ((SECTION_RE, 1), (ITEM_RE, 2), (NUMBERED_RE, 3), (SUBITEM_RE, 4))
# Everything after these belongs to the web page or the filing, not to the plan.
_TRAILER_RE = re.compile(r"^(?:附件\s*\d*\s*[::]?$|抄送|上一篇|下一篇|【打印】|【关闭】|扫一扫|主办单位|版权所有)")
_CLOSING_RE = re.compile(
    r"^(?:各级各部门|各地各部门|各有关单位|各单位|各部门|各乡镇|本(?:工作)?(?:要点|方案|实施方案|计划)|以上|上述)"
)
_TITLE_RE = re.compile(
    r"^(?!关于|印发)[^:,。;]{4,60}?(?:工作要点|实施方案|工作方案|方案|任务分解表?|分工方案|任务分工|工作计划|计划|要点|"
    r"实施意见|细则|清单)(?:\s*\(\s*\d{4}\s*[—–\-~至]\s*\d{4}\s*年?\s*\))?$"
)
_NOTICE_TITLE_RE = re.compile(r"印发[《<]?(.{4,60}?)[》>]?的通知")
_DOC_NO_RE = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(]\s*\d{4}\s*[〕\])]\s*\d{1,4}\s*号")
_ISSUER_FIELD_RE = re.compile(r"(?:发文单位|发文机关|发布机构|发文机构)\s*[::]\s*(\S+)")
_ISSUER_LINE_RE = re.compile(r"(?:人民政府|管委会|管理委员会|党工委|委员会|办公室|办公厅|政府)$")
_YEARS_RE = re.compile(r"(\d{4})\s*[—–\-~至到]\s*(\d{4})")
_YEAR_RE = re.compile(r"(\d{4})\s*年")

# Table header cells → column roles.
_COLUMNS = (
    ("ref", re.compile(r"^(?:序号|编号|项次)$")),
    ("support", re.compile(r"协同|配合|协办|参与")),
    ("lead", re.compile(r"责任单位|牵头单位|主责单位|牵头部门|责任部门|承办单位")),
    ("person", re.compile(r"领导")),
    ("due", re.compile(r"时限|时间|进度")),
    ("task", re.compile(r"任务|工作|事项|内容|指标|目标|措施")),
    ("section", re.compile(r"类别|领域|板块")),
)


@dataclass
class Block:
    """A numbered heading and the lines under it (level 1 一、, 2 (一), 3 1., 4 (1); 0 the root)."""

    level: int
    marker: str  # as in Document.text
    marker_start: int
    title_line: str  # the heading line after the marker
    lines: list[tuple[int, str]] = field(default_factory=list)  # (offset, text): the heading rest, then more lines
    parent: Block | None = None
    children: list[Block] = field(default_factory=list)
    closed: bool = False  # its owners are stated: later plain lines are not part of it
    owner_line_only: bool = False  # its owners came from a line of their own
    table: dict[str, str] | None = None  # a table row: column role → cell
    table_offsets: dict[str, int] = field(default_factory=dict)

    def raw(self) -> str:
        return "\n".join(t for _, t in self.lines)

    @property
    def offset(self) -> int:
        return self.lines[0][0] if self.lines else self.marker_start


def lines_of(doc: Document) -> list[tuple[int, str]]:
    """Non-empty lines of the text, stripped, with the offset of their first kept character.
    A table row keeps its TABs: an empty first cell (a merged 序号) still counts."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in doc.text.split("\n"):
        stripped = line.strip()
        if "\t" in stripped:  # cells inside: keep the row's edge TABs too
            stripped = line.strip(" \r")
        if stripped.strip():
            out.append((pos + line.index(stripped[0]), stripped))
        pos += len(line) + 1
    return out


def printed(doc: Document, start: int, text: str) -> str:
    """`text` (found at `start` in Document.text) as printed in the source: （一） where NFKC made it (一)."""
    if not text:
        return text
    s = doc.source_offset(start)
    e = doc.source_offset(start + len(text) - 1) + 1
    src = doc.source_text[s:e]
    return src if unicodedata.normalize("NFKC", src) == text else text


def _table_columns(cells: list[str]) -> dict[int, str] | None:
    """Column roles of a table header row, or None when the row is not a plan table's header."""
    roles: dict[int, str] = {}
    for i, cell in enumerate(cells):
        name = re.sub(r"\s+", "", cell)
        for role, rx in _COLUMNS:
            if rx.search(name) and role not in roles.values():
                roles[i] = role
                break
    values = set(roles.values())
    return roles if "task" in values and ({"lead", "support"} & values) else None


def build(doc: Document) -> tuple[Block, list[tuple[int, str]]]:
    """The block tree of a plan and its preamble lines (everything before the first heading)."""
    root = Block(0, "", 0, "")
    stack = [root]
    preamble: list[tuple[int, str]] = []
    columns: dict[int, str] | None = None
    started = False
    for offset, line in lines_of(doc):
        if _TRAILER_RE.match(line) and started:
            break
        if "\t" in line:
            cells = line.split("\t")
            header = _table_columns(cells)
            if header:
                columns = header
                started = True
                continue
            if columns is not None:
                _table_row(stack, columns, cells, offset)
                continue
        else:
            columns = None
        heading = _heading(line)
        if heading:
            level, marker, rest = heading
            started = True
            while stack[-1].level >= level:
                stack.pop()
            block = Block(level, marker, offset, rest, parent=stack[-1])
            rest_offset = offset + line.index(rest) if rest else offset + len(marker)
            if rest:
                block.lines.append((rest_offset, rest))
            block.closed = bool(rest) and mentions_owners(rest)
            stack[-1].children.append(block)
            stack.append(block)
            continue
        if not started:
            preamble.append((offset, line))
            continue
        current = stack[-1]
        if current is root:
            continue
        is_owner_line = bool(OWNER_LINE_RE.match(line))
        has_owners = is_owner_line or mentions_owners(line)
        if current.closed and not has_owners:
            continue  # text after an item's owners: a closing paragraph or page furniture
        current.lines.append((offset, line))
        current.owner_line_only = current.owner_line_only or is_owner_line
        current.closed = current.closed or has_owners
    _trim_closing(root)
    return root, preamble


def _heading(line: str) -> tuple[int, str, str] | None:
    for rx, level in HEADINGS:
        m = rx.match(line)
        if m:
            marker = line[: m.start(2)].rstrip() if m.group(2) else line.rstrip()
            return level, marker, m.group(2).strip()
    return None


def _table_row(stack: list[Block], columns: dict[int, str], cells: list[str], offset: int) -> None:
    """One TAB-separated table row: a section row (one distinct value, 一、…), or an item row."""
    values = [c.strip() for c in cells]
    distinct = {v for v in values if v}
    row: dict[str, str] = {}
    offsets: dict[str, int] = {}
    pos = offset
    for i, cell in enumerate(cells):
        role = columns.get(i)
        if role and cell.strip():
            row[role] = cell.strip()
            offsets[role] = pos + (len(cell) - len(cell.lstrip()))
        pos += len(cell) + 1
    ref = row.get("ref", "")
    numeral_only = bool(re.fullmatch(rf"[{CN_NUM}]+、?", ref)) and not row.get("lead") and not row.get("support")
    if len(distinct) == 1 or numeral_only:  # a merged cell repeats its text across the row
        text = distinct.pop() if len(distinct) == 1 else f"{ref.rstrip('、')}、{row.get('task', '')}"
        heading = _heading(text)
        while len(stack) > 1:
            stack.pop()
        marker, rest = (heading[1], heading[2]) if heading else ("", text)
        block = Block(1, marker, offset, rest, parent=stack[-1])
        stack[-1].children.append(block)
        stack.append(block)
        return
    parent = stack[-1]
    previous = parent.children[-1] if parent.children and parent.children[-1].table is not None else None
    if previous is not None and previous.table is not None and (not ref or ref == previous.table.get("ref")):
        # A vertically merged cell repeats (or blanks) the number: the row continues the item above.
        for role, value in row.items():
            if role != "ref" and value not in previous.table.get(role, ""):
                joined = previous.table.get(role, "")
                previous.table[role] = (
                    f"{joined}、{value}" if joined and role in ("lead", "support") else joined + value
                )
        if "task" in row and row["task"] not in previous.raw():
            previous.lines.append((offsets["task"], row["task"]))
        return
    if "section" in row and (parent.level != 1 or parent.title_line != row["section"]):
        while len(stack) > 1:
            stack.pop()
        sec = Block(1, "", offsets["section"], row["section"], parent=stack[-1])
        stack[-1].children.append(sec)
        stack.append(sec)
        parent = sec
    block = Block(
        2, ref, offsets.get("ref", offset), row.get("task", ""), parent=parent, table=row, table_offsets=offsets
    )
    if "task" in row:
        block.lines.append((offsets["task"], row["task"]))
    block.closed = True
    parent.children.append(block)


def _trim_closing(root: Block) -> None:
    """Drop a closing paragraph glued to the last block when that block has no owners to end it."""
    last = root
    while last.children:
        last = last.children[-1]
    if last is root or last.closed:
        return
    for i, (_, text) in enumerate(last.lines[1:], start=1):
        if _CLOSING_RE.match(text):
            del last.lines[i:]
            return


# --------------------------------------------------------------------------- plan information


def plan_info(doc: Document, preamble: list[tuple[int, str]], plan_id: str) -> PlanInfo:
    """Title, issuer, 文号 and period from the preamble (the notice and the plan's title line)."""
    texts = [t for _, t in preamble]
    title = ""
    for t in texts:
        c = compact(t).text
        if _TITLE_RE.match(c):
            title = c  # the last match is the plan's own title, just above its body
    if not title:
        for t in texts:
            m = _NOTICE_TITLE_RE.search(compact(t).text)
            if m:
                title = m.group(1)
                break
    if not title:
        title = Path(doc.path).stem or plan_id
    issuer = ""
    for t in texts:
        m = _ISSUER_FIELD_RE.search(t)
        if m:
            issuer = m.group(1)
            break
    if not issuer:
        for t in texts:
            names = [compact(p).text for p in re.split(r"\s{2,}", t) if p.strip()]
            if names and len(t) <= 40 and all(_ISSUER_LINE_RE.search(n) and "关于" not in n for n in names):
                issuer = "、".join(names)
                break
    doc_no = ""
    for t in texts:
        # The plan's own 文号 stands on a line of its own or in a 文号 field; one inside a sentence is a citation.
        m = _DOC_NO_RE.search(t)
        if m and (len(t) - len(m.group(0)) <= 4 or re.search(r"文\s*号\s*[::]", t)):
            doc_no = re.sub(r"\s+", "", m.group(0))
            break
    return PlanInfo(id=plan_id, title=title, issuer=issuer, doc_no=doc_no, period=period_of(title), source=doc.path)


def period_of(title: str) -> Period | None:
    """2019 → the calendar year; 2022—2025 → 2022-01-01..2025-12-31."""
    m = _YEARS_RE.search(title)
    if m and m.group(1) <= m.group(2):
        return Period(f"{m.group(1)}-01-01", f"{m.group(2)}-12-31", source="plan")
    m = _YEAR_RE.search(title)
    if m:
        return Period(f"{m.group(1)}-01-01", f"{m.group(1)}-12-31", source="plan")
    return None
