"""Punctuation and spacing of CJK prose: `punct/*` rules.

Every rule is a pure function over one string of masked prose (see `publisher.findings`) and
yields `Finding`s whose offsets are code-point offsets into that string. Runs of `MASK` stand for
URLs, inline code, link targets, hashtags and cashtags: rules treat them as opaque, non-CJK tokens
and never put one inside a finding.

| function            | code                   | fix                                      |
|---------------------|------------------------|------------------------------------------|
| `half_width`        | `punct/width`          | always, safe                             |
| `doubled_bracket`   | `punct/doubled-bracket`| sometimes (not around a masked token), safe |
| `quote_style`       | `punct/quotes`         | always; safe for “”‘’「」『』, unsafe for `"` |
| `ellipsis`          | `punct/ellipsis`       | always, safe                             |
| `dash`              | `punct/dash`           | always; unsafe for ASCII `--`            |
| `cjk_latin_spacing` | `punct/spacing`        | always, safe (only when a policy is set) |

How "inside CJK text" is decided (shared by `half_width`, `ellipsis`, `quote_style`): from a
mark, look left (and right) past spaces and script-neutral characters (digits, ASCII symbols,
quotes, dashes, marks that stay half-width) to the nearest character that has a script. CJK
ideographs, kana, bopomofo and CJK/full-width punctuation count as CJK, and so does a mark that
the same rule converts (seen as the full-width form it becomes); other letters (Latin, Greek,
Cyrillic, Hangul) count as Latin; a masked token, a line break or 32 characters of neutral text
end the look without a verdict. On the right only a CJK letter or an opening CJK bracket counts
as CJK: `(ORCL)。` after an English sentence stays as written.

Fixes within one rule never overlap, and applying a rule's fixes yields text on which the rule
finds nothing more: verdicts are taken as they will be seen after the fix (a converted mark is
CJK context for its neighbours), and they only ever turn "keep" into "convert", so they are
repeated until stable. The tests check both properties with hypothesis, so `publish fix` reaches
its fixed point: `廣義貨幣((M2))` becomes `廣義貨幣（M2）` whichever of `doubled_bracket` and
`half_width` is applied first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.findings import MASK, Finding

__all__ = [
    "SPACING_POLICIES",
    "cjk_latin_spacing",
    "dash",
    "doubled_bracket",
    "ellipsis",
    "half_width",
    "quote_style",
]

# --------------------------------------------------------------------------- character classes

# Letters of the CJK scripts that set their punctuation full-width: Han (all planes), kana,
# bopomofo, iteration marks. Hangul is not here: Korean uses half-width punctuation.
_CJK_LETTERS = (
    "\u2e80-\u2fdf"  # radicals, Kangxi radicals
    "\u3005-\u3007\u3021-\u3029\u3038-\u303b"  # 々〆〇, Hangzhou numerals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u3190-\u31ff"  # bopomofo, kanbun, strokes, katakana ext.
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\U00020000-\U0003ffff"  # Han, planes 2 and 3
)
# CJK and full-width punctuation/forms (full-width Latin letters and digits included: they only
# occur in CJK text).
_CJK_PUNCT = (
    "\u3000-\u3004\u3008-\u3020\u3030-\u3037\u303c-\u303f\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
)
_CJK_OPENING = "「『（《〈【〔〖〘〚〝［｛｟"

_CJK_LETTER_RE = re.compile(f"[{_CJK_LETTERS}]")
_CJK_ANY_RE = re.compile(f"[{_CJK_LETTERS}{_CJK_PUNCT}]")

# Kinds of characters as seen by the context scan.
_NEUTRAL = 0  # digits, spaces, ASCII symbols, quotes, dashes, emoji: look past them
_CJK = 1  # CJK letter or opening CJK bracket: CJK on either side
_CJK_P = 2  # other CJK punctuation: CJK when seen on the left only
_LATIN = 3  # a letter of a script that uses half-width punctuation
_STOP = 4  # MASK or line break: ends the look without a verdict
_NONE = 5  # nothing found

_CONVERTIBLE = frozenset(',:;!?()“”‘’"')  # neutral marks that a rule may make CJK
_OPENERS = frozenset("(“‘")
_SCAN = 32  # how far the context scan looks past neutral characters

_KIND: dict[str, int] = {}


def _classify(c: str) -> int:
    if c == "\n" or c == "\r" or c == MASK:
        k = _STOP
    elif _CJK_LETTER_RE.match(c) or c in _CJK_OPENING:
        k = _CJK
    elif _CJK_ANY_RE.match(c):
        k = _CJK_P
    elif c.isalpha():
        k = _LATIN
    else:
        k = _NEUTRAL
    _KIND[c] = k
    return k


def _kind(c: str) -> int:
    k = _KIND.get(c)
    return _classify(c) if k is None else k


def _left(text: str, i: int, converted: set[int]) -> int:
    """Script of the nearest non-neutral character before offset `i`."""
    lo = i - _SCAN if i > _SCAN else 0
    kind = _KIND
    j = i - 1
    while j >= lo:
        c = text[j]
        k = kind.get(c)
        if k is None:
            k = _classify(c)
        if k == _NEUTRAL:
            if c in _CONVERTIBLE and j in converted:  # will be full-width: CJK punctuation
                return _CJK
            j -= 1
            continue
        if k == _CJK_P:
            return _CJK
        return k
    return _NONE


def _right(
    text: str, i: int, converted: set[int], opening: frozenset[int] | set[int] = frozenset()
) -> int:
    """Script of the nearest non-neutral character at or after offset `i`.

    A mark in `converted` is seen as its CJK form will be: an opening bracket or quote (`（`,
    `「`) is CJK, any other mark ends the look. `opening` tells which ASCII `"` open.
    """
    hi = min(len(text), i + _SCAN)
    kind = _KIND
    j = i
    while j < hi:
        c = text[j]
        k = kind.get(c)
        if k is None:
            k = _classify(c)
        if k == _NEUTRAL:
            if c in _CONVERTIBLE and j in converted:
                return _CJK if c in _OPENERS or j in opening else _STOP
            if c == "…" and j + 1 < hi and text[j + 1] == "…":  # "……" ends the look, as "。" does
                return _STOP
            j += 1
            continue
        if k == _CJK_P:
            return _STOP
        return k
    return _NONE


def _in_cjk_text(text: str, start: int, end: int, converted: set[int]) -> bool:
    """Whether the mark at `[start, end)` is punctuation of CJK text.

    CJK on the left decides it; otherwise CJK on the right does, unless the mark follows Latin
    text and is separated from the CJK by a space (`said, 比特幣`: the comma is English).
    """
    left = _left(text, start, converted)
    if left == _CJK:
        return True
    if _right(text, end, converted) != _CJK:
        return False
    return left != _LATIN or not (end < len(text) and text[end] in " \t")


_CJK_LANGS = frozenset({"zh", "ja", "yue", "cmn", "lzh", "wuu", "hak", "nan", "gan", "hsn", "cdo"})


def _is_cjk_lang(lang: str | None) -> bool:
    """Records in these languages set CJK punctuation; unknown (`None`/empty) counts as CJK."""
    if not lang:
        return True
    return lang.replace("_", "-").split("-", 1)[0].lower() in _CJK_LANGS


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


# --------------------------------------------------------------------------- punct/width

_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_WIDTH_MSG = {k: f'Half-width "{k}" in CJK text; use "{v}"' for k, v in _FULL.items()}
# Candidates are split in two: right after CJK (the common case, decided by the regex alone) and
# the rest. Both patterns start with a character set, which `re` scans for quickly.
_MARK_AFTER_CJK_RE = re.compile(f"[,:;!?](?<=[{_CJK_LETTERS}{_CJK_PUNCT}].)(?![-()\\[])")
_MARK_OTHER_RE = re.compile(f"[,:;!?](?:(?<![{_CJK_LETTERS}{_CJK_PUNCT}].)|(?=[-()\\[]))")
_BRACKET_RE = re.compile(r"[()（）]")
_KEEP_SPACE_NEXT_TO = "\n\r" + MASK
_ENTITY_TAIL_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})\Z")


def _bracket_pairs(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Matched bracket pairs (either width) on one line each, and the set of matched offsets."""
    pairs: list[tuple[int, int]] = []
    matched: set[int] = set()
    stack: list[int] = []
    last = 0
    find = text.find
    for m in _BRACKET_RE.finditer(text):
        pos = m.start()
        if stack and find("\n", last, pos) != -1:
            stack.clear()
        last = pos
        c = m.group()
        if c == "(" or c == "（":
            stack.append(pos)
        elif stack:
            o = stack.pop()
            pairs.append((o, pos))
            matched.add(o)
            matched.add(pos)
    pairs.sort()
    return pairs, matched


