"""Posts cut into parts: Telegram HTML and Discord Markdown balanced per part, Bluesky facets."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import platforms
from publisher.facets import Facet, facets, short_url, shorten_links
from publisher.parts import cut, whole
from publisher.split import UnsplittableError

NUMBERING = re.compile(r"\n\d+/\d+\Z")


class _Balance(HTMLParser):
    """Records the tags of a Telegram part and whether they nest and close."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: set[str] = set()
        self.balanced = True
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.tags.add(tag)

    def handle_endtag(self, tag):
        self.balanced = self.balanced and bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def telegram_part(text: str) -> _Balance:
    checker = _Balance()
    checker.feed(text)
    checker.close()
    checker.balanced = checker.balanced and not checker.stack
    return checker


def test_telegram_tags_cut_by_a_split_are_closed_and_opened_again():
    source = "<b>第一句很長的粗體文字。第二句也是粗體，而且更長一些。</b>然後是<a href=\"https://x.com/?a=1&amp;b=2\">一個連結，它的文字很長很長很長很長很長很長。</a>"
    parts = cut(source, "telegram", platforms.spec("telegram", limit=24))
    assert len(parts) > 2
    for part in parts:
        checked = telegram_part(part.text)
        assert checked.balanced, part.text
        assert part.length == platforms.measure("telegram", "".join(checked.text)) <= 24
    assert parts[0].text.startswith("<b>第一句") and "</b>\n1/" in parts[0].text
    assert parts[1].text.startswith("<b>第二句")
    assert sum(p.text.count('<a href="https://x.com/?a=1&amp;b=2">') for p in parts) >= 2


def test_telegram_markup_it_does_not_accept_is_escaped_and_counted_as_text():
    (part,) = cut('<div>x</div> <span class="other">y</span> <tg-spoiler>z</tg-spoiler> a & b &nbsp;', "telegram", platforms.spec("telegram"))
    assert part.text == '&lt;div&gt;x&lt;/div&gt; &lt;span class="other"&gt;y&lt;/span&gt; <tg-spoiler>z</tg-spoiler> a &amp; b \xa0'
    assert part.length == len('<div>x</div> <span class="other">y</span> z a & b \xa0')


def test_telegram_length_counts_utf16_units_of_the_visible_text():
    (part,) = cut("<b>😀</b>&lt;", "telegram", platforms.spec("telegram"))
    assert (part.text, part.length) == ("<b>😀</b>&lt;", 3)


@st.composite
def telegram_html(draw):
    words = st.sampled_from(["比特幣", "跌破", "九萬美元。", "但是，", "ETF", "流入", "！", " ", "\n", "M2", "<", "&"])
    pieces = []
    for _ in range(draw(st.integers(1, 30))):
        tag = draw(st.sampled_from([None, "b", "i", "code", "a"]))
        text = html.escape("".join(draw(st.lists(words, min_size=1, max_size=8))), quote=False)
        if tag is None:
            pieces.append(text)
        elif tag == "a":
            pieces.append(f'<a href="https://a.com/?x=1&amp;y=2">{text}</a>')
        else:
            inner = draw(st.sampled_from([None, "i", "u"])) if tag == "b" else None
            pieces.append(f"<{tag}>{f'<{inner}>{text}</{inner}>' if inner else text}</{tag}>")
    return "".join(pieces)


@settings(max_examples=200, suppress_health_check=list(HealthCheck), deadline=None)
@given(telegram_html(), st.integers(20, 120))
def test_every_telegram_part_is_balanced_fits_and_the_parts_give_back_the_text(source, limit):
    spec = platforms.spec("telegram", limit=limit)
    try:
        parts = cut(source, "telegram", spec)
    except UnsplittableError:
        return
    visible = []
    for part in parts:
        checked = telegram_part(part.text)
        assert checked.balanced and checked.tags <= {"b", "i", "u", "code", "a"}, part.text
        assert part.length <= limit
        visible.append(NUMBERING.sub("", "".join(checked.text)) if len(parts) > 1 else "".join(checked.text))
    original = telegram_part(source)
    assert re.sub(r"\s+", "", "".join(visible)) == re.sub(r"\s+", "", "".join(original.text))


