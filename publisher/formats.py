"""Markdown turned into what each platform shows: plain text, Telegram HTML, Discord Markdown.

A record body is parsed once (`parse`: Python-Markdown, then a small element tree) and written
per target by `write`, so every platform sees the same structure and a body rendered for many
channels is parsed only once. Single newlines are kept as line breaks: editors paste text line
by line, as in the seed. Raw HTML in a body is text, never markup: a record is Markdown, and
`<b>` typed by an editor must not reach Telegram as a tag.

- `plain` (x, mastodon, bluesky, threads, gate_square, webhook): emphasis dropped, headings and
  paragraphs as lines, `•` and `1.` lists, links as `text URL` (the URL alone when it is the text).
- `telegram`: only the tags Telegram's HTML mode accepts; all text escaped.
- `discord`: Discord Markdown with `*_~|` and backticks escaped in text, links as
  `[text](<url>)` (no embed), block quotes as `> ` lines.

Every link target, and every bare URL in text, goes through the `link` callback (UTM tagging);
code never does. Code is wrapped in `CODE_START`/`CODE_END` (Unicode noncharacters, reserved
for a program's internal use) so that later stages keep it verbatim; `verbatim_spans` takes
them out again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from publisher.platforms import extract_urls

if TYPE_CHECKING:
    import markdown

FORMATS = ("plain", "telegram", "discord")
CODE_START, CODE_END = "\ufdd0", "\ufdd1"

Link = Callable[[str], str]

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr"})
_VOID = frozenset({"br", "hr", "img"})
_TELEGRAM_TAGS = {"strong": "b", "em": "i"}
_DISCORD_MARKS = {"strong": "**", "em": "*"}
_DISCORD_SPECIAL = re.compile(r"([\\*_~|`])")
_ZWSP = "\u200b"
_MENTION = re.compile(r"@(everyone|here)\b|<@([!&]?)(\d+)>")


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a parsed body: a tag, its attributes and its children (elements or text)."""

    tag: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    children: tuple[Element | str, ...] = ()


# What Markdown gives a meaning to: marks anywhere, block marks at a line's start, indented
# code; and anything it may treat in its own way (control characters, whitespace but spaces).
# Text without any of them is paragraphs and line breaks only (`_paragraphs`), read without
# loading Python-Markdown, which costs start-up time.
_MARKUP = re.compile(r"[\\`*_\[\]<>!&#\x00-\x08\x0e-\x1f\x7f]|[^\S \n]|^ *(?:[-+=~]|\d+[.)])|^ {4}", re.MULTILINE)


def _paragraphs(source: str) -> Element:
    """Text without Markdown marks (and with `\\n` newlines) as Markdown reads it: paragraphs at
    blank lines, line breaks within them."""
    blocks = []
    for block in re.split(r"\n *\n", source):
        lines = [line.rstrip() for line in block.strip().split("\n")]
        if lines == [""]:
            continue
        children: list[Element | str] = [lines[0]]
        for line in lines[1:]:
            children.extend((Element("br"), "\n" + line))
        blocks.append(Element("p", {}, tuple(children)))
    return Element("div", {}, tuple(blocks))