def _pair_is_cjk(text: str, o: int, c: int, converted: set[int]) -> bool:
    """Whether the half-width bracket pair `(o, c)` is in CJK text."""
    ls = _left(text, o, converted)
    if ls == _CJK:
        return True
    rs = _right(text, c + 1, converted)
    if rs == _CJK:
        return True
    return ls != _LATIN and rs != _LATIN and _CJK_LETTER_RE.search(text, o + 1, c) is not None


def _mark_skipped(text: str, i: int, matched: set[int]) -> bool:
    """Marks that stay half-width whatever their context (numbers, Markdown, emoticons)."""
    n = len(text)
    c = text[i]
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < n else ""
    if _is_digit(prev) and _is_digit(nxt):  # 90,000  16:00  2:1
        return True
    if c == ":" or c == ";":
        if prev == "]":  # markdown reference or footnote definition: [1]: ...
            return True
        j = i + 2 if nxt == "-" else i + 1
        if j < n and text[j] in "()" and j not in matched:  # emoticon :) ;-(
            return True
        if c == ";" and prev.isalnum() and _ENTITY_TAIL_RE.search(text, max(0, i - 34), i):
            return True  # HTML entity &amp;
    elif c == "!" and nxt == "[":  # markdown image ![alt]
        return True
    return False


