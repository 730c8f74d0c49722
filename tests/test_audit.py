"""`plancheck audit`: many units' reports against one plan, through the real readers, matcher and engine.

The folder holds the bundled reports and variants made from them: retitled as from a unit (txt, docx, pdf),
signed by a unit, named after a unit, attributed by a manifest, a unit that owns nothing, an unreadable file.
Also: the rules cache (checker/rulecache.py) and the progress bar.
"""

from __future__ import annotations

import _sre
import dataclasses
import itertools
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from referencing import Registry as SchemaRegistry
from referencing import Resource

import cli
from checker import audit, pipeline, rulecache, startcache
from checker.audit import worker
from checker.errors import InputError, UsageError
from checker.report import render_audit
from checker.report.audit_json import chunks
from checker.report.audit_json import render as render_json
from checker.report.jsonout import dumps
from checker.report.progress import ProgressBar
from tests.docgen import make_docx, make_pdf

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "chibi-2019.yaml"
DANYANG = ROOT / "reports" / "danyang-2019.txt"
ZHAOTONG = ROOT / "reports" / "zhaotong-2015.txt"

# The body of each bundled report, without its web-page header, title and transmittal letter.
BODY = "\n".join(DANYANG.read_text(encoding="utf-8").split("\n")[32:])
BODY2 = "\n".join(ZHAOTONG.read_text(encoding="utf-8").split("\n")[8:])
RAW_RULES = yaml.safe_load(RULES.read_text(encoding="utf-8"))
TOWN_OBLIGATIONS = [ob["id"] for ob in RAW_RULES["obligations"] if "各乡镇人民政府" in ob["owners"]]

# file → (unit, source, state) the audit must find
EXPECTED: dict[str, tuple[str | None, str | None, str]] = {
    "sfj.txt": ("市司法局", "title", "checked"),
    "sub/rsj.docx": ("市人社局", "title", "checked"),
    "sub/signed.txt": ("市审计局", "signature", "checked"),
    "市财政局2019年工作总结.txt": ("市财政局", "filename", "checked"),
    "sub/town.txt": ("车埠镇", "manifest", "checked"),
    "zhaotong-2015.txt": ("市委组织部", "manifest", "checked"),
    "court.txt": ("市人民法院", "manifest", "owns_nothing"),
    "fgj.pdf": ("市发改局", "title", "checked"),
    "danyang-2019.txt": (None, None, "unresolved"),
    "sub/broken.docx": (None, None, "error"),
}


