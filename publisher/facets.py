"""Bluesky rich text: links shown short, and facets with UTF-8 byte offsets for links and tags.

Bluesky does not find links or hashtags in a post's text: the client sends *facets*, each a
byte range of the UTF-8 text with a feature (`app.bsky.richtext.facet#link` with its `uri`, or
`#tag` with the tag without `#`). Links are shown as Bluesky's own app shows them — without the
scheme, the path cut after 13 characters and `...` — so a long tracked URL costs 30-odd graphemes
of the 300, while its facet keeps the full URI.

URLs are found with twitter-text's grammar (`platforms.extract_urls`), which also finds them
right after CJK text and full-width punctuation (`報名：https://...`), where Bluesky's own
detector, wanting a space before a URL, would not. Tags follow Bluesky's rule: `#` or `＃` at the
start or after whitespace, not only digits, trailing punctuation dropped, at most 64 characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import urlsplit

import regex

from publisher.platforms import extract_urls

_LINK = "app.bsky.richtext.facet#link"
_TAG = "app.bsky.richtext.facet#tag"
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_MAX_TAG = 64
_SHORT_PATH = 15

LinkSpan = tuple[int, int, str]
"""A link in a text: code point span `[start, end)` of what is shown, and the full URI."""


@dataclass(frozen=True)
class Facet:
    """One facet: UTF-8 byte range `[start, end)` of the text and its feature."""

    start: int
    end: int
    kind: Literal["link", "tag"]
    value: str

    def to_json(self) -> dict:
        """The facet as `app.bsky.feed.post` records carry it."""
        feature = {"$type": _LINK, "uri": self.value} if self.kind == "link" else {"$type": _TAG, "tag": self.value}
        return {"index": {"byteStart": self.start, "byteEnd": self.end}, "features": [feature]}


def short_url(url: str) -> str:
    """How Bluesky's app shows a link: no scheme, a path over 15 characters cut to 13 + `...`."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    path = ("" if parts.path == "/" else parts.path) + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    if len(path) > _SHORT_PATH:
        return parts.netloc + path[: _SHORT_PATH - 2] + "..."
    return parts.netloc + path


def shorten_links(text: str) -> tuple[str, list[LinkSpan]]:
    """`text` with each URL shown short, and where each shown link is, with its full URI."""
    out: list[str] = []
    links: list[LinkSpan] = []
    position = length = 0
    for start, end in extract_urls(text):
        url = text[start:end]
        uri = url if "://" in url else "https://" + url
        shown = short_url(uri) if "://" in url else url
        out.append(text[position:start])
        length += start - position
        out.append(shown)
        links.append((length, length + len(shown), uri))
        length += len(shown)
        position = end
    out.append(text[position:])
    return "".join(out), links


def facets(text: str, links: Sequence[LinkSpan] = ()) -> tuple[Facet, ...]:
    """The facets of `text`: the given links, then the tags outside them, in text order."""
    found: list[tuple[int, int, Literal["link", "tag"], str]] = [(start, end, "link", uri) for start, end, uri in links]
    tags, trailing = _tag_patterns()
    for match in tags.finditer(text):
        tag = trailing.sub("", match.group(1))
        if not tag or len(tag.encode("utf-16-le")) // 2 > _MAX_TAG:
            continue
        start, end = match.start(), match.start(1) + len(tag)
        if not any(a < end and start < b for a, b, _ in links):
            found.append((start, end, "tag", tag))
    found.sort()
    return tuple(Facet(_bytes(text, start), _bytes(text, end), kind, value) for start, end, kind, value in found)


@cache
def _tag_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Bluesky's tag pattern and the trailing punctuation a tag drops (compiled on first use)."""
    tag = regex.compile(rf"(?:^|(?<=\s))[#＃]((?!\ufe0f)[^\s{_INVISIBLE}]*[^0-9\s\p{{P}}{_INVISIBLE}]+[^\s{_INVISIBLE}]*)")
    return tag, regex.compile(r"\p{P}+\Z")


def _bytes(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))