def _width_hits(text: str) -> list[int]:
    """Offsets of the half-width marks and brackets to convert, in order.

    Marks right after CJK are decided by a regex alone. The others, and bracket pairs, depend on
    each other: a converted mark or pair is CJK context for its neighbours (`(UTC+8)(UTC+8)比`,
    `((M2))`, `a,, 比`). A verdict only ever turns "keep" into "convert" as context is added, so
    passes repeat, alternating direction, until none changes: then the fixed text gets the same
    verdicts, and the rule finds nothing more in it.
    """
    hits = [m.start() for m in _MARK_AFTER_CJK_RE.finditer(text)]
    marks = [m.start() for m in _MARK_OTHER_RE.finditer(text)]
    has_brackets = "(" in text or ")" in text
    if not marks and not has_brackets:
        return hits
    pairs, matched = _bracket_pairs(text) if has_brackets else ([], set())
    converted = set(hits)
    extra: list[int] = []
    undecided: list[tuple[int, int]] = []
    for o, c in pairs:
        oc, cc = text[o], text[c]
        if oc == "（" or cc == "）":  # one full-width bracket: the other one follows it
            for pos in (o, c):
                if text[pos] in "()":
                    converted.add(pos)
                    extra.append(pos)
        elif not (o and text[o - 1] == "]"):  # markdown link or image: [text](target)
            undecided.append((o, c))
    marks = [i for i in marks if not _mark_skipped(text, i, matched)]
    while undecided or marks:
        keep_pairs: list[tuple[int, int]] = []
        for o, c in undecided:
            if _pair_is_cjk(text, o, c, converted):
                converted.update((o, c))
                extra.extend((o, c))
            else:
                keep_pairs.append((o, c))
        keep_marks: list[int] = []
        for i in marks:
            if _in_cjk_text(text, i, i + 1, converted):
                converted.add(i)
                extra.append(i)
            else:
                keep_marks.append(i)
        if len(keep_pairs) == len(undecided) and len(keep_marks) == len(marks):
            break
        undecided, marks = keep_pairs[::-1], keep_marks[::-1]
    if extra:
        hits.extend(extra)
        hits.sort()
    return hits