def build_folder(base: Path) -> Path:
    """The audit folder described in the module docstring, with its manifest."""
    folder = base / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "sfj.txt").write_text(f"市司法局2019年度法治政府建设工作报告\n\n{BODY}\n", encoding="utf-8")
    make_docx(f"市人社局2019年度法治政府建设工作报告\n{BODY2}", folder / "sub" / "rsj.docx")
    signed = f"2019年度法治政府建设工作总结\n\n{BODY2}\n\n市审计局\n\n2020年1月10日\n"
    (folder / "sub" / "signed.txt").write_text(signed, encoding="utf-8")
    (folder / "市财政局2019年工作总结.txt").write_text(f"2019年工作总结\n\n{BODY}\n", encoding="utf-8")
    (folder / "sub" / "town.txt").write_text(f"2019年工作总结\n\n{BODY2}\n", encoding="utf-8")
    (folder / "zhaotong-2015.txt").write_bytes(ZHAOTONG.read_bytes())
    (folder / "court.txt").write_text(f"2019年工作总结\n\n{BODY2}\n", encoding="utf-8")
    make_pdf(f"市发改局2019年度法治政府建设工作报告\n{BODY2[:3000]}", folder / "fgj.pdf")
    (folder / "danyang-2019.txt").write_bytes(DANYANG.read_bytes())
    (folder / "sub" / "broken.docx").write_bytes(b"this is not a zip archive")
    (folder / ".hidden" / "ignored.txt").write_text("市司法局2019年度工作报告\n\n正文。\n", encoding="utf-8")
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    (base / "manifest.csv").write_text(
        "file,unit\nreports/sub/town.txt,车埠镇\nreports/zhaotong-2015.txt,市委组织部\nreports/court.txt,市人民法院\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_folder(tmp_path_factory.mktemp("audit"))


@pytest.fixture(scope="module")
def result(folder: Path) -> dict[str, Any]:
    with audit.run(str(RULES), [str(folder)], manifest=str(folder.parent / "manifest.csv"), jobs=1) as a:
        return a.to_dict()


def rel(folder: Path, path: str) -> str:
    return Path(path).relative_to(folder).as_posix()


def unit_entry(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(u for u in result["units"] if u["unit"] == name)


# --------------------------------------------------------------------------- attribution


def test_every_file_is_attributed_the_way_it_names_its_unit(result: dict[str, Any], folder: Path) -> None:
    found = {rel(folder, a["path"]): (a["unit"], a["source"], a["state"]) for a in result["attribution"]}
    assert found == EXPECTED  # hidden folders and non-report extensions are not scanned


def test_files_are_audited_in_sorted_path_order(result: dict[str, Any], folder: Path) -> None:
    paths = [a["path"] for a in result["attribution"]]
    assert paths == sorted(paths)


def test_unresolved_reports_are_listed_with_the_reason_never_guessed(result: dict[str, Any], folder: Path) -> None:
    (entry,) = result["unresolved"]
    assert rel(folder, entry["path"]) == "danyang-2019.txt"
    assert entry["candidate"] == "丹阳市人民政府"
    assert "丹阳市人民政府" in entry["reason"] and "not for one unit" in entry["reason"]
    assert all(r["reports"][0]["path"] != entry["path"] for r in result["reports"])


def test_a_unit_that_owns_nothing_and_an_unreadable_file_are_listed(result: dict[str, Any], folder: Path) -> None:
    (nothing,) = result["owns_nothing"]
    assert (rel(folder, nothing["path"]), nothing["unit"], nothing["source"]) == ("court.txt", "市人民法院", "manifest")
    (error,) = result["errors"]
    assert rel(folder, error["path"]) == "sub/broken.docx" and "not a valid .docx" in error["message"]
    summary = result["summary"]
    assert (summary["files"], summary["checked"], summary["units"]) == (10, 7, 7)
    assert (summary["unresolved"], summary["owns_nothing"], summary["errors"]) == (1, 1, 1)


def test_the_manifest_wins_over_the_title_and_says_so(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(f"市司法局2019年度法治政府建设工作报告\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("r.txt,市财政局\n", encoding="utf-8")  # no header row
    with audit.run(str(RULES), [str(report)], manifest=str(tmp_path / "m.csv"), jobs=1) as a:
        assert a.data["attribution"][0]["unit"] == "市财政局"
        assert any("the manifest wins" in p["message"] and "市司法局" in p["message"] for p in a.data["problems"])


# --------------------------------------------------------------------------- per-unit obligations


def test_each_unit_is_checked_only_on_what_it_owns_directly_or_through_a_group(result: dict[str, Any]) -> None:
    zzb = unit_entry(result, "市委组织部")
    assert [it["obligation"] for it in zzb["items"]] == ["01"]
    assert (zzb["items"][0]["role"], zzb["items"][0]["via"]) == ("lead", None)

    town = unit_entry(result, "车埠镇")  # a township: only through 各乡镇人民政府
    assert sorted(it["obligation"] for it in town["items"]) == TOWN_OBLIGATIONS
    assert {it["via"] for it in town["items"]} == {"各乡镇人民政府"}

    audit_office = unit_entry(result, "市审计局")  # direct on 07 and 20, else through 市政府各部门 / 各行政执法部门
    vias = {it["obligation"]: it["via"] for it in audit_office["items"]}
    assert vias["07"] is None and vias["20"] is None
    assert vias["02"] == "各行政执法部门" and vias["05"] == "市政府各部门"
    assert "01" not in vias and "03" not in vias

    report = next(r for r in result["reports"] if r["unit_filter"] == "市委组织部")
    assert [o["id"] for o in report["obligations"]] == ["01"]  # the per-unit result is limited the same way
    assert report["reports"][0]["unit"] == "市委组织部" and report["reports"][0]["unit_source"] == "manifest"


def test_matrix_rows_and_columns(result: dict[str, Any]) -> None:
    matrix = result["matrix"]
    assert [o["id"] for o in matrix["obligations"]] == [ob["id"] for ob in RAW_RULES["obligations"]]
    rows = [u["unit"] for u in matrix["units"]]
    ranked = [r["unit"] for r in result["ranking"]]
    assert rows[: len(ranked)] == ranked and all(u["reported"] for u in matrix["units"][: len(ranked)])
    assert {u["unit"] for u in matrix["units"][len(ranked) :]} == {nr["unit"] for nr in result["not_reported"]}
    assert rows == [u["unit"] for u in result["units"]]
    for unit, cells in zip(result["units"], matrix["cells"], strict=True):
        assert len(cells) == len(matrix["obligations"])
        owned = {it["obligation"]: it["status"] for it in unit["items"]}
        assert {matrix["obligations"][k]["id"]: c for k, c in enumerate(cells) if c is not None} == owned
    zzb = matrix["cells"][rows.index("市委组织部")]
    assert zzb[0] in ("met", "partial", "unmet", "unevidenced") and zzb[1:] == [None] * (len(zzb) - 1)


def test_ranking_puts_unmet_then_unevidenced_then_partial_first(result: dict[str, Any]) -> None:
    ranking = result["ranking"]
    keys = [(-r["unmet"], -r["unevidenced"], -r["partial"], r["unit"]) for r in ranking]
    assert keys == sorted(keys)
    assert ranking[0]["rank"] == 1
    for a, b in itertools.pairwise(ranking):
        same = (a["unmet"], a["unevidenced"], a["partial"]) == (b["unmet"], b["unevidenced"], b["partial"])
        assert b["rank"] == (a["rank"] if same else ranking.index(b) + 1)
    for r in ranking:
        assert r["open"] == r["unmet"] + r["unevidenced"] + r["partial"]


def test_owners_who_sent_nothing_are_listed_with_what_they_own(result: dict[str, Any]) -> None:
    missing = {nr["unit"]: nr for nr in result["not_reported"]}
    office = missing["市政府办公室"]
    assert not office["group"]
    assert [o["obligation"] for o in office["obligations"]][:3] == ["01", "02", "04"]
    assert "市公安局" in missing  # an explicit member of 各行政执法部门
    assert "各乡镇人民政府" not in missing  # 车埠镇 reported for the group
    assert "市司法局" not in missing and "市委组织部" not in missing
    coverage = {c["obligation"]: c for c in result["coverage"]}
    assert "市政府办公室" in coverage["01"]["units"]["not_reported"]
    assert coverage["01"]["reported"] == 2  # 市司法局 and 市委组织部
    assert sum(coverage["01"]["counts"].values()) == 3


def test_a_unit_with_several_reports_is_checked_on_them_together(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"市司法局2019年度法治政府建设工作报告\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"市司法局2019年度法治政府建设工作总结\n\n{BODY2}\n", encoding="utf-8")
    with audit.run(str(RULES), [str(tmp_path)], jobs=2) as a:
        data = a.to_dict()
    (report,) = data["reports"]
    assert [Path(r["path"]).name for r in report["reports"]] == ["a.txt", "b.txt"]
    assert any("sent 2 reports" in p["message"] for p in data["problems"])
    assert unit_entry(data, "市司法局")["reports"] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


# --------------------------------------------------------------------------- outputs


def test_json_matches_the_schema(result: dict[str, Any]) -> None:
    checker_dir = ROOT / "checker"
    audit_schema = json.loads((checker_dir / "audit.schema.json").read_text(encoding="utf-8"))
    result_schema = json.loads((checker_dir / "result.schema.json").read_text(encoding="utf-8"))
    registry = SchemaRegistry().with_resource("plancheck/result/v1", Resource.from_contents(result_schema))
    validator = jsonschema.Draft202012Validator(audit_schema, registry=registry)
    assert list(validator.iter_errors(result)) == []
    broken = json.loads(json.dumps(result))
    broken["reports"][0]["obligations"][0]["status"] = "done"
    assert list(validator.iter_errors(broken))  # the per-unit results are checked against result/v1


def test_streamed_json_is_the_audit(result: dict[str, Any], folder: Path) -> None:
    with audit.run(str(RULES), [str(folder)], manifest=str(folder.parent / "manifest.csv"), jobs=1) as a:
        text = "".join(chunks(a.data, a.unit_json(), a.report_json()))
        assert a.to_dict(reports=False)["reports"] == [] and a.to_dict(reports=False)["units"] == result["units"]
    assert json.loads(text) == result
    assert render_json(result) == text  # the same text from the parsed object
    assert text.endswith("\n  ]\n}\n")
    assert text.count('\n    {"schema":"plancheck/result/v1"') == len(result["reports"])  # one line each
    assert text.count('\n    {"unit":') == len(result["units"])
    with pytest.raises(ValueError, match="closed"):
        list(a.report_json())


def test_json_is_identical_whatever_the_number_of_jobs(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"audit-{jobs}.json"
        args = ["audit", str(RULES), str(folder), "--manifest", str(folder.parent / "manifest.csv")]
        res = runner.invoke(cli.main, [*args, "--format", "json", "-o", str(out), "--jobs", jobs])
        assert res.exit_code == 1, res.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_spawn_workers_give_the_same_result(folder: Path, result: dict[str, Any]) -> None:
    with audit.run(
        str(RULES), [str(folder)], manifest=str(folder.parent / "manifest.csv"), jobs=2, start_method="spawn"
    ) as a:
        assert a.to_dict() == result


def test_xlsx_has_the_matrix_and_one_sheet_per_unit(result: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    path.write_bytes(render_audit(result, "xlsx"))  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["矩阵", "排名", "落实面", "未报送及问题"]
    assert wb.sheetnames[4:] == [u["unit"] for u in result["units"]]
    ws = wb["矩阵"]
    header = [c.value for c in ws[1]]
    assert header[0] == "责任单位" and len(header) == 1 + len(result["matrix"]["obligations"])
    assert header[1].startswith("(一)")
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=2)}
    assert rows["市委组织部"][0] in ("已落实", "部分落实", "未落实", "无佐证") and set(rows["市委组织部"][1:]) == {None}
    assert set(rows["市政府办公室"]) <= {"未报送", None}
    town = wb["车埠镇"]
    statuses = [r[2].value for r in town.iter_rows(min_row=2)]
    assert len(statuses) == len(TOWN_OBLIGATIONS)
    assert statuses == sorted(statuses, key=["未落实", "无佐证", "部分落实", "已落实", "未到期", "已豁免"].index)
    assert render_audit(result, "xlsx") == render_audit(result, "xlsx")  # deterministic bytes


def test_html_is_self_contained_and_lists_every_unit(result: dict[str, Any]) -> None:
    text = render_audit(result, "html")
    assert isinstance(text, str)
    doc = lxml.html.fromstring(text)
    assert not doc.xpath("//script") and not doc.xpath("//link") and not doc.xpath("//img")
    rows = doc.xpath('//table[@class="matrix"]/tbody/tr')
    assert [r.get("data-unit") for r in rows] == [u["unit"] for u in result["matrix"]["units"]]
    first = rows[0].xpath("./td")
    assert len(first) == len(result["matrix"]["obligations"])
    sections = doc.xpath('//section[@class="unit"]')
    assert [s.get("data-unit") for s in sections] == [u["unit"] for u in result["units"]]
    town = next(s for s in sections if s.get("data-unit") == "车埠镇")
    assert len(town.xpath('.//tr[@class="item"]')) == len(TOWN_OBLIGATIONS)
    assert "@page" in text and "page-break-before" in text
    assert doc.xpath('//section[@id="unresolved"]//td/text()')[0].endswith("danyang-2019.txt")


def test_text_shows_ranking_matrix_and_gaps(result: dict[str, Any]) -> None:
    text = render_audit(result, "text")
    assert isinstance(text, str)
    assert "单位排名" in text and "单位 × 义务矩阵" in text and "车埠镇" in text
    assert "单位不明" in text and "无法读取" in text and "\x1b[" not in text


# --------------------------------------------------------------------------- command line


def test_cli_exit_codes(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["audit", str(RULES), str(folder), "--manifest", str(folder.parent / "manifest.csv"), "-j", "1"]
    failing = runner.invoke(cli.main, [*base, "--format", "json", "-o", str(tmp_path / "a.json")])
    assert failing.exit_code == 1
    assert "broken.docx" in failing.output  # the unreadable file is named on stderr, the run goes on
    passing = runner.invoke(cli.main, [*base, "--fail-on", "none", "-o", str(tmp_path / "a.txt")])
    assert passing.exit_code == 0
    assert "单位排名" in (tmp_path / "a.txt").read_text(encoding="utf-8")

    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.docx").write_bytes(b"garbage")
    (tmp_path / "bad" / "y.txt").write_bytes(b"")
    unreadable = runner.invoke(cli.main, ["audit", str(RULES), str(tmp_path / "bad")])
    assert unreadable.exit_code == 2 and "none of the reports could be read" in unreadable.output
    assert "Traceback" not in unreadable.output

    assert runner.invoke(cli.main, ["audit", str(RULES)]).exit_code == 2
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(cli.main, ["audit", str(RULES), str(tmp_path / "empty")])
    assert empty.exit_code == 2 and "no reports to audit" in empty.output
    missing_rules = runner.invoke(cli.main, ["audit", str(tmp_path / "nope.yaml"), str(folder)])
    assert missing_rules.exit_code == 2 and "not found" in missing_rules.output
    (tmp_path / "bad.csv").write_text("a.txt,市司法局,extra\n", encoding="utf-8")
    bad_manifest = runner.invoke(cli.main, ["audit", str(RULES), str(folder), "--manifest", str(tmp_path / "bad.csv")])
    assert bad_manifest.exit_code == 2 and "bad.csv:1" in bad_manifest.output


def test_manifest_alone_names_the_reports(folder: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(
        cli.main,
        ["audit", str(RULES), "--manifest", str(folder.parent / "manifest.csv"), "--format", "json", "-j", "1"],
    )
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert sorted(Path(a["path"]).name for a in data["attribution"]) == ["court.txt", "town.txt", "zhaotong-2015.txt"]


# --------------------------------------------------------------------------- inputs


def test_collect_skips_hidden_and_reports_missing_paths(folder: Path) -> None:
    files, errors = audit.collect([str(folder), str(folder / "sfj.txt"), str(folder / "nope.txt")])
    names = [rel(folder, f) for f in files]
    assert names == sorted(names) and len(names) == 10 and not any(".hidden" in n for n in names)
    assert errors == [{"path": str(folder / "nope.txt"), "message": "no such file or folder"}]


def test_manifest_encodings_headers_and_errors(tmp_path: Path) -> None:
    (tmp_path / "gbk.csv").write_bytes("文件,单位\nr.txt,市司法局\n\n# 注释\n".encode("gb18030"))
    m = audit.read_manifest(str(tmp_path / "gbk.csv"))
    assert m.unit_of(str(tmp_path / "r.txt")) == "市司法局" and len(m.files) == 1
    (tmp_path / "bom.csv").write_bytes("\ufefffile,unit\nr.txt,市财政局\n".encode())
    assert audit.read_manifest(str(tmp_path / "bom.csv")).unit_of(str(tmp_path / "r.txt")) == "市财政局"
    (tmp_path / "twice.csv").write_text("r.txt,市司法局\nr.txt,市财政局\n", encoding="utf-8")
    with pytest.raises(InputError, match="listed twice") as e:
        audit.read_manifest(str(tmp_path / "twice.csv"))
    assert e.value.line == 2
    with pytest.raises(InputError, match="not found"):
        audit.read_manifest(str(tmp_path / "missing.csv"))
    with pytest.raises(UsageError, match="no reports"):
        audit.run(str(RULES), [str(tmp_path / "empty-dir-that-is-not-there")][:0])


# --------------------------------------------------------------------------- rules cache


def test_rules_cache_hit_is_equal_and_a_changed_lexicon_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "rules" / "lexicon").mkdir(parents=True)
    rules = tmp_path / "rules" / "chibi.yaml"
    rules.write_bytes(RULES.read_bytes())
    for f in (RULES.parent / "lexicon").glob("*.yaml"):
        (tmp_path / "rules" / "lexicon" / f.name).write_bytes(f.read_bytes())
    cold = rulecache.load_rules(str(rules))
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    warm = rulecache.load_rules(str(rules))
    assert warm == cold and warm[0] is not cold[0]
    assert warm[1].concepts == cold[1].concepts and warm[1].sources == cold[1].sources

    lexicon = tmp_path / "rules" / "lexicon" / "fazhi.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert rulecache._read(next((tmp_path / "cache").glob("rules-*.pickle"))) is None  # stale: not returned
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("compounds:\n", "compounds:\n  - 零零一测试词\n", 1), encoding="utf-8")
    assert "零零一测试词" in rulecache.load_rules(str(rules))[1].compounds

    rules.write_text(
        rules.read_text(encoding="utf-8").replace("title: 赤壁市2019年推进", "title: 赤壁市2019年度推进", 1),
        encoding="utf-8",
    )
    assert rulecache.load_rules(str(rules))[0].plan.title.startswith("赤壁市2019年度")


def test_rules_cache_survives_unwritable_and_corrupt_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    expected = pipeline.load_rules(str(RULES))
    assert rulecache.load_rules(str(RULES)) == expected

    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp_path / "cache"))
    rulecache.load_rules(str(RULES))
    (entry,) = (tmp_path / "cache").glob("rules-*.pickle")
    entry.write_bytes(b"garbage")
    assert rulecache.load_rules(str(RULES)) == expected
    entry.write_bytes(pickle.dumps(("another fingerprint", *expected, [])))
    assert rulecache.load_rules(str(RULES)) == expected

    monkeypatch.setenv("PLANCHECK_CACHE", "0")
    assert rulecache.cache_dir() is None and rulecache.load_rules(str(RULES)) == expected


def test_a_cache_hit_imports_neither_yaml_nor_jsonschema(tmp_path: Path) -> None:
    env = {**os.environ, "PLANCHECK_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    code = (
        "import sys; from checker import pipeline; pipeline.load_rules(sys.argv[1]); "
        "print(sorted(m for m in ('yaml', 'jsonschema') if m in sys.modules))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(RULES)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=True,
        )
        for _ in range(2)
    ]
    assert runs[0].stdout.strip() == "['jsonschema', 'yaml']"
    assert runs[1].stdout.strip() == "[]"


# --------------------------------------------------------------------------- progress bar


def test_progress_bar_shows_only_when_the_run_looks_long(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("checker.report.progress.time.perf_counter", lambda: clock[0])
    quick = ProgressBar("x", enabled=True)
    clock[0] += 0.01
    quick(1, 10)  # 0.1 s projected: no bar
    assert quick._progress is None
    slow = ProgressBar("x", enabled=True)
    clock[0] += 0.5
    slow(1, 10)  # 5 s projected
    assert slow._progress is not None
    slow(10, 10)
    slow.close()
    off = ProgressBar("x", enabled=False)
    clock[0] += 5
    off(1, 10)
    assert off._progress is None


# --------------------------------------------------------------------------- fast JSON


@pytest.mark.parametrize(
    "obj",
    [
        {"a": [], "b": {}, "c": [1.5, -0.0, 1e100, 3, True, None, 'x\n"\u2028\x00'], "d": [[{}]], "e": (1, 2)},
        [],
        {},
        "状态",
        7,
        {"nan": float("nan")},
        {1: "a key that is not a string"},
        {"inf": [float("-inf")]},
    ],
)
def test_fast_json_is_json_dumps(obj: Any) -> None:
    assert dumps(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_fast_json_on_real_results(result: dict[str, Any]) -> None:
    for report in result["reports"]:
        assert dumps(report) == json.dumps(report, ensure_ascii=False, indent=2)
    head = {k: v for k, v in result.items() if k not in ("units", "reports")}
    assert dumps(head) == json.dumps(head, ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- cold-start cache


def make_probe() -> type:
    @dataclasses.dataclass(frozen=True)
    class Probe:
        name: str
        count: int = 0

    return Probe


def test_start_cache_stores_verified_programs_and_code(tmp_path: Path) -> None:
    if startcache._original is not None:
        startcache.uninstall()  # a CLI test of this session installed it
    pattern, other = f"审议(?P<n>[0-9一二三]+)次{os.getpid()}", f"[一-龥]+意见{os.getpid()}"
    assert startcache.install(tmp_path)
    try:
        compiled = re.compile(pattern)
        assert (pattern, 0) in startcache._regexes

        Probe = make_probe()
        probe = Probe("x", 2)
        assert probe == Probe("x", 2) and hash(probe) == hash(Probe("x", 2))
        assert repr(probe).endswith("Probe(name='x', count=2)")
        with pytest.raises(dataclasses.FrozenInstanceError):
            probe.count = 3  # type: ignore[misc]
        assert startcache._codes

        startcache.save()
        path = startcache._path
        assert path is not None and path.is_file()
        regexes, codes = startcache._load(path)
        assert _sre.compile(pattern, *regexes[pattern, 0]) == compiled and compiled.groupindex == {"n": 1}
        assert codes == startcache._codes

        startcache._regexes[other, 0] = (0, [1, 2, 3], 0, {}, (None,))  # a program _sre rejects
        assert re.compile(other) == startcache._original(other, 0)
        assert startcache._regexes.get((other, 0), (0, []))[1] != [1, 2, 3]
    finally:
        startcache.uninstall()
    assert re._compiler.compile is not startcache._compile and "exec" not in vars(dataclasses)
    plain = make_probe()  # the generated methods are compiled with the same flags as without the cache
    assert plain.__dict__["__init__"].__annotations__ == Probe.__dict__["__init__"].__annotations__
    assert plain.__dict__["__init__"].__code__.co_flags == Probe.__dict__["__init__"].__code__.co_flags
    path.write_bytes(b"not marshal data")
    assert startcache._load(path) == ({}, {})


def test_cli_fills_the_start_cache(tmp_path: Path) -> None:
    env = {**os.environ, "PLANCHECK_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(ROOT / "cli.py"), "check", str(RULES), str(DANYANG), "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, env=env, check=False)
    second = subprocess.run(cmd, capture_output=True, env=env, check=False)
    assert first.returncode == second.returncode == 1 and first.stdout == second.stdout
    (cache,) = tmp_path.glob("start-*.marshal")
    from checker import facts

    regexes, codes = startcache._load(cache)
    assert (facts._SENTENCE.pattern, 0) in regexes and any("__init__" in source for source in codes)


def crash_on_named_file(task: tuple[int, str]) -> audit.Outcome:
    """check_file, except that the process dies on a file named crash.txt (a segfault in C code, say)."""
    if Path(task[1]).name == "crash.txt":
        os._exit(139)
    return worker.check_file(task)


def test_a_worker_that_dies_costs_one_file_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "crash.txt", "c.txt"):
        (tmp_path / name).write_text(f"市司法局2019年度法治政府建设工作报告\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"市财政局2019年度法治政府建设工作报告\n\n{BODY2}\n", encoding="utf-8")
    monkeypatch.setattr(audit, "check_file", crash_on_named_file)
    with audit.run(str(RULES), [str(tmp_path)], jobs=2) as a:
        data = a.to_dict()
    assert [Path(e["path"]).name for e in data["errors"]] == ["crash.txt"]
    assert "crashed" in data["errors"][0]["message"]
    assert {u["unit"] for u in data["units"] if u["reported"]} == {"市司法局", "市财政局"}
    assert data["summary"]["checked"] == 3  # a.txt and c.txt pooled for 市司法局, b.txt for 市财政局
