"""A finished post cut into the parts its platform takes, each exactly as it will be sent.

`split.split_post` cuts text. Markup needs more care, because a cut must never leave a tag or a
Markdown mark open, nor cut through one:

- **Telegram** counts the *visible* text of an HTML message. The HTML is read into that text and
  its elements (only the tags Telegram accepts; any other `<`, `>` or `&` is text, escaped
  again on the way out); the visible text is split, and each part's HTML is written from its
  slice, the elements crossing its edges closed at its end and opened again in the next part.
- **Discord** counts the Markdown as typed. Paired marks (code fences, inline code, `**`, `__`,
  `~~`, `||`) are found; the text is split with room kept for the marks that may have to be
  closed and reopened at a cut, and each part is then balanced the same way.
- **Bluesky** shows links short and links them by facets (`publisher.facets`); each part gets
  the facets of its own text.
- Everything else is plain text, split as it is.

A part of a thread ends with split's numbering, `\\n{i}/{n}`, after any closing markup.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from publisher import facets as bluesky
from publisher.platforms import PlatformSpec
from publisher.split import split_post

__all__ = ["Part", "cut", "whole"]


@dataclass(frozen=True)
class Part:
    """One message of a post: its text as sent, its length in the platform's unit, the limit."""

    text: str
    length: int
    limit: int
    facets: tuple[bluesky.Facet, ...] | None = None
    """Bluesky only: the facets of `text`."""


@dataclass(frozen=True)
class _Element:
    """Markup around `[start, end)` of a text; `opening`/`closing` are written at a cut."""

    start: int
    end: int
    opening: str
    closing: str


@dataclass(frozen=True)
class _Marked:
    """Text as a platform counts it, and the markup elements over it, outermost first."""

    text: str
    elements: tuple[_Element, ...]


def cut(text: str, platform: str, spec: PlatformSpec) -> list[Part]:
    """The parts of `text` on `platform` (`spec` has the channel's limit); each one fits.

    Raises `split.UnsplittableError` when some piece cannot be cut and does not fit.
    """
    if platform == "telegram":
        return _telegram(text, spec)
    if platform == "discord":
        return _discord(text, spec)
    if platform == "bluesky":
        return _bluesky(text, spec)
    return [Part(p, spec.measure(p), spec.limit) for p in split_post(text, spec.fits)]


def whole(text: str, platform: str, spec: PlatformSpec) -> Part:
    """`text` as one part however long it is (for a post that cannot be cut)."""
    if platform == "telegram":
        marked = _telegram_markup(text)
        return Part(_write(marked, 0, len(marked.text), _html_text), spec.measure(marked.text), spec.limit)
    if platform == "bluesky":
        shown, links = bluesky.shorten_links(text)
        return Part(shown, spec.measure(shown), spec.limit, bluesky.facets(shown, links))
    return Part(text, spec.measure(text), spec.limit)


