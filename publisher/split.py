"""Split a post that is over its platform's limit into a numbered thread.

Cuts are ranked: paragraph (blank line), line break, sentence end (。！？!? or `.` before
whitespace), clause mark (，、；：,;), then any grapheme boundary between words or CJK
characters. A piece of text is split at the best rank it has only when it does not fit alone,
and the pieces are packed greedily into parts, so a part ends at a sentence end unless a
sentence is itself too long. Closing brackets and quotes stay with the punctuation before them;
no part starts with closing punctuation or ends with an opening bracket unless nothing else
fits. Nothing is cut inside a URL, hashtag, cashtag, mention, number, Latin word or grapheme
cluster. Whitespace at a cut is dropped; everything else is kept as it was.

Each part of a thread ends with `\\n{i}/{n}`, counted by `fits` like the rest of the part; `n`
is found by packing again with the count of the previous try until it no longer changes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from publisher.platforms import extract_urls, grapheme_boundaries, has_grapheme_joiners

Fits = Callable[[str], bool]

CLOSERS = ")]}）］｝〕〉》」』】〙〗〟’”｠»›\"'"
OPENERS = "([{（［｛〔〈《「『【〘〖〝‘“｟«‹"
# Characters a part must not start with (closing and CJK punctuation, iteration and
# prolonged-sound marks, small kana: the usual kinsoku rules).
NO_START = frozenset(
    CLOSERS.replace('"', "").replace("'", "")
    + "、。，．：；！？‼⁇⁈⁉…‥・ー々〻ゝゞヽヾ,.:;!?"
    + "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
NO_END = frozenset(OPENERS)

_PARAGRAPH, _LINE, _SENTENCE, _CLAUSE, _WORD, _GRAPHEME = range(6)
_LEVELS = 6
_MAX_NUMBERING_PASSES = 6


class UnsplittableError(ValueError):
    """A piece of the post that cannot be cut (a URL, a word...) does not fit in one part."""


def split_post(text: str, fits: Fits, *, numbered: bool = True) -> list[str]:
    """`[text]` when it fits; otherwise the parts of a thread, each of which fits.

    `fits` decides whether a part (numbering included) is acceptable, e.g. `spec.fits`.
    Whitespace alone that does not fit makes no part at all. Raises `UnsplittableError` when
    some unbreakable piece does not fit even alone.
    """
    if fits(text):
        return [text]
    if not text.strip():
        return []
    plan = _Plan.of(text)
    if not numbered:
        return _pack(plan, fits, None)
    count = 2
    for _ in range(_MAX_NUMBERING_PASSES):
        parts = _pack(plan, fits, count)
        if len(parts) == 1 and fits(parts[0]):
            return parts
        if len(parts) == count:
            return [f"{part}{_suffix(i, count)}" for i, part in enumerate(parts, 1)]
        count = len(parts)
    raise UnsplittableError(f"the thread numbering did not settle (last try: {count} parts)")


def _suffix(index: int, count: int | None) -> str:
    return f"\n{index}/{count}" if count else ""


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    level: int  # the rank of cut to try first when this segment must be split


@dataclass
class _Plan:
    """Where `text` may be cut, and at which rank; protected spans are never cut into."""

    text: str
    protected_starts: list[int]
    protected_ends: list[int]
    joiners: bool  # whether some code points join into one grapheme cluster
    cuts: list[list[int]]  # sorted positions per rank, for the ranks found by pattern

    @classmethod
    def of(cls, text: str) -> _Plan:
        spans = _protected_spans(text)
        plan = cls(text, [s for s, _ in spans], [e for _, e in spans], has_grapheme_joiners(text), [])
        boundaries = frozenset(grapheme_boundaries(text)) if plan.joiners else None
        for rank, pattern in enumerate(_patterns().ranked):
            positions = {m.end() if rank >= _SENTENCE else m.start() for m in pattern.finditer(text)}
            if boundaries is not None:
                positions &= boundaries
            plan.cuts.append(sorted(p for p in positions if 0 < p < len(text) and plan._allowed(p, rank)))
        return plan

    def body(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    def split(self, segment: _Segment) -> list[_Segment]:
        """The children of a segment at the best rank that cuts it, or [] for an atom."""
        for rank in range(segment.level, _LEVELS):
            positions = self._cuts_within(segment.start, segment.end, rank)
            if positions:
                bounds = [segment.start, *positions, segment.end]
                return [_Segment(a, b, rank + 1) for a, b in pairwise(bounds)]
        return []

    def _cuts_within(self, start: int, end: int, rank: int) -> list[int]:
        if rank < len(self.cuts):
            cuts = self.cuts[rank]
            return cuts[bisect_left(cuts, start + 1):bisect_left(cuts, end)]
        # Word and grapheme ranks: every grapheme boundary outside protected spans, the word
        # rank also keeping closing punctuation and opening brackets with their neighbours.
        if self.joiners:
            boundaries = grapheme_boundaries(self.text, start, end)[1:-1]
        else:
            boundaries = range(start + 1, end)
        return [p for p in boundaries if self._allowed(p, rank)]

    def _allowed(self, position: int, rank: int) -> bool:
        index = bisect_left(self.protected_ends, position + 1)
        if index < len(self.protected_starts) and self.protected_starts[index] < position:
            return False
        if rank in (_PARAGRAPH, _LINE, _GRAPHEME):
            return True
        text = self.text
        before = position - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        after = position
        while after < len(text) and text[after].isspace():
            after += 1
        return before >= 0 and after < len(text) and text[after] not in NO_START and text[before] not in NO_END


def _pack(plan: _Plan, fits: Fits, count: int | None) -> list[str]:
    """Greedily fill parts with whole segments, splitting a segment only when it must be."""
    segments = [_Segment(0, len(plan.text), _PARAGRAPH)]
    head = 0
    parts: list[str] = []
    while head < len(segments):
        suffix = _suffix(len(parts) + 1, count)
        first = segments[head]
        if not plan.body(first.start, first.end):
            head += 1
            continue
        if not fits(plan.body(first.start, first.end) + suffix):
            children = plan.split(first)
            if not children:
                raise UnsplittableError(
                    f"{plan.body(first.start, first.end)[:60]!r} (at offset {first.start}) cannot be cut"
                    " and does not fit in one part"
                )
            segments[head:head + 1] = children
            continue
        taken = 1
        while True:
            taken = _extend(plan, fits, segments, head, taken, suffix)
            following = head + taken
            if following == len(segments):
                break
            candidate = segments[following]
            if fits(plan.body(candidate.start, candidate.end) + suffix):
                break  # it fits alone: it opens the next part rather than being cut
            children = plan.split(candidate)
            if not children:
                break
            segments[following:following + 1] = children
        last = segments[head + taken - 1]
        parts.append(plan.body(first.start, last.end))
        head += taken
    return parts


def _extend(plan: _Plan, fits: Fits, segments: list[_Segment], head: int, good: int, suffix: str) -> int:
    """The largest number of segments from `head`, at least `good`, that fit together.

    Probes grow exponentially and are then narrowed by bisection, so a part costs O(log n)
    calls of `fits`; lengths only grow as text is added, so the search is sound.
    """
    start = segments[head].start

    def fits_through(count: int) -> bool:
        return fits(plan.body(start, segments[head + count - 1].end) + suffix)

    available = len(segments) - head
    step = 1
    bad = available + 1
    while good < available:
        probe = min(good + step, available)
        if fits_through(probe):
            good = probe
            step *= 2
        else:
            bad = probe
            break
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits_through(middle):
            good = middle
        else:
            bad = middle
    return good


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Merged spans of URLs, hashtags, cashtags, mentions, numbers and Latin words.

    Tokens that touch are merged, so nothing is cut between, say, a word and a hashtag.
    """
    spans = sorted([*extract_urls(text), *(m.span() for m in _patterns().protected.finditer(text))])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class _Patterns:
    ranked: tuple[re.Pattern[str], ...]
    protected: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    closers = re.escape(CLOSERS)
    word = "[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+"
    return _Patterns(
        ranked=(
            re.compile(r"\r?\n[^\S\n]*\n"),  # a blank line: the cut is at its start
            re.compile(r"\r?\n"),
            re.compile(f"[。！？!?｡‼⁇⁈⁉]+[{closers}]*|\\.+[{closers}]*(?=\\s)"),
            re.compile(f"[，、；：,;]+[{closers}]*"),
        ),
        protected=re.compile(
            "[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s\u3000-\u303f\u3040-\u9fff\uff00-\uffef]+"  # scheme URLs
            "|[#＃]\\w+"  # hashtags
            "|[@＠]\\w+(?:[@＠]\\w+(?:[.\\-]\\w+)*)?"  # mentions, remote ones too
            "|\\$[A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?(?![0-9A-Za-z])"  # cashtags
            f"|[$€£¥]?{word}(?:[.,:/'’\\-]{word})*%?"  # words and numbers: 90,000 1.5% 16:00
        ),
    )
