"""plancheck command line: parse options, call checker.pipeline, pick a renderer, exit.

Exit codes: 0 nothing at or above --fail-on; 1 gaps at or above it; 2 usage, input or rules error;
3 internal error (a bug: the traceback is printed), so that CI never mistakes a crash for a gap report.
This is the only module that imports click; stages are imported lazily so `--help` stays fast.
"""

from __future__ import annotations

import functools
import re
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from checker import __version__
from checker.errors import PlancheckError

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json", "md", "html", "junit", "xlsx")
AUDIT_FORMATS = ("text", "json", "html", "xlsx")
FAIL_ON = ("met", "partial", "unmet", "unevidenced", "none")
#: The format an output file's extension names, when --format is not given.
BY_EXTENSION = {
    ".txt": "text",
    ".json": "json",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".xml": "junit",
    ".xlsx": "xlsx",
}


EXIT_BUG = 3


def user_errors(fn: F) -> F:
    """Turn a PlancheckError into one line on stderr and exit 2; anything else is a bug: traceback, exit 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PlancheckError as e:
            for line in getattr(e, "errors", None) or [str(e)]:
                click.echo(f"plancheck: error: {_one_line(line)}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("plancheck: interrupted", err=True)
            sys.exit(130)
        except Exception:
            # Python's own exit code for an uncaught exception is 1, which reads as "gaps found"
            traceback.print_exc()
            click.echo("plancheck: internal error (a bug, not a problem with the input): please report it", err=True)
            sys.exit(EXIT_BUG)

    return wrapper  # type: ignore[return-value]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(text: str) -> str:
    """A message as one line: control characters (a newline in a file name) shown as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _emit(data: str | bytes, out: str | None) -> None:
    from checker.output import write_output

    write_output(data, out)


def _check_output(out: str | None, *inputs: str | None) -> None:
    """Refuse a bad -o before any work: a missing folder, a folder, or one of the input files."""
    from checker.output import check_target

    check_target(out, [i for i in inputs if i])


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="plancheck")
def main() -> None:
    """Check a government annual report against the work plan it answers to, per 责任单位."""
    from checker import rulecache, startcache

    startcache.install(rulecache.cache_dir())  # compiled regexes and dataclass code kept across runs (cold start)


@main.command("plan2rules")
@click.argument("plan", type=click.Path())
@click.option("-o", "--output", "out", type=click.Path(), help="Write the rules here (default: stdout).")
@click.option("--id", "plan_id", help="Plan id (default: from the file name).")
@user_errors
def plan2rules_cmd(plan: str, out: str | None, plan_id: str | None) -> None:
    """Parse a work plan (txt/docx/pdf/html) into a draft rules file."""
    from checker import pipeline

    _check_output(out, plan)
    text, problems = pipeline.plan_to_rules_yaml(plan, plan_id=plan_id)
    _emit(text, out)
    pipeline.print_problems(problems)


@main.command("validate")
@click.argument("rules", nargs=-1, required=True, type=click.Path())
@user_errors
def validate_cmd(rules: tuple[str, ...]) -> None:
    """Validate rules files: schema and semantic checks, errors as file:line:col."""
    from checker import pipeline

    pipeline.validate(list(rules))
    click.echo(f"{len(rules)} rules file(s) valid", err=True)


@main.command("facts")
@click.argument("report", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--period", help="Report period: 2019, 2019-01-01..2019-06-30 (default: from the title).")
@click.option("-o", "--output", "out", type=click.Path())
@user_errors
def facts_cmd(report: str, fmt: str, period: str | None, out: str | None) -> None:
    """Show the facts extracted from a report (for debugging rules)."""
    from checker import pipeline

    _check_output(out, report)
    _emit(pipeline.facts_output(report, fmt=fmt, period=period, color=_color(out)), out)


@main.command("check")
@click.argument("rules", type=click.Path())
@click.argument("reports", nargs=-1, required=True, type=click.Path())
@click.option("--unit", help="Check only the obligations this 责任单位 owns (directly or through a group).")
@click.option("--period", help="Report period: 2019, 2019-01-01..2019-06-30 (default: from the report).")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="Output format [default: from -o's extension, else text]."
)
@click.option("-o", "--output", "out", type=click.Path(), help="Write here (default: stdout).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="unevidenced",
    show_default=True,
    help="Exit 1 when any obligation is at or below this status (unmet < unevidenced < partial < met).",
)
@click.option("--waivers", type=click.Path(), help="YAML waivers: obligation, unit, reason, approved_by, expires.")
@click.option("--units", "units_file", type=click.Path(), help="A shared unit registry (YAML).")
@click.option("--as-of", help="Judge waiver expiry as of this date, YYYY-MM-DD (default: today).")
@user_errors
def check_cmd(
    rules: str,
    reports: tuple[str, ...],
    unit: str | None,
    period: str | None,
    fmt: str | None,
    out: str | None,
    fail_on: str,
    waivers: str | None,
    units_file: str | None,
    as_of: str | None,
) -> None:
    """Evaluate REPORT(s) against RULES and print the gap analysis per 责任单位."""
    from checker import pipeline

    fmt = _format(fmt, out, FORMATS)
    _check_output(out, rules, *reports, waivers, units_file)
    result = pipeline.check(
        list(reports), rules, unit=unit, period=period, waivers=waivers, units_file=units_file, as_of=as_of
    )
    _emit(pipeline.render(result, fmt, color=_color(out), fail_on=fail_on), out)
    if out is not None or fmt != "text":  # text on stdout shows them itself
        pipeline.print_result_problems(result)
    sys.exit(pipeline.exit_code(result, fail_on))