def _pieces(text: str, parts: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where each part's body lies in `text`, and the numbering that follows it.

    A part is its slice of `text` without the whitespace at the cuts, plus the numbering, so
    the first occurrence of its body after the previous one is its place.
    """
    count = len(parts)
    found: list[tuple[int, int, str]] = []
    position = 0
    for index, part in enumerate(parts, 1):
        numbering = f"\n{index}/{count}" if count > 1 else ""
        body = part.removesuffix(numbering)
        start = text.find(body, position)
        if start < 0:
            raise ValueError(f"part {index} is not a slice of the post: {body[:40]!r}")
        position = start + len(body)
        found.append((start, position, numbering))
    return found


def _write(marked: _Marked, start: int, end: int, escape: Callable[[str], str], *, typed: bool = False) -> str:
    """`marked.text[start:end]` with its markup: elements crossing an edge are cut there.

    `typed` marks are part of the text (Discord): only those cut by an edge are written.
    """
    events: list[tuple[int, int, int, str]] = []
    for order, element in enumerate(marked.elements):
        if element.start < end and element.end > start:
            if not typed or element.start < start:
                events.append((max(element.start, start), 1, order, element.opening))
            if not typed or element.end > end:
                events.append((min(element.end, end), 0, -order, element.closing))
    events.sort()
    out: list[str] = []
    position = start
    for at, _, _, markup in events:
        out.append(escape(marked.text[position:at]))
        out.append(markup)
        position = at
    out.append(escape(marked.text[position:end]))
    return "".join(out)


# --- Telegram ---------------------------------------------------------------------------------

# Tags of Telegram's HTML parse mode and the attributes each may carry (the first is required
# where a tag needs one). core.telegram.org/bots/api#html-style
_TELEGRAM_TAGS: dict[str, tuple[str, ...]] = {
    "b": (), "strong": (), "i": (), "em": (), "u": (), "ins": (), "s": (), "strike": (), "del": (),
    "tg-spoiler": (), "pre": (), "code": ("class",), "blockquote": ("expandable",),
    "a": ("href",), "span": ("class",), "tg-emoji": ("emoji-id",),
}
_REQUIRED = {"a": "href", "span": "class", "tg-emoji": "emoji-id"}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[A-Za-z][A-Za-z0-9-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_ATTR = re.compile(r"([A-Za-z][A-Za-z0-9-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


def _html_text(text: str) -> str:
    return html.escape(text, quote=False)


def _opening(name: str, attrs: str) -> str | None:
    """The canonical opening tag, or None when Telegram would not accept this one."""
    allowed = _TELEGRAM_TAGS.get(name.lower())
    if allowed is None:
        return None
    values = {}
    for match in _ATTR.finditer(attrs):
        key = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), None)
        if key in allowed:
            values[key] = value
    required = _REQUIRED.get(name.lower())
    if required is not None and not values.get(required):
        return None
    if name.lower() == "span" and values.get("class") != "tg-spoiler":
        return None
    written = "".join(f" {key}" if value is None else f' {key}="{html.escape(html.unescape(value))}"' for key, value in values.items())
    return f"<{name.lower()}{written}>"


def _telegram_markup(source: str) -> _Marked:
    """The visible text of Telegram HTML and its elements; what Telegram would not take is text."""
    text: list[str] = []
    length = 0
    stack: list[tuple[str, int, str, int]] = []  # name, start, opening, order
    elements: list[tuple[int, _Element]] = []
    order = 0

    def literal(value: str) -> None:
        nonlocal length
        text.append(value)
        length += len(value)

    position = 0
    for match in _TOKEN.finditer(source):
        literal(source[position:match.start()])
        position = match.end()
        token = match.group()
        if token.startswith("&"):
            literal(html.unescape(token))
            continue
        name = match.group("name").lower()
        if not match.group("close"):
            opening = _opening(name, match.group("attrs"))
            if opening is None:
                literal(token)
            else:
                stack.append((name, length, opening, order))
                order += 1
            continue
        if not any(open_name == name for open_name, *_ in stack):
            literal(token)
            continue
        while stack:
            open_name, start, opening, rank = stack.pop()
            if start < length:
                elements.append((rank, _Element(start, length, opening, f"</{open_name}>")))
            if open_name == name:
                break
    literal(source[position:])
    for open_name, start, opening, rank in stack:
        if start < length:
            elements.append((rank, _Element(start, length, opening, f"</{open_name}>")))
    return _Marked("".join(text), tuple(element for _, element in sorted(elements, key=lambda e: e[0])))


def _telegram(source: str, spec: PlatformSpec) -> list[Part]:
    marked = _telegram_markup(source)
    parts = split_post(marked.text, spec.fits)
    return [
        Part(_write(marked, start, end, _html_text) + numbering, spec.measure(marked.text[start:end] + numbering), spec.limit)
        for start, end, numbering in _pieces(marked.text, parts)
    ]


# --- Discord ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^```([^\n`]*)\n.*?\n```[ \t]*$", re.MULTILINE | re.DOTALL)
_DISCORD_TOKEN = re.compile(r"\\.|``[^`\n]+``|`[^`\n]+`|\*\*|__|~~|\|\|", re.DOTALL)


def _discord_markup(text: str) -> _Marked:
    """Discord Markdown with its paired marks: fences, inline code, `**`, `__`, `~~`, `||`.

    A mark without a partner is text, as Discord shows it; code holds no marks.
    """
    elements: list[_Element] = []
    pending: dict[str, int] = {}
    position = 0
    for fence in [*_FENCE.finditer(text), None]:
        stop = fence.start() if fence else len(text)
        for match in _DISCORD_TOKEN.finditer(text, position, stop):
            token = match.group()
            if token.startswith("`"):
                tick = "``" if token.startswith("``") else "`"
                elements.append(_Element(match.start(), match.end(), tick, tick))
            elif not token.startswith("\\"):
                if token in pending:
                    elements.append(_Element(pending.pop(token), match.end(), token, token))
                else:
                    pending[token] = match.start()
        if fence:
            elements.append(_Element(fence.start(), fence.end(), f"```{fence.group(1)}\n", "\n```"))
            position = fence.end()
    elements.sort(key=lambda e: (e.start, -e.end))
    return _Marked(text, tuple(elements))


def _reserve(marked: _Marked) -> int:
    """The most markup a cut can add: marks open at once, closed and opened again."""
    events = sorted(
        [(e.start, len(e.opening) + len(e.closing)) for e in marked.elements]
        + [(e.end, -len(e.opening) - len(e.closing)) for e in marked.elements]
    )
    most = running = 0
    for _, change in events:
        running += change
        most = max(most, running)
    return most


def _discord(text: str, spec: PlatformSpec) -> list[Part]:
    if spec.fits(text):
        return [Part(text, spec.measure(text), spec.limit)]
    marked = _discord_markup(text)
    room = dataclasses.replace(spec, limit=max(spec.limit - _reserve(marked), 1))
    parts = split_post(text, room.fits)
    written = [_write(marked, start, end, str, typed=True) + numbering for start, end, numbering in _pieces(text, parts)]
    return [Part(p, spec.measure(p), spec.limit) for p in written]


# --- Bluesky ----------------------------------------------------------------------------------


def _bluesky(text: str, spec: PlatformSpec) -> list[Part]:
    shown, links = bluesky.shorten_links(text)
    parts = split_post(shown, spec.fits)
    result = []
    for (start, end, _), part in zip(_pieces(shown, parts), parts, strict=True):
        inside = [(a - start, b - start, uri) for a, b, uri in links if start <= a and b <= end]
        result.append(Part(part, spec.measure(part), spec.limit, bluesky.facets(part, inside)))
    return result