def test_discord_code_fence_cut_by_a_split_is_closed_and_opened_again_with_its_language():
    source = "**粗體的第一句，很長很長很長很長。第二句，也很長很長很長很長。**\n\n```python\n" + "".join(f"print({i})\n" for i in range(8)) + "```\n結尾。"
    parts = cut(source, "discord", platforms.spec("discord", limit=60))
    assert len(parts) >= 3
    for part in parts:
        body = NUMBERING.sub("", part.text)
        assert part.length == platforms.measure("discord", part.text) <= 60
        assert body.count("```") % 2 == 0 and body.count("**") % 2 == 0, part.text
    fenced = [p.text for p in parts if "print(" in p.text]
    assert len(fenced) >= 2 and all("```python\n" in p for p in fenced)


def test_discord_bold_cut_by_a_split_is_closed_and_opened_again():
    source = "**" + "第一句很長很長。" * 3 + "第二句很長很長。" * 3 + "**"
    parts = cut(source, "discord", platforms.spec("discord", limit=40))
    assert len(parts) > 1
    assert all(NUMBERING.sub("", p.text).startswith("**") and NUMBERING.sub("", p.text).endswith("**") for p in parts)


def test_discord_mark_without_a_partner_stays_text():
    source = "2**3 的意思是乘方，" * 6
    parts = cut(source, "discord", platforms.spec("discord", limit=60))
    assert "".join(NUMBERING.sub("", p.text) for p in parts).count("**") == source.count("**")


def test_short_url_is_what_bluesky_shows():
    assert short_url("https://www.gate.com/questionnaire/7315?utm_source=bluesky") == "www.gate.com/questionnair..."
    assert short_url("https://gate.com/a?b=1") == "gate.com/a?b=1"
    assert short_url("https://gate.com/") == "gate.com"


def test_bluesky_links_are_shown_short_with_facets_holding_the_full_uri_in_utf8_bytes():
    text, links = shorten_links("報名：https://www.gate.com/questionnaire/7315?utm_source=bluesky 😀 gate.com/x")
    assert text == "報名：www.gate.com/questionnair... 😀 gate.com/x"
    (first, second) = facets(text, links)
    data = text.encode("utf-8")
    assert data[first.start:first.end].decode() == "www.gate.com/questionnair..."
    assert first.value == "https://www.gate.com/questionnaire/7315?utm_source=bluesky"
    assert (data[second.start:second.end].decode(), second.value) == ("gate.com/x", "https://gate.com/x")


def test_bluesky_tags_follow_bluesky_rules():
    found = facets("#比特幣 #BTC。 #2026 a#no x #ok！ #" + "長" * 65)
    assert [(f.kind, f.value) for f in found] == [("tag", "比特幣"), ("tag", "BTC"), ("tag", "ok")]
    assert found[0].to_json() == {"index": {"byteStart": 0, "byteEnd": 10}, "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "比特幣"}]}


def test_bluesky_parts_of_a_thread_carry_facets_of_their_own_text():
    text = "第一段說明活動的內容，很長很長很長很長很長很長很長很長很長很長很長很長很長。https://www.gate.com/a/very/long/path?utm_source=bluesky #活動\n\n" * 6
    parts = cut(text.strip(), "bluesky", platforms.spec("bluesky", limit=120))
    assert len(parts) > 1
    for part in parts:
        data = part.text.encode("utf-8")
        assert part.facets
        for facet in part.facets:
            shown = data[facet.start:facet.end].decode("utf-8")
            assert shown == "#活動" if facet.kind == "tag" else shown == "www.gate.com/a/very/long/...", shown


def test_a_post_that_cannot_be_cut_is_one_part_over_the_limit():
    text = "https://example.com/" + "a" * 400
    with pytest.raises(UnsplittableError):
        cut(text, "bluesky", platforms.spec("bluesky", limit=10))
    part = whole(text, "bluesky", platforms.spec("bluesky", limit=10))
    assert (part.text, part.length, part.limit) == ("example.com/" + "a" * 12 + "...", 27, 10)
    assert part.facets == (Facet(0, 27, "link", text),)