def half_width(text: str, lang: str | None = None) -> Iterator[Finding]:
    """Half-width `, : ; ! ? ( )` in CJK text (`punct/width`).

    Why is this bad?
        Chinese and Japanese text sets its punctuation full-width. A half-width comma or colon
        between Chinese characters is a typing slip (an input method left in English mode); it
        looks cramped and breaks the rhythm of the line.

    Example:
        `比特幣在十字路口:為何` → `比特幣在十字路口：為何`;
        `奧拉克(Oracle)宣布` → `奧拉克（Oracle）宣布`; `24:00(UTC+8)` → `24:00（UTC+8）`.

    A mark is CJK punctuation when the nearest scripted character on its left is CJK, or the
    one on its right is (unless Latin text, a space, then CJK: `said, 比特幣` stays). Brackets go
    by pairs: a pair is converted when its outside touches CJK text (looking past numbers, as in
    `1 月 26 日 24:00(UTC+8)`), or when it holds CJK text and no Latin text is outside it. A pair
    with one full-width bracket gets the other converted. Both brackets of a pair are reported
    (as two findings, since the text between may hold a masked token), never only one.

    Fix safety:
        Safe: only the width of the mark changes. The fix also removes spaces around the mark
        (full-width marks carry their own spacing), except line indentation, trailing spaces
        before a line break (a Markdown hard break) and the space next to a masked URL.

    Skipped:
        - a mark between two digits: `90,000`, `16:00`, `2:1`;
        - marks in Latin text: `Bank of England (BoE) said, ...`, `BTC,ETH`, `e.g.,`;
        - Latin text, a space, then CJK: `said, 比特幣`;
        - masked tokens (URLs, code, hashtags, cashtags) are never touched; `表單:<URL>`
          converts the colon only;
        - unmatched brackets (`1) 第一點`), markdown links and images `[說明](<target>)`,
          `![alt]`, reference definitions `[1]: ...`, emoticons `:)`, HTML entities `&amp;`;
        - records whose language does not set full-width punctuation (`en`, `es`, `ko`, ...).
    """
    if not _is_cjk_lang(lang):
        return
    hits = _width_hits(text)
    n = len(text)
    floor = 0
    spaces = " \t"
    for pos in hits:
        start, end = pos, pos + 1
        # Spaces before the mark, unless they indent the line or follow a masked token.
        if pos > floor and text[pos - 1] in spaces:
            while start > floor and text[start - 1] in spaces:
                start -= 1
            if start == 0 or text[start - 1] in _KEEP_SPACE_NEXT_TO:
                start = pos
        # Spaces after the mark, unless they end the line or precede a masked token (the next
        # mark cannot be reached: it is not a space).
        if end < n and text[end] in spaces:
            while end < n and text[end] in spaces:
                end += 1
            if end == n or text[end] in _KEEP_SPACE_NEXT_TO:
                end = pos + 1
        floor = end
        c = text[pos]
        yield Finding(start, end, _WIDTH_MSG[c], _FULL[c], True)


# --------------------------------------------------------------------------- punct/doubled-bracket

_DOUBLED_RE = re.compile(r"(?P<open>[(（]{2,})(?P<inner>[^()（）\n]+)(?P<close>[)）]{2,})")
_DOUBLED_MSG = "Doubled brackets; use a single pair"


def doubled_bracket(text: str, lang: str | None = None) -> Iterator[Finding]:
    """Doubled round brackets around one text, `((M2))` (`punct/doubled-bracket`).

    Why is this bad?
        Prose never wraps a gloss in two pairs of round brackets: `((M2))` is a typo, usually
        left by an editor who added brackets that were already there.

    Example:
        `廣義貨幣((M2))` → `廣義貨幣(M2)` (then `punct/width` makes it `廣義貨幣（M2）`);
        `（（M2））` → `（M2）`; mixed widths `（(M2)）` → `（M2）`.

    The replacement keeps the full-width form when any of the brackets is full-width, so this
    fix and `punct/width`'s compose in either order. Longer runs, `(((M2)))`, collapse to one pair
    at once; of uneven runs, `(((M2))`, only as many brackets as close are taken.

    Fix safety:
        Safe: the text between the brackets is kept as it is.

    Skipped:
        - `[[x]]` (wiki links, Markdown and template syntax) and other bracket kinds;
        - brackets that are not one doubled pair: `((a) b)`, `((a)(b))`, `(())`;
        - pairs spanning lines;
        - a doubled pair around a masked token, `((<URL>))`, is reported on the opening
          brackets without a fix: a fix would have to rewrite the masked token.
    """
    for m in _DOUBLED_RE.finditer(text):
        open_run, close_run = m.group("open"), m.group("close")
        k = min(len(open_run), len(close_run))
        start = m.start("inner") - k
        end = m.end("inner") + k
        inner = m.group("inner")
        if MASK in inner:
            yield Finding(start, start + k, _DOUBLED_MSG)
            continue
        used = open_run[-k:] + close_run[:k]
        full = "（" in used or "）" in used
        replacement = f"（{inner}）" if full else f"({inner})"
        yield Finding(start, end, _DOUBLED_MSG, replacement, True)


