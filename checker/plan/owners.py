"""责任单位 in a work plan: find the owner spans, split unit lists, tell units from groups and persons,
and build the plan's unit registry (aliases for typos, short forms and parentheticals).

Owner lists in real plans lack separators (`区人劳局区经发局`), carry empty brackets (`各镇()`), name people
(`责任领导:张三`) and misspell units; everything here records what it did so the reviewer can check it.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.model import Unit
from checker.plan.requirements import split_outside

# Role keys as printed before a colon; the longest key wins at a position (主要责任单位 before 责任单位).
ROLE_KEYS: dict[str, str] = {
    "主要责任单位": "lead",
    "责任单位": "lead",
    "牵头单位": "lead",
    "主责单位": "lead",
    "责任部门": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "协同配合单位": "support",
    "配合单位": "support",
    "协办单位": "support",
    "参与单位": "support",
    "配合部门": "support",
    "协同单位": "support",
    "协作单位": "support",
    "责任领导": "person",
    "分管领导": "person",
    "牵头领导": "person",
    "联系领导": "person",
    "包保领导": "person",
    "责任人": "person",
}
_KEYS = "|".join(sorted(map(re.escape, ROLE_KEYS), key=len, reverse=True))
KEY_RE = re.compile(rf"({_KEYS})\s*[::]?")
_KEY_COLON_RE = re.compile(rf"({_KEYS})\s*[::]")
# An owner span opened by a bracket: (责任单位:…) [牵头单位:…] 〔责任单位:…〕 【…】
_BRACKET_KEY_RE = re.compile(rf"[(\[〔【]\s*(?=(?:{_KEYS}))")
# An owner line on its own, possibly bracketed: 责任单位:A、B,乡镇人民政府按职责分工分别负责。
# A bare list of units in brackets closing a clause: 地区生产总值增长6.5%左右(市发改委);
_BARE_LIST_RE = re.compile(r"\(([^()]{2,80})\)(?=\s*(?:[;。]|$))", re.M)
OWNER_LINE_RE = re.compile(rf"^\s*[(\[〔【]?\s*(?:{_KEYS})\s*[::]")
_OPENERS = "([〔【"
_CLOSERS = ")]〕】"

UNIT_SUFFIXES = (
    "人民政府",
    "委员会",
    "办公室",
    "办事处",
    "管委会",
    "分局",
    "大队",
    "支队",
    "中队",
    "学院",
    "中心",
    "政府",
    "局",
    "委",
    "办",
    "室",
    "院",
    "所",
    "队",
    "部",
    "厅",
    "站",
    "会",
    "社",
    "处",
    "科",
    "庭",
    "馆",
    "团",
    "校",
    "司",
)
ADMIN_PREFIXES = ("经济开发区", "经开区", "高新区", "开发区", "经开", "高新", "区", "市", "县", "镇", "乡", "省")
# A missing separator: a unit suffix immediately followed (maybe after 和/及/与) by the prefix of the next unit.
_RUN_TOGETHER_RE = re.compile(r"(?<=[局委办室院所队部厅站会社处府心校])(?:和|及|与)?(?=区|市|县|镇|乡|省|经开|高新|各)")
# Suffixes that end a unit for sure, so a unit-shaped remainder after them is the next unit (区信息中心公安分局).
_STRONG_SUFFIX_RE = re.compile(r"(?<=中心|分局|大队|支队|学院)")
_ETC_RE = re.compile(r"等(?:有关|相关)?(?:部门|单位|单位部门)?$")
_DUTY_TAIL_RE = re.compile(r"(?:按职责分工|按照职责分工|根据职责)?(?:分别|共同)?(?:负责|落实)?[。.]?$")
_ROLE_TAIL_RE = re.compile(r"(牵头|配合|协助|参与|负责)$")
_SEPARATORS = "、,;/ \t"
_EDGE_PUNCT_RE = re.compile(r"^[。.;,\s]+|[。.;,\s]+$")
GROUP_RE = re.compile(
    r"^(?:各|全)"
    r"|各\S*(?:部门|单位)$"
    r"|(?:有关|相关|成员)(?:部门|单位)$"
    r"|^(?:乡镇|镇街|镇\(街道\)|乡镇\(街道\)|街道)(?:人民政府|政府|办事处)?$"
)
_PERSON_TITLE_RE = re.compile(
    r"副?(?:市|区|县|镇|乡|省)长|书记|副?主任|副?(?:局|部|处|科|厅)长|秘书长|副?主席|常委|调研员|巡视员"
)
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_HAN_RE = re.compile(r"^[\u4e00-\u9fff]+$")

DEPARTMENT_SUFFIXES = ("局", "委", "办", "办公室", "中心", "分局")
ENFORCEMENT_SUFFIXES = ("局", "分局", "大队", "支队", "执法局")
TOWN_SUFFIXES = ("镇人民政府", "乡人民政府", "镇政府", "乡政府", "街道办事处", "办事处", "镇", "乡")


@dataclass
class Owner:
    """One owner as printed in a plan, after cleaning: a unit or a group, with its role."""

    name: str
    role: str  # "lead" | "support"
    offset: int  # where it was found (in the text given to find_spans), for messages
    alias: str = ""  # 区社会事业服务中心(卫健委): the parenthetical, kept as an alias
    printed: str = ""  # the token before splitting, when it was split (区人劳局区经发局)


@dataclass
class OwnerSpan:
    """An owner statement found in an item: where it is and what it names."""

    start: int  # offsets in the text it was found in
    end: int
    owners: list[Owner]
    persons: list[str] = field(default_factory=list)  # named in a unit list: reported, never units
    etc: bool = False  # 等部门: the list is not exhaustive


def is_group(name: str) -> bool:
    """A group owner (市政府各部门, 各乡镇人民政府, 市政府有关部门) stands for many units."""
    return bool(GROUP_RE.search(name))


def is_unit_like(name: str) -> bool:
    return name.endswith(UNIT_SUFFIXES) or is_group(name)


def looks_like_person(name: str) -> bool:
    """A person's name or title (张三, 副市长李四) — never a unit."""
    if is_unit_like(name):
        return False
    if _PERSON_TITLE_RE.search(name):
        return True
    return 2 <= len(name) <= 3 and name[0] in _SURNAMES and bool(_HAN_RE.match(name))


