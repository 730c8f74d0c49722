"""Pathological text takes seconds, not minutes: facts.extract and plan.parse stay roughly linear.

The bounds are wide (a slow CI machine must pass) yet far below what the superlinear versions took on
the same inputs, which are given with each case: every one was a hang in practice.
"""

from __future__ import annotations

import time

import pytest

from checker import facts, plan
from checker.lexicon import Lexicon
from checker.model import Document

LIMIT = 10.0  # seconds, on inputs of 0.2-2 million characters; each takes 0.2-2 s now


def _doc(text: str) -> Document:
    return Document(path="x.txt", format="txt", text=text, source_text=text)


CASES = {
    # name: (text, what it took before the fix, on the machine these notes were made on)
    "1 MB of 一是": ("一是" * 500_000, "0.8 s: always linear"),
    "1 MB of (": ("(" * 1_000_000, "0.4 s: always linear"),
    "2 MB line without punctuation": (("法治政府建设工作取得新进展" * 160_000)[:2_000_000], "0.5 s: always linear"),
    "尚未 x 200,000": ("尚未" * 200_000, "over 120 s: each negation re-read its clause from the start"),
    "将继续 x 100,000": ("将继续" * 100_000, "102 s: each 将 searched its clause to the end for a disposal verb"),
    "由1次增加到2次 x 30,000": ("由1次增加到2次" * 30_000, "26 s: the list of numbers refiltered for every 由"),
    "每年开展1次 x 30,000": ("每年开展1次" * 30_000, "over 120 s: every 每年 of the clause re-read per number"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_facts_in_linear_time(case: str) -> None:
    text, _before = CASES[case]
    started = time.perf_counter()
    f = facts.extract(_doc(text))
    elapsed = time.perf_counter() - started
    assert f.sentences
    assert elapsed < LIMIT, f"{case}: {elapsed:.1f} s"


def test_plan_with_one_endless_sentence_in_linear_time() -> None:
    # 32,000 comma clauses in one item: the groups without a target were refiltered per clause (25 s before)
    text = "(七)加强组织领导,落实法治建设保障措施" * 32_000
    started = time.perf_counter()
    plan.parse(_doc(text), lexicon=Lexicon())
    assert time.perf_counter() - started < LIMIT