@cache
def _markdown() -> markdown.Markdown:
    """The Markdown parser, built on first use (importing it costs start-up time)."""
    import markdown
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.nl2br import Nl2BrExtension
    from markdown.extensions.sane_lists import SaneListExtension

    md = markdown.Markdown(extensions=[Nl2BrExtension(), SaneListExtension(), FencedCodeExtension()], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


@lru_cache(maxsize=512)
def parse(source: str) -> Element:
    """The element tree of Markdown `source` (a `div` holding its blocks)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if _MARKUP.search(source) is None:
        return _paragraphs(source)
    md = _markdown()
    md.reset()
    builder = _TreeBuilder()
    builder.feed(md.convert(source))
    builder.close()
    return builder.root()


def write(document: Element, target: str, link: Link = str) -> str:
    """`document` as `target` text (`plain`, `telegram` or `discord`); `link` rewrites URLs."""
    if target not in FORMATS:
        raise ValueError(f"unknown format {target!r}; expected one of {', '.join(FORMATS)}")
    writer = _Writer(target, link)
    writer.children(document)
    return tidy("".join(writer.out))


def render_markdown(source: str, target: str, link: Link = str) -> str:
    """Markdown `source` as `target` text: `write(parse(source), target, link)`."""
    return write(parse(source), target, link)


def verbatim_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` without its code markers, and the spans `[start, end)` that were code."""
    if CODE_START not in text and CODE_END not in text:
        return text, []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in re.split(f"([{CODE_START}{CODE_END}])", text):
        if piece == CODE_START:
            start = length if start is None else start
        elif piece == CODE_END:
            if start is not None and start < length:
                spans.append((start, length))
            start = None
        else:
            out.append(piece)
            length += len(piece)
    if start is not None and start < length:
        spans.append((start, length))
    return "".join(out), spans


def neutralize_mentions(text: str) -> str:
    """Discord pings `@everyone`, `@here`, `<@user>` and `<@&role>`; a zero-width space defuses them.

    Channel links (`<#id>`) ping nobody and stay clickable.
    """

    def defuse(match: re.Match[str]) -> str:
        if match.group(1):
            return "@" + _ZWSP + match.group(1)
        return f"<@{match.group(2)}{_ZWSP}{match.group(3)}>"

    return _MENTION.sub(defuse, text)


def escape_discord(text: str) -> str:
    """Text shown as typed on Discord: Markdown marks escaped, URLs left intact."""
    if not _DISCORD_SPECIAL.search(text):
        return text
    out, position = [], 0
    for start, end in extract_urls(text):
        out.append(_DISCORD_SPECIAL.sub(r"\\\1", text[position:start]))
        out.append(text[start:end])
        position = end
    out.append(_DISCORD_SPECIAL.sub(r"\\\1", text[position:]))
    return "".join(out)


def tag_bare_urls(text: str, link: Link) -> str:
    """`text` with every `http(s)://` URL in it passed through `link`."""
    if "://" not in text:
        return text
    out, position = [], 0
    for start, end in extract_urls(text):
        url = text[start:end]
        if url.lower().startswith(("http://", "https://")):
            out.append(text[position:start])
            out.append(link(url))
            position = end
    out.append(text[position:])
    return "".join(out)


def tidy(text: str) -> str:
    """Text without trailing spaces on lines, at most one blank line in a row, stripped."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _TreeBuilder(HTMLParser):
    """Python-Markdown's HTML back into elements (it only writes well-formed HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str], list[Element | str]]] = [("div", {}, [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in _VOID:
            self.stack[-1][2].append(Element(tag, attributes))
        else:
            self.stack.append((tag, attributes, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or len(self.stack) == 1:
            return
        name, attributes, children = self.stack.pop()
        self.stack[-1][2].append(Element(name, attributes, tuple(children)))

    def handle_data(self, data: str) -> None:
        self.stack[-1][2].append(data)

    def root(self) -> Element:
        while len(self.stack) > 1:
            self.handle_endtag(self.stack[-1][0])
        name, attributes, children = self.stack[0]
        return Element(name, attributes, tuple(children))


def _text_of(element: Element | str) -> str:
    if isinstance(element, str):
        return element
    return "".join(_text_of(child) for child in element.children)


class _Writer:
    """Writes an element tree as one target format into `out`."""

    def __init__(self, target: str, link: Link) -> None:
        self.target = target
        self.link = link
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
        self.after_url = False  # a written-out URL was the last thing written

    def children(self, element: Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                self.text(child)
            else:
                self.element(child)

    def text(self, data: str) -> None:
        # Newlines in Markdown's HTML only separate tags: line breaks are <br>.
        data = tag_bare_urls(data.replace("\n", ""), self.link)
        if self.after_url and data[:1].isalnum():
            data = " " + data  # 公告 https://…/news 或: the URL must not run into the next word
        self.after_url = False
        if self.target == "telegram":
            data = html.escape(data, quote=False)
        elif self.target == "discord":
            data = escape_discord(data)
        self.out.append(data)

    def block_break(self) -> None:
        if self.out and not "".join(self.out[-2:]).endswith("\n\n"):
            self.out.append("\n\n")

    def element(self, element: Element) -> None:
        tag = element.tag
        # A list inside a list item continues the item's lines; other blocks stand apart.
        block = tag in _BLOCKS and not (tag in ("ul", "ol") and self.lists)
        if block:
            self.block_break()
        if tag == "br":
            self.out.append("\n")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(element)
        elif tag in ("ul", "ol"):
            self.lists.append([int(element.attrs.get("start") or 1)] if tag == "ol" else [])
            self.children(element)
            self.lists.pop()
        elif tag == "li":
            self.item(element)
        elif tag == "blockquote":
            self.quote(element)
        elif tag == "pre":
            self.code_block(element)
        elif tag == "code":
            self.code(_text_of(element))
        elif tag == "a":
            self.anchor(element.attrs.get("href", ""), element)
        elif tag == "img":
            self.anchor(element.attrs.get("src", ""), Element("span", {}, (element.attrs.get("alt", ""),)))
        else:
            self.inline(element)
        if block:
            self.block_break()

    def heading(self, element: Element) -> None:
        if self.target == "telegram":
            self.wrap(element, "<b>", "</b>")
        elif self.target == "discord":
            self.wrap(element, "#" * min(int(element.tag[1]), 3) + " ", "")
        else:
            self.children(element)

    def item(self, element: Element) -> None:
        self.out.append("\n" + "  " * (len(self.lists) - 1))
        counter = self.lists[-1] if self.lists else []
        if counter:
            self.out.append(f"{counter[0]}. ")
            counter[0] += 1
        else:
            self.out.append("- " if self.target == "discord" else "• ")
        for child in element.children:
            # Loose lists wrap items in <p>: an item stays one line.
            if isinstance(child, Element) and child.tag == "p":
                self.children(child)
            elif isinstance(child, str):
                self.text(child)
            else:
                self.element(child)

    def quote(self, element: Element) -> None:
        outer, self.out = self.out, []
        self.children(element)
        inner = tidy("".join(self.out))
        self.out = outer
        if self.target == "telegram":
            self.out.append(f"<blockquote>{inner}</blockquote>")
        elif self.target == "discord":
            self.out.append("\n".join("> " + line if line else ">" for line in inner.split("\n")))
        else:
            self.out.append(inner)

    def code_block(self, element: Element) -> None:
        code = _text_of(element).removesuffix("\n")
        inner = element.children[0] if len(element.children) == 1 and isinstance(element.children[0], Element) else None
        language = ""
        if inner is not None:
            language = next((c.removeprefix("language-") for c in inner.attrs.get("class", "").split() if c.startswith("language-")), "")
        if self.target == "telegram":
            attribute = f' class="language-{html.escape(language)}"' if language else ""
            self.out.append(f"<pre><code{attribute}>{CODE_START}{html.escape(code, quote=False)}{CODE_END}</code></pre>")
        elif self.target == "discord":
            self.out.append(f"```{language}\n{CODE_START}{code}{CODE_END}\n```")
        else:
            self.out.append(f"{CODE_START}{code}{CODE_END}")

    def code(self, code: str) -> None:
        if self.target == "telegram":
            self.out.append(f"<code>{CODE_START}{html.escape(code, quote=False)}{CODE_END}</code>")
        elif self.target == "discord":
            fence = "``" if "`" in code else "`"
            pad = " " if "`" in code else ""
            self.out.append(f"{fence}{pad}{CODE_START}{code}{CODE_END}{pad}{fence}")
        else:
            self.out.append(f"{CODE_START}{code}{CODE_END}")

    def anchor(self, href: str, content: Element) -> None:
        label = _text_of(content).strip()
        if not href or not href.lower().startswith(("http://", "https://", "mailto:", "tg://")):
            self.children(content)
            return
        target = self.link(href) if href.lower().startswith(("http://", "https://")) else href
        if label in ("", href, href.removeprefix("mailto:")):
            shown = target.removeprefix("mailto:")
            self.out.append(html.escape(shown, quote=False) if self.target == "telegram" else shown)
        elif self.target == "telegram":
            self.wrap(content, f'<a href="{html.escape(target)}">', "</a>")
        elif self.target == "discord":
            self.wrap(content, "[", f"](<{target}>)")
        else:
            self.children(content)
            self.out.append(f" {target.removeprefix('mailto:')}")
            self.after_url = True

    def inline(self, element: Element) -> None:
        if self.target == "telegram" and element.tag in _TELEGRAM_TAGS:
            name = _TELEGRAM_TAGS[element.tag]
            self.wrap(element, f"<{name}>", f"</{name}>")
        elif self.target == "discord" and element.tag in _DISCORD_MARKS:
            mark = _DISCORD_MARKS[element.tag]
            self.wrap(element, mark, mark)
        else:
            self.children(element)

    def wrap(self, element: Element, before: str, after: str) -> None:
        self.out.append(before)
        self.children(element)
        self.out.append(after)