@main.command("audit")
@click.argument("rules", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False),
    help="CSV `file,unit` naming each report's 责任单位 (paths relative to the manifest). "
    "Without PATH, the files it lists are audited.",
)
@click.option(
    "--format", "fmt", type=click.Choice(AUDIT_FORMATS), help="Output format [default: from -o's extension, else text]."
)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="unevidenced",
    show_default=True,
    help="Exit 1 when any unit is at or below this status on an obligation it owns (no report = unevidenced).",
)
@click.option("--period", help="Report period for every report: 2019, 2019-01-01..2019-06-30 (default: each title).")
@click.option("--units", "units_file", type=click.Path(dir_okay=False), help="A shared unit registry (YAML).")
@user_errors
def audit_cmd(
    rules: str,
    paths: tuple[str, ...],
    manifest: str | None,
    fmt: str | None,
    out: str | None,
    jobs: int | None,
    fail_on: str,
    period: str | None,
    units_file: str | None,
) -> None:
    """Audit the reports of many units (files or folders in PATH) against RULES: who has not evidenced what.

    Each report's unit comes from the manifest, else the report's title or signature, else its file name;
    each unit is checked only on the obligations it owns. Prints the units × obligations matrix, the units
    ranked by open gaps, each unit's gaps, and the owners who sent no report.
    """
    from checker import pipeline
    from checker.audit import exit_code
    from checker.errors import UsageError

    if not paths and not manifest:
        raise UsageError("give the reports to audit (files or folders), or a --manifest listing them")
    fmt = _format(fmt, out, AUDIT_FORMATS)
    from checker.report.progress import ProgressBar

    with ProgressBar("检查报告") as bar:
        result = pipeline.audit(
            rules, list(paths), manifest=manifest, period=period, jobs=jobs, units_file=units_file, progress=bar
        )
    with result:
        for problem in result.data["problems"]:
            click.echo(f"plancheck: {problem['severity']}: {problem['message']}", err=True)
        for error in result.data["errors"]:
            click.echo(f"plancheck: error: {error['path']}: {error['message']}", err=True)
        pipeline.write_audit(result, fmt, out, color=_color(out))
        sys.exit(exit_code(result.data, fail_on))


@main.command("explain")
@click.argument("rules", type=click.Path())
@click.argument("report", type=click.Path())
@click.argument("obligation")
@click.option("--period", help="Report period (default: from the report).")
@user_errors
def explain_cmd(rules: str, report: str, obligation: str, period: str | None) -> None:
    """Why OBLIGATION (its id or printed number) got its status: patterns, candidates, numbers, thresholds."""
    from checker import pipeline

    _emit(pipeline.explain(rules, report, obligation, period=period, color=_color(None)), None)


def _format(fmt: str | None, out: str | None, choices: tuple[str, ...]) -> str:
    """--format as given, else the one the output file's extension names (-o gaps.html), else text. A binary
    format is never written to a terminal."""
    import os

    from checker.errors import UsageError

    if fmt is None:
        ext = os.path.splitext(out or "")[1].lower()
        fmt = BY_EXTENSION.get(ext, "text")
        if fmt not in choices:
            raise UsageError(f"-o {out}: {fmt} output is not offered here (use --format: {', '.join(choices)})")
    if fmt == "xlsx" and (out is None or out == "-") and sys.stdout.isatty():
        raise UsageError("xlsx is a binary file: give -o FILE.xlsx (or redirect stdout)")
    return fmt


def _color(out: str | None) -> bool:
    """Colour only when writing to a terminal and NO_COLOR is unset."""
    import os

    return out is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


if __name__ == "__main__":
    main()