# --------------------------------------------------------------------------- punct/quotes

# Per style: the quote marks at even (primary) and odd (nested) depth.
_CORNER = ("「", "」", "『", "』")
_CURLY = ("“", "”", "‘", "’")
_QUOTE_OPEN = {"“": 0, "「": 0, "‘": 1, "『": 1}  # mark -> family (0 double/primary, 1 single)
_QUOTE_CLOSE = {"”": 0, "」": 0, "’": 1, "』": 1}
_QUOTE_RE = re.compile(r"[“”‘’「」『』\"\n]")
_ANY_QUOTE_RE = re.compile(r"[“”‘’「」『』]")


def _quote_style_for(lang: str | None) -> tuple[str, str, str, str] | None:
    """Corner brackets for Traditional Chinese (TW, HK, MO), curly quotes for Simplified."""
    if not lang:
        return None
    tags = lang.replace("_", "-").lower().split("-")
    if tags[0] not in _CJK_LANGS or tags[0] == "ja":
        return None
    if "hant" in tags:
        return _CORNER
    if "hans" in tags:
        return _CURLY
    if any(t in ("tw", "hk", "mo") for t in tags[1:]) or tags[0] == "yue":
        return _CORNER
    if tags[0] == "zh":  # zh, zh-CN, zh-SG: the project reads a bare `zh` as zh-Hans
        return _CURLY
    return None


def _is_apostrophe(text: str, pos: int, stack: list[tuple[int, int]]) -> bool:
    """Whether the `’` at `pos` is an apostrophe rather than a closing quote.

    It is after a Latin letter or digit and either before a Latin letter (`Oracle’s`, `don’t`)
    or not closing a `‘` (`traders’`). A `‘` that a fix turned into `「` or `『` is closed by its
    own converted partner, so this reads the same before and after fixes.
    """
    if pos == 0:
        return False
    before = text[pos - 1]
    if not (_is_digit(before) or _kind(before) == _LATIN):
        return False
    if pos + 1 < len(text) and _kind(text[pos + 1]) == _LATIN:
        return True
    return not (stack and text[stack[-1][0]] == "‘")


