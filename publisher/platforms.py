"""Platform limits and exact post lengths, each in the platform's own unit.

A platform is described by a `PlatformSpec`: the unit it counts in, its limit and the rules
that change what counts (URLs at a fixed length, remote mentions, a byte ceiling). The table
`PLATFORMS` holds the defaults; `spec()` applies per-channel overrides (a Mastodon server's own
limit). `measure()` and `limit()` are the simple defaults built on it.

Sources of the rules (one line each):
- x: twitter-text v3 parseTweet (NFC, weighted ranges, emoji sequences weigh 200/scale 100,
  every extracted URL weighs transformedURLLength 23), github.com/twitter/twitter-text.
- mastodon: StatusLengthValidator counts `each_grapheme_cluster`, each URL with a protocol as
  23 chars and `@user@domain` as `@user`; 500 by default, set per server (mastodon/mastodon).
- bluesky: lexicon app.bsky.feed.post `text`: maxGraphemes 300, maxLength 3000 UTF-8 bytes.
- telegram: tdlib checks `utf8_length(text) > message_text_length_max` (4096) after entity
  parsing, i.e. code points, not UTF-16 units (td MessageContent.cpp; a live probe in
  FerroxLabs/wayland#934 saw 4096 astral emoji accepted); captions: message_caption_length_max
  1024.
- discord: 2000; the API is Python 3 and counts `len(str)`, code points (discord-api-docs#1315).
- threads: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8
  bytes." (Threads API, Posts > Limitations).
- gate_square: no published API limit; a house default of 5000 code points, overridable.
- webhook: our own JSON endpoint, no practical limit.

The heavy parts (the `regex` module, URL and emoji patterns, TLD lists) load on first use, so
importing this module stays cheap.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    import re

Unit = Literal["weighted", "graphemes", "codepoints", "utf16", "threads"]
UrlSyntax = Literal["twitter", "mastodon"]

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class WeightRange:
    """Code points `start..end` (inclusive) weigh `weight` (in the config's scale)."""

    start: int
    end: int
    weight: int


@dataclass(frozen=True)
class TwitterTextConfig:
    """twitter-text's weighting configuration (the fields of its v2.json / v3.json).

    The limit is not part of it: it lives on `PlatformSpec.limit`.
    """

    version: int
    scale: int
    default_weight: int
    ranges: tuple[WeightRange, ...]
    emoji_parsing: bool
    transformed_url_length: int

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TwitterTextConfig:
        """Read twitter-text's JSON shape; `maxWeightedTweetLength` is accepted and ignored."""
        known = {"version", "maxWeightedTweetLength", "scale", "defaultWeight", "ranges",
                 "emojiParsingEnabled", "transformedURLLength"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown twitter-text config keys: {', '.join(unknown)}")
        return cls(
            version=int(data["version"]),
            scale=int(data["scale"]),
            default_weight=int(data["defaultWeight"]),
            ranges=tuple(WeightRange(int(r["start"]), int(r["end"]), int(r["weight"])) for r in data["ranges"]),
            emoji_parsing=bool(data.get("emojiParsingEnabled", False)),
            transformed_url_length=int(data["transformedURLLength"]),
        )

    @cached_property
    def weigh(self) -> Callable[[str], int]:
        """A function summing the weights of a string's code points (not scaled)."""
        return _weigher(self.ranges, self.default_weight)


TWITTER_TEXT_V3 = TwitterTextConfig(
    version=3,
    scale=100,
    default_weight=200,
    ranges=(
        WeightRange(0, 4351, 100),  # Basic Latin .. Georgian
        WeightRange(8192, 8205, 100),  # spaces, ZWNJ, ZWJ
        WeightRange(8208, 8223, 100),  # hyphens and quotes
        WeightRange(8242, 8247, 100),  # primes
    ),
    emoji_parsing=True,
    transformed_url_length=23,
)


@dataclass(frozen=True)
class PlatformSpec:
    """How one platform (or one channel, after overrides) counts a post and where it stops.

    `url_length` makes every URL found by the `urls` grammar count as that many units, and
    `local_mentions` counts `@user@domain` as `@user` (both Mastodon); they do not apply to the
    `weighted` unit, whose URL rule is part of `twitter_text`. `max_bytes` is a second ceiling
    in UTF-8 bytes that `fits` checks besides `limit` (Bluesky).
    """

    name: str
    unit: Unit
    limit: int
    max_bytes: int | None = None
    url_length: int | None = None
    urls: UrlSyntax = "twitter"
    local_mentions: bool = False
    twitter_text: TwitterTextConfig = TWITTER_TEXT_V3

    def __post_init__(self) -> None:
        if self.unit not in get_args(Unit):
            raise ValueError(f"{self.name}: unknown unit {self.unit!r}; use one of {', '.join(get_args(Unit))}")
        if self.urls not in get_args(UrlSyntax):
            raise ValueError(f"{self.name}: unknown URL syntax {self.urls!r}; use one of {', '.join(get_args(UrlSyntax))}")
        if not isinstance(self.limit, int) or self.limit <= 0:
            raise ValueError(f"{self.name}: limit must be a positive integer, not {self.limit!r}")
        if self.max_bytes is not None and (not isinstance(self.max_bytes, int) or self.max_bytes <= 0):
            raise ValueError(f"{self.name}: max_bytes must be a positive integer, not {self.max_bytes!r}")
        if self.url_length is not None and (not isinstance(self.url_length, int) or self.url_length < 0):
            raise ValueError(f"{self.name}: url_length must be a non-negative integer, not {self.url_length!r}")
        if self.unit == "weighted" and (self.url_length is not None or self.local_mentions):
            raise ValueError(f"{self.name}: the weighted unit takes its URL rule from twitter_text")

    def measure(self, text: str) -> int:
        """The length of `text` in this platform's unit."""
        if self.unit == "weighted":
            return weighted_length(text, self.twitter_text)
        if self.url_length is not None or self.local_mentions:
            text = _countable_text(text, self.url_length, self.urls, self.local_mentions)
        return _COUNTERS[self.unit](text)

    def fits(self, text: str) -> bool:
        """Whether `text` satisfies every constraint of the platform (length and bytes)."""
        if self.max_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > self.max_bytes:
            return False
        return self.measure(text) <= self.limit


PLATFORMS: Mapping[str, PlatformSpec] = MappingProxyType({
    "x": PlatformSpec("x", "weighted", 280),
    # Telegram: UTF-16 code units, as the Bot API measures entity offsets. tdlib itself
    # counts code points, which is never more, so a text that fits here fits there too.
    "telegram": PlatformSpec("telegram", "utf16", 4096),
    "telegram_caption": PlatformSpec("telegram_caption", "utf16", 1024),
    "discord": PlatformSpec("discord", "codepoints", 2000),
    "mastodon": PlatformSpec("mastodon", "graphemes", 500, url_length=23, urls="mastodon", local_mentions=True),
    "bluesky": PlatformSpec("bluesky", "graphemes", 300, max_bytes=3000),
    "threads": PlatformSpec("threads", "threads", 500),
    "gate_square": PlatformSpec("gate_square", "codepoints", 5000),
    "webhook": PlatformSpec("webhook", "codepoints", 1_000_000),
})

_FIELDS = frozenset(f.name for f in dataclasses.fields(PlatformSpec)) - {"name"}


def spec(platform: str, overrides: Mapping[str, Any] | None = None, **fields: Any) -> PlatformSpec:
    """The spec of `platform` with per-channel overrides (a mapping and/or keywords).

    An override whose value is None keeps the default, so `spec(p, limit=channel.limit)` works
    for channels without a limit of their own. `twitter_text` may be a `TwitterTextConfig` or a
    mapping in twitter-text's JSON shape.
    """
    base = _base(platform)
    changes = {k: v for k, v in {**(overrides or {}), **fields}.items() if v is not None}
    unknown = sorted(set(changes) - _FIELDS)
    if unknown:
        raise ValueError(f"{platform}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_FIELDS))}")
    if isinstance(changes.get("twitter_text"), Mapping):
        changes["twitter_text"] = TwitterTextConfig.from_mapping(changes["twitter_text"])
    return dataclasses.replace(base, **changes) if changes else base


def measure(platform: str, text: str) -> int:
    """The length of `text` on `platform`, in the platform's own unit."""
    return _base(platform).measure(text)


def limit(platform: str) -> int:
    """The default limit of `platform`, in the unit `measure` counts."""
    return _base(platform).limit


def _base(platform: str) -> PlatformSpec:
    try:
        return PLATFORMS[platform]
    except (KeyError, TypeError):
        raise ValueError(f"unknown platform {platform!r}; known platforms: {', '.join(PLATFORMS)}") from None


# --- units -------------------------------------------------------------------------------


def grapheme_count(text: str) -> int:
    """Extended grapheme clusters (UAX #29), what users see as characters."""
    if not has_grapheme_joiners(text):
        return len(text)
    return len(_unicode_patterns().grapheme.findall(text))


def has_grapheme_joiners(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether two code points of `text[start:end]` may belong to one grapheme cluster.

    When not, every code point is a cluster of its own, which spares the `\\X` scan.
    """
    end = len(text) if end is None else end
    if text.isascii():
        return "\r\n" in text[start:end]
    joiner = None
    for maybe in _text_patterns().maybe_joiner.finditer(text, start, end):
        joiner = joiner or _unicode_patterns().joiner
        if joiner.match(text, maybe.start()):
            return True
    return False


def grapheme_boundaries(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """The positions in `[start, end]` between grapheme clusters; `start` must be one."""
    end = len(text) if end is None else end
    if not has_grapheme_joiners(text, start, end):
        return list(range(start, end + 1))
    return [start, *(m.end() for m in _unicode_patterns().grapheme.finditer(text, start, end))]


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the emoji sequences in `text` (UTS #51, with twitter-text's presentation rules)."""
    spans: list[tuple[int, int]] = []
    for run in _text_patterns().emoji_run.finditer(text):
        start = run.start()
        if start and text[start - 1] in "#*0123456789":
            start -= 1  # the base of a keycap sequence
        spans += [m.span() for m in _unicode_patterns().emoji.finditer(text, start, run.end())]
    return spans


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _threads_length(text: str) -> int:
    """Code points, except that an emoji counts its UTF-8 bytes (Threads API)."""
    extra = 0
    for start, end in emoji_spans(text):
        extra += len(text[start:end].encode("utf-8")) - (end - start)
    return len(text) + extra


_COUNTERS: Mapping[str, Callable[[str], int]] = {
    "graphemes": grapheme_count,
    "codepoints": len,
    "utf16": _utf16_units,
    "threads": _threads_length,
}


def _countable_text(text: str, url_length: int | None, syntax: UrlSyntax, local_mentions: bool) -> str:
    """Mastodon's `countable_text`: URLs become `url_length` x's, `@user@domain` becomes `@user`.

    URLs and mentions that overlap keep the one that starts first, as Mastodon's
    `remove_overlapping_entities` does.
    """
    entities: list[tuple[int, int, str]] = []
    if url_length is not None:
        entities += [(start, end, "x" * url_length) for start, end in extract_urls(text, syntax)]
    if local_mentions and "@" in text:
        entities += [(m.start(), m.end(), "@" + m.group(1)) for m in _remote_mentions(text)]
    if not entities:
        return text
    entities.sort()
    out: list[str] = []
    cursor = 0
    for start, end, replacement in entities:
        if start < cursor:
            continue
        out += (text[cursor:start], replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _remote_mentions(text: str) -> list[re.Match[str]]:
    """Mentions with a domain, as Mastodon's Account::MENTION_RE finds them.

    A mention followed by `@`, a Latin accented letter or `://` is not one (twitter-text's
    end_mention_match, which Mastodon's extractor applies).
    """
    patterns = _text_patterns()
    return [m for m in patterns.mention.finditer(text) if m.group(2) and not patterns.mention_end.match(text, m.end())]


# --- twitter-text weighted length -----------------------------------------------------------


def weighted_length(text: str, config: TwitterTextConfig = TWITTER_TEXT_V3) -> int:
    """twitter-text's `parseTweet(text).weightedLength` for `config`.

    The text is NFC-normalized; each code point weighs by the first range holding it (else the
    default weight); each URL weighs `transformed_url_length`; with emoji parsing on, each emoji
    sequence weighs the default weight. URLs win over emoji that start inside them, as the
    reference scans left to right and skips what a URL consumed.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    spans = [(start, 0, end, config.transformed_url_length * config.scale) for start, end in extract_urls(text)]
    if config.emoji_parsing:
        spans += [(start, 1, end, config.default_weight) for start, end in emoji_spans(text)]
    if not spans:
        return config.weigh(text) // config.scale
    spans.sort()
    total = 0
    rest: list[str] = []
    cursor = 0
    for start, _, end, weight in spans:
        if start < cursor:
            continue
        rest.append(text[cursor:start])
        total += weight
        cursor = end
    rest.append(text[cursor:])
    total += config.weigh("".join(rest))
    return total // config.scale


def _weigher(ranges: tuple[WeightRange, ...], default: int) -> Callable[[str], int]:
    """A function summing the weights of a string's code points under `ranges`.

    Ranges are grouped by weight into one character class each, earlier ranges winning where
    they overlap, so a string is weighed with one C-level `sub` per distinct weight.
    """
    import re

    covered: list[tuple[int, int]] = []
    by_weight: dict[int, list[tuple[int, int]]] = {}
    for r in ranges:
        for piece in _subtract((r.start, r.end), covered):
            by_weight.setdefault(r.weight, []).append(piece)
        covered.append((r.start, r.end))
    classes = [
        (re.compile("[" + "".join(f"{_escape(a)}-{_escape(b)}" for a, b in pieces) + "]+"), weight - default)
        for weight, pieces in by_weight.items()
        if weight != default
    ]

    def weigh(text: str) -> int:
        total = default * len(text)
        for pattern, delta in classes:
            total += delta * (len(text) - len(pattern.sub("", text)))
        return total

    return weigh


def _subtract(span: tuple[int, int], covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [span]
    for c_start, c_end in covered:
        pieces = [
            part
            for start, end in pieces
            for part in ((start, min(end, c_start - 1)), (max(start, c_end + 1), end))
            if part[0] <= part[1]
        ]
    return pieces


def _escape(code_point: int) -> str:
    return f"\\U{code_point:08x}"


# --- URL extraction (twitter-text) -----------------------------------------------------------


def extract_urls(text: str, syntax: UrlSyntax = "twitter") -> list[tuple[int, int]]:
    """Spans `[start, end)` (code points) of the URLs twitter-text's extractor finds in `text`.

    A port of twitter-text's Java `Extractor.extractURLsWithIndices`, the reference X's own
    backend uses: URLs with `http(s)://`, and URLs without a protocol whose domain is ASCII and
    ends in a TLD from twitter-text's list; the host must pass IDNA (labels of 1..63 characters)
    and the URL must stay within 4096 characters.

    `syntax="mastodon"` is Mastodon's patched grammar as its length validator runs it: more
    protocols, paths up to whitespace or `<>()?`, and only URLs with a protocol (those without
    are still matched, so what they cover hides other URLs, as in the reference).
    """
    if "." not in text:
        return []
    grammar = _url_grammar(syntax)
    starts = [m.start() for m in grammar.candidate.finditer(text)]
    if starts[:2] == [0, 1]:
        # The reference regex consumes the character before a URL, and at position 0 it tries
        # a URL after that character before a URL at 0 itself.
        starts[:2] = [1, 0]
    urls: list[tuple[int, int]] = []
    cursor = 0
    for start in starts:
        if max(start - 1, 0) < cursor:
            continue  # that character belongs to the previous match
        found = _url_at(text, start, grammar)
        if found is None:
            continue
        end, protocol, host = found
        cursor = end
        if protocol is None and (not grammar.without_protocol or (start > 0 and text[start - 1] in "-_./")):
            continue
        if protocol is not None and grammar.tco is not None and (tco := grammar.tco.match(text, start, end)):
            if len(tco.group(1)) > _MAX_TCO_SLUG:
                continue
            end = tco.end()
        if _valid_host_and_length(end - start, protocol, host):
            urls.append((start, end))
    return urls


_MAX_URL = 4096
_MAX_TCO_SLUG = 40
_MAX_LABEL = 63


def _valid_host_and_length(url_length: int, protocol: str | None, host: str) -> bool:
    """Java `Extractor.isValidHostAndLength`: IDNA-encodable host, URL within 4096 characters."""
    if host.isascii():
        if not all(0 < len(label) <= _MAX_LABEL for label in host.split(".")):
            return False
        encoded = len(host)
    else:
        from encodings import idna

        try:
            encoded = len(b".".join(idna.ToASCII(label) for label in host.split(".")))
        except UnicodeError:
            return False
    return url_length + encoded - len(host) + (0 if protocol else len("https://")) <= _MAX_URL


@dataclass(frozen=True)
class _UrlGrammar:
    without_protocol: bool  # whether URLs without a protocol count
    candidate: re.Pattern[str]
    protocol: re.Pattern[str]
    sub_label: re.Pattern[str]
    name_label: re.Pattern[str]
    unicode_label: re.Pattern[str]
    tail: re.Pattern[str]
    tco: re.Pattern[str] | None
    ascii_tlds: frozenset[str]
    unicode_tlds: Mapping[str, tuple[str, ...]]


def _url_at(text: str, start: int, grammar: _UrlGrammar) -> tuple[int, str | None, str] | None:
    """Where a URL starting at `start` ends, with its protocol and host, or None.

    The domain part follows the reference regex's backtracking order: as many subdomains as
    possible, then fewer, each time one domain label and a TLD; after `http(s)://` also one
    Unicode label and a gTLD/ccTLD. Port, path and query are optional, so they never undo it.
    """
    protocol_match = grammar.protocol.match(text, start)
    if protocol_match:
        domain_start = protocol_match.end()
        domain_end = _domain_end(text, domain_start, grammar, after_protocol=True)
        if domain_end is None:
            return None
        protocol: str | None = protocol_match.group()
    else:
        domain_start = start
        domain_end = _domain_end(text, domain_start, grammar, after_protocol=False)
        if domain_end is None:
            return None
        protocol = None
    tail = grammar.tail.match(text, domain_end)
    return tail.end(), protocol, text[domain_start:domain_end]


def _domain_end(text: str, start: int, grammar: _UrlGrammar, *, after_protocol: bool) -> int | None:
    subdomain_ends = [start]
    while match := grammar.sub_label.match(text, subdomain_ends[-1]):
        subdomain_ends.append(match.end())
    for name_start in reversed(subdomain_ends):
        name = grammar.name_label.match(text, name_start)
        if name:
            end = _tld_end(text, name.end(), grammar, punycode=True)
            if end is not None:
                return end
    if after_protocol:
        label = grammar.unicode_label.match(text, start)
        if label:
            return _tld_end(text, label.end(), grammar, punycode=False)
    return None


def _tld_end(text: str, start: int, grammar: _UrlGrammar, *, punycode: bool) -> int | None:
    """End of a TLD at `start` that no ASCII letter, digit, `@`, `+` or `-` follows."""
    end = start
    while end < len(text) and text[end] in _ASCII_ALNUM:
        end += 1
    if end > start:
        if text[start:end].lower() in grammar.ascii_tlds and not _continues_tld(text, end):
            return end
        if punycode and text[start:start + 4].lower() == "xn--":
            end = start + 4
            while end < len(text) and (text[end] in _ASCII_ALNUM or text[end] == "-"):
                end += 1
            return end if end > start + 4 else None
        return None
    for tld in grammar.unicode_tlds.get(text[start:start + 1], ()):
        if text.startswith(tld, start) and not _continues_tld(text, start + len(tld)):
            return start + len(tld)
    return None


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_TLD_CONTINUATION = _ASCII_ALNUM | frozenset("@+-")


def _continues_tld(text: str, end: int) -> bool:
    return end < len(text) and text[end] in _TLD_CONTINUATION


# Character classes of twitter-text's Regex.java (Apache-2.0).
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    "\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
_DOMAIN_CHARS = "A-Za-z0-9" + _LATIN_ACCENTS
# Characters that may not precede a URL: ASCII letters and digits, @, $, #, BOMs, U+FFFF.
_NOT_BEFORE_URL = "A-Za-z0-9@\uff20$#\uff03\ufffe\ufeff\uffff"
_SPACES = " \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Unicode domain characters: not punctuation, space, or the General Punctuation block.
_UNICODE_DOMAIN_CHAR = "[^\\-_!\"#$%&'()*+,./:;<=>?@\\[\\]^`{|}~\\s" + _SPACES + "\u2000-\u206f]"
_TWITTER_PATH_CHAR = f"[a-z0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~|&@{_LATIN_ACCENTS}{_CYRILLIC}]"
_TWITTER_PATH_END = f"[a-z0-9=_#/\\-+{_LATIN_ACCENTS}{_CYRILLIC}]"
_TWITTER_QUERY = "[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@]"
_TWITTER_QUERY_END = "[a-z0-9\\-_&=#/]"
# Mastodon's config/initializers/twitter_regex.rb.
_MASTODON_PROTOCOLS = ("https?", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "gemini")
_MASTODON_PATH_CHAR = "[^\\s<>()?]"
_MASTODON_PATH_END = "[^\\s()?!*\"'\u300c\u300d<>;:=,.$%\\[\\]~&|@]"
_MASTODON_UCHARS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
_MASTODON_QUERY = f"[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@^{_MASTODON_UCHARS}]"
_MASTODON_QUERY_END = f"[a-z0-9_&=#/\\-{_MASTODON_UCHARS}]"


def _path_pattern(char: str, end: str, at_path: str) -> str:
    """twitter-text's valid_url_path: balanced parentheses, and no trailing punctuation."""
    parens = f"\\((?:{char}+|(?:{char}*\\({char}+\\){char}*))\\)"
    return f"(?:(?:{char}*(?:{parens}{char}*)*(?:{end}|{parens}))|(?:{at_path}{char}+/))"


@cache
def _url_grammar(syntax: UrlSyntax) -> _UrlGrammar:
    import re

    if syntax == "twitter":
        protocols: tuple[str, ...] = ("https?",)
        path = _path_pattern(_TWITTER_PATH_CHAR, _TWITTER_PATH_END, "@")
        query = f"\\?{_TWITTER_QUERY}*{_TWITTER_QUERY_END}"
    else:
        protocols = _MASTODON_PROTOCOLS
        path = _path_pattern(_MASTODON_PATH_CHAR, _MASTODON_PATH_END, "")
        query = f"\\?{_MASTODON_QUERY}*{_MASTODON_QUERY_END}"
    protocol = "(?:" + "|".join(protocols) + ")://"
    # Where a URL may start: a domain character that no letter or digit precedes, from which
    # `letters://` or a dot followed by a label or TLD is in reach. It may propose more than
    # a URL grammar accepts; `_url_at` decides.
    candidate = f"[{_DOMAIN_CHARS}](?<![{_NOT_BEFORE_URL}].)(?=[A-Za-z]*://|[{_DOMAIN_CHARS}_\\-]*\\.(?:[{_DOMAIN_CHARS}]|[^\\x00-\\x7f]))"
    unicode_tlds: dict[str, list[str]] = {}
    ascii_tlds: set[str] = set()
    for tld in _tlds("twitter_gtlds.txt") + _tlds("twitter_cctlds.txt"):
        if tld.isascii():
            ascii_tlds.add(tld.lower())
        else:
            unicode_tlds.setdefault(tld[0], []).append(tld)
    return _UrlGrammar(
        without_protocol=syntax == "twitter",
        candidate=re.compile(candidate),
        protocol=re.compile(protocol, re.IGNORECASE),
        sub_label=re.compile(f"[{_DOMAIN_CHARS}](?:[{_DOMAIN_CHARS}\\-_]*[{_DOMAIN_CHARS}])?\\."),
        name_label=re.compile(f"[{_DOMAIN_CHARS}](?:[{_DOMAIN_CHARS}\\-]*[{_DOMAIN_CHARS}])?\\."),
        unicode_label=re.compile(f"{_UNICODE_DOMAIN_CHAR}(?:(?:{_UNICODE_DOMAIN_CHAR}|-)*{_UNICODE_DOMAIN_CHAR})?\\."),
        tail=re.compile(f"(?::[0-9]++)?(?:/{path}*+)?(?:{query})?", re.IGNORECASE),
        tco=re.compile(f"https?://t\\.co/([a-z0-9]+)(?:{query})?", re.IGNORECASE) if syntax == "twitter" else None,
        ascii_tlds=frozenset(ascii_tlds),
        # Longest first, as twitter-text lists a TLD before its own prefixes (嘉里大酒店, 嘉里).
        unicode_tlds={c: tuple(sorted(ts, key=len, reverse=True)) for c, ts in unicode_tlds.items()},
    )


def _tlds(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# --- Unicode patterns (emoji, graphemes, mentions) ------------------------------------------

# BMP code points that are neither emoji nor emoji components (except the keycap bases #*0-9),
# and BMP code points that join no neighbour into a grapheme cluster; tests check both against
# the `regex` module's Unicode data. Scanning for what lies outside them is a fast `re`
# bitmap test, so the `regex` engine only runs where an emoji or a joiner may be.
_NOT_EMOJI = (
    r"\x00-\u00a8\u00aa-\u00ad\u00af-\u200c\u200e-\u203b\u3000-\u302f\u3031-\u303c"
    r"\u303e-\u3296\u3298\u329a-\ud7ff\ue000-\ufe0d\ufe10-\uffff"
)
_NOT_JOINER = (
    r"\x00-\x0c\x0e-\u02ff\u2000-\u200b\u200e-\u20cf\u2100-\u2cee\u2cf2-\u2d7e\u2d80-\u2ddf"
    r"\u2e00-\u3029\u3030-\u3098\u309b-\u9fff\uac00-\ud7a3\uff00-\uff9d\uffa0-\uffef"
)


@dataclass(frozen=True)
class _TextPatterns:
    emoji_run: re.Pattern[str]
    maybe_joiner: re.Pattern[str]
    mention: re.Pattern[str]
    mention_end: re.Pattern[str]


@cache
def _text_patterns() -> _TextPatterns:
    import re

    username = "[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*"
    return _TextPatterns(
        emoji_run=re.compile(f"[^{_NOT_EMOJI}]+"),
        maybe_joiner=re.compile(f"[^{_NOT_JOINER}]"),
        # Mastodon's Account::MENTION_RE; group 1 is the local part, group 2 the domain.
        mention=re.compile(f"@(?<![=/\\w]@)((?i:{username}))(?:@(\\w+(?:[.-]+\\w+)*))?"),
        mention_end=re.compile(f"[@\uff20{_LATIN_ACCENTS}]|://"),
    )


@dataclass(frozen=True)
class _UnicodePatterns:
    emoji: Any
    grapheme: Any
    joiner: Any


@cache
def _unicode_patterns() -> _UnicodePatterns:
    """Patterns that need Unicode properties: `regex` is imported on first use only."""
    import regex

    # UTS #51 emoji sequences, with twitter-text's presentation rules: a text-default emoji
    # counts unless followed by VS15, but (c), (r), TM and the chess pawn need VS16; keycaps
    # need U+20E3; a skin tone joins only an Emoji_Modifier_Base.
    needs_vs16 = "\u00a9\u00ae\u2122\u265f"
    element = (
        "(?:[\\p{Emoji_Presentation}--\\p{RI}]\ufe0f?"
        f"|[\\p{{Emoji}}--\\p{{Emoji_Presentation}}--[#*0-9{needs_vs16}]](?:\ufe0f|(?!\ufe0e))"
        f"|[{needs_vs16}]\ufe0f)"
        "(?:(?<=\\p{EBase}\ufe0f?)\\p{EMod})?"
        "(?:[\U000e0020-\U000e007e]+\U000e007f)?"
    )
    return _UnicodePatterns(
        emoji=regex.compile(f"(?V1)[#*0-9]\ufe0f?\u20e3|\\p{{RI}}\\p{{RI}}|{element}(?:\u200d{element})*"),
        grapheme=regex.compile("\\X"),
        # UAX #29: what can join a neighbour (GB3, GB6-GB9c, GB11-GB13).
        joiner=regex.compile("[\\r\\p{GCB=Extend}\\p{GCB=ZWJ}\\p{GCB=SpacingMark}\\p{GCB=Prepend}\\p{GCB=RI}\\p{GCB=L}\\p{GCB=V}\\p{GCB=T}]"),
    )