def has_admin_prefix(name: str) -> bool:
    return name.startswith(ADMIN_PREFIXES)


# --------------------------------------------------------------------------- finding owner spans


def _close(text: str, start: int) -> tuple[int, bool]:
    """End (exclusive) of the bracket opened at `start`, and whether it was closed: the first closer at depth 0,
    whatever its shape (plans close 〔 with ] or )); the end of the line when it never closes."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            if depth == 0:
                return i + 1, True
        elif ch == "\n":
            return i, False
    return len(text), False


def find_spans(text: str) -> list[OwnerSpan]:
    """Every owner statement in an item's raw text (lines joined by \\n), in order.

    Shapes: a bracket opened by a role key; a role key with a colon to the end of its line; a bare list of
    units in brackets at the end of a clause (`地区生产总值增长6.5%左右(市发改委)`).
    """
    spans: list[tuple[int, int, str]] = []  # (start, end, inner text)
    pos = 0
    while True:
        m = _BRACKET_KEY_RE.search(text, pos)
        if not m:
            break
        end, closed = _close(text, m.start())
        spans.append((m.start(), end, text[m.end() : end - 1 if closed else end]))
        pos = end
    covered = [(s, e) for s, e, _ in spans]
    for m in _KEY_COLON_RE.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        eol = text.find("\n", m.start())
        eol = len(text) if eol == -1 else eol
        spans.append((m.start(), eol, text[m.start() : eol]))
        covered.append((m.start(), eol))
    for m in _BARE_LIST_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in covered) and _is_unit_list(m.group(1)):
            spans.append((m.start(), m.end(), m.group(1)))
    spans.sort()
    return [_parse_span(s, e, inner) for s, e, inner in spans]


def mentions_owners(text: str) -> bool:
    """Whether `text` states owners, without parsing them (find_spans does that)."""
    if _BRACKET_KEY_RE.search(text) or _KEY_COLON_RE.search(text):
        return True
    return any(_is_unit_list(m.group(1)) for m in _BARE_LIST_RE.finditer(text))


def _is_unit_list(inner: str) -> bool:
    tokens = _split_tokens(inner)
    return bool(tokens) and all(is_unit_like(_ROLE_TAIL_RE.sub("", _ETC_RE.sub("", t))) for t in tokens)


def _parse_span(start: int, end: int, inner: str) -> OwnerSpan:
    """The owners named in one span's text: role segments, then unit lists."""
    span = OwnerSpan(start, end, [])
    # A key opens the span or ends in a colon: 责任人 inside a unit's name is no key.
    keys = [k for k in KEY_RE.finditer(inner) if k.start() == 0 or k.group().endswith(":")]
    segments: list[tuple[str, str]] = []
    if not keys or keys[0].start() > 0:
        segments.append(("lead", inner[: keys[0].start()] if keys else inner))
    for i, k in enumerate(keys):
        seg_end = keys[i + 1].start() if i + 1 < len(keys) else len(inner)
        segments.append((ROLE_KEYS[k.group(1)], inner[k.end() : seg_end]))
    for role, seg in segments:
        seg = _EDGE_PUNCT_RE.sub("", seg)
        if not seg:
            continue
        if role == "person":
            continue  # 责任领导/分管领导 name people on purpose; they are not units
        owners, persons, etc = parse_unit_list(seg, role, start)
        span.owners.extend(owners)
        span.persons.extend(persons)
        span.etc = span.etc or etc
    return span


