"""Findings shared by every stage: the diagnostic model, code selection and output formats.

A diagnostic points at a span of one file. Positions are 1-based lines and columns counted in
Unicode code points; the half-open character span `[start, end)` is kept alongside so that a
fix can be applied to the file text without recomputing positions.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Fix:
    """Replace the diagnostic's span with `replacement`; `safe` fixes are applied by `publish fix`."""

    replacement: str
    safe: bool


@dataclass(slots=True, unsafe_hash=True)
class Diagnostic:
    """One finding. Treated as immutable (it is hashed to drop duplicates); not declared
    frozen only because a frozen dataclass is six times slower to create, and a large check
    creates hundreds of thousands."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: Severity
    message: str
    fix: Fix | None = None
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)

    def to_json(self) -> dict:
        data: dict = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
        if self.fix is not None:
            data["fix"] = {"replacement": self.fix.replacement, "safe": self.fix.safe}
        return data

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)


class LineIndex:
    """Turns character offsets of one text into 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self._length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._length))
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """Line and column of both ends of `[start, end)`; one lookup when it is on one line."""
        line, column = self.position(start)
        end = max(0, min(end, self._length))
        next_line = self._starts[line] if line < len(self._starts) else self._length + 1
        if end < next_line:
            return line, column, line, column + max(0, end - max(0, min(start, self._length)))
        return (line, column, *self.position(end))

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based line and column (clamped to the text)."""
        line = max(1, min(line, len(self._starts)))
        return min(self._starts[line - 1] + column - 1, self._length)


def span_diagnostic(
    file: str,
    index: LineIndex,
    start: int,
    end: int,
    code: str,
    severity: Severity,
    message: str,
    fix: Fix | None = None,
) -> Diagnostic:
    """A diagnostic for the character span `[start, end)` of a file."""
    line, column, end_line, end_column = index.span(start, end)
    return Diagnostic(file, line, column, end_line, end_column, code, severity, message, fix, start, end)


def point_diagnostic(
    file: str, line: int, column: int, code: str, severity: Severity, message: str
) -> Diagnostic:
    """A diagnostic at one position, for findings without a span (parse errors, missing keys)."""
    return Diagnostic(file, line, column, line, column, code, severity, message)


def matches(code: str, prefixes: Sequence[str]) -> bool:
    """Whether `code` is selected by any prefix: `script` selects `script/stray-simplified`."""
    return any(code == p or code.startswith(p.rstrip("/") + "/") for p in prefixes)


def select(
    diagnostics: Iterable[Diagnostic], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[Diagnostic]:
    chosen = [
        d
        for d in diagnostics
        if (not select or matches(d.code, select)) and not matches(d.code, ignore)
    ]
    return sorted(dict.fromkeys(chosen), key=lambda d: d.sort_key)  # duplicates dropped, first kept


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per finding, `file:line:col: code message`, with its fix in brackets."""
    lines = []
    for d in diagnostics:
        line = f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}"
        if d.fix is not None:
            kind = "fix" if d.fix.safe else "unsafe fix"
            line += f" [{kind}: {d.fix.replacement!r}]"
        lines.append(line)
    return "\n".join(lines)


def _github_escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so findings show up as annotations on the diff."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for d in diagnostics:
        props = ",".join(
            [
                f"file={_github_escape(d.file, property_value=True)}",
                f"line={d.line}",
                f"col={d.column}",
                f"endLine={d.end_line}",
                f"endColumn={d.end_column}",
                f"title={_github_escape(d.code, property_value=True)}",
            ]
        )
        lines.append(f"::{level[d.severity]} {props}::{_github_escape(d.message)}")
    return "\n".join(lines)


class StreamWriter:
    """Writes findings batch by batch, so a long check prints as it goes and keeps no list."""

    def __init__(self, formatter=format_text) -> None:
        self.formatter = formatter

    def lines(self, batch: Sequence[Diagnostic]) -> list[str]:
        return [self.formatter(batch)] if batch else []

    def end(self) -> list[str]:
        return []


class JsonStreamWriter(StreamWriter):
    """A JSON array written a batch per line: `[{...}, {...}`, `,{...}`, ..., `]`."""

    def __init__(self) -> None:
        super().__init__()
        self.first = True

    def lines(self, batch: Sequence[Diagnostic]) -> list[str]:
        if not batch:
            return []
        objects = json.dumps([d.to_json() for d in batch], ensure_ascii=False)[1:-1]
        line = ("[" if self.first else ",") + objects
        self.first = False
        return [line]

    def end(self) -> list[str]:
        return ["[]" if self.first else "]"]


STREAM_WRITERS = {
    "text": StreamWriter,
    "json": JsonStreamWriter,
    "github": lambda: StreamWriter(format_github),
}


class Tally:
    """Counts findings by severity as they stream past (no list of them is kept)."""

    def __init__(self) -> None:
        self.counts = {severity: 0 for severity in SEVERITY_ORDER}
        self.fixable = 0

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.counts[d.severity] += 1
            self.fixable += d.fix is not None and d.fix.safe

    @property
    def errors(self) -> int:
        return self.counts["error"]

    def text(self) -> str:
        parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in self.counts.items() if n]
        text = ", ".join(parts) if parts else "no findings"
        if self.fixable:
            text += f" ({self.fixable} fixable with `publish fix`)"
        return text


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    tally = Tally()
    tally.add(diagnostics)
    return tally.text()
