"""Thread splitting: cut ranks, protected tokens, numbering, and properties over random posts."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.platforms import PlatformSpec, spec
from publisher.split import NO_END, NO_START, UnsplittableError, split_post

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
FLAG_TW = "\U0001f1f9\U0001f1fc"
SUFFIX = re.compile(r"\n(\d+)/(\d+)\Z")


def chars(n: int):
    """A `fits` that allows `n` code points."""
    return lambda text: len(text) <= n


def bodies(parts: list[str]) -> list[str]:
    """The parts without their `\\n{i}/{n}` suffixes, checking the numbering on the way."""
    if len(parts) == 1:
        return parts
    out = []
    for i, part in enumerate(parts, 1):
        match = SUFFIX.search(part)
        assert match, f"part {i} has no numbering: {part!r}"
        assert (int(match[1]), int(match[2])) == (i, len(parts))
        out.append(part[: match.start()])
    return out


def assert_rebuilds(text: str, pieces: list[str]) -> None:
    """The pieces are the text in order, apart from whitespace where it was cut."""
    position = 0
    for piece in pieces:
        while position < len(text) and text[position].isspace() and not text.startswith(piece, position):
            position += 1
        assert text.startswith(piece, position), f"{piece!r} does not follow at {position} in {text!r}"
        position += len(piece)
    assert text[position:].strip() == ""


# --- basic behaviour -------------------------------------------------------------------------


def test_text_that_fits_is_returned_unchanged() -> None:
    text = "  比特幣突破九萬美元。\n\n"
    assert split_post(text, chars(100)) == [text]


def test_cuts_at_the_blank_line_between_paragraphs() -> None:
    text = "第一段，很短。第二句。\n\n第二段。"
    assert split_post(text, chars(16)) == ["第一段，很短。第二句。\n1/2", "第二段。\n2/2"]


def test_cuts_at_a_line_break_before_a_sentence_end() -> None:
    text = "活動時間：一月八日。報名\n詳情見公告。"
    assert bodies(split_post(text, chars(17))) == ["活動時間：一月八日。報名", "詳情見公告。"]


def test_cuts_after_a_sentence_end_before_a_clause_mark() -> None:
    text = "比特幣上漲，以太幣下跌。市場觀望，交易清淡。"
    assert bodies(split_post(text, chars(16))) == ["比特幣上漲，以太幣下跌。", "市場觀望，交易清淡。"]


def test_cuts_after_an_english_period_followed_by_space_but_not_in_a_decimal() -> None:
    text = "BTC rose 1.5 percent today. ETH fell 2.5 percent."
    assert bodies(split_post(text, chars(35))) == ["BTC rose 1.5 percent today.", "ETH fell 2.5 percent."]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "他說：「比特幣會漲。」（我不信。）然後走了。"
    assert bodies(split_post(text, chars(16))) == ["他說：「比特幣會漲。」", "（我不信。）然後走了。"]


def test_cuts_at_clause_marks_when_a_sentence_is_too_long() -> None:
    text = "這是一個很長的句子，中間有逗號、頓號；還有分號，最後結束。"
    parts = bodies(split_post(text, chars(16)))
    assert parts == ["這是一個很長的句子，", "中間有逗號、頓號；", "還有分號，最後結束。"]


def test_packs_several_sentences_into_one_part() -> None:
    text = "一。二。三。四。五。六。七。"
    assert bodies(split_post(text, chars(12))) == ["一。二。三。四。", "五。六。七。"]


def test_no_part_starts_with_closing_punctuation_between_characters() -> None:
    text = "甲乙丙丁戊己庚辛」、。壬癸子丑寅卯辰巳午未申酉"
    parts = bodies(split_post(text, chars(12)))
    assert all(part[0] not in NO_START for part in parts)
    assert "".join(parts) == text


def test_no_part_ends_with_an_opening_bracket() -> None:
    text = "甲乙丙丁戊己「庚辛壬癸子丑寅卯辰巳午未」申酉"
    parts = bodies(split_post(text, chars(11)))
    assert all(part[-1] not in NO_END for part in parts)
    assert "".join(parts) == text


@pytest.mark.parametrize(
    "token",
    [
        "https://www.gate.com/questionnaire/7315",
        "gate.com/signup",
        "#比特幣新年",
        "#bitcoin",
        "$BTC",
        "@gate@mastodon.social",
        "90,000",
        "1.5%",
        "16:00",
        "$60,000",
        "2026-01-08",
        "Nasdaq",
        FAMILY,
        FLAG_TW,
        "e\u0301\u0302",
    ],
)
def test_never_cuts_inside_a_token(token: str) -> None:
    text = f"前文前文前{token}，後文後文後文"
    for room in range(len(token) + 6, len(text) + 5):
        parts = bodies(split_post(text, chars(room)))
        assert any(token in part for part in parts), (room, parts)


def test_cuts_right_after_a_url_followed_by_chinese() -> None:
    url = "https://www.gate.com/questionnaire/7315"
    parts = bodies(split_post(f"報名{url}活動期間一月八日", chars(len(url) + 6)))
    assert parts == [f"報名{url}", "活動期間一月八日"]


def test_hashtag_runs_on_through_chinese_letters_as_on_x() -> None:
    parts = bodies(split_post("活動#新年快樂立即參加，好好好好好", chars(14)))
    assert parts == ["活動", "#新年快樂立即參加，", "好好好好好"]


def test_cuts_between_words_of_a_long_english_sentence() -> None:
    text = "Bitcoin traders watched the Nasdaq closely as AI stocks fell sharply"
    parts = bodies(split_post(text, chars(25)))
    assert " ".join(parts) == text
    assert all(len(part) <= 20 for part in parts)


def test_numbering_counts_toward_the_limit() -> None:
    parts = split_post("甲乙丙丁戊己庚辛壬癸", chars(8))
    assert parts == ["甲乙丙丁\n1/3", "戊己庚辛\n2/3", "壬癸\n3/3"]


def test_numbering_width_is_settled_by_packing_again() -> None:
    # With one-digit numbers two sentences fit a part: 10 parts. Numbered "/10", part 10 holds
    # only one sentence, so an 11th part is needed; "/11" is as wide, and the count settles.
    parts = split_post("字。" * 20, chars(9))
    assert len(parts) == 11
    assert parts[0] == "字。字。\n1/11"
    assert parts[9:] == ["字。\n10/11", "字。\n11/11"]
    assert all(len(part) <= 9 for part in parts)


def test_unnumbered_parts_have_no_suffix() -> None:
    assert split_post("一二三。四五六。", chars(4), numbered=False) == ["一二三。", "四五六。"]


def test_whitespace_at_cuts_is_trimmed_and_no_part_is_empty() -> None:
    text = "  第一段。  \n\n\n   \n  第二段。  \n\n  "
    assert split_post(text, chars(8)) == ["第一段。\n1/2", "第二段。\n2/2"]


def test_whitespace_that_does_not_fit_makes_no_part() -> None:
    assert split_post(" " * 10, chars(3)) == []


def test_a_url_that_cannot_fit_raises_unsplittable_error() -> None:
    url = "https://www.gate.com/" + "a" * 80
    with pytest.raises(UnsplittableError, match="cannot be cut") as caught:
        split_post(f"詳情 {url} 見公告", chars(40))
    assert isinstance(caught.value, ValueError)


def test_x_thread_counts_in_weighted_units() -> None:
    x = spec("x")
    text = "比特幣在十字路口。" * 40 + " https://www.gate.com/announcements/article/49112"
    parts = split_post(text, x.fits)
    assert len(parts) > 1
    assert all(x.measure(part) <= 280 for part in parts)
    assert any("https://www.gate.com/announcements/article/49112" in part for part in parts)
    assert_rebuilds(text, bodies(parts))


def test_bluesky_parts_stay_under_3000_bytes() -> None:
    bluesky = spec("bluesky")
    text = " ".join([FAMILY * 10] * 20)  # 200 graphemes, 5000 bytes
    parts = split_post(text, bluesky.fits)
    assert len(parts) == 2
    assert all(len(part.encode()) <= 3000 for part in parts)
    assert_rebuilds(text, bodies(parts))


# --- properties over random posts -------------------------------------------------------------

CJK = "比特幣市場分析師指出資金流入擴張主因但也有人擔心甲骨文支出過高新春活動獎池"
sentences = st.builds(
    lambda opener, body, mark, closer: opener + body + mark + closer,
    st.sampled_from(["", "", "「", "（", "“"]),
    st.text(alphabet=CJK, min_size=1, max_size=30),
    st.sampled_from(["", "。", "，", "、", "！", "？", "；", "：", ",", "!", "?"]),
    st.sampled_from(["", "", "」", "）", "”"]),
)
words = st.text(alphabet=string.ascii_letters, min_size=1, max_size=10)
ascii_tokens = st.one_of(
    words,
    st.sampled_from(["90,000", "1.5%", "16:00", "$60,000", "2026-01-08", "$BTC", "#bitcoin", "@gate", "@gate@mastodon.social"]),
    st.builds("https://www.gate.com/{}".format, st.text(alphabet=string.ascii_lowercase + string.digits, max_size=15)),
    st.builds("gate.com/{}".format, st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8)),
).map(lambda token: " " + token)
emoji = st.sampled_from(["\U0001f389", FAMILY, FLAG_TW, "\U0001f44b\U0001f3ff", "\u2764\ufe0f", "1\ufe0f\u20e3"])
separators = st.sampled_from([" ", "\n", "\n\n"])
posts = st.lists(st.one_of(sentences, ascii_tokens, emoji, separators), min_size=1, max_size=80).map("".join)
long_posts = st.lists(st.one_of(sentences, ascii_tokens, emoji, separators), min_size=20, max_size=80).map("".join)

# Limits leave room for a few of the largest unbreakable pieces, so a good cut always exists.
platform_specs = st.one_of(
    st.integers(90, 280).map(lambda n: spec("x", limit=n)),
    st.integers(90, 500).map(lambda n: spec("mastodon", limit=n)),
    st.integers(100, 300).map(lambda n: spec("bluesky", limit=n)),
    st.integers(100, 600).map(lambda n: spec("telegram", limit=n)),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(posts, long_posts), platform_specs)
def test_split_parts_fit_rebuild_the_text_and_avoid_bad_edges(text: str, platform: PlatformSpec) -> None:
    parts = split_post(text, platform.fits)
    assert all(platform.fits(part) for part in parts)
    if platform.fits(text):
        assert parts == [text]
        return
    pieces = bodies(parts)
    assert all(piece.strip() == piece and piece for piece in pieces)
    assert_rebuilds(text, pieces)
    assert all(piece[0] not in NO_START for piece in pieces[1:])
    assert all(piece[-1] not in NO_END for piece in pieces[:-1])


@settings(max_examples=60, deadline=None)
@given(posts, st.integers(1, 40))
def test_split_with_any_limit_fits_or_refuses(text: str, room: int) -> None:
    try:
        parts = split_post(text, chars(room))
    except UnsplittableError:
        return
    assert all(len(part) <= room for part in parts)
    assert_rebuilds(text, bodies(parts))
    assert parts or not text.strip()