# --------------------------------------------------------------------------- unit lists


def _split_tokens(text: str) -> list[str]:
    """Split a unit list at separators outside brackets (各镇(区、街道) stays whole)."""
    return split_outside(text, _SEPARATORS)


def split_run_together(token: str) -> list[str]:
    """Split units printed without a separator where a unit suffix meets a unit prefix (区人劳局区经发局).

    A cut needs two characters on its left and three on its right, so 各社区 is never cut before 区.
    """
    pieces: list[str] = []
    last = 0
    for m in _RUN_TOGETHER_RE.finditer(token):
        if token.startswith("各", m.end()) and token[: m.start()].endswith("政府"):
            continue  # 市政府各部门 is one group, not 市政府 + 各部门
        if m.start() - last >= 2 and len(token) - m.end() >= 3:
            pieces.append(token[last : m.start()])
            last = m.end()
    pieces.append(token[last:])
    return pieces


#: The longest unit name or alias a rules file accepts (rules.schema.json); real ones stay under 30 characters.
MAX_NAME = 80


def parse_unit_list(text: str, role: str, offset: int) -> tuple[list[Owner], list[str], bool]:
    """Units in one list (`区人劳局、区经发局区建设局等部门,各镇()`) → owners, persons named in it, whether 等."""
    owners: list[Owner] = []
    persons: list[str] = []
    etc = False
    text = _DUTY_TAIL_RE.sub("", text.strip())
    for raw in _split_tokens(text):
        token = _EDGE_PUNCT_RE.sub("", raw)
        token = re.sub(r"\(\s*\)|\($", "", token)  # 各镇() → 各镇; a bracket left open at the end goes too
        stripped = _ETC_RE.sub("", token)
        if stripped != token:
            etc = True
            token = stripped
        token_role = role
        tail = _ROLE_TAIL_RE.search(token)
        if tail and len(token) > 2:
            token_role = "support" if tail.group(1) in ("配合", "协助", "参与") else role
            token = token[: tail.start()]
        if not token:
            continue
        # A parenthetical after a name: 区社会事业服务中心(卫健委) → the unit, with 卫健委 as its alias;
        # 各镇(区) keeps its bracket (it is part of the group's name).
        pieces: list[tuple[str, str]] = []
        for part in re.split(r"(?<=\))(?=(?:区|市|县|镇|乡|经开|高新)\S{2})", token):
            if not part:
                continue
            m = re.fullmatch(r"(.+?)\((.+)\)", part)
            if m and not (is_group(m.group(1)) or len(m.group(2)) <= 2 or "、" in m.group(2)):
                pieces.append((m.group(1), m.group(2)))
            else:
                pieces.append((part, ""))
        for base_name, alias in pieces:
            split = split_run_together(base_name) if "(" not in base_name else [base_name]
            for i, name in enumerate(split):
                if looks_like_person(name):
                    persons.append(name)
                    continue
                if len(name) > MAX_NAME:  # no unit is called that; a rules file could not hold it
                    continue
                owners.append(
                    Owner(
                        name=name,
                        role=token_role,
                        offset=offset,
                        alias=alias if i == len(split) - 1 and len(alias) <= MAX_NAME else "",
                        printed=base_name if len(split) > 1 else "",
                    )
                )
    return owners, persons, etc


def split_with_vocabulary(name: str, known: set[str]) -> list[str] | None:
    """Split a run-together name into names the plan uses elsewhere (区监察室经发局 → 区监察室, 经发局),
    or after a suffix that always ends a unit (区信息中心公安分局 → 区信息中心, 公安分局). None: no split."""
    for i in range(2, len(name) - 1):
        left, right = name[:i], name[i:]
        if left in known and left.endswith(UNIT_SUFFIXES):
            if right in known:
                return [left, right]
            rest = split_with_vocabulary(right, known)
            if rest:
                return [left, *rest]
    for m in _STRONG_SUFFIX_RE.finditer(name):
        left, right = name[: m.start()], name[m.start() :]
        if len(left) >= 3 and len(right) >= 3 and right.endswith(UNIT_SUFFIXES) and not right.startswith("("):
            return [left, *(split_with_vocabulary(right, known) or [right])]
    return None


# --------------------------------------------------------------------------- the registry