def quote_style(text: str, lang: str | None) -> Iterator[Finding]:
    """Quote marks of another locale's style (`punct/quotes`).

    Why is this bad?
        Traditional Chinese (Taiwan, Hong Kong) quotes with corner brackets 「」, nested 『』;
        Simplified Chinese with curly quotes “”, nested ‘’. Mixing them in one record looks
        careless, and text converted between the two scripts usually keeps the wrong ones.

    Example:
        zh-Hant: `被視為“流動性晴雨表”` → `被視為「流動性晴雨表」`;
        `「他說“好”」` → `「他說『好』」`.
        zh-Hans: `「流動性」` → `“流動性”`.

    Quotes are paired on one line by a stack. A pair in the wrong style gets the locale's
    primary marks at even depth and the nested ones at odd depth; a pair with one mark already
    right gets that mark's partner. Corner-bracket pairs are always CJK text; curly pairs are
    converted only in CJK text (they hold CJK, or CJK is next to them, looking past numbers and
    symbols), and so are ASCII `"` pairs, paired in order on a line with an even number of them.

    Fix safety:
        Safe for a pair of directional marks (“” ‘’ 「」 『』): the pair is unambiguous and only
        its glyphs change. Unsafe for ASCII `"`: which `"` opens and which closes is a guess, and
        `"` also writes inches and code-like text, so an editor should confirm.

    Skipped:
        - records whose language has no house quote style (`en`, `es`, `ja`);
        - quotes in Latin text: `He said “hello” today`;
        - apostrophes `Oracle’s`, `traders’` (a `’` after a Latin letter closes only a `‘`), and
          any `'`;
        - unpaired or badly nested marks, pairs spanning lines;
        - ASCII `"` on a line with an odd number of them, after a digit (`12"`), with spaces
          inside the marks (`" a "`), or around other quote marks.
    """
    style = _quote_style_for(lang)
    if style is None:
        return
    wrong = set(_CURLY if style is _CORNER else _CORNER) | {'"'}
    if not any(q in text for q in wrong):
        return
    # 1. Pairs: (open, close, wanted open mark, wanted close mark, needs CJK context).
    pairs: list[tuple[int, int, str, str, bool]] = []
    stack: list[tuple[int, int]] = []  # (offset, family)
    line_pairs: list[tuple[int, int]] = []
    ascii_marks: list[int] = []

    def end_line() -> None:
        if len(ascii_marks) >= 2 and len(ascii_marks) % 2 == 0:
            for a, b in zip(ascii_marks[::2], ascii_marks[1::2], strict=True):
                if b == a + 1 or text[a + 1] in " \t" or text[b - 1] in " \t":
                    continue
                if (a and _is_digit(text[a - 1])) or _ANY_QUOTE_RE.search(text, a + 1, b):
                    continue
                level = 2 * (sum(1 for o, c in line_pairs if o < a and b < c) % 2)
                pairs.append((a, b, style[level], style[level + 1], True))
        stack.clear()
        line_pairs.clear()
        ascii_marks.clear()

    for m in _QUOTE_RE.finditer(text):
        q = m.group()
        pos = m.start()
        if q == "\n":
            end_line()
        elif q == '"':
            ascii_marks.append(pos)
        elif q in _QUOTE_OPEN:
            stack.append((pos, _QUOTE_OPEN[q]))
        else:
            if q == "’" and _is_apostrophe(text, pos, stack):
                continue  # Oracle’s, traders’
            if not stack:
                continue
            if stack[-1][1] != _QUOTE_CLOSE[q]:
                stack.clear()  # bad nesting: leave this line's open quotes alone
                continue
            o, _ = stack.pop()
            line_pairs.append((o, pos))
            oq = text[o]
            open_ok, close_ok = oq in style, q in style
            if open_ok and close_ok:
                continue
            if open_ok:  # keep the mark that is right; the other one becomes its partner
                want_open, want_close = oq, style[style.index(oq) + 1]
            elif close_ok:
                want_open, want_close = style[style.index(q) - 1], q
            else:
                level = 2 * (len(stack) % 2)
                want_open, want_close = style[level], style[level + 1]
            curly = oq in "“‘" and q in "”’"
            pairs.append((o, pos, want_open, want_close, curly))
    end_line()
    if not pairs:
        return
    # 2. Which pairs are in CJK text. A converted pair is CJK context for its neighbours, and a
    # verdict only turns "keep" into "convert": repeat, alternating direction, until stable.
    converted: set[int] = set()
    opening: set[int] = set()
    chosen: list[tuple[int, int, str, str, bool]] = [p for p in pairs if not p[4]]
    undecided = [p for p in pairs if p[4]]
    for o, c, *_ in chosen:
        converted.update((o, c))
        opening.add(o)
    while undecided:
        keep = []
        for pair in undecided:
            o, c = pair[0], pair[1]
            if (
                _CJK_LETTER_RE.search(text, o + 1, c)
                or _left(text, o, converted) == _CJK
                or _right(text, c + 1, converted, opening) == _CJK
            ):
                chosen.append(pair)
                converted.update((o, c))
                opening.add(o)
            else:
                keep.append(pair)
        if len(keep) == len(undecided):
            break
        undecided = keep[::-1]
    # 3. Findings, in text order.
    findings: list[Finding] = []
    for o, c, want_open, want_close, _ in chosen:
        for pos, want in ((o, want_open), (c, want_close)):
            have = text[pos]
            if have != want:
                safe = have != '"'
                if safe:
                    msg = f'Quote "{have}" in {lang} text; use "{want}"'
                else:
                    msg = f'ASCII quote in CJK text; use "{want}"'
                findings.append(Finding(pos, pos + 1, msg, want, safe))
    findings.sort(key=lambda f: f.start)
    yield from findings


