"""Markdown turned into what each platform shows: plain text, Telegram HTML, Discord Markdown.

Python-Markdown parses the record body to HTML once (single newlines are kept as line breaks:
editors paste text line by line, as in the seed); a small HTML walker then writes the target
format, so every platform sees the same structure.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

_MD = markdown.Markdown(extensions=["nl2br", "sane_lists", "fenced_code"], output_format="html")

FORMATS = ("plain", "telegram", "discord")

# Telegram's HTML parse mode accepts only these tags (core.telegram.org/bots/api#html-style).
_TELEGRAM_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s", "del": "s", "strike": "s", "code": "code", "pre": "pre", "blockquote": "blockquote"}
_DISCORD_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "u": "__", "s": "~~", "del": "~~", "strike": "~~", "code": "`"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "table"}
_ZWSP = "\u200b"


def to_html(source: str) -> str:
    _MD.reset()
    return _MD.convert(source)


def render_markdown(source: str, target: str) -> str:
    """`source` Markdown as `target` (`plain`, `telegram` or `discord`) text."""
    writer = _Writer(target)
    writer.feed(to_html(source))
    writer.close()
    return writer.result()


def neutralize_mentions(text: str) -> str:
    """Discord pings `@everyone`, `@here` and `<@id>` mentions; a zero-width space defuses them."""
    text = re.sub(r"@(everyone|here)\b", "@" + _ZWSP + r"\1", text)
    return re.sub(r"<(@[!&]?|#)(\d+)>", lambda m: "<" + m.group(1) + _ZWSP + m.group(2) + ">", text)


class _Writer(HTMLParser):
    def __init__(self, target: str) -> None:
        super().__init__(convert_charrefs=True)
        self.target = target
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.in_pre = False

    def result(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip()

    def text(self, value: str) -> str:
        return html.escape(value, quote=False) if self.target == "telegram" else value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _BLOCKS:
            self.block_break()
        if tag == "br":
            self.out.append("\n")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append({"telegram": "<b>", "discord": "#" * min(int(tag[1]), 3) + " "}.get(self.target, ""))
        elif tag in ("ul", "ol"):
            self.lists.append([int(attributes.get("start") or 1)] if tag == "ol" else [])
        elif tag == "li":
            self.out.append("\n" + "  " * (len(self.lists) - 1))
            counter = self.lists[-1] if self.lists else []
            if counter:
                self.out.append(f"{counter[0]}. ")
                counter[0] += 1
            else:
                self.out.append("• " if self.target != "discord" else "- ")
        elif tag == "a":
            href = attributes.get("href")
            self.links.append(href)
            if self.target == "telegram" and href:
                self.out.append(f'<a href="{html.escape(href)}">')
            elif self.target == "discord" and href:
                self.out.append("[")
        elif tag == "pre":
            self.in_pre = True
            self.out.append({"telegram": "<pre>", "discord": "```\n"}.get(self.target, ""))
        elif tag == "code" and self.in_pre:
            return
        elif tag == "blockquote" and self.target == "discord":
            self.out.append("> ")
        elif self.target == "telegram" and tag in _TELEGRAM_TAGS:
            self.out.append(f"<{_TELEGRAM_TAGS[tag]}>")
        elif self.target == "discord" and tag in _DISCORD_MARKS:
            self.out.append(_DISCORD_MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.target == "telegram":
            self.out.append("</b>")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
        elif tag == "a":
            href = self.links.pop() if self.links else None
            if href is None:
                return
            if self.target == "telegram":
                self.out.append("</a>")
            elif self.target == "discord":
                self.out.append(f"](<{href}>)")
            elif not self.out[-1].endswith(href):
                self.out.append(f" {href}")
        elif tag == "pre":
            self.in_pre = False
            self.out.append({"telegram": "</pre>", "discord": "\n```"}.get(self.target, ""))
        elif tag == "code" and self.in_pre:
            return
        elif self.target == "telegram" and tag in _TELEGRAM_TAGS:
            self.out.append(f"</{_TELEGRAM_TAGS[tag]}>")
        elif self.target == "discord" and tag in _DISCORD_MARKS:
            self.out.append(_DISCORD_MARKS[tag])
        if tag in _BLOCKS:
            self.block_break()

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            # Outside <pre>, newlines in Markdown's HTML only separate tags: line breaks are <br>.
            data = data.replace("\n", "")
            if self.target == "discord":
                data = neutralize_mentions(data)
        self.out.append(self.text(data))

    def block_break(self) -> None:
        if self.out and not "".join(self.out[-2:]).endswith("\n\n"):
            self.out.append("\n\n")