def edit_distance(a: str, b: str) -> int:
    """Characters to change, insert or delete to turn `a` into `b` (from difflib's opcodes)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


@dataclass
class Resolution:
    """How the plan's printed owner names map to registry names, and why."""

    canonical: dict[str, str]  # printed (cleaned) name → registry name
    splits: dict[str, list[str]]  # run-together name → the names it was split into
    typos: dict[str, tuple[str, int]]  # typo → (suggested name, how often the suggestion is used)
    short_forms: dict[str, str]  # 经发局 → 区经发局
    units: tuple[Unit, ...]


def resolve(owner_lists: Iterable[list[Owner]], plan_prefix: str) -> Resolution:
    """Build the registry from every obligation's owners: split run-together names with the plan's own
    vocabulary, fold short forms and typos into the names the plan uses most, and define the groups."""
    lists = [list(ol) for ol in owner_lists]
    known = {o.name for ol in lists for o in ol}
    splits: dict[str, list[str]] = {}
    for name in sorted(known):
        if is_group(name):
            continue
        parts = split_with_vocabulary(name, known - {name})
        if parts:
            splits[name] = parts
    # How many obligations name each unit, after splitting.
    use: Counter[str] = Counter()
    order: list[str] = []
    aliases: dict[str, list[str]] = {}
    for ol in lists:
        seen: set[str] = set()
        for o in ol:
            parts = splits.get(o.name, [o.name])
            for n in parts:
                if n not in seen:
                    seen.add(n)
                    use[n] += 1
                if n not in order:
                    order.append(n)
            if o.alias:
                aliases.setdefault(parts[-1], [])
                if o.alias not in aliases[parts[-1]]:
                    aliases[parts[-1]].append(o.alias)
    plain = [n for n in order if not is_group(n)]
    canonical: dict[str, str] = {}
    short_forms: dict[str, str] = {}
    for n in plain:
        if has_admin_prefix(n):
            continue
        longer = [m for m in plain if m != n and m.endswith(n) and m[: -len(n)] in ADMIN_PREFIXES]
        if len(longer) == 1:
            short_forms[n] = longer[0]
            canonical[n] = longer[0]
    typos: dict[str, tuple[str, int]] = {}
    for n in plain:
        if n in canonical or len(n) < 6:
            continue
        best: tuple[int, int, str] | None = None
        for m in plain:
            if m == n or m in canonical or len(m) < 6 or use[m] <= use[n] or abs(len(m) - len(n)) > 2:
                continue
            d = edit_distance(n, m)
            if d <= 2 and difflib.SequenceMatcher(None, n, m, autojunk=False).ratio() >= 0.8:
                key = (d, -use[m], m)
                if best is None or key < best:
                    best = key
        if best is not None:
            typos[n] = (best[2], use[best[2]])
            canonical[n] = best[2]
    for n in order:
        canonical.setdefault(n, n)
    for name, parts in splits.items():
        canonical.pop(name, None)
        splits[name] = [canonical.get(p, p) for p in parts]
    registry: list[Unit] = []
    folded: dict[str, list[str]] = {}
    for n, target in canonical.items():
        if target != n:
            folded.setdefault(target, []).append(n)
    for n in plain:
        if canonical[n] != n:
            continue
        names = folded.get(n, []) + aliases.get(n, [])
        for f in folded.get(n, []):
            names += [a for a in aliases.get(f, []) if a not in names]
        registry.append(Unit(name=n, aliases=tuple(dict.fromkeys(names))))
    for n in order:
        if is_group(n):
            registry.append(group_unit(n, plan_prefix))
    return Resolution(canonical, splits, typos, short_forms, tuple(registry))


def group_unit(name: str, plan_prefix: str) -> Unit:
    """A group's membership by name shape: 市政府各部门 → 市…局/委/办/办公室/中心; 各乡镇人民政府 → …镇人民政府."""
    m = re.match(r"(市|区|县)(?:政府|直|属)?", name)
    prefixes: tuple[str, ...] = (m.group(1),) if m else ((plan_prefix,) if plan_prefix else ())
    if "执法" in name:
        return Unit(name=name, group=True, prefixes=prefixes, suffixes=ENFORCEMENT_SUFFIXES)
    if re.search(r"部门|单位", name):
        return Unit(name=name, group=True, prefixes=prefixes, suffixes=DEPARTMENT_SUFFIXES)
    if re.search(r"县|\(市、区\)", name) and "政府" in name:
        return Unit(name=name, group=True, suffixes=("县人民政府", "区人民政府", "市人民政府", "县政府", "区政府"))
    if re.search(r"乡|镇|街道", name):
        suffixes = TOWN_SUFFIXES if "乡" in name or "街道" in name else ("镇", "镇人民政府", "镇政府")
        if "(区)" in name:
            suffixes = (*suffixes, "办事处", "区")
        return Unit(name=name, group=True, suffixes=suffixes)
    return Unit(name=name, group=True)