# --------------------------------------------------------------------------- punct/ellipsis

# Each pattern starts with a character set (fast to scan for); lookbehinds then pin the form.
_ELLIPSIS_RE = re.compile(
    r"[.。．…](?:(?<=\.)(?<!\.\.)\.\.+|(?<=。)(?<!。。)。。+|(?<=．)(?<!．．)．．+|(?<=…)(?<!……)(?!…))"
)
_ELLIPSIS_MSG = {
    ".": 'Ellipsis "..." in CJK text; use "……"',
    "。": 'Ellipsis "。。。"; use "……"',
    "．": 'Ellipsis "．．．"; use "……"',
    "…": 'Single "…" in CJK text; use "……"',
}


def ellipsis(text: str, lang: str | None = None) -> Iterator[Finding]:
    """Ellipsis written with dots, full stops or a single `…` in CJK text (`punct/ellipsis`).

    Why is this bad?
        The Chinese ellipsis is two ellipsis characters, `……`, centred on the line and six dots
        wide. `...`, `。。。` or one `…` look like a typo in Chinese text.

    Example:
        `比特幣會漲嗎...` → `比特幣會漲嗎……`; `等等。。。` → `等等……`; `然後…` → `然後……`.

    Fix safety:
        Safe: only the form of the ellipsis changes.

    Skipped:
        - dots in Latin text (`wait...`), abbreviations (`e.g.`), decimals (`0.96`);
        - ranges between digits: `1...10`;
        - `……` (correct), `⋯⋯` (the Taiwan midline form);
        - records whose language does not set full-width punctuation.
    """
    if not _is_cjk_lang(lang):
        return
    no_conv: set[int] = set()
    for m in _ELLIPSIS_RE.finditer(text):
        s, e = m.span()
        c = text[s]
        if c in ".…":
            if s and e < len(text) and _is_digit(text[s - 1]) and _is_digit(text[e]):
                continue
            if not _in_cjk_text(text, s, e, no_conv):
                continue
        yield Finding(s, e, _ELLIPSIS_MSG[c], "……", True)


# --------------------------------------------------------------------------- punct/dash

_DASH_RE = re.compile(
    r"[—\-－―](?<![—\-－―─][\s\S])(?:(?<=—)|(?<=-)-|(?<=－)－|(?<=―)―?)(?![—\-－―─])"
)
_DASH_OK_NEUTRAL = frozenset("“”‘’\"'()（）%")


def _dash_side(text: str, j: int, step: int) -> int:
    """Kind of the nearest non-space character from `j` in direction `step` (on the line)."""
    n = len(text)
    while 0 <= j < n and text[j] in " \t":
        j += step
    if not 0 <= j < n:
        return _NONE
    c = text[j]
    k = _kind(c)
    if k == _NEUTRAL:
        return _NEUTRAL if (_is_digit(c) or c in _DASH_OK_NEUTRAL) else _LATIN
    if k == _CJK_P:
        return _CJK
    if k == _STOP:
        return _NONE if c in "\n\r" else _STOP
    return k


