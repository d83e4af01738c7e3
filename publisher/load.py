"""Stage 1: read files and parse YAML (plain files and Markdown front matter) with source positions.

YAML is composed into nodes by PyYAML's safe composer and turned into plain Python values here,
so that every value keeps its position and nothing but plain data can be built:

* scalars resolve as in YAML 1.2's core schema (`16:00` stays a string, not sexagesimal 960;
  `2026-01-08` stays a string and is parsed by the model, `no` stays a string);
* a repeated key is an error at the repeated key's line (PyYAML would silently keep the last);
* a document whose aliases expand past MAX_NODES values is refused before it is built;
* tags other than YAML's standard ones are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.diagnostics import Diagnostic, LineIndex, point_diagnostic

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 100_000
"""Upper bound on the values one YAML document may expand to, aliases followed."""

MAX_FILE_BYTES = 5_000_000

Path_ = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}


@dataclass(frozen=True)
class Span:
    """Character offsets `[start, end)` in the file; `quoted` when the scalar was quoted."""

    start: int
    end: int
    quoted: bool = False


@dataclass
class SourceMap:
    """Where each value of a parsed document sits in its file, by key path."""

    values: dict[Path_, Span] = field(default_factory=dict)
    keys: dict[Path_, Span] = field(default_factory=dict)

    def value(self, path: Path_) -> Span | None:
        return self.values.get(tuple(path))

    def nearest(self, path: Path_) -> Span | None:
        """The key (or value) at `path`, or at its closest ancestor that exists."""
        path = tuple(path)
        while path:
            span = self.keys.get(path) or self.values.get(path)
            if span is not None:
                return span
            path = path[:-1]
        return self.values.get(())


@dataclass
class SourceFile:
    """One file of the project: its display name, text and a line index over it."""

    path: Path
    name: str
    text: str

    def __post_init__(self) -> None:
        self.index = LineIndex(self.text)


@dataclass
class Parsed:
    """A parsed YAML document: its value (None when it failed), positions and findings."""

    value: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic]


@dataclass
class FrontMatterDocument:
    """A Markdown record: front matter values and the body with its offset in the file."""

    file: SourceFile
    meta: Parsed
    body: str
    body_offset: int


class _YamlProblem(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def read_source(path: Path, name: str, text: str | None = None) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read a file as UTF-8; a file that is not is one `schema/encoding` finding at its line."""
    if text is not None:
        return SourceFile(path, name, text), []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [point_diagnostic(name, 1, 1, "schema/io", "error", f"cannot read file: {exc.strerror}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [
            point_diagnostic(name, 1, 1, "schema/io", "error", f"file is larger than {MAX_FILE_BYTES} bytes")
        ]
    try:
        return SourceFile(path, name, data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        message = f"file is not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
        return None, [point_diagnostic(name, line, column, "schema/encoding", "error", message)]


def parse_yaml(file: SourceFile, start: int = 0, end: int | None = None) -> Parsed:
    """Parse `file.text[start:end]` as one YAML document; positions are file offsets."""
    end = len(file.text) if end is None else end
    source = file.text[start:end]
    if source.startswith("\ufeff"):
        source, start = source[1:], start + 1
    source_map = SourceMap()
    try:
        node = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        offset = start + (mark.index if mark is not None else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        return Parsed(None, source_map, [_at(file, offset, f"YAML does not parse: {problem}")])
    except yaml.YAMLError as exc:
        return Parsed(None, source_map, [_at(file, start, f"YAML does not parse: {exc}")])
    if node is None:
        return Parsed(None, source_map, [])
    bomb = _oversized(node)
    if bomb is not None:
        message = f"document expands to more than {MAX_NODES} values (aliases used as a bomb?)"
        return Parsed(None, source_map, [_at(file, start + bomb.start_mark.index, message)])
    builder = _Builder(file, start, source_map)
    try:
        value = builder.build(node, ())
    except _YamlProblem as problem:
        return Parsed(None, source_map, [_at(file, problem.offset, problem.message)])
    return Parsed(value, source_map, [_at(file, o, m) for o, m in builder.problems])


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def split_front_matter(file: SourceFile) -> FrontMatterDocument:
    """Split `---` front matter from the Markdown body and parse it."""
    text = file.text
    head = 1 if text.startswith("\ufeff") else 0
    opening = re.match(r"---[ \t]*\r?\n", text[head:])
    if opening is None:
        message = "record has no front matter: start the file with a `---` line"
        meta = Parsed(None, SourceMap(), [point_diagnostic(file.name, 1, 1, "schema/yaml", "error", message)])
        return FrontMatterDocument(file, meta, text, 0)
    yaml_start = head + opening.end()
    closing = _FRONT_MATTER_END.search(text, yaml_start)
    if closing is None:
        message = "front matter is not closed: add a `---` line after it"
        meta = Parsed(None, SourceMap(), [_at(file, len(text), message, code="schema/yaml")])
        return FrontMatterDocument(file, meta, "", len(text))
    body_offset = closing.end()
    if text.startswith("\n", body_offset):
        body_offset += 1
    elif text.startswith("\r\n", body_offset):
        body_offset += 2
    meta = parse_yaml(file, yaml_start, closing.start())
    return FrontMatterDocument(file, meta, text[body_offset:], body_offset)


def _at(file: SourceFile, offset: int, message: str, code: str = "schema/yaml") -> Diagnostic:
    line, column = file.index.position(offset)
    return point_diagnostic(file.name, line, column, code, "error", message)


def _oversized(root: yaml.Node) -> yaml.Node | None:
    """The innermost node whose alias-expanded size exceeds MAX_NODES, if the document's does.

    Sizes are computed once per node (aliases share nodes), so a billion-laughs document is
    measured in time proportional to its text, not to its expansion.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once while it is being measured
        children = node.value if isinstance(node, yaml.SequenceNode) else (
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
        )
        total = 1 + sum(size(child) for child in children)
        sizes[id(node)] = total
        return total

    if size(root) <= MAX_NODES:
        return None
    node = root
    while True:
        children = node.value if isinstance(node, yaml.SequenceNode) else (
            [v for _, v in node.value] if isinstance(node, yaml.MappingNode) else []
        )
        bigger = [c for c in children if sizes.get(id(c), 0) > MAX_NODES]
        if not bigger:
            return node
        node = bigger[0]


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions and problems."""

    def __init__(self, file: SourceFile, base: int, source_map: SourceMap) -> None:
        self.file = file
        self.base = base
        self.source_map = source_map
        self.problems: list[tuple[int, str]] = []

    def span(self, node: yaml.Node, quoted: bool = False) -> Span:
        return Span(self.base + node.start_mark.index, self.base + node.end_mark.index, quoted)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag not in _STANDARD_TAGS:
            raise _YamlProblem(self.base + node.start_mark.index, f"unsupported YAML tag {node.tag}")
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style in ("'", '"', "|", ">")
            if path not in self.source_map.values:
                self.source_map.values[path] = self.span(node, quoted)
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.source_map.values.setdefault(path, self.span(node))
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        self.source_map.values.setdefault(path, self.span(node))
        return self.build_mapping(node, path)

    def build_mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.update(self.merge_sources(value_node, path))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise _YamlProblem(self.base + key_node.start_mark.index, "mapping keys must be plain text")
            key = str(key_node.value)
            if key in result:
                first_line, _ = self.file.index.position(self.source_map.keys[path + (key,)].start)
                self.problems.append(
                    (self.base + key_node.start_mark.index, f"duplicate key '{key}' (first given on line {first_line})")
                )
                continue
            self.source_map.keys[path + (key,)] = self.span(key_node)
            result[key] = self.build(value_node, path + (key,))
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge_sources(self, node: yaml.Node, path: Path_) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise _YamlProblem(self.base + source.start_mark.index, "`<<` merges only mappings")
            for key, value in self.build_mapping(source, path).items():
                merged.setdefault(key, value)
        return merged


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style not in (None, ""):
        return value
    if node.tag == "tag:yaml.org,2002:str" and not _looks_implicit(value):
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _looks_implicit(value: str) -> bool:
    return value in _NULL or value in _TRUE or value in _FALSE or bool(_INT.match(value) or _FLOAT.match(value))


def iter_record_paths(content_dir: Path) -> Iterator[Path]:
    """Record files in `content/`, in a stable order."""
    if content_dir.is_dir():
        yield from sorted(p for p in content_dir.rglob("*.md") if p.is_file())
