"""Markdown bodies written as plain text, Telegram HTML and Discord Markdown."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import formats
from publisher.formats import CODE_END, CODE_START, escape_discord, neutralize_mentions, render_markdown, verbatim_spans
from publisher.links import utm_tagger
from tests.conftest import REPO

TAG = utm_tagger("x", "camp")


def shown(source: str, target: str, link=str) -> str:
    """What readers see: the rendered text without the code markers."""
    return verbatim_spans(render_markdown(source, target, link))[0]


def test_plain_text_drops_emphasis_and_keeps_headings_and_paragraphs_as_lines():
    assert shown("# 標題\n\n**粗體**與*斜體*。\n第二行", "plain") == "標題\n\n粗體與斜體。\n第二行"


def test_plain_lists_are_bullets_and_numbers_with_nested_items_indented():
    source = "- 一\n- 二\n    - 二之一\n\n3. 三\n4. 四"
    assert shown(source, "plain") == "• 一\n• 二\n  • 二之一\n\n3. 三\n4. 四"


def test_plain_links_show_their_text_then_the_url_and_autolinks_the_url_once():
    assert shown("見[公告](https://a.com/n)。", "plain") == "見公告 https://a.com/n。"
    assert shown("見 <https://a.com/n>。", "plain") == "見 https://a.com/n。"


def test_plain_url_after_link_text_is_kept_apart_from_the_next_word():
    assert shown("見[公告](https://a.com/n)或其他", "plain") == "見公告 https://a.com/n 或其他"


def test_telegram_writes_only_its_own_tags_and_escapes_all_text():
    source = "**粗** *斜* `a<b` [連結](https://a.com/?q=1&r=2) <script>x</script> & 1 < 2"
    assert shown(source, "telegram") == (
        '<b>粗</b> <i>斜</i> <code>a&lt;b</code> <a href="https://a.com/?q=1&amp;r=2">連結</a> '
        "&lt;script&gt;x&lt;/script&gt; &amp; 1 &lt; 2"
    )


def test_telegram_headings_are_bold_and_quotes_are_blockquotes():
    assert shown("## 小標\n\n> 引言\n> 第二行", "telegram") == "<b>小標</b>\n\n<blockquote>引言\n第二行</blockquote>"


def test_telegram_code_blocks_keep_their_language():
    assert shown("```python\nprint(1 < 2)\n```", "telegram") == '<pre><code class="language-python">print(1 &lt; 2)</code></pre>'


def test_discord_writes_markdown_and_escapes_marks_typed_as_text():
    source = "**粗** *斜* snake\\_case 2 \\* 3 [連結](https://a.com/x_y) https://b.com/a_b"
    assert shown(source, "discord") == "**粗** *斜* snake\\_case 2 \\* 3 [連結](<https://a.com/x_y>) https://b.com/a_b"


def test_discord_block_quotes_mark_every_line():
    assert shown("> 一\n> 二\n>\n> 三", "discord") == "> 一\n> 二\n>\n> 三"


def test_raw_html_in_a_body_is_text_on_every_platform():
    assert shown("<b>x</b>", "plain") == "<b>x</b>"
    assert shown("<b>x</b>", "discord") == "<b>x</b>"


@pytest.mark.parametrize("target", formats.FORMATS)
def test_link_targets_and_bare_urls_are_tagged_but_code_is_not(target):
    source = "[a](https://a.com/p) https://b.com/p `https://c.com/p`\n\n```\nhttps://d.com/p\n```"
    text = shown(source, target, TAG).replace("&amp;", "&")
    assert "https://a.com/p?utm_source=x&utm_campaign=camp" in text
    assert "https://b.com/p?utm_source=x&utm_campaign=camp" in text
    assert "https://c.com/p" in text and "https://d.com/p" in text
    assert "c.com/p?" not in text and "d.com/p?" not in text


def test_code_is_marked_so_later_stages_keep_it_verbatim():
    written = render_markdown("看 `資料` 與\n\n```\n資料庫\n```", "plain")
    text, spans = verbatim_spans(written)
    assert text == "看 資料 與\n\n資料庫"
    assert [text[a:b] for a, b in spans] == ["資料", "資料庫"]


def test_verbatim_spans_close_an_unclosed_code_marker_at_the_end():
    text, spans = verbatim_spans(f"a{CODE_START}b{CODE_END}c{CODE_START}d")
    assert (text, spans) == ("abcd", [(1, 2), (3, 4)])


def test_mentions_that_would_ping_are_defused_and_channel_links_kept():
    text = neutralize_mentions("@everyone @here <@123> <@!45> <@&678> <#9> mail@everyone.org")
    assert "@everyone " not in text and "@here " not in text
    assert "<@123>" not in text and "<@!45>" not in text and "<@&678>" not in text
    assert "<#9>" in text
    assert text.replace("\u200b", "") == "@everyone @here <@123> <@!45> <@&678> <#9> mail@everyone.org"


def test_discord_escaping_leaves_urls_alone():
    assert escape_discord("a_b https://x.com/a_b*c") == "a\\_b https://x.com/a_b*c"


@settings(max_examples=400, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.text(st.sampled_from(list("ab 比特幣，。：$%+,.()1:;'\"/?@{}^\n\n\r \u3000\u00a0-=~")), max_size=60))
def test_text_without_marks_reads_as_python_markdown_reads_it(source):
    """Bodies without Markdown marks skip Python-Markdown; they must come out the same."""
    normalized = source.replace("\r\n", "\n").replace("\r", "\n")
    md = formats._markdown()
    md.reset()
    builder = formats._TreeBuilder()
    builder.feed(md.convert(normalized))
    builder.close()
    for target in formats.FORMATS:
        assert formats.write(formats.parse(source), target) == formats.write(builder.root(), target)


def test_plain_bodies_are_rendered_without_loading_markdown_or_babel():
    script = (
        "import sys; from publisher import formats, render; "
        "formats.render_markdown('比特幣跌破 90,000 美元。\\n第二行 https://a.com', 'telegram'); "
        "print(sorted(m for m in ('markdown', 'babel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"