def dash(text: str, lang: str | None = None) -> Iterator[Finding]:
    """A Chinese dash written as `—`, `--`, `－－` or `―` (`punct/dash`).

    Why is this bad?
        The Chinese dash (破折號) is two em dashes, `——`, two characters wide. A single `—`, two
        hyphens or two full-width hyphen-minus signs are typing substitutes.

    Example:
        `流動性晴雨表—在流動性充裕時` → `流動性晴雨表——在流動性充裕時`;
        `比特幣－－以太坊` → `比特幣——以太坊`.

    The dash must touch CJK text on one side (past spaces), and the other side must be CJK, a
    digit, a quote or bracket, or the line's edge.

    Fix safety:
        Safe for `—`, `―` and `－－`, which are dashes by form. Unsafe for ASCII `--`: it is also
        command-line and markup syntax that may have escaped masking.

    Skipped:
        - `——` (correct) and runs of three or more (`---` rules, `———`);
        - `──` box-drawing dashes (Hong Kong usage);
        - dashes between digits (`2020—2021`: a range), en dashes (`16:00 – 1 月`);
        - dashes touching Latin text or symbols: `--dry-run`, `<!--`;
        - records whose language does not set full-width punctuation.
    """
    if not _is_cjk_lang(lang):
        return
    for m in _DASH_RE.finditer(text):
        s, e = m.span()
        left = _dash_side(text, s - 1, -1)
        right = _dash_side(text, e, 1)
        if left != _CJK and right != _CJK:
            continue
        if left in (_LATIN, _STOP) or right in (_LATIN, _STOP):
            continue
        form = m.group()
        yield Finding(s, e, f'Dash "{form}" in CJK text; use "——"', "——", form != "--")


# --------------------------------------------------------------------------- punct/spacing

SPACING_POLICIES = ("keep", "space", "nospace")
_ALNUM = "A-Za-z0-9"
# One Latin letter or digit with a CJK letter before it (group `both`: and after it too) or
# after it; a run of spaces or tabs between a CJK letter and a Latin letter or digit.
_MISSING_SPACE_RE = re.compile(
    f"[{_ALNUM}](?:(?<=[{_CJK_LETTERS}][{_ALNUM}])(?P<both>(?=[{_CJK_LETTERS}]))?"
    f"|(?P<after>(?=[{_CJK_LETTERS}])))"
)
_SPACE_RUN_RE = re.compile(
    f"[ \\t](?:(?<=[{_CJK_LETTERS}][ \\t])[ \\t]*(?=[{_ALNUM}])"
    f"|(?<=[{_ALNUM}][ \\t])[ \\t]*(?=[{_CJK_LETTERS}]))"
)
_MSG_MISSING = "Missing space between CJK and Latin text"
_MSG_ONE = "Use one space between CJK and Latin text"
_MSG_EXTRA = "Space between CJK and Latin text"


def cjk_latin_spacing(text: str, policy: str = "keep") -> Iterator[Finding]:
    """Spacing between CJK letters and Latin letters or digits, by house policy (`punct/spacing`).

    Why is this bad?
        Houses differ: some set a space between Chinese and Latin text (`Gate 廣場`, `約 57%`),
        others none (`Gate廣場`). Mixing both in one campaign looks careless. The policy is
        house style: `"keep"` (the default) reports nothing, `"space"` asks for exactly one space,
        `"nospace"` for none.

    Example:
        `"space"`: `在AI相關` → `在 AI 相關`, `Gate  廣場` → `Gate 廣場`;
        `"nospace"`: `Gate 廣場` → `Gate廣場`.

    Fix safety:
        Safe: only spaces change, and only where the policy says.

    Skipped:
        - punctuation on either side, full-width or not: `57%的`, `比特幣（BTC）`, `“AI”`;
        - masked tokens (URLs, code, hashtags, cashtags);
        - spaces inside Latin text (`Bank of England`) and between lines.

    Raises:
        ValueError: for a policy other than those in `SPACING_POLICIES`.
    """
    if policy not in SPACING_POLICIES:
        raise ValueError(
            f"unknown CJK-Latin spacing policy {policy!r}; use one of {SPACING_POLICIES}"
        )
    if policy == "keep":
        return
    if policy == "space":
        for m in _MISSING_SPACE_RE.finditer(text):
            c = m.group()
            where = m.lastgroup  # "both", "after" or None (before only)
            fix = f" {c} " if where == "both" else f"{c} " if where == "after" else f" {c}"
            yield Finding(m.start(), m.end(), _MSG_MISSING, fix, True)
        for m in _SPACE_RUN_RE.finditer(text):
            if m.group() != " ":
                yield Finding(m.start(), m.end(), _MSG_ONE, " ", True)
    else:
        for m in _SPACE_RUN_RE.finditer(text):
            yield Finding(m.start(), m.end(), _MSG_EXTRA, "", True)
