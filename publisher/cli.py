"""The `publish` command line: parse arguments, call the library, print, return an exit code.

Exit codes: 0 no error, 1 errors found (or a post blocked), 2 usage or internal failure.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from functools import wraps
from pathlib import Path
from typing import Any

import click

from publisher import timeutil
from publisher.diagnostics import STREAM_WRITERS, Tally, has_errors, select
from publisher.errors import PublisherError, UsageError
from publisher.project import find_root, load_project

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _split_codes(_ctx: click.Context, _param: click.Parameter, values: Sequence[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


project_option = click.option(
    "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder holding campaign.yaml (default: the current directory).",
)
now_option = click.option("--now", default=None, metavar="TIME", help="Pretend the time is TIME (ISO 8601; default: the clock).")


def code_options(func: Callable) -> Callable:
    func = click.option("--ignore", multiple=True, callback=_split_codes, metavar="PREFIX", help="Skip codes with this prefix (repeatable, or comma-separated).")(func)
    return click.option("--select", "select_", multiple=True, callback=_split_codes, metavar="PREFIX", help="Only codes with this prefix, e.g. script or punct/width.")(func)


def reports_errors(func: Callable[..., int]) -> Callable[..., None]:
    """Turn a command's return value into its exit code and any failure into one stderr line."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except PublisherError as exc:
            click.echo(f"publish: {exc}", err=True)
            code = 2
        except BrokenPipeError:
            # The reader went away (`publish check | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = 1
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
            if os.environ.get("PUBLISHER_DEBUG"):
                raise
            click.echo(f"publish: internal error: {type(exc).__name__}: {exc} (set PUBLISHER_DEBUG=1 for details)", err=True)
            code = 2
        sys.exit(code)

    return run


def _root(project_dir: Path | None, paths: Sequence[Path] = ()) -> Path:
    if project_dir is not None:
        if not project_dir.is_dir():
            raise UsageError(f"project folder {str(project_dir)!r} does not exist")
        return project_dir
    if paths:
        found = find_root(paths[0])
        if found is None:
            raise UsageError(f"no campaign.yaml at or above {str(paths[0])!r}: use --project")
        return found
    return Path.cwd()


def _parse_now(value: str | None, root: Path) -> datetime:
    """The clock is read here and only here; `--now` replaces it."""
    if value is None:
        return datetime.now(timezone.utc)
    project = load_project(root)
    try:
        return timeutil.parse_datetime(value, project.zone)
    except ValueError as exc:
        raise UsageError(f"--now: {exc}") from None


