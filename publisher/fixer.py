"""Applying fixes: in memory (before rendering) or to the files (`publish fix`).

Fixes of one pass never overlap: they are taken in file order and one that overlaps an
earlier one waits for the next pass. Passes repeat, re-checking the edited text, until none
applies (a fixed point); a project that keeps changing after `MAX_PASSES` is an error and
nothing is written. Files are replaced atomically (temporary file + rename), so a file is
either the old text or the new one, never half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from publisher.check import lint
from publisher.diagnostics import Diagnostic, select
from publisher.errors import FixError
from publisher.project import Project, RecordIndex, load_project

MAX_PASSES = 10


@dataclass
class FixResult:
    project: Project
    """The project as loaded from the fixed texts."""
    initial: list[Diagnostic] = field(default_factory=list)
    """Every finding in the files as they are on disk."""
    remaining: list[Diagnostic] = field(default_factory=list)
    """Every finding left after the fixes."""
    original: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    """New text of every file that changed, by display name."""
    applied: int = 0


def applicable(diagnostics: Sequence[Diagnostic], unsafe: bool) -> dict[str, list[Diagnostic]]:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        if d.fix is not None and d.start >= 0 and (d.fix.safe or unsafe):
            by_file[d.file].append(d)
    return by_file


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic]) -> tuple[str, int]:
    """`text` with the non-overlapping fixes applied, and how many were applied."""
    pieces: list[str] = []
    position = applied = 0
    for d in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        if d.start < position or d.fix is None:
            continue
        if text[d.start : d.end] == d.fix.replacement:
            continue
        pieces.append(text[position : d.start])
        pieces.append(d.fix.replacement)
        position = d.end
        applied += 1
    pieces.append(text[position:])
    return "".join(pieces), applied


def fix_project(
    root: Path,
    *,
    unsafe: bool = False,
    codes: Sequence[str] = (),
    ignore: Sequence[str] = (),
    only: Collection[str] | None = None,
    index: RecordIndex | None = None,
) -> FixResult:
    """Apply fixes to a fixed point in memory; nothing is written.

    `only` limits the records loaded; `index` spares reading the others to learn their ids.
    """
    project = load_project(root, only=only, index=index)
    if only is not None and index is None:
        index = RecordIndex.of(project)
    result = FixResult(project)
    for number in range(MAX_PASSES):
        diagnostics = lint(project)
        if number == 0:
            result.initial = diagnostics
        result.remaining = diagnostics
        pending = applicable(select(diagnostics, codes, ignore), unsafe)
        changed = False
        for name, diagnostics in pending.items():
            text = project.files[name].text
            result.original.setdefault(name, text)
            new_text, count = apply_fixes(text, diagnostics)
            if count:
                result.fixed[name] = new_text
                result.applied += count
                changed = True
        if not changed:
            result.fixed = {n: t for n, t in result.fixed.items() if t != result.original[n]}
            return result
        project = load_project(root, overrides=result.fixed, only=only, index=index)
        result.project = project
    raise FixError(f"fixes did not settle after {MAX_PASSES} passes in {', '.join(sorted(result.fixed))}; nothing was written")


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) so that readers see the old or the new file, never a mix."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
