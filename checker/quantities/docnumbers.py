"""Document numbers (丹政发〔2020〕14号, [2019]7号, 省政府令第129号): never a date, never a quantity."""

from __future__ import annotations

import re

from checker.model import DocNumber

_DOCNO_RE = re.compile(
    r"(?:[〔\[(【]\s*(?:19|20)[0-9]{2}\s*[〕\])】]\s*第?\s*[0-9]+\s*号"
    r"|令\s*第\s*[0-9]+\s*号"
    r"|第\s*[0-9]+\s*号令?)$"
)
_HAN_RUN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}$")
# The issuer code (丹政发, 省政府令) follows these words; one-character ones only at the run's start (经开文 is a code).
_DOCNO_VERB = re.compile(r".*(?:印发|下发|转发|根据|按照|依据|依照|执行|落实|贯彻|参照|学习|认真)")
_DOCNO_LEAD = re.compile(r"(?:[见据按依以由对将的和及])+")


def find_doc_numbers(text: str) -> list[DocNumber]:
    """丹政发〔2020〕14号, [2019]7号, (2019)7号, 省政府令第129号, with the issuer code when it is short."""
    found: list[DocNumber] = []
    p = text.find("号")
    while p != -1:
        hi = p + 2 if text.startswith("号令", p) else p + 1
        m = _DOCNO_RE.search(text, max(0, p - 24), hi)
        p = text.find("号", p + 1)
        if m is None or (m.group().startswith("第") and not m.group().endswith("令")):
            continue
        start = m.start()
        run = _HAN_RUN_BEFORE.search(text, max(0, start - 12), start)
        if run:
            code, offset = run.group(), run.start()
            for rx in (_DOCNO_VERB, _DOCNO_LEAD):
                cut = rx.match(code)
                if cut:
                    code, offset = code[cut.end() :], offset + cut.end()
            if 0 < len(code) <= (8 if m.group().startswith(("令", "第")) else 6):
                start = offset
        found.append(DocNumber(start=start, end=m.end(), text=text[start : m.end()], sentence=-1))
    return found