def _in_paths(root: Path, paths: Sequence[Path]) -> Callable[[str], bool]:
    """Whether a file (by its name in the project) lies under one of `paths` (all when none)."""
    wanted = []
    for path in paths:
        resolved = path.resolve()
        if resolved == root.resolve():
            return lambda name: True
        if not resolved.exists():
            raise UsageError(f"path {str(path)!r} does not exist")
        try:
            wanted.append(resolved.relative_to(root.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"path {str(path)!r} is not inside the project {str(root)!r}") from None
    if not wanted:
        return lambda name: True
    return lambda name: any(name == w or name.startswith(w.rstrip("/") + "/") for w in wanted)


@click.group(invoke_without_command=True, context_settings=CONTEXT)
@click.option("--dry-run", is_flag=True, help="Show every post that would go out, where and when; send nothing.")
@now_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format of the plan.")
@project_option
@click.version_option(package_name="publisher", prog_name="publish")
@click.pass_context
def main(ctx: click.Context, dry_run: bool, now: str | None, fmt: str, project_dir: Path | None) -> None:
    """Check, fix, preview and publish a multilingual campaign.

    \b
    Examples:
      publish check                 list what is wrong, with file:line:col and fixes
      publish fix                   apply the safe fixes in place
      publish --dry-run             show every post that would go out
      publish calendar              the campaign calendar
    """
    ctx.ensure_object(dict)
    ctx.obj["project_dir"] = project_dir
    if ctx.invoked_subcommand is not None:
        return
    if dry_run:
        dry_run_command(project_dir, now, fmt)
    else:
        _send(project_dir)


@reports_errors
def _send(project_dir: Path | None) -> int:
    root = _root(project_dir)
    load_project(root)  # a wrong --project is still reported as such
    raise UsageError("sending arrives in a later version of publisher; use `publish --dry-run` to see the plan")


@reports_errors
def dry_run_command(project_dir: Path | None, now: str | None, fmt: str) -> int:
    from publisher.output import plan_text
    from publisher.plan import build_plan

    root = _root(project_dir)
    moment = _parse_now(now, root)
    plan = build_plan(root, moment)
    if fmt == "json":
        click.echo(json.dumps(plan.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(plan_text(plan, moment))
    return 1 if plan.blocked else 0


def _inherit_project(ctx: click.Context, project_dir: Path | None) -> Path | None:
    return project_dir if project_dir is not None else (ctx.obj or {}).get("project_dir")


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text")
@code_options
@project_option
@click.pass_context
@reports_errors
def check(ctx: click.Context, paths: tuple[Path, ...], fmt: str, select_: list[str], ignore: list[str], project_dir: Path | None) -> int:
    """List every finding; exit 1 when there is an error.

    \b
    Example: publish check content/ --select script,term --format json
    """
    from publisher.check import check_stream

    root = _root(_inherit_project(ctx, project_dir), paths)
    in_paths = _in_paths(root, paths)
    tally = Tally()
    writer = STREAM_WRITERS[fmt]()
    for batch in check_stream(root):
        chosen = select([d for d in batch if in_paths(d.file)], select_, ignore)
        for line in writer.lines(chosen):
            click.echo(line)
        tally.add(chosen)
    for line in writer.end():
        click.echo(line)
    if fmt == "text":
        click.echo(tally.text(), err=True)
    return 1 if tally.errors else 0


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@code_options
@click.option("--unsafe", is_flag=True, help="Also apply fixes that need an editor's eye.")
@click.option("--diff", is_flag=True, help="Print the changes as a unified diff; write nothing.")
@project_option
@click.pass_context
@reports_errors
def fix(ctx: click.Context, paths: tuple[Path, ...], select_: list[str], ignore: list[str], unsafe: bool, diff: bool, project_dir: Path | None) -> int:
    """Apply fixes in place (safe ones unless --unsafe); exit 1 when errors remain.

    \b
    Example: publish fix --select punct --diff
    """
    from publisher.fixer import fix_project, write_atomic

    root = _root(_inherit_project(ctx, project_dir), paths)
    result = fix_project(root, unsafe=unsafe, codes=select_, ignore=ignore)
    in_paths = _in_paths(root, paths)
    changed = {name: text for name, text in result.fixed.items() if in_paths(name)}
    if diff:
        for name, text in sorted(changed.items()):
            click.echo(_unified_diff(name, result.original[name], text), nl=False)
        return 1 if changed else 0
    for name, text in sorted(changed.items()):
        write_atomic(root / name, text)
    remaining = select([d for d in result.remaining if in_paths(d.file)], select_, ignore)
    left = sum(1 for d in remaining if d.severity == "error")
    click.echo(f"fixed {result.applied} finding(s) in {len(changed)} file(s); {left} error(s) remain", err=True)
    return 1 if left else 0


def _unified_diff(name: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@main.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", help="ics: an iCalendar file to import into a calendar app.")
@now_option
@project_option
@click.pass_context
@reports_errors
def calendar(ctx: click.Context, fmt: str, now: str | None, project_dir: Path | None) -> int:
    """The campaign calendar: the window and every post by local day, with statuses and the
    calendar's checks; exit 1 when a check finds an error.

    \b
    Example: publish calendar --format ics > campaign.ics
    """
    from publisher.diagnostics import format_text
    from publisher.output import calendar_diagnostics, calendar_json, calendar_text
    from publisher.plan import build_plan

    root = _root(_inherit_project(ctx, project_dir))
    moment = _parse_now(now, root)
    plan = build_plan(root, moment)
    diagnostics = calendar_diagnostics(plan)
    if fmt == "json":
        click.echo(json.dumps(calendar_json(plan), ensure_ascii=False, indent=2))
    elif fmt == "ics":
        from publisher.ics import calendar_ics

        click.echo(calendar_ics(plan, moment), nl=False)
        if diagnostics:
            click.echo(format_text(diagnostics), err=True)
    else:
        click.echo(calendar_text(plan, moment))
    return 1 if has_errors(diagnostics) else 0
