"""The prose of a record, as text rules see it.

A record's prose is its title (and summary) from the front matter plus its Markdown body. Each
piece is a `Segment`: the file offset where it starts and its text with everything that is not
prose masked (see `publisher.findings.MASK`): fenced and inline code, HTML tags, link targets,
URLs, e-mail addresses, @mentions, hashtags and cashtags. Masking keeps lengths, so an offset
into the segment plus `segment.offset` is an offset into the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from publisher.findings import MASK
from publisher.load import FrontMatterDocument

PROSE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("summary",),
    ("rewards", "*", "name"),
    ("rewards", "*", "prize"),
    ("prize_pool", "pools", "*", "name"),
)
"""Front-matter values that readers see as text (`*` is any list index)."""

_PROTECTED = regex.compile(
    r"""
    (?P<fence>^[ \t]{0,3}(?P<marks>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}(?P=marks)[ \t]*$|\Z))
  | (?P<code>(?P<ticks>`+).+?(?P=ticks))
  | (?P<target>(?<=\])\([^)\s]*(?:\s+"[^"]*")?\))
  | (?P<ref>^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$)
  | (?P<tag></?[A-Za-z][^<>\n]*>)
  | (?P<autolink><(?:https?|mailto):[^>\s]+>)
  | (?P<url>(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+(?<![.,;:!?'\]]))
  | (?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})
  | (?P<mention>(?<![\w@])@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?)
  | (?P<hashtag>(?<![\w&/#])[#＃](?![\s#＃])[\w\p{Han}]+)
  | (?P<cashtag>(?<![\w$])\$[A-Za-z][A-Za-z0-9._]{0,11}\b)
    """,
    regex.VERBOSE | regex.MULTILINE | regex.DOTALL,
)


@dataclass(frozen=True)
class Segment:
    """One piece of prose: `text` (masked) starts at character `offset` of `file`."""

    file: str
    offset: int
    text: str
    field: str  # "body", "title", "rewards.0.prize", ...
    exact: bool = True
    """False when the source spells the value differently (escapes, folding): findings then
    point at the value's start and carry no fix, since no span of the file matches them."""


def mask(text: str) -> str:
    """`text` with every protected span replaced by MASK characters of the same length."""
    pieces: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        start, end = match.span()
        if match.lastgroup == "hashtag" and start > 0 and text[start - 1] == "\n" and end < len(text) and text[end : end + 1] == " ":
            continue  # a Markdown heading marker is not a hashtag
        pieces.append(text[last:start])
        pieces.append(MASK * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def record_segments(doc: FrontMatterDocument) -> list[Segment]:
    """The prose segments of a record: front-matter prose fields, then the body."""
    segments = []
    for path, value in _prose_values(doc.meta.value):
        span = doc.meta.source_map.value(path)
        if span is None:
            continue
        located = _locate_scalar(doc.file.text, span.start, span.end, value)
        exact = located is not None
        name = ".".join(map(str, path))
        segments.append(Segment(doc.file.name, located if exact else span.start, mask(value), name, exact))
    segments.append(Segment(doc.file.name, doc.body_offset, mask(doc.body), "body"))
    return segments


def _prose_values(meta: object) -> list[tuple[tuple, str]]:
    found = []
    for pattern in PROSE_FIELDS:
        nodes: list[tuple[tuple, object]] = [((), meta)]
        for step in pattern:
            following = []
            for path, node in nodes:
                if step == "*" and isinstance(node, list):
                    following.extend((path + (i,), item) for i, item in enumerate(node))
                elif isinstance(node, dict) and step in node:
                    following.append((path + (step,), node[step]))
            nodes = following
        found.extend((path, value) for path, value in nodes if isinstance(value, str))
    return sorted(found, key=lambda item: [str(p) for p in item[0]])


def _locate_scalar(text: str, start: int, end: int, value: str) -> int | None:
    """Offset of a scalar's value in the file, if the source spells it verbatim.

    Plain and simply quoted scalars are verbatim; a scalar with escapes or folded lines is not.
    """
    source = text[start:end]
    if source == value:
        return start
    if len(source) >= 2 and source[0] in "'\"" and source[-1] == source[0] and source[1:-1] == value:
        return start + 1
    return None
