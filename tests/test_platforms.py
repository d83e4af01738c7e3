"""Platform units and limits; X against twitter-text's own conformance suite.

The suite is read at run time from `../shared/conformance/twitter-text/` (next to this
repository) or from the folder named by PUBLISHER_CONFORMANCE_DIR.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import platforms
from publisher.platforms import (
    PLATFORMS,
    TWITTER_TEXT_V3,
    TwitterTextConfig,
    emoji_spans,
    extract_urls,
    grapheme_count,
    has_grapheme_joiners,
    limit,
    measure,
    spec,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, 7 code points
FLAG_TW = "\U0001f1f9\U0001f1fc"  # 🇹🇼
WAVE_DARK = "\U0001f44b\U0001f3ff"  # 👋🏿
PARTY = "\U0001f389"  # 🎉, astral


def conformance_dir() -> Path:
    override = os.environ.get("PUBLISHER_CONFORMANCE_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "shared" / "conformance"


@cache
def twitter_text_file(name: str) -> Path:
    path = conformance_dir() / "twitter-text" / name
    if not path.is_file():
        raise FileNotFoundError(
            f"twitter-text conformance file {path} is missing: these tests read the shared suite at"
            " run time; put it there or point PUBLISHER_CONFORMANCE_DIR at the folder holding"
            " twitter-text/validate.yml and twitter-text/v3.json"
        )
    return path


@cache
def validate_suite() -> dict[str, Any]:
    return yaml.safe_load(twitter_text_file("validate.yml").read_text(encoding="utf-8"))["tests"]


def cases(*sections: str) -> list[Any]:
    return [
        pytest.param(case["text"], case["expected"], id=f"{section}: {case['description']}")
        for section in sections
        for case in validate_suite()[section]
    ]


def v3_json() -> dict[str, Any]:
    return json.loads(twitter_text_file("v3.json").read_text(encoding="utf-8"))


# --- X: twitter-text conformance ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), cases("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest"))
def test_x_length_matches_twitter_text_v3(text: str, expected: dict[str, Any]) -> None:
    assert measure("x", text) == expected["weightedLength"]


@pytest.mark.parametrize(("text", "expected"), cases("WeightedTweetsCounterTest"))
def test_weighting_is_configurable_v2_weighs_each_emoji_code_point(text: str, expected: dict[str, Any]) -> None:
    v2 = {**v3_json(), "version": 2, "emojiParsingEnabled": False}
    assert spec("x", twitter_text=v2).measure(text) == expected["weightedLength"]


def test_embedded_v3_config_is_twitter_texts_v3_json() -> None:
    reference = v3_json()
    assert TwitterTextConfig.from_mapping(reference) == TWITTER_TEXT_V3
    assert limit("x") == reference["maxWeightedTweetLength"]


def extractor_view(text: str) -> list[tuple[int, int]]:
    """What twitter-text's extractor finds in a URL its validator (isValidUrl) accepts.

    The `urls` cases test the validator, which follows RFC 3986; the extractor, which counting
    uses, only links host names ending in a known TLD (no IP literals, no user info) and never
    ends a URL on `+` or other punctuation after a query.
    """
    parts = urlsplit(text)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        return []
    except ValueError:
        pass
    if parts.username is not None:
        return []
    end = len(text.rstrip("+!*'(),;:.?")) if parts.query else len(text)
    return [(0, end)]


@pytest.mark.parametrize(("text", "valid"), cases("urls", "urls_without_protocol"))
def test_url_extraction_follows_twitter_text(text: str, valid: bool) -> None:
    if valid:
        assert extract_urls(text) == extractor_view(text)
    else:
        assert (0, len(text)) not in extract_urls(text)


def test_url_counts_23_on_x() -> None:
    url = "https://www.gate.com/zh-tw/campaigns/2026-new-year?ref=abcdefghijklmnopqrstuvwxyz"
    assert measure("x", url) == 23
    assert measure("x", f"詳情 {url} 立即報名") == 2 * 2 + 1 + 23 + 1 + 4 * 2


def test_url_without_protocol_counts_23_on_x_when_its_tld_is_known() -> None:
    assert measure("x", "gate.com/signup") == 23
    assert measure("x", "gate.notatld/signup") == len("gate.notatld/signup")


def test_url_stops_before_cjk_text_on_x() -> None:
    text = "詳情https://gate.com/a活動"
    assert extract_urls(text) == [(2, 2 + len("https://gate.com/a"))]
    assert measure("x", text) == 2 * 2 + 23 + 2 * 2


def test_host_label_over_63_characters_is_not_a_url() -> None:
    assert extract_urls("https://" + "a" * 64 + ".com") == []
    assert extract_urls("https://" + "a" * 63 + ".com") == [(0, 8 + 63 + 4)]


def test_cjk_counts_2_emoji_sequences_count_2_on_x() -> None:
    assert measure("x", "比特幣") == 6
    assert measure("x", FAMILY) == 2
    assert measure("x", FLAG_TW) == 2
    assert measure("x", WAVE_DARK) == 2
    assert measure("x", "1\ufe0f\u20e3") == 2  # keycap


def test_x_counts_nfc_normalized_text() -> None:
    assert measure("x", "e\u0301") == measure("x", "\u00e9") == 1


def test_copyright_sign_is_emoji_only_with_variation_selector_16() -> None:
    assert measure("x", "\u00a9") == 1
    assert measure("x", "\u00a9\ufe0f") == 2


# --- Mastodon --------------------------------------------------------------------------------


def test_mastodon_counts_graphemes() -> None:
    assert measure("mastodon", "比特幣" + FAMILY + FLAG_TW + "e\u0301") == 3 + 1 + 1 + 1
    assert limit("mastodon") == 500


def test_mastodon_counts_every_url_as_23() -> None:
    long_url = "https://example.social/@gate/" + "9" * 60
    assert measure("mastodon", long_url) == 23
    assert measure("mastodon", f"看 {long_url} 吧") == 1 + 1 + 23 + 1 + 1


def test_mastodon_counts_only_urls_with_a_protocol_as_23() -> None:
    assert measure("mastodon", "gate.com/signup") == len("gate.com/signup")


def test_mastodon_url_path_runs_up_to_whitespace() -> None:
    text = "https://gate.com/活動詳情。明天見 好"
    assert extract_urls(text, "mastodon") == [(0, len("https://gate.com/活動詳情。明天見"))]
    assert measure("mastodon", text) == 23 + 1 + 1


def test_mastodon_counts_remote_mention_as_its_local_part() -> None:
    assert measure("mastodon", "@gate@mastodon.social") == len("@gate")
    assert measure("mastodon", "嗨 @gate@mastodon.social 你好") == len("嗨 @gate 你好")
    assert measure("mastodon", "@gate") == len("@gate")


def test_mastodon_ignores_email_like_text_as_mention() -> None:
    assert measure("mastodon", "mail me: me@example.com") == len("mail me: me@example.com")


def test_mastodon_limit_is_overridable_per_server() -> None:
    server = spec("mastodon", {"limit": 5000})
    assert server.limit == 5000
    assert server.fits("字" * 4000)
    assert not spec("mastodon").fits("字" * 4000)


# --- Bluesky ---------------------------------------------------------------------------------


def test_bluesky_counts_graphemes_with_a_300_limit() -> None:
    assert measure("bluesky", FAMILY * 3 + "中文") == 5
    assert limit("bluesky") == 300
    assert spec("bluesky").fits("比" * 300)
    assert not spec("bluesky").fits("比" * 301)


def test_bluesky_rejects_text_over_3000_bytes_within_300_graphemes() -> None:
    text = FAMILY * 150  # 150 graphemes, 25 bytes each
    assert measure("bluesky", text) == 150
    assert len(text.encode()) == 3750
    assert not spec("bluesky").fits(text)
    assert spec("bluesky").fits(FAMILY * 120)


def test_bluesky_byte_ceiling_binds_long_cjk_text_under_a_raised_grapheme_limit() -> None:
    roomy = spec("bluesky", limit=2000)
    assert roomy.fits("比" * 1000)  # 3000 bytes
    assert not roomy.fits("比" * 1001)


# --- Telegram, Discord, Threads, Gate Square, webhook ---------------------------------------


def test_telegram_counts_utf16_code_units() -> None:
    assert measure("telegram", PARTY * 3) == 6
    assert measure("telegram", PARTY + "a" + FAMILY) == 2 + 1 + 11
    assert spec("telegram").fits(PARTY * 2048)
    assert not spec("telegram").fits(PARTY * 2049)


def test_telegram_unit_can_be_switched_to_code_points() -> None:
    assert spec("telegram", unit="codepoints").measure(PARTY * 3) == 3


def test_telegram_caption_limit_is_1024() -> None:
    assert limit("telegram") == 4096
    assert limit("telegram_caption") == 1024


def test_discord_counts_code_points_up_to_2000() -> None:
    assert measure("discord", FAMILY) == 7
    assert measure("discord", "比特幣" + PARTY) == 4
    assert limit("discord") == 2000


def test_threads_counts_emoji_by_utf8_bytes() -> None:
    assert measure("threads", "比特幣") == 3
    assert measure("threads", PARTY) == 4
    assert measure("threads", "\u2764\ufe0f") == 6
    assert measure("threads", FAMILY) == 25
    assert measure("threads", "Go" + PARTY + "!") == 2 + 4 + 1
    assert limit("threads") == 500


def test_gate_square_has_an_overridable_house_limit() -> None:
    assert limit("gate_square") == 5000
    assert measure("gate_square", "比特幣" + PARTY) == 4
    assert spec("gate_square", limit=1000).limit == 1000


def test_webhook_has_no_practical_limit() -> None:
    assert spec("webhook").fits("字" * 200_000)


def test_empty_text_measures_zero_everywhere() -> None:
    assert all(p.measure("") == 0 for p in PLATFORMS.values())


# --- specs and overrides ---------------------------------------------------------------------


def test_unknown_platform_is_a_value_error_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown platform 'myspace'.*mastodon"):
        measure("myspace", "hi")
    with pytest.raises(ValueError, match="unknown platform"):
        limit("myspace")
    with pytest.raises(ValueError, match="unknown platform"):
        spec("myspace")


def test_override_with_none_keeps_the_default() -> None:
    assert spec("x", limit=None) == PLATFORMS["x"]


def test_unknown_override_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown setting"):
        spec("x", {"max_chars": 10})


@pytest.mark.parametrize("overrides", [{"limit": 0}, {"limit": "500"}, {"unit": "words"}, {"max_bytes": -1}, {"url_length": 23}])
def test_invalid_override_is_a_value_error(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        spec("x", overrides)


def test_twitter_text_config_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="unknown twitter-text config keys: colour"):
        TwitterTextConfig.from_mapping({**v3_json(), "colour": "blue"})


def test_custom_weight_ranges_take_the_first_range_that_matches() -> None:
    config = dataclasses.replace(
        TWITTER_TEXT_V3,
        ranges=(platforms.WeightRange(0x4E00, 0x4E00, 100), platforms.WeightRange(0, 0x10FFFF, 300)),
    )
    assert spec("x", twitter_text=config).measure("一丁a") == 1 + 3 + 3


# --- Unicode helpers -------------------------------------------------------------------------

GRAPHEME = regex.compile(r"\X")


def test_every_bmp_emoji_is_found() -> None:
    """The fast pre-scan must never hide an emoji the `regex` module knows."""
    emoji = regex.compile(r"(?V1)[\p{Emoji}--[#*0-9]]")
    bmp = [chr(c) for c in range(0xA0, 0x10000) if not 0xD800 <= c <= 0xDFFF and emoji.match(chr(c))]
    assert bmp
    missed = [c for c in bmp if emoji_spans(c + "\ufe0f") != [(0, 2)]]
    assert missed == []


def test_every_joining_code_point_is_noticed() -> None:
    """The fast pre-scan must never hide a code point that joins a grapheme cluster."""
    joiner = regex.compile(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=L}\p{GCB=V}\p{GCB=T}]")
    joiners = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF and joiner.match(chr(c))]
    assert joiners
    missed = [c for c in joiners if not has_grapheme_joiners("\u4e00" + c)]
    assert missed == []


mixed_text = st.text(
    alphabet=st.sampled_from(["a", "Z", "1", " ", "\n", "\r", "比", "。", "\u0301", "\u200d", "\U0001f468", "\U0001f3fb", "\U0001f1f9", "\u1100", "\u1161", "\ufe0f", PARTY]),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_grapheme_count_agrees_with_regex_clusters(text: str) -> None:
    assert grapheme_count(text) == len(GRAPHEME.findall(text))


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_grapheme_boundaries_agree_with_regex_clusters(text: str) -> None:
    expected = [0, *(m.end() for m in GRAPHEME.finditer(text))]
    assert platforms.grapheme_boundaries(text) == expected
