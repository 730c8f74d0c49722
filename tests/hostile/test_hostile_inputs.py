"""Bad input through every command that reads it: one clear line on stderr, exit 2, quickly, nothing written.

Each case builds its hostile file in tmp_path. Cases that once hung or crashed the interpreter (a FIFO, a
YAML nested 100,000 deep, 600 targets in a rules file, numbers durable cannot parse) run in a subprocess
with a timeout, so that a regression fails the test instead of taking pytest down with it.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from checker import documents
from tests.docgen import make_docx
from tests.hostile.helpers import (
    FAST,
    MINIMAL_RULES,
    REPORT,
    RULES,
    SMALL_REPORT,
    Run,
    assert_user_error,
    cli,
    cli_subprocess,
    listing,
)
from tests.test_documents import OLE, _bomb_docx, _encrypted_pdf, _image_pdf

# --------------------------------------------------------------------------- documents, through every command


def _run(command: str, doc: Path, rules: Path, out: Path) -> Run:
    """`command` reading `doc` (as the report, or as the plan for plan2rules), writing into `out` if it can."""
    if command == "check":
        return cli("check", rules, doc, "--format", "json", "-o", out / "result.json")
    if command == "facts":
        return cli("facts", doc, "--format", "json", "-o", out / "facts.json")
    if command == "plan2rules":
        return cli("plan2rules", doc, "-o", out / "rules.yaml")
    return cli("explain", rules, doc, "01")


COMMANDS = ("check", "facts", "plan2rules", "explain")


def _docx_needing_zip_version_9_9(tmp: Path) -> bytes:
    data = bytearray(make_docx("正文", tmp / "v.docx").read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 99  # "version needed to extract": zipfile raised NotImplementedError
    return bytes(data)


def _docx_whose_body_is_not_a_document(tmp: Path) -> bytes:
    src = zipfile.ZipFile(make_docx("正文", tmp / "r.docx"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "word/document.xml":  # python-docx then has no .body: AttributeError
                part = part.replace(b"<w:document ", b"<w:dokument ").replace(b"</w:document>", b"</w:dokument>")
            out.writestr(info.filename, part)
    return buf.getvalue()


BAD_DOCUMENTS: dict[str, tuple[str, Callable[[Path], bytes], tuple[str, ...]]] = {
    # case: (file name, content, what the error line must say)
    "empty": ("empty.txt", lambda t: b"", ("is empty (0 bytes)", "right file")),
    "whitespace": ("blank.txt", lambda t: " \n\u3000\t\n".encode(), ("contains only whitespace",)),
    "binary-junk": ("junk.txt", lambda t: bytes(range(256)) * 400, ("not a text document",)),
    "not-utf8-not-gbk": (
        "odd.txt",
        lambda t: b"\xc0\xc1\xf5\xff" * 300,
        ("cannot be decoded", "save it again as UTF-8"),
    ),
    "utf16-bom-broken": ("b.txt", lambda t: b"\xff\xfe" + b"\x00\xd8" * 50, ("byte-order mark", "UTF-16")),
    "docx-zip-bomb": ("bomb.docx", _bomb_docx, ("zip bomb", "save the document again")),
    "docx-not-a-zip": ("fake.docx", lambda t: "这不是docx".encode(), ("not a valid .docx", "save it again")),
    "docx-damaged-zip": ("cut.docx", lambda t: make_docx("正文", t / "x.docx").read_bytes()[:300], ("damaged zip",)),
    "pdf-encrypted": ("secret.pdf", _encrypted_pdf, ("encrypted PDF", "qpdf")),
    "pdf-scanned": ("scan.pdf", _image_pdf, ("no text layer", "ocrmypdf")),
    "doc": ("old.doc", lambda t: OLE, ("Word 97-2003 (.doc)", "libreoffice --headless --convert-to docx")),
    "wps": ("x.wps", lambda t: b"WPS binary", ("WPS Writer", "--convert-to docx")),
    "doc-renamed-docx": ("locked.docx", lambda t: OLE, ("password-protected", "convert it")),
    "docx-unknown-zip-version": ("v.docx", _docx_needing_zip_version_9_9, ("damaged zip",)),
    "docx-body-not-a-document": ("r.docx", _docx_whose_body_is_not_a_document, ("no document body", "save it again")),
    "html-without-body": ("head.html", lambda t: b"<html><head><title>x</title></head></html>", ("contains no text",)),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", list(BAD_DOCUMENTS))
def test_bad_document(tmp_path: Path, rules_file: Path, out_dir: Path, case: str, command: str) -> None:
    name, content, fragments = BAD_DOCUMENTS[case]
    doc = tmp_path / name
    doc.write_bytes(content(tmp_path))
    assert_user_error(_run(command, doc, rules_file, out_dir), str(doc), *fragments)
    assert listing(out_dir) == {}


@pytest.mark.parametrize("command", COMMANDS)
def test_report_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, rules_file: Path, out_dir: Path, command: str
) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    line = assert_user_error(_run(command, big, rules_file, out_dir), "too large", "50,000,000 bytes")
    assert f"the limit is {documents.MAX_BYTES:,} bytes" in line
    assert listing(out_dir) == {}


def test_text_over_the_character_limit_is_refused(tmp_path: Path, rules_file: Path, out_dir: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("法治政府建设。" * (documents.MAX_CHARS // 7 + 1), encoding="utf-8")
    line = assert_user_error(_run("check", long, rules_file, out_dir), "too long")
    assert f"the limit is {documents.MAX_CHARS:,}" in line and "split" in line
    assert listing(out_dir) == {}


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file_folder_and_unreadable_path(
    tmp_path: Path, rules_file: Path, out_dir: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_user_error(_run(command, tmp_path / "nope.txt", rules_file, out_dir), "nope.txt", "no such file")
    assert_user_error(_run(command, out_dir, rules_file, out_dir), "is a directory, not a document")
    secret = tmp_path / "secret.txt"
    secret.write_text(SMALL_REPORT, encoding="utf-8")
    secret.chmod(0)
    real_open = open

    def denied(path: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if os.fspath(path) == str(secret):  # root reads any file: fail as it does for everyone else
            raise PermissionError(13, "Permission denied", str(secret))
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(documents, "open", denied, raising=False)
    assert_user_error(_run(command, secret, rules_file, out_dir), "permission denied", "permissions")
    assert listing(out_dir) == {}


def test_fifo_and_device_are_refused_without_blocking(tmp_path: Path, rules_file: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # nobody writes to it: opening it would block forever
    for args in (("facts", fifo), ("check", rules_file, fifo), ("validate", fifo), ("check", fifo, REPORT)):
        assert_user_error(cli_subprocess(*args, timeout=20), "not a regular file", seconds=20)
    assert_user_error(cli_subprocess("validate", "/dev/zero", timeout=20), "not a regular file", seconds=20)


@pytest.mark.parametrize("variant", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig"])
def test_utf16_and_other_encodings_are_read_correctly(tmp_path: Path, variant: str) -> None:
    text = REPORT.read_text(encoding="utf-8")
    path = tmp_path / f"report-{variant}.txt"
    path.write_bytes(text.encode(variant))  # "utf-16" writes a BOM, -le/-be do not
    plain = cli("check", RULES, REPORT, "--format", "json")
    other = cli("check", RULES, path, "--format", "json")
    assert (other.code, other.exception) == (plain.code, None)
    a, b = json.loads(plain.stdout), json.loads(other.stdout)
    assert [(o["id"], o["status"]) for o in a["obligations"]] == [(o["id"], o["status"]) for o in b["obligations"]]
    assert [e["line"] for o in a["obligations"] for r in o["requirements"] for e in r["evidence"]] == [
        e["line"] for o in b["obligations"] for r in o["requirements"] for e in r["evidence"]
    ]
    facts = cli("facts", path, "--format", "json")
    assert facts.code == 0 and json.loads(facts.stdout)["sentences"]


def test_html_with_control_characters_prints_no_traceback(tmp_path: Path) -> None:
    page = tmp_path / "ctl.html"  # readability logged a traceback on stderr for these
    page.write_bytes(
        "<html><body><div>一、工作情况\x01<p>学法</p>尾\x02</div><div>集中学法2次。\x03</div></body></html>".encode()
    )
    run = cli("facts", page, "--format", "json")
    assert (run.code, run.stderr) == (0, "")
    assert any("集中学法2次" in s["text"] for s in json.loads(run.stdout)["sentences"])


def test_file_name_that_is_not_utf8_or_holds_a_newline(tmp_path: Path, rules_file: Path, out_dir: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xffname.txt"))
    odd.write_text(SMALL_REPORT, encoding="utf-8")
    for fmt in ("json", "md", "html", "junit", "text"):
        run = cli("check", rules_file, odd, "--format", fmt, "-o", out_dir / f"r.{fmt}")
        assert (run.code, run.exception) == (0, None), run.stderr
    # written as the escape \udcff, which a JSON reader turns back into the surrogate the name holds
    assert json.loads((out_dir / "r.json").read_text(encoding="utf-8"))["reports"][0]["path"] == str(odd)
    line = assert_user_error(cli("facts", tmp_path / "new\nline.txt"), "no such file")
    assert "new\\nline.txt" in line


# --------------------------------------------------------------------------- rules, lexicon, waivers and units files


def _rules(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BILLION_LAUGHS = "".join(
    [f"a{0}: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)]
)


@pytest.mark.parametrize("command", ["validate", "check", "explain"])
def test_malformed_yaml_names_line_and_column(tmp_path: Path, report_file: Path, command: str) -> None:
    rules = _rules(tmp_path, "schema: plancheck/rules/v1\nplan: {id: t, title: [unclosed\nobligations: []\n")
    args = {"validate": (rules,), "check": (rules, report_file), "explain": (rules, report_file, "01")}[command]
    assert_user_error(cli(command, *args), f"{rules}:3:12: invalid YAML", "did not find expected")


@pytest.mark.parametrize("command", ["validate", "check"])
def test_alias_bomb_is_refused_at_the_alias(tmp_path: Path, report_file: Path, command: str) -> None:
    rules = _rules(tmp_path, BILLION_LAUGHS)
    args = (rules,) if command == "validate" else (rules, report_file)
    assert_user_error(cli(command, *args), f"{rules}:2:10:", "aliases are not allowed", "*a0", seconds=2)


@pytest.mark.parametrize("nesting", ["[" * 100_000 + "]" * 100_000, "- " * 30_000 + "x\n", "{a: " * 50_000 + "1"])
def test_deep_nesting_is_refused_not_a_segfault(tmp_path: Path, nesting: str) -> None:
    rules = _rules(tmp_path, nesting)  # libyaml's composer recursed on the C stack
    assert_user_error(cli_subprocess("validate", rules, timeout=30), "nested deeper than 40 levels", seconds=30)


def test_yaml_size_limit(tmp_path: Path) -> None:
    rules = tmp_path / "huge.yaml"
    with open(rules, "wb") as f:
        f.truncate(6_000_000)
    assert_user_error(cli("validate", rules), "too large", "the limit is 5,000,000")


def test_rules_file_not_utf8(tmp_path: Path) -> None:
    rules = tmp_path / "gbk.yaml"
    rules.write_bytes(MINIMAL_RULES.encode("gb18030"))
    assert_user_error(cli("validate", rules), "not UTF-8", "save it as UTF-8")


REGEX_TERMS = ["(a+)+$", ".*.*.*.*=", "[", "\\d+", "学法(a+)+$", "^$", "a{1,99999}"]


def test_terms_are_literal_never_regular_expressions(tmp_path: Path) -> None:
    groups = ", ".join(json.dumps(t) for t in REGEX_TERMS)
    rules = _rules(tmp_path, MINIMAL_RULES.replace("all: [[学法]]", f"all: [[{groups}]]").replace(
        'kind: count, text: 学法不少于2次', "kind: mention, text: 学法").replace(
        ', target: {op: ">=", value: 2, unit: 次}', ""))  # fmt: skip
    assert cli("validate", rules).code == 0
    # catastrophic backtracking would need minutes on this; a literal search takes milliseconds
    evil = tmp_path / "evil.txt"
    evil.write_text("2019年度工作报告\n一、工作情况\n" + "a" * 50_000 + "!\n" + "=" * 20_000 + "\n", encoding="utf-8")
    run = cli("check", rules, evil, "--format", "json")
    assert run.code == 1 and run.seconds < FAST
    assert json.loads(run.stdout)["obligations"][0]["status"] == "unevidenced"
    literal = tmp_path / "literal.txt"
    literal.write_text("2019年度工作报告\n一、工作情况\n开展了 (a+)+$ 专项工作。\n", encoding="utf-8")
    run = cli("check", rules, literal, "--format", "json")
    ob = json.loads(run.stdout)["obligations"][0]
    assert (run.code, ob["status"]) == (0, "met")
    assert "(a+)+$" in ob["requirements"][0]["evidence"][0]["quote"]


RULES_CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # case: (text replaced in MINIMAL_RULES, its replacement, what the error line must say)
    "unknown-kind": ("kind: count", "kind: cnt", ("unknown kind 'cnt'", "expected one of", ":10:")),
    "unknown-key": ("text: 学法不少于2次", "text: 学法不少于2次, colour: red", ("unknown key 'colour'",)),
    "target-nan": ("value: 2,", "value: .nan,", ("value must be a finite number",)),
    "target-inf": ("value: 2,", "value: .inf,", ("value must be a finite number",)),
    "target-huge": ("value: 2,", "value: 1.0e+20,", ("between -10^12 and 10^12",)),
    "tolerance-inf": ("unit: 次}", "unit: 次, tolerance: .inf}", ("tolerance must be a finite number",)),
    "bad-date": ('end: "2019-12-31"', 'end: "2019-02-30"', ("'2019-02-30' is not a real date",)),
    "not-rules": ("schema: plancheck/rules/v1", "schema: something/else", ("not a plancheck rules file",)),
    "term-too-long": ("[[学法]]", "[[" + "学" * 61 + "]]", ("is too long (at most 60 characters)",)),
}


@pytest.mark.parametrize("case", list(RULES_CASES))
def test_invalid_rules(tmp_path: Path, report_file: Path, case: str) -> None:
    old, new, fragments = RULES_CASES[case]
    assert old in MINIMAL_RULES
    rules = _rules(tmp_path, MINIMAL_RULES.replace(old, new))
    assert_user_error(cli("validate", rules), str(rules), *fragments)
    assert_user_error(cli("check", rules, report_file), *fragments)


def test_duplicate_ids_are_all_reported(tmp_path: Path) -> None:
    ob = MINIMAL_RULES[MINIMAL_RULES.index("  - id:") :]
    rules = _rules(tmp_path, MINIMAL_RULES + ob)
    run = cli("validate", rules)
    assert run.code == 2 and "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 2
    assert "duplicate obligation id '01' (first used by obligation #1)" in lines[0] and ":11:" in lines[0]
    assert "duplicate requirement id '01-1'" in lines[1]


def test_owner_not_in_the_registry_is_a_warning_with_a_suggestion(tmp_path: Path, report_file: Path) -> None:
    rules = _rules(tmp_path, MINIMAL_RULES.replace("owners: [市司法局]", "owners: [市司法居]"))
    run = cli("validate", rules)
    assert run.code == 0
    assert (
        "warning" in run.stderr
        and "owner '市司法居' is not in the unit registry (did you mean '市司法局'?)" in run.stderr
    )
    run = cli("check", rules, report_file, "--format", "junit")
    assert (run.code, run.exception) == (0, None)
    assert "did you mean '市司法局'?" in run.stderr  # not text on stdout: the warning goes to stderr


def test_too_many_requirements(tmp_path: Path) -> None:
    ob = MINIMAL_RULES[MINIMAL_RULES.index("  - id:") :]
    many = "".join(ob.replace('"01"', f'"{i}"').replace('"01-1"', f'"{i}-1"') for i in range(1001))
    rules = _rules(tmp_path, MINIMAL_RULES[: MINIMAL_RULES.index("  - id:")] + many)
    assert_user_error(cli("validate", rules), "1,001 requirements", "at most 1,000", "split the plan")


def test_six_hundred_targets_compile_and_run(tmp_path: Path, report_file: Path) -> None:
    # durable hung at 100% CPU compiling >512 equality values under one path
    ob = MINIMAL_RULES[MINIMAL_RULES.index("  - id:") :]
    many = "".join(
        ob.replace('"01"', f'"{i}"').replace('"01-1"', f'"{i}-1"').replace("value: 2", f"value: {i % 5 + 1}")
        for i in range(600)
    )
    rules = _rules(tmp_path, MINIMAL_RULES[: MINIMAL_RULES.index("  - id:")] + many)
    run = cli_subprocess("check", rules, report_file, "--format", "json", timeout=60)
    assert run.code == 1, run.stderr[-2000:]
    statuses = [o["status"] for o in json.loads(run.stdout)["obligations"]]
    assert statuses.count("met") == 240 and statuses.count("unmet") == 360  # 2次 meets targets 1 and 2


@pytest.mark.parametrize(
    ("number", "status"),
    [("10000000000000000", "met"), ("99999999999999999999万", "met"), ("0.00001", "unmet"), ("1" * 400, None)],
)
def test_numbers_durable_cannot_parse_are_still_judged(
    tmp_path: Path, rules_file: Path, number: str, status: str | None
) -> None:
    # 1e16 in a fact was dropped without a word (or crashed the process); 1e-05 did not compile;
    # 400 digits became inf, and the JSON said Infinity
    report = tmp_path / "numbers.txt"
    report.write_text(SMALL_REPORT.replace("学法2次", f"学法{number}次"), encoding="utf-8")
    run = cli_subprocess("check", rules_file, report, "--format", "json", timeout=30)
    assert run.code in (0, 1), run.stderr[-2000:]

    def no_constant(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    req = json.loads(run.stdout, parse_constant=no_constant)["obligations"][0]["requirements"][0]
    if status is not None:
        assert req["status"] == status
    else:  # no float holds it: not a number at all
        assert req["found"] is None


def test_plan_period_ending_in_9999(tmp_path: Path, report_file: Path) -> None:
    rules = _rules(tmp_path, MINIMAL_RULES.replace('end: "2019-12-31"', 'end: "9999-12-31"'))
    assert cli("validate", rules).code == 0


LEXICON_CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "alias-bomb": (BILLION_LAUGHS + "schema: plancheck/lexicon/v1\n", ("aliases are not allowed",)),
    "concept-not-a-list": ("schema: plancheck/lexicon/v1\nconcepts: [1, 2]\n", (":2:12:", "a concept must be a list")),
    "nested-term": ("schema: plancheck/lexicon/v1\nconcepts: [[a, [b]]]\n", ("each term is a word",)),
    "indicator-without-name": ("schema: plancheck/lexicon/v1\nindicators: [{unit: x}]\n", ("needs a name",)),
    "malformed": ("schema: plancheck/lexicon/v1\nconcepts: [[a, b\n", (":3:1: invalid YAML",)),
    "not-a-lexicon": ("concepts: []\n", ("not a lexicon file",)),
}


@pytest.mark.parametrize("case", list(LEXICON_CASES))
def test_bad_lexicon_named_by_a_rules_file(tmp_path: Path, report_file: Path, case: str) -> None:
    text, fragments = LEXICON_CASES[case]
    (tmp_path / "lex.yaml").write_text(text, encoding="utf-8")
    rules = _rules(tmp_path, MINIMAL_RULES + "lexicon: [lex.yaml]\n")
    assert_user_error(cli("check", rules, report_file), "lex.yaml", *fragments)


WAIVER_CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "malformed-yaml": ('- obligation: "01"\n  reason: x\n approved_by: y\n', ("invalid YAML",)),
    "not-a-list": ("just a string\n", ("a waivers file is a list",)),
    "not-a-mapping": ("- [1, 2]\n", (":1:3:", "each waiver is a mapping")),
    "missing-key": ('- {obligation: "01", reason: x}\n', ("waiver needs approved_by",)),
    "unknown-key": ('- {obligation: "01", reason: x, approved_by: y, colour: red}\n', ("unknown key 'colour'",)),
    "bad-expiry": ('- {obligation: "01", reason: x, approved_by: y, expires: 2020-02-30}\n', ("is not a date",)),
    "unit-is-a-list": (
        '- {obligation: "01", reason: x, approved_by: y, unit: [a, b]}\n',
        ("unit must be text, not a list",),
    ),
    "obligation-is-a-mapping": ("- {obligation: {a: 1}, reason: x, approved_by: y}\n", ("obligation must be text",)),
    "unknown-obligation": ('- {obligation: "99", reason: x, approved_by: y}\n', ("waiver names obligation '99'",)),
    "alias-bomb": (BILLION_LAUGHS, ("aliases are not allowed",)),
}


@pytest.mark.parametrize("case", list(WAIVER_CASES))
def test_malformed_waivers(tmp_path: Path, rules_file: Path, report_file: Path, out_dir: Path, case: str) -> None:
    text, fragments = WAIVER_CASES[case]
    waivers = _rules(tmp_path, text, "waivers.yaml")
    run = cli("check", rules_file, report_file, "--waivers", waivers, "-o", out_dir / "r.json", "--format", "json")
    assert_user_error(run, *fragments)
    assert listing(out_dir) == {}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("units: [{aliases: [x]}]\n", "each unit needs a name"),
        ("units: 3\n", "a units file holds"),
        (BILLION_LAUGHS, "aliases"),
    ],
)
def test_malformed_units_file(tmp_path: Path, rules_file: Path, report_file: Path, text: str, fragment: str) -> None:
    units = _rules(tmp_path, text, "units.yaml")
    assert_user_error(cli("check", rules_file, report_file, "--units", units), fragment)


# --------------------------------------------------------------------------- options and output paths


@pytest.mark.parametrize(
    ("period", "fragment"),
    [
        ("garbage", "use a year (2019)"),
        ("", "bad --period ''"),
        ("0000", "there is no year 0"),
        ("99999", "bad --period"),
        ("2019-13-01..2019-12-31", "month must be in 1..12"),
        ("2019-02-30..2019-03-01", "day is out of range"),
        ("2020-01-01..2019-01-01", "the end is before the start"),
        ("٢٠١٩", "bad --period"),  # Arabic-Indic digits: \d took them and put them into the ISO date
        ("2019; rm -rf /", "bad --period"),
    ],
)
def test_period_garbage(rules_file: Path, report_file: Path, out_dir: Path, period: str, fragment: str) -> None:
    assert_user_error(cli("check", rules_file, report_file, "--period", period, "-o", out_dir / "r.json"), fragment)
    assert_user_error(cli("facts", report_file, "--period", period), fragment)
    assert_user_error(cli("explain", rules_file, report_file, "01", "--period", period), fragment)
    assert listing(out_dir) == {}


def test_full_width_period_is_read(rules_file: Path, report_file: Path) -> None:
    run = cli("check", rules_file, report_file, "--period", "２０１９", "--format", "json")
    assert run.code == 0 and json.loads(run.stdout)["reports"][0]["period"]["start"] == "2019-01-01"


def test_as_of_garbage(rules_file: Path, report_file: Path) -> None:
    assert_user_error(cli("check", rules_file, report_file, "--as-of", "soon"), "bad --as-of 'soon'", "YYYY-MM-DD")


def test_unknown_unit_is_refused_with_a_suggestion(rules_file: Path, report_file: Path) -> None:
    run = cli("check", rules_file, report_file, "--unit", "市司法居", "--format", "json")
    assert run.code == 2 and not run.stdout
    assert "--unit '市司法居' owns no obligation in" in run.stderr and "(did you mean 市司法局?)" in run.stderr


def test_unknown_obligation_for_explain(rules_file: Path, report_file: Path) -> None:
    assert_user_error(cli("explain", rules_file, report_file, "(((("), "no obligation '(((('", "known: 01")


@pytest.mark.parametrize("command", ["check", "facts", "plan2rules"])
def test_output_path_problems_are_refused_before_any_work(
    tmp_path: Path, rules_file: Path, report_file: Path, out_dir: Path, command: str
) -> None:
    def run(out: Path | str) -> Run:
        if command == "check":
            return cli("check", rules_file, report_file, "--format", "json", "-o", out)
        if command == "facts":
            return cli("facts", report_file, "-o", out)
        return cli("plan2rules", report_file, "-o", out)

    assert_user_error(run(out_dir / "missing" / "r.json"), "output folder", "does not exist", "create the folder")
    assert_user_error(run(out_dir), "output path is a folder", "give a file name")
    assert_user_error(run(f"{out_dir}/"), "output path is a folder")
    assert_user_error(run(report_file / "r.json"), "is a file, so it cannot hold the output")
    assert listing(out_dir) == {}
    before = report_file.read_bytes()
    assert_user_error(run(report_file), "output path is one of the input files")
    assert report_file.read_bytes() == before


def test_every_command_refuses_a_folder_as_input_in_one_line(tmp_path: Path, report_file: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert_user_error(cli("validate", folder), "rules file is a folder")
    assert_user_error(cli("check", folder, report_file), "rules file is a folder")
    assert_user_error(cli("check", RULES, report_file, "--waivers", folder), "waivers file is a folder")
    assert_user_error(cli("check", RULES, report_file, "--units", folder), "units file is a folder")
    assert_user_error(cli("plan2rules", folder), "is a directory")


def test_existing_output_survives_a_failed_run(tmp_path: Path, rules_file: Path, out_dir: Path) -> None:
    result = out_dir / "result.json"
    result.write_text("the previous, good result\n", encoding="utf-8")
    mtime = result.stat().st_mtime_ns
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert_user_error(cli("check", rules_file, bad, "--format", "json", "-o", result), "is empty")
    assert result.read_text(encoding="utf-8") == "the previous, good result\n"
    assert result.stat().st_mtime_ns == mtime
    assert listing(out_dir) == {"result.json": b"the previous, good result\n"}


def test_refusal_is_fast_from_a_cold_start(tmp_path: Path) -> None:
    # assert_user_error times every refusal in this process; this one includes interpreter start-up
    doc = tmp_path / "bomb.docx"
    doc.write_bytes(_bomb_docx(tmp_path))
    started = time.perf_counter()
    assert_user_error(cli_subprocess("facts", doc, timeout=20), "zip bomb")
    assert time.perf_counter() - started < FAST
