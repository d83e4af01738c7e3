"""Figures (`number/...`): amounts parsed with their units, and figures that disagree.

Three layers, each usable on its own:

* `parse_amounts(text)` finds every figure of a prose string with its unit and span:
  `80億美元` = 8,000,000,000 USD, `$60,000`, `60,000 USD`, `1 GT`, `57%`, `0.96`, `3兆美元`
  (10^12), `1.5万亿` (10^12), with approximation qualifiers (`約`, `近`, `超過`, `逾`, `左右`, ...).
  Dates (`2024年`, `12月11日`, `2026-01-08`), clock times (`16:00`) and numbers glued to Latin
  words (`M2`, `COVID-19`, `UTC+8`) or to URLs are not figures. `parse_money(value)` reads one
  structured field (`60000 USD`, `$60,000`, `25,000 USDT`) and raises `ValueError` otherwise.
* `figure_conflicts(text, lang)` (code `number/conflict`): the same record states two different
  figures for the same subject.
* `variant_conflicts(a_text, b_text)` (code `number/variant`): two locale variants (or a source
  and its translation) that disagree on a figure.

Both checks yield `FigureConflict`, a `Finding` that also carries the span of the *other* figure
(`related_start`, `related_end`, `related_text`), so the caller can name its line: `message`
says "at offset N"; `describe(position)` renders the same text with a line and column.

## The subject of a figure (precision first)

A figure is only ever compared with another figure of the same *subject key*:

    (entity, measure, detail, unit, time, modality, direction, role)

* **entity** — the nearest named thing before the figure in its sentence: a name with a Latin
  gloss (`奧拉克(Oracle)` → `oracle`; the Chinese part is learned as an alias, so a later bare
  `奧拉克` is Oracle too), a known company, index, institution or coin (`英偉達`, `Nvidia`,
  `比特幣`, `BTC`, `聯準會`, ...; both scripts), or a caller-supplied alias (glossary). A sentence
  without one inherits the topic of the latest earlier sentence of the same paragraph that
  names one (zero anaphora: `...。股價暴跌16%` is still about Oracle). Glosses of concepts
  (`人工智慧(AI)`, `(ETF)`, `(M2)`, lower-case glosses) are not entities.
* **measure** — the nearest measure keyword in the figure's clause: market cap, spending
  (資本支出, 投入, 投資, capex), revenue, profit, debt, funding, valuation, price, holdings,
  rate, share, correlation, users, prize pool, ... A figure without one is never compared.
* **detail** — for itemized measures (prize pools, rewards) the noun written with the figure:
  `豪華獎池`, `新手獎池` and `獎池` are different pools.
* **unit** — `USD`, `%`, `GT`, ... (`$`, `US$`, `美元`, `美金` are all USD).
* **time** — the nearest date or period before the figure in its sentence and after the
  previous figure (`從2024年的約150億美元激增至2025年的近1250億美元` gives 2024年 and 2025年):
  figures of different years are different subjects. Anaphoric times (`同日`, `當天`) never
  match another time.
* **modality** — `plan` when the clause says 計劃/預計/擬/target..., so a planned figure is not
  compared with an actual one.
* **direction** — `up`/`down` for changes (`下跌20%`, `市值蒸發80億美元`).
* **role** — `before` for the first value of a change (`從350億美元增加到500億美元`): it is
  compared only with other "before" values; the second value is the current one.

Not compared at all: figures without a measure; level crossings (`跌破90,000美元`,
`站上92,000美元`, `升至57%`), which are events, not facts; percentage moves and prices without an
explicit time; figures without an entity unless their measure is itemized; periods (`30天`),
which date the figures after them instead.

Two figures *agree* when their intervals meet: an exact figure stands for its rounding
(`57%` = [56.5, 57.5]); `約`/`左右` widen that to half the last significant digit, capped at
10% of the value, and at least one written digit (`約57%` = [56, 58], `約150億` = [145億, 155億],
`約100億` = [90億, 110億], `約20%` = [18, 22]); `近`/`不到` bound it from above (`近1250億` =
[1240億, 1250億], `近3兆` = [2.4兆, 3兆]), `超過`/`逾`/`以上` from below.

## Window

`window=None` (the default) compares figures anywhere in the record: the seed's two Oracle
statements are many paragraphs apart. `window=N` only compares a figure with those stated in
the same or the N previous paragraphs (a paragraph is a line of the prose string).

## Speed

Figures are found by one character-class scan (`_CANDIDATE`) and one anchored match
(`_SCAN`) per candidate; keyword lists are plain literal alternations (scanned by `re` with a
first-character set). Subjects are only worked out for figures whose clause has a measure
keyword, and entities only for those. `bench/bench_number.py` measures it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import NamedTuple

from publisher.findings import Finding

__all__ = [
    "CONFLICT",
    "VARIANT",
    "Amount",
    "FigureConflict",
    "figure_conflicts",
    "parse_amounts",
    "parse_money",
    "variant_conflicts",
]

CONFLICT = "number/conflict"
VARIANT = "number/variant"

_ONE = Decimal(1)
_POW10 = {e: _ONE.scaleb(e) for e in range(-12, 25)}


def _split(words: str) -> tuple[str, ...]:
    """A word list written as one string: `_split("跌 漲")` -> ("跌", "漲")."""
    return tuple(words.split())


# ---------------------------------------------------------------------------------------------
# Tables: magnitudes, units, qualifiers
# ---------------------------------------------------------------------------------------------

# Magnitude characters multiply (千萬 = 10^7, 萬億 = 10^12).
_MAG_EXP = {"十": 1, "百": 2, "千": 3, "萬": 4, "万": 4, "億": 8, "亿": 8, "兆": 12}
_MAG_WORD_EXP = {
    "thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "mn": 6,
    "k": 3, "K": 3, "M": 6, "B": 9,
}
# 兆 before an SI unit is mega (兆瓦 = MW), in Taiwan and the mainland alike.
_SI_AFTER_ZHAO = ("瓦", "赫", "字節", "字节", "位元", "比特", "帕", "焦", "歐姆", "欧姆", "伏")

_PREFIX_UNIT = {
    "$": "USD", "＄": "USD", "US$": "USD", "USD$": "USD", "USD": "USD",
    "NT$": "TWD", "HK$": "HKD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY",
}
_SUFFIX_UNIT = {
    "%": "%", "％": "%", "percent": "%", "per cent": "%",
    "個百分點": "pp", "个百分点": "pp", "百分點": "pp", "百分点": "pp",
    "基點": "bp", "基点": "bp", "bps": "bp", "bp": "bp",
    "美元": "USD", "美金": "USD", "dollar": "USD", "dollars": "USD",
    "港元": "HKD", "港幣": "HKD", "港币": "HKD",
    "新台幣": "TWD", "新台币": "TWD", "新臺幣": "TWD", "台幣": "TWD", "台币": "TWD", "臺幣": "TWD",
    "人民幣": "CNY", "人民币": "CNY",
    "歐元": "EUR", "欧元": "EUR", "英鎊": "GBP", "英镑": "GBP",
    "日圓": "JPY", "日元": "JPY", "日幣": "JPY", "日币": "JPY",
    "韓元": "KRW", "韩元": "KRW", "澳元": "AUD", "加元": "CAD",
    "比特幣": "BTC", "比特币": "BTC", "以太幣": "ETH", "以太币": "ETH", "以太坊": "ETH",
    # Simplified classifiers are spelled the Traditional way, so variants compare.
    "个月": "個月", "小时": "小時", "分钟": "分鐘", "周": "週", "个": "個", "张": "張",
    "笔": "筆", "轮": "輪", "颗": "顆",
}
_CLASSIFIER_PREFIXES = ("枚", "個", "个", "顆", "颗")  # 1000枚比特幣 = 1000 BTC
_CJK_UNITS = [u for u in _SUFFIX_UNIT if not u.isascii()] + [
    f"{c}{coin}" for c in _CLASSIFIER_PREFIXES for coin in ("比特幣", "比特币", "以太幣", "以太币")
] + [
    "元", "個月", "小時", "分鐘", "週", "天", "年", "秒", "倍", "位", "名", "人", "家", "次", "枚",
    "張", "篇", "筆", "份", "輪", "個", "股", "顆",
]
# Upper-case words after a number that are not its unit (`3 ETF`, `16:00 UTC`).
_NOT_UNITS = frozenset(
    _split("ETF ETFS AI CEO CFO CTO COO UTC GMT AM PM API KOL IPO GDP CPI PPI PCE TOP DAY DAYS "
    "OR AND TO VS PER IN ON AT OF FOR THE")
)
_DURATION_UNITS = frozenset({"天", "小時", "個月", "週", "年", "分鐘", "秒"})
_MONEY_UNITS = frozenset(
    {"USD", "TWD", "HKD", "CNY", "EUR", "GBP", "JPY", "KRW", "AUD", "CAD", "元", "BTC", "ETH"}
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
)

# Qualifier -> how it bounds the figure: about (both sides), below (at most), above (at least).
_QUALIFIERS = {
    "大約": "about", "大约": "about", "約莫": "about", "约莫": "about", "約": "about", "约": "about",
    "大概": "about", "差不多": "about", "估計": "about", "估计": "about", "預估": "about",
    "预估": "about", "~": "about", "～": "about", "≈": "about", "about": "about",
    "around": "about", "approximately": "about", "roughly": "about",
    "左右": "about", "上下": "about",
    "將近": "below", "将近": "below", "接近": "below", "近": "below", "幾乎": "below",
    "几乎": "below", "不到": "below", "不足": "below", "少於": "below", "少于": "below",
    "低於": "below", "低于": "below", "未滿": "below", "未满": "below", "最多": "below",
    "至多": "below", "nearly": "below", "almost": "below", "less than": "below",
    "under": "below", "up to": "below", "以下": "below",
    "超過": "above", "超过": "above", "逾": "above", "超": "above", "多於": "above",
    "多于": "above", "高於": "above", "高于": "above", "至少": "above", "最少": "above",
    "起碼": "above", "起码": "above", "over": "above", "more than": "above",
    "at least": "above", "above": "above", "以上": "above", "多": "above", "餘": "above",
    "余": "above", "+": "above",
}
_SUFFIX_QUALS = ("左右", "上下", "以上", "以下")
_PREFIX_QUALS = [q for q in _QUALIFIERS if q not in (*_SUFFIX_QUALS, "多", "餘", "余", "+")]

# Change verbs; a qualifier may stand before one (`約下跌20%`: 約 qualifies 20%).
_DOWN = tuple(
    _split("大幅下跌 下跌 暴跌 大跌 重挫 下滑 下降 減少 减少 縮水 缩水 蒸發 蒸发 侵蝕 侵蚀 損失 损失 跌 "
    "降 減 减 回落 下調 下调 縮減 缩减")
)
_UP = tuple(
    _split("大幅上漲 大幅上涨 上漲 上涨 大漲 大涨 漲 涨 飆升 飙升 攀升 上升 增加 增長 增长 成長 成长 反彈 "
    "反弹 提高 提升 升 增")
)
# Level crossings: the figure is a threshold at a moment, not a fact about the subject.
_LEVEL = tuple(
    _split("跌破 突破 站上 站回 重回 升至 漲至 涨至 跌至 降至 回落至 升破 失守 守住 反彈至 反弹至 觸及 触及 "
    "來到 来到 升到 跌到 漲到 涨到 回到 報 报 一度 一度達 一度达 一度達到 一度达到 最高 最高達 最高达 最低 "
    "最低達 最低达 高見 高见 低見 低见 盤中 盘中 創新高 创新高")
)


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, longest first, as a trie (`市(?:值|佔率)`): `re` then
    tries one branch per distinct next character instead of every word at every position."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here; longer words are tried first (greedy)
            return body + "?" if len(branches) > 1 else f"(?:{body})?"
        return body

    return build(trie)


# ---------------------------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amount:
    """One figure of a text: `text` is `source[start:end]`.

    `value` is the figure in its unit (`80億美元` -> 8000000000, `57%` -> 57); `unit` is an ISO
    currency (`USD`, `TWD`, `CNY`, ...), a token symbol (`GT`, `BTC`, `USDT`), `%`, `pp`
    (percentage points), `bp`, a Chinese classifier (`位`, `倍`, `天`, `個月`, ...), `元` (a yuan
    of unknown currency) or `""` for a plain number. `qualifier` is the approximation word
    written with it (`約`, `近`, `超過`, `左右`, `+`, ...; not part of the span), `approx` says
    whether there is one, and `step` is the place value of the last written digit (`1250億` ->
    10^8, `1.5%` -> 0.1).
    """

    start: int
    end: int
    value: Decimal
    unit: str
    approx: bool
    text: str
    qualifier: str = ""
    step: Decimal = _ONE

    @property
    def bounds(self) -> tuple[Decimal, Decimal | None]:
        """The interval the figure stands for; the upper bound is `None` for `超過 X`."""
        value = self.value
        if not self.qualifier:
            half = self.step / 2
            return value - half, value + half
        kind = _QUALIFIERS.get(self.qualifier.lower(), "about")
        if kind == "above":
            return value, None
        # Rounded to its last significant digit, but a round `約100億` is not ±50億: at most ±10%.
        sig = min(_significant_step(value, self.step), abs(value) / 5)
        if kind == "below":
            return value - max(sig, self.step / 2), value
        spread = max(sig / 2, self.step)
        return value - spread, value + spread


def _significant_step(value: Decimal, step: Decimal) -> Decimal:
    """Place value of the last non-zero digit (`1500億` -> 10^10), at least `step`."""
    if value == 0:
        return step
    exponent = value.normalize().as_tuple().exponent
    return max(_ONE.scaleb(exponent), step) if isinstance(exponent, int) else step


def _intervals_meet(a: tuple[Decimal, Decimal | None], b: tuple[Decimal, Decimal | None]) -> bool:
    low = max(a[0], b[0])
    highs = [h for h in (a[1], b[1]) if h is not None]
    return not highs or low <= min(highs)


_S = r"[ \t\u00a0\u3000]"
_SCAN = re.compile(
    rf"""
    (?P<time>[0-9]{{1,2}}[:：][0-9]{{2}}(?:[:：][0-9]{{2}})?(?![0-9]))
  | (?P<iso>[0-9]{{4}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}(?![0-9]))
  | (?P<date>
        [0-9]{{4}}{_S}?年(?:{_S}?[0-9]{{1,2}}{_S}?月(?:{_S}?[0-9]{{1,2}}{_S}?[日號号])?|[初底中末]|[上下]半年)?
      | [0-9]{{1,2}}{_S}?月(?:{_S}?[0-9]{{1,2}}{_S}?[日號号])?[初底中末]?
    )
  | (?P<amount>
        (?:(?P<pre>US{_S}?\$|USD\$|NT\$|HK\$|[$＄€£¥￥]|USD){_S}?)?
        (?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)
        (?P<more1>多|餘|余)?
        (?:{_S}?(?P<mag>[十千](?:萬億|万亿|萬|万|億|亿|兆)?|百(?!分)(?:萬億|万亿|萬|万|億|亿|兆)?
              |萬億|万亿|萬|万|億|亿|兆
              |(?:thousand|million|billion|trillion|bn|mn)(?![A-Za-z])|[kKMB](?![A-Za-z])))?
        (?P<more2>多|餘|余)?
        (?:{_S}?(?P<unit>{_alternation(_CJK_UNITS)}|%|％|percent|per\ cent|bps|bp(?![A-Za-z])
              |dollars?(?![A-Za-z])|[A-Z]{{2,6}}(?![A-Za-z])))?
        (?P<plus>\+)?
    )
    """,
    re.VERBOSE,
)
# Where a figure can start. `_SCAN` is matched only there: `_SCAN.finditer` would try every
# alternative at every character, while one character class lets `re` skip ahead.
_CANDIDATE = re.compile(r"[0-9$＄€£¥￥UNH][0-9]*")
_HAS_DIGIT = re.compile(r"[0-9０-９]")
_HAS_FULLWIDTH = re.compile(r"[０-９]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# A figure does not start right after these (`M2`, `v1.2`, `/7315`, `#1`, `x=3`, `第3名`).
_BAD_BEFORE = frozenset("0123456789_.,/:#@&=?%\\ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz第")
# Longest first, so `endswith` finds 超過 before 過 and 大約 before 約.
_PREFIX_QUALS_LONGEST = tuple(sorted(_PREFIX_QUALS, key=len, reverse=True))
_CHANGE_VERBS_LONGEST = tuple(sorted(set(_DOWN + _UP), key=len, reverse=True))


def _qualifier_before(text: str, start: int) -> str:
    """The qualifier written just before a figure: `約57%`, `about $8 billion`, and also before
    a change verb, `約下跌20%` (約 qualifies 20%). `str.endswith` with tuples: no regex."""
    tail = text[max(0, start - 16) : start]
    if tail[-1:] in " \t\u00a0\u3000":
        tail = tail[:-1]
    tail = tail.removesuffix("了")
    if tail.endswith(_CHANGE_VERBS_LONGEST):
        verb = next(v for v in _CHANGE_VERBS_LONGEST if tail.endswith(v))
        tail = tail[: -len(verb)]
    if not tail:
        return ""
    if tail[-1].isascii():
        tail = tail.lower()
        if not tail[-1].isalpha() and tail[-1] not in "~":
            return ""
        if tail.endswith(_PREFIX_QUALS_LONGEST):
            q = next(q for q in _PREFIX_QUALS_LONGEST if tail.endswith(q))
            before = tail[-len(q) - 1 : -len(q)]
            return q if not (q[0].isalpha() and before.isalpha()) else ""  # "over", not "turnover"
        return ""
    if tail.endswith(_PREFIX_QUALS_LONGEST):
        return next(q for q in _PREFIX_QUALS_LONGEST if tail.endswith(q))
    return ""


_RANGE_GAP = re.compile(rf"{_S}*(?:-|–|—|~|～|至|到|to){_S}*\Z")


class _Token(NamedTuple):
    """A scan hit: an amount (with its magnitude exponent), or a date or time (`amount` None)."""

    start: int
    end: int
    amount: Amount | None = None
    mag_exp: int = 0


def _scan(text: str) -> list[_Token]:
    """Amounts, dates and times of `text`, in order (full-width digits read as ASCII ones)."""
    if not _HAS_DIGIT.search(text):
        return []
    source = text
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_FULLWIDTH)  # one character for one: offsets do not move
    tokens: list[_Token] = []
    n = len(text)
    scan_end = 0
    match_at = _SCAN.match
    for candidate in _CANDIDATE.finditer(text):
        if candidate.start() < scan_end:
            continue
        m = match_at(text, candidate.start())
        if m is None:
            continue
        start, end = m.span()
        scan_end = end
        if start > 0:
            before = text[start - 1]
            if before in _BAD_BEFORE or (
                before in "-+" and start > 1 and text[start - 2].isascii() and text[start - 2].isalpha()
            ):
                continue
        if m.lastgroup != "amount":
            if end < n and text[end].isascii() and text[end].isalnum():
                continue
            tokens.append(_Token(start, end))
            continue
        token = _amount(text, source, m)
        if token is not None:
            tokens.append(token)
    _propagate_ranges(text, tokens)
    return tokens


def _amount(text: str, source: str, m: re.Match[str]) -> _Token | None:
    start, end = m.span()
    n = len(text)
    pre, num, more1, mag, more2, unit, plus = m.group("pre", "num", "more1", "mag", "more2", "unit", "plus")
    if unit is not None and unit in _NOT_UNITS:
        end = m.start("unit")
        while text[end - 1] in " \t\u00a0\u3000":
            end -= 1
        unit = plus = None
    if end < n:
        nxt, last = text[end], text[end - 1]
        if nxt.isascii() and nxt.isalnum() and last.isascii() and last.isalnum():
            return None  # 5G, 3D, 50x
    digits = num.replace(",", "") if "," in num else num
    more = more1 or more2
    if pre is None and mag is None and unit is None and more is None:
        # A bare number next to a month name is a day; a bare 4-digit 19xx/20xx is a year.
        tail = text[max(0, start - 12) : start].lower().rstrip(" .")
        if tail[-3:].isalpha() and tail.rsplit(" ", 1)[-1][:3] in _MONTHS:
            return _Token(start, end)
        if text.startswith(" de ", end) and text[end + 4 : end + 14].lower().startswith(_ES_MONTHS):
            return _Token(start, end)
        if len(digits) == 4 and "." not in digits and "," not in num and 1900 <= int(digits) <= 2100:
            return _Token(start, end)
    exp = 0
    if mag is not None:
        exp = _MAG_WORD_EXP.get(mag) or sum(_MAG_EXP[c] for c in mag)
        if unit is None and mag[-1] == "兆" and text.startswith(_SI_AFTER_ZHAO, m.end("mag")):
            exp -= 6  # 5兆瓦 = 5 MW: the SI word is the unit
            unit = next(w for w in _SI_AFTER_ZHAO if text.startswith(w, m.end("mag")))
            end = m.end("mag") + len(unit)
    unit_code = ""
    if unit is not None:
        unit_code = _SUFFIX_UNIT.get(unit) or _SUFFIX_UNIT.get(unit.lower()) or unit
        if len(unit_code) > 2 and unit_code.startswith(_CLASSIFIER_PREFIXES):
            unit_code = _SUFFIX_UNIT.get(unit_code[1:], unit_code)
    elif pre is not None:
        unit_code = _PREFIX_UNIT[pre.replace(" ", "").replace("\u00a0", "").replace("\u3000", "")]
    if "." in digits:
        frac = digits.split(".")[1]
        step = _POW10[exp - len(frac)]
        value = Decimal(digits).scaleb(exp) if exp else Decimal(digits)
        if value == value.to_integral_value():
            value = Decimal(int(value))
    else:
        step = _POW10[exp]
        value = Decimal(int(digits) * 10**exp)
    qualifier = _qualifier_before(text, start) if start else ""
    if not qualifier:
        if more:
            qualifier = more
        elif plus:
            qualifier = "+"
        elif text.startswith(_SUFFIX_QUALS, end):
            qualifier = text[end : end + 2]
    amount = Amount(start, end, value, unit_code, bool(qualifier), source[start:end], qualifier, step)
    return _Token(start, end, amount, exp)


def _propagate_ranges(text: str, tokens: list[_Token]) -> None:
    """`3至5億美元`, `350億至500億美元`, `3-5%`: the first figure takes the second's magnitude and unit."""
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a.amount is None or b.amount is None or a.amount.unit or not b.amount.unit:
            continue
        gap = text[a.end : b.start]
        if len(gap) > 5 or not _RANGE_GAP.match(gap):
            continue
        am = a.amount
        exp = b.mag_exp if a.mag_exp == 0 else 0
        value = am.value.scaleb(exp)
        if value == value.to_integral_value():
            value = Decimal(int(value))
        scaled = Amount(
            am.start, am.end, value, b.amount.unit, am.approx, am.text, am.qualifier, am.step.scaleb(exp)
        )
        tokens[i] = _Token(a.start, a.end, scaled, a.mag_exp + exp)


def parse_amounts(text: str, lang: str = "zh-Hant") -> list[Amount]:
    """Every figure of `text`, in order: value, unit, span and approximation.

    Dates, clock times and numbers glued to Latin words, URLs or identifiers are left out. In a
    range (`3至5億美元`, `3-5%`) the first figure takes the unit and magnitude of the second.
    `兆` is 10^12 (Taiwan usage, and what it means before a currency in zh-Hans text too: the
    mainland writes 万亿), except before an SI unit (`5兆瓦` = 5 × 10^6). `lang` is accepted for
    symmetry with the checks; the reading does not depend on it.
    """
    return [t.amount for t in _scan(text) if t.amount is not None]


# ---------------------------------------------------------------------------------------------
# Structured fields
# ---------------------------------------------------------------------------------------------


def parse_money(value: str | int | Decimal, *, require_unit: bool = False) -> tuple[Decimal, str]:
    """The value and unit of one structured amount: `60000 USD`, `$60,000`, `25,000 USDT`, `1 GT`.

    The unit is an ISO currency (`$`, `US$`, `美元` -> `USD`) or an upper-case token symbol; a
    bare number (`60000`, or a YAML integer) has unit `""` unless `require_unit` is set.
    Magnitudes are read (`6萬 USD` = 60000). Raises `ValueError` naming the problem for
    anything else: empty text, text around the amount, two amounts, approximations, negative
    numbers, percentages, counts, misplaced thousands separators, or a sign and a suffix that
    name different currencies (`$25,000 USDT` is accepted: USDT is a dollar).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        # ValueError, not TypeError: pydantic turns a ValueError into a validation error.
        raise ValueError(  # noqa: TRY004
            f"invalid amount {value!r}: expected text such as '60000 USD' or '$60,000'"
        )
    if not isinstance(value, str):
        if value < 0:
            raise ValueError(f"invalid amount {value!r}: an amount cannot be negative")
        if require_unit:
            raise ValueError(f"invalid amount {value!r}: no currency or token (write e.g. '{value} USD')")
        return Decimal(value), ""
    text = value.strip()
    if not text:
        raise ValueError("invalid amount '': empty (expected e.g. '60000 USD' or '$60,000')")
    if text[0] in "-−":
        raise ValueError(f"invalid amount {value!r}: an amount cannot be negative")
    tokens = _scan(text)
    amounts = [t for t in tokens if t.amount is not None]
    if not amounts:
        raise ValueError(f"invalid amount {value!r}: no number (expected e.g. '60000 USD' or '$60,000')")
    if len(tokens) > 1:
        raise ValueError(f"invalid amount {value!r}: more than one figure")
    amount = amounts[0].amount
    assert amount is not None
    if amount.approx:
        raise ValueError(f"invalid amount {value!r}: approximate ({amount.qualifier}); give the exact amount")
    if amount.start != 0 or amount.end != len(text):
        rest = (text[: amount.start] + " " + text[amount.end :]).strip()
        if re.match(r"[,.][0-9]", rest):
            raise ValueError(f"invalid amount {value!r}: misplaced thousands separator or decimal point")
        raise ValueError(f"invalid amount {value!r}: unexpected {rest!r} (expected e.g. '60000 USD')")
    if amount.unit in ("%", "pp", "bp"):
        raise ValueError(f"invalid amount {value!r}: a percentage, not an amount of money")
    if amount.unit and not amount.unit.isascii() and amount.unit not in _MONEY_UNITS:
        raise ValueError(f"invalid amount {value!r}: {amount.unit} counts things; it is not a currency or token")
    match = _SCAN.match(text)
    if match is not None and match["pre"] and match["unit"]:
        sign = _PREFIX_UNIT[match["pre"].replace(" ", "")]
        if sign != amount.unit and not (sign == "USD" and amount.unit in ("USDT", "USDC")):
            raise ValueError(f"invalid amount {value!r}: the sign says {sign} but the unit says {amount.unit}")
    if require_unit and not amount.unit:
        raise ValueError(f"invalid amount {value!r}: no currency or token (write e.g. '{text} USD')")
    return amount.value, amount.unit


# ---------------------------------------------------------------------------------------------
# Subjects: entities, measures, times
# ---------------------------------------------------------------------------------------------


class _Words:
    """Whole words from a fixed list, found fast.

    One alternation of plain literals, which `re` scans with a first-character set (an
    alternation with look-arounds or IGNORECASE would be tried at every character); Latin
    word boundaries are checked afterwards. Latin words match as written, in lower case,
    capitalized, title case and upper case; `canonical` maps each form back to the listed word.
    """

    def __init__(self, words: Iterable[str]) -> None:
        forms: dict[str, str] = {}
        for word in words:
            variants = (word, word.lower(), word.capitalize(), word.title(), word.upper()) if word.isascii() else (word,)
            for form in variants:
                forms.setdefault(form, word)
        self.canonical = forms
        self.pattern = re.compile(_alternation(forms))

    def spans(self, text: str, pos: int, endpos: int) -> list[tuple[int, int, str]]:
        """`(start, end, word)` of each whole word in `text[pos:endpos]`."""
        return [
            (m.start(), m.end(), m.group())
            for m in self.pattern.finditer(text, pos, endpos)
            if m.group()[0] >= "\x80" or self._bounded(text, m.start(), m.end())
        ]

    @staticmethod
    def _bounded(text: str, start: int, end: int) -> bool:
        return not (
            (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum())
            or (end < len(text) and text[end].isascii() and text[end].isalnum())
        )

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        n = len(text)
        for m in self.pattern.finditer(text, pos, n if endpos is None else endpos):
            if m.group()[0].isascii():
                start, end = m.span()
                if (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()) or (
                    end < n and text[end].isascii() and text[end].isalnum()
                ):
                    continue
            yield m


_KNOWN_ENTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "oracle": ("Oracle", ("甲骨文", "奧拉克", "奥拉克", "Oracle")),
    "nvidia": ("Nvidia", ("英偉達", "英伟达", "輝達", "辉达", "Nvidia", "NVIDIA")),
    "amd": ("AMD", ("超微", "AMD")),
    "intel": ("Intel", ("英特爾", "英特尔", "Intel")),
    "apple": ("Apple", ("蘋果公司", "苹果公司", "Apple")),
    "microsoft": ("Microsoft", ("微軟", "微软", "Microsoft")),
    "alphabet": ("Alphabet", ("谷歌", "Google", "Alphabet")),
    "amazon": ("Amazon", ("亞馬遜", "亚马逊", "Amazon")),
    "meta": ("Meta", ("Meta", "臉書", "脸书", "Facebook")),
    "tesla": ("Tesla", ("特斯拉", "Tesla")),
    "tsmc": ("TSMC", ("台積電", "台积电", "TSMC")),
    "openai": ("OpenAI", ("OpenAI",)),
    "softbank": ("SoftBank", ("軟銀", "软银", "SoftBank")),
    "bitcoin": ("Bitcoin", ("比特幣", "比特币", "Bitcoin", "BTC")),
    "ethereum": ("Ethereum", ("以太坊", "以太幣", "以太币", "Ethereum", "ETH")),
    "solana": ("Solana", ("Solana", "SOL")),
    "gate": ("Gate", ("Gate.io", "Gate", "芝麻開門", "芝麻开门")),
    "binance": ("Binance", ("幣安", "币安", "Binance")),
    "coinbase": ("Coinbase", ("Coinbase",)),
    "okx": ("OKX", ("OKX", "歐易", "欧易")),
    "tether": ("Tether", ("Tether", "泰達幣", "泰达币", "USDT")),
    "blackrock": ("BlackRock", ("貝萊德", "贝莱德", "BlackRock")),
    "microstrategy": ("MicroStrategy", ("微策略", "MicroStrategy")),
    "nasdaq": ("Nasdaq", ("納斯達克", "纳斯达克", "那斯達克", "Nasdaq", "NASDAQ")),
    "sp500": ("S&P 500", ("標普", "标普", "S&P")),
    "dow": ("Dow Jones", ("道瓊", "道琼", "Dow Jones")),
    "fed": ("Fed", ("聯準會", "联准会", "美聯儲", "美联储", "聯儲局", "联储局", "Federal Reserve", "Fed")),
    "ecb": ("ECB", ("歐洲央行", "欧洲央行", "ECB")),
    "boe": ("Bank of England", ("英格蘭銀行", "英格兰银行", "英國央行", "英国央行", "Bank of England", "BoE")),
    "boj": ("Bank of Japan", ("日本央行", "日本銀行", "日本银行", "Bank of Japan", "BoJ")),
    "pboc": ("PBoC", ("中國人民銀行", "中国人民银行", "人民銀行", "人民银行", "PBoC")),
    "imf": ("IMF", ("國際貨幣基金組織", "国际货币基金组织", "國際貨幣基金", "国际货币基金", "IMF")),
    "sec": ("SEC", ("美國證券交易委員會", "美国证券交易委员会", "證交會", "证交会", "SEC")),
}
_NAME_TO_ENTITY: dict[str, str] = {}
for _key, (_display, _names) in _KNOWN_ENTITIES.items():
    _NAME_TO_ENTITY[_key] = _key
    for _name in _names:
        _NAME_TO_ENTITY[_name] = _key
        _NAME_TO_ENTITY[_name.lower()] = _key
_KNOWN = _Words(n for _, names in _KNOWN_ENTITIES.values() for n in names)

# Glosses that name a concept, not an entity: 人工智慧(AI), 廣義貨幣(M2), 信用違約掉期(CDS).
_CONCEPTS = frozenset(
    _split("AI AGI ML LLM M0 M1 M2 M3 CDS ETF ETFS GDP CPI PPI PCE IPO ICO NFT NFTS DEFI CEO CFO CTO COO "
    "ROI APY APR TVL KOL UTC GMT API QE QT RWA DAO DEX CEX PE EPS YOY QOQ MOM CAPEX OPEX ESG VC "
    "PMI ATH DCA GPU CPU AR VR IOT SAAS KYC AML OTC P2P L1 L2 TPS")
)
_ALIAS_REACH = 100_000
# A glossed name is learned with its Chinese part; never as one of these generic nouns.
_GENERIC_NOUNS = frozenset(
    _split("公司 銀行 银行 集團 集团 平台 交易所 基金 指數 指数 市場 市场 政府 央行 機構 机构 企業 企业")
)
_GLOSS = re.compile(r"[(（] *([A-Za-z][A-Za-z0-9&.'\- ]{0,40}?) *[)）]")

_MEASURES: dict[str, tuple[str, ...]] = {
    "market cap": ("市值", "總市值", "总市值", "market cap", "market value", "market capitalization"),
    "spending": (
        "資本支出", "资本支出", "資本開支", "资本开支", "支出", "開支", "开支", "投入", "投資", "投资",
        "斥資", "斥资", "capex", "capital expenditure", "spending", "spend", "invest", "investment",
    ),
    "revenue": (
        "營收", "营收", "營業收入", "营业收入", "營業額", "营业额", "收入", "銷售額", "销售额",
        "revenue", "revenues", "sales",
    ),
    "profit": (
        "淨利潤", "净利润", "淨利", "净利", "利潤", "利润", "盈利", "獲利", "获利", "純益", "纯益",
        "虧損", "亏损", "profit", "net income", "net loss",
    ),
    "debt": ("債務", "债务", "負債", "负债", "借款", "貸款", "贷款", "debt", "borrowing"),
    "funding": ("融資", "融资", "募資", "募资", "籌資", "筹资", "募集", "發債", "发债", "funding", "financing"),
    "valuation": ("估值", "valuation"),
    "price": ("股價", "股价", "幣價", "币价", "價格", "价格", "報價", "报价", "price"),
    "volume": ("成交量", "交易量", "交易額", "交易额", "成交額", "成交额", "volume"),
    "holdings": ("持有", "持倉", "持仓", "持幣", "持币", "儲備", "储备", "holdings", "reserves"),
    "supply": ("供應量", "供应量", "流通量", "總量", "总量", "supply"),
    "users": ("用戶", "用户", "會員", "会员", "客戶", "客户", "users"),
    "employees": ("員工", "员工", "裁員", "裁员", "employees", "staff"),
    "rate": ("利率", "殖利率", "收益率", "年化", "年利率", "yield", "interest rate", "APY", "APR"),
    "share": ("市佔率", "市占率", "佔比", "占比", "份額", "份额", "主導地位", "主导地位", "dominance", "market share"),
    "correlation": ("相關係數", "相关系数", "相關性", "相关性", "correlation"),
    "fee": ("手續費", "手续费", "費率", "费率", "fee", "fees"),
    "prize pool": ("獎池", "奖池", "獎金池", "奖金池", "總獎金", "总奖金", "prize pool"),
    "reward": (
        "獎金", "奖金", "獎勵", "奖励", "獎品", "奖品", "空投", "prize", "prizes", "reward", "rewards", "airdrop",
    ),
}
# Several per record is normal: the noun written with the figure says which (新手獎池, 豪華獎池).
_ITEMIZED = frozenset({"prize pool"})
# Changes all day: compared only at an explicit time.
_VOLATILE = frozenset({"price"})
# Recognised, so the figure is not given to another keyword of its clause, but never compared:
# a campaign pays different rewards for different actions (`首帖 $50 獎勵`, `邀請 $20 獎勵`).
_NOT_COMPARED = frozenset({"reward"})
_PERCENT_UNITS = frozenset({"%", "pp", "bp"})
# Verbs written before an itemized keyword that do not name the item: 瓜分獎池 is the 獎池.
_ITEM_VERBS = frozenset(_split("瓜分 解鎖 解锁 獲得 获得 贏得 赢得 贏取 赢取 領取 领取 設有 设有 其中 平分 總計 总计"))
# An entity right after these is an object or a place, not the subject (從英偉達採購, 對比特幣).
_PREPOSITIONS = tuple(_split("從 从 向 對 对 給 给 把 被 由 於 于 在 比 拖累 包括 帶動 带动 超越 超過 超过"))
# `比特幣與英偉達的相關係數`: the subject is the pair.
_CONJUNCTIONS = ("與", "与", "和", "跟", "及", "同", "、")
_KEYWORD_TO_MEASURE = {kw: m for m, kws in _MEASURES.items() for kw in kws}
_MEASURE_WORDS = _Words(_KEYWORD_TO_MEASURE)
_PLAN_WORDS = _Words(
    _split("計劃 计划 計畫 计画 預計 预计 預期 预期 擬 拟 打算 目標 目标 規劃 规划 預算 预算 承諾 承诺 "
    "plan plans planned planning expects expected target targets guidance budget")
)
_TIME_WORDS = re.compile(
    _alternation(
        _split("今年 去年 明年 前年 本週 本周 上週 上周 下週 下周 本月 上月 下月 今天 昨天 明天 今日 昨日 當天 当天 "
        "當日 当日 同日 同一天 同一交易日 年初至今 年初 年底 年末 年中 上半年 下半年 全年 本季 上季 YTD")
    )
    # 第三季, 第2週, Q3: one character class first, so `re` can skip ahead.
    + r"|[第Qq](?:(?<=第)[一二三四五六七八九十0-9]+[季週周天期輪轮]度?|(?<=[Qq])[1-4](?![0-9]))"
)
_ANAPHORIC_TIMES = frozenset({"當天", "当天", "當日", "当日", "同日", "同一天", "同一交易日"})

_SENT_END = re.compile(r"[。！？!?\n.](?:(?<=\.)(?=\s)|(?<!\.))")
# One character class first, so `re` skips ahead fast; `90,000`, `16:00` and `0.96` are not ends.
_CLAUSE_END = re.compile(
    r"[，;；：、。！？!?\n,:.](?:(?<=[，;；：、。！？!?\n])|(?<=,)(?![0-9]{3})|(?<=:)(?![0-9])|(?<=\.)(?=\s))"
)
_FROM_BEFORE = re.compile(r"(?:從|从|由|自|[Ff]rom)[^，,;；:：。！？!?\n]{0,24}\Z")
_CHANGES = _alternation(_DOWN + _UP)
_FROMTO_GAP = re.compile(
    rf"{_S}*(?:的)?{_S}*(?:(?:大幅|進一步|进一步|一舉|一举)?(?:{_CHANGES}))?了?{_S}*(?:到|至|為|为|成|→|->|⟶|to(?![A-Za-z]))"
)
_CHANGE_IN_GAP = re.compile(rf"{_CHANGES}|→|->|⟶")


@dataclass(slots=True)
class _Statement:
    """One stated value: a figure, or a range of two; its subject key and paragraph."""

    start: int
    end: int
    text: str
    amounts: tuple[Amount, ...]
    paragraph: int
    measure: str | None = None
    partial: tuple | None = None  # the subject key without its entity, which costs most to find
    sentence_start: int = 0
    key: tuple | None = None
    subject: str = ""

    @property
    def bounds(self) -> tuple[Decimal, Decimal | None]:
        """The interval stated: the figure's, or from the low end to the high end of a range."""
        first, last = self.amounts[0], self.amounts[-1]
        return first.bounds if last is first else (first.bounds[0], last.bounds[1])


class _Mention(NamedTuple):
    start: int
    end: int
    key: str


class _Sentence(NamedTuple):
    """A sentence holding figures, with what is looked up in it (computed once per sentence)."""

    start: int
    end: int
    clause_ends: list[int]
    measures: list[tuple[int, int, str]]


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Where the sentence holding `pos` starts, searching back no further than `lo`."""
    m = _LAST_SENT_END.match(text, lo, pos)
    return m.end() if m else lo


# Matched at `lo`: runs to `pos`, then backs up to the last sentence end (one call, in C).
_LAST_SENT_END = re.compile(r"(?s:.*(?:[。！？!?\n]|\.(?=\s)))?")


class _Analysis:
    """The statements of one text, with subject keys where a subject can be told.

    Figures are visited in order with a cursor (sentence, clause and paragraph are found
    around each figure, not for the whole text). `keep_all` keeps statements without a measure
    too (key None), for variant alignment.
    """

    def __init__(
        self, text: str, aliases: Mapping[str, str] | None = None, *, keep_all: bool = False
    ) -> None:
        self.text = text
        self.tokens = _scan(text)
        self.token_starts = [t.start for t in self.tokens]
        self.aliases = aliases or {}
        self.displays: dict[str, str] = {}
        self._extra: list[_Mention] | None = None
        self._extra_starts: list[int] = []
        self._alias_cache: dict[str, str] = {}
        self.statements = self._statements(keep_all)

    # -- positions ----------------------------------------------------------------------------

    def _sentence(self, pos: int, lo: int = 0) -> _Sentence:
        text = self.text
        start = _sentence_start(text, lo, pos)
        m = _SENT_END.search(text, pos)
        end = m.end() if m else len(text)
        clause_ends = [c.end() for c in _CLAUSE_END.finditer(text, start, end)]
        measures = _MEASURE_WORDS.spans(text, start, end)
        return _Sentence(start, end, clause_ends, measures)

    @staticmethod
    def _clause(sentence: _Sentence, pos: int) -> tuple[int, int]:
        ends = sentence.clause_ends
        i = bisect_right(ends, pos)
        return (ends[i - 1] if i else sentence.start), (ends[i] if i < len(ends) else sentence.end)

    def _in_figure(self, pos: int) -> bool:
        i = bisect_right(self.token_starts, pos) - 1
        return i >= 0 and self.tokens[i].end > pos and self.tokens[i].amount is not None

    # -- entities -----------------------------------------------------------------------------

    def _extra_mentions(self) -> list[_Mention]:
        """Mentions the known-name list cannot find: glossed names, their learned Chinese
        aliases and Latin names, and the caller's aliases. Computed once, when first needed."""
        if self._extra is not None:
            return self._extra
        text = self.text
        found: list[_Mention] = []
        learned: dict[str, str] = {}
        for m in _GLOSS.finditer(text):
            latin = m.group(1).strip()
            if not latin[0].isupper() or latin.upper().replace(" ", "") in _CONCEPTS:
                continue
            run_start = m.start()
            while run_start > 0 and m.start() - run_start < 16 and "\u3400" <= text[run_start - 1] <= "\u9fff":
                run_start -= 1
            if run_start == m.start():
                continue
            key = _NAME_TO_ENTITY.get(latin.lower(), latin.lower())
            self.displays.setdefault(key, latin)
            alias = self._alias(text[run_start : m.start()], m.start())
            if alias:
                learned.setdefault(alias, key)
            found.append(_Mention(m.start() - len(alias or " "), m.end(), key))
            if key not in _KNOWN_ENTITIES:
                learned.setdefault(latin, key)
        for name, target in self.aliases.items():
            key = _NAME_TO_ENTITY.get(target) or _NAME_TO_ENTITY.get(target.lower()) or target.lower()
            learned.setdefault(name, key)
            self.displays.setdefault(key, target)
        for name, key in learned.items():
            if _NAME_TO_ENTITY.get(name) == key:
                continue  # the known-name list finds it
            latin = name.isascii()
            pos = text.find(name)
            while pos != -1:
                end = pos + len(name)
                if not latin or (
                    (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
                ):
                    found.append(_Mention(pos, end, key))
                pos = text.find(name, end)
        found.sort()
        self._extra = [f for f in found if not self._in_figure(f.start)]
        self._extra_starts = [f.start for f in self._extra]
        return self._extra

    def _alias(self, run: str, run_end: int) -> str | None:
        """The Chinese name glossed at the end of `run`: its longest suffix used elsewhere too
        (`拖累英偉達(Nvidia)` -> 英偉達), or the whole run when short and used nowhere else."""
        cached = self._alias_cache.get(run)
        if cached is not None:
            return cached or None
        text = self.text
        # Looked for within 100,000 characters either side: a record, not a whole corpus.
        lo, hi = max(0, run_end - _ALIAS_REACH), run_end + _ALIAS_REACH
        alias = run if 2 <= len(run) <= 4 else ""
        for size in range(min(len(run), 8), 1, -1):
            suffix = run[-size:]
            if suffix in _GENERIC_NOUNS:
                continue
            if (
                suffix in _NAME_TO_ENTITY
                or text.find(suffix, lo, run_end - size) != -1
                or text.find(suffix, run_end, hi) != -1
            ):
                alias = suffix
                break
        self._alias_cache[run] = alias
        return alias or None

    def _mentions_in(self, lo: int, hi: int) -> list[_Mention]:
        """Entity mentions within `[lo, hi)`, in order, none inside a figure."""
        found = [
            _Mention(m.start(), m.end(), _NAME_TO_ENTITY[_KNOWN.canonical[m.group()]])
            for m in _KNOWN.finditer(self.text, lo, hi)
            if not self._in_figure(m.start())
        ]
        extra = self._extra_mentions()
        i = bisect_left(self._extra_starts, lo)
        while i < len(extra) and extra[i].start < hi:
            if extra[i].end <= hi:
                found.append(extra[i])
            i += 1
        if len(found) > 1:
            found.sort()
        return found

    def _entity(self, pos: int, s_start: int, para_start: int) -> str | None:
        """The nearest entity before `pos` in its sentence, else the paragraph's topic: the
        first entity of the latest earlier sentence of the paragraph that names one."""
        here = self._mentions_in(s_start, pos)
        if here:
            return self._subject_of(here)
        if para_start >= s_start:
            return None
        earlier = self._mentions_in(para_start, s_start)
        if not earlier:
            return None
        latest = earlier[-1].start
        topic = [m for m in earlier if m.start >= _sentence_start(self.text, para_start, latest)]
        return topic[0].key

    def _subject_of(self, mentions: list[_Mention]) -> str:
        """Of the mentions before a figure, the nearest that is not after a preposition; a pair
        joined by a conjunction (`比特幣與英偉達`) is one subject, keyed `bitcoin+nvidia`."""
        text = self.text
        chosen = len(mentions) - 1
        while chosen > 0 and text[max(0, mentions[chosen].start - 2) : mentions[chosen].start].rstrip().endswith(_PREPOSITIONS):
            chosen -= 1
        mention = mentions[chosen]
        if chosen > 0:
            before = mentions[chosen - 1]
            gap = text[before.end : mention.start].strip()
            if gap in _CONJUNCTIONS and before.key != mention.key:
                return "+".join(sorted((before.key, mention.key)))
        return mention.key

    def display(self, key: str) -> str:
        if "+" in key:
            return " and ".join(self.display(k) for k in key.split("+"))
        if key in _KNOWN_ENTITIES:
            return _KNOWN_ENTITIES[key][0]
        return self.displays.get(key, key)

    # -- statements ---------------------------------------------------------------------------

    def _statements(self, keep_all: bool) -> list[_Statement]:
        text, toks = self.text, self.tokens
        out: list[_Statement] = []
        amounts = [t.amount for t in toks if t.amount is not None]
        sentence: _Sentence | None = None
        paragraph, counted_to = 0, 0
        last_end = 0  # end of the previous figure: the time of a figure is written after it
        k = 0
        while k < len(amounts):
            a = amounts[k]
            nxt = amounts[k + 1] if k + 1 < len(amounts) else None
            if sentence is None or a.start >= sentence.end:
                sentence = self._sentence(a.start, sentence.end if sentence else 0)
            c_start, c_end = self._clause(sentence, a.start)
            paragraph += text.count("\n", counted_to, a.start)
            counted_to = a.start
            where = _Where(sentence, c_start, c_end, paragraph, max(last_end, sentence.start))
            # A change (從X增加到Y) or a range (X至Y) is one statement of two figures.
            pair = None
            if nxt is not None and nxt.start < c_end:
                gap = text[a.end : nxt.start]
                if len(gap) <= 24:
                    connector = _FROMTO_GAP.match(gap)
                    if connector is not None and (
                        _FROM_BEFORE.search(text, c_start, a.start) or _CHANGE_IN_GAP.search(connector.group())
                    ):
                        pair = "change"
                    elif a.unit == nxt.unit and _RANGE_GAP.match(gap):
                        pair = "range"
            if pair is None:
                k += 1
                if a.unit in _DURATION_UNITS:
                    continue  # a period (30天, 3個月) dates the figures after it
                last_end = a.end
                stmt = self._statement((a,), "current", where, a.end, keep_all)
                if stmt is not None:
                    out.append(stmt)
                continue
            assert nxt is not None
            k += 2
            last_end = nxt.end
            if pair == "range":
                stmt = self._statement((a, nxt), "current", where, nxt.end, keep_all)
                if stmt is not None:
                    out.append(stmt)
                continue
            before = self._statement((a,), "before", where, nxt.end, keep_all)
            after_where = where._replace(since=a.end)
            after = self._statement(
                (nxt,), "after", after_where, nxt.end, keep_all, pair_start=a.start,
                pair_time=before.partial[3] if before is not None and before.partial else None,
            )
            out.extend(s for s in (before, after) if s is not None)
        return out

    @staticmethod
    def _measure(where: _Where, span_start: int, span_end: int) -> tuple[int, int, str] | None:
        """The measure keyword of the clause nearest to the figure span, outside it."""
        best = None
        best_dist = 0
        for kw in where.sentence.measures:
            if kw[0] < where.c_start or kw[1] > where.c_end or span_start <= kw[0] < span_end:
                continue
            dist = span_start - kw[1] if kw[1] <= span_start else kw[0] - span_end
            if best is None or dist < best_dist:
                best, best_dist = kw, dist
        return best

    def _time(self, pos: int, since: int) -> str | None:
        """The nearest date, period or time word in `[since, pos)`."""
        best_start, best = -1, None
        for m in _TIME_WORDS.finditer(self.text, since, pos):
            word = m.group()
            best_start, best = m.start(), (f"{word}@{m.start()}" if word in _ANAPHORIC_TIMES else word)
        j = bisect_left(self.token_starts, pos) - 1
        while j >= 0 and self.tokens[j].start >= since:
            tok = self.tokens[j]
            if tok.amount is None or tok.amount.unit in _DURATION_UNITS:
                if tok.start > best_start:
                    best = re.sub(r"[\s的]", "", self.text[tok.start : tok.end])
                break
            j -= 1
        return best

    def _statement(
        self,
        group: tuple[Amount, ...],
        role: str,
        where: _Where,
        span_end: int,
        keep_all: bool,
        pair_start: int | None = None,
        pair_time: str | None = None,
    ) -> _Statement | None:
        text = self.text
        first = group[0]
        span_start = first.start if pair_start is None else pair_start
        kw = self._measure(where, span_start, span_end)
        if kw is None and not keep_all and first.unit not in _PERCENT_UNITS:
            return None
        # Direction and level verbs, written just before the figure (after its qualifier).
        direction = None
        level = False
        if role != "after":
            head = first.start - len(first.qualifier)
            if not text.startswith(first.qualifier, head):
                head = first.start
            tail = text[max(where.c_start, head - 5) : head].rstrip(" 了")
            if tail.endswith(_LEVEL):
                level = True
            elif tail.endswith(_DOWN):
                direction = "down"
            elif tail.endswith(_UP):
                direction = "up"
        if kw is None and not keep_all and direction is None:
            return None
        last = group[-1]
        stmt = _Statement(first.start, last.end, text[first.start : last.end], group, where.paragraph)
        if kw is None:
            if keep_all:
                return stmt
            measure, detail = "change", ""  # 比特幣今年上漲50%: a move of the entity itself
        else:
            measure = stmt.measure = _KEYWORD_TO_MEASURE[_MEASURE_WORDS.canonical[kw[2]]]
            detail = self._detail(kw, where, span_end) if measure in _ITEMIZED else ""
        if level or measure in _NOT_COMPARED:
            return stmt if keep_all else None
        time = self._time(first.start, where.since) or (pair_time if role == "after" else None)
        if time is None and ((direction and first.unit in ("%", "pp", "bp")) or measure in _VOLATILE):
            return stmt if keep_all else None
        plan = "plan" if next(_PLAN_WORDS.finditer(text, where.c_start, first.start), None) else None
        stmt.partial = (measure, detail, first.unit, time, plan, direction, "before" if role == "before" else "current")
        stmt.sentence_start = where.sentence.start
        return stmt

    def _detail(self, kw: tuple[int, int, str], where: _Where, span_end: int) -> str:
        """The item an itemized keyword names: `$60,000 豪華獎池` -> 豪華獎池, `新手獎池 $10,000`
        -> 新手獎池 (at most two characters before the keyword, not a verb like 瓜分)."""
        text = self.text
        if kw[0] >= span_end:
            return re.sub(r"[\s的]", "", text[span_end : kw[1]])
        start = kw[0]
        while start > max(where.c_start, kw[0] - 2) and "\u3400" <= text[start - 1] <= "\u9fff":
            start -= 1
        modifier = text[start : kw[0]]
        return kw[2] if modifier in _ITEM_VERBS else modifier + kw[2]

    def resolve(self, stmt: _Statement) -> None:
        """Find the entity of a statement with a partial key, and so its key and subject."""
        if stmt.partial is None:
            return
        measure, detail, _, time, plan, direction, role = stmt.partial
        para_start = self.text.rfind("\n", 0, stmt.start) + 1
        entity = self._entity(stmt.start, stmt.sentence_start, para_start)
        if entity is None and measure not in _ITEMIZED:
            return
        stmt.key = (entity, *stmt.partial)
        parts = [self.display(entity)] if entity else []
        if plan:
            parts.append("planned")
        parts.append(measure)
        subject = " ".join(parts)
        if detail:
            subject += f" ({detail})"
        if direction:
            subject += f", {direction}"
        if time:
            subject += f", {time.split('@')[0]}"
        if role == "before":
            subject += ", before the change"
        stmt.subject = subject


class _Where(NamedTuple):
    """Where a figure stands: its sentence, clause, paragraph index, and where its time may be."""

    sentence: _Sentence
    c_start: int
    c_end: int
    paragraph: int
    since: int



# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureConflict(Finding):
    """A figure that disagrees with another one: a `Finding` plus where the other figure is.

    `start`/`end` span the reported figure; `related_start`/`related_end` span the figure it
    disagrees with — in the same text for `number/conflict`, in the *other* text for
    `number/variant`. `code` is the rule's code. `message` names the other figure by offset;
    `describe(position)` names it by line and column, given a function from an offset of the
    related text to `(line, column)` (e.g. `LineIndex(source).position`, after adding the
    segment's offset). No fix: an editor decides.
    """

    code: str = CONFLICT
    text: str = ""
    related_start: int = -1
    related_end: int = -1
    related_text: str = ""
    subject: str = ""

    def describe(self, position: Callable[[int], tuple[int, int]] | None = None) -> str:
        if position is None:
            where = f"offset {self.related_start}"
        else:
            line, column = position(self.related_start)
            where = f"line {line}, column {column}"
        if self.code == VARIANT:
            about = f" ({self.subject})" if self.subject else ""
            return f"{self.text}{about} disagrees with {self.related_text} in the other variant (at {where})"
        return f"{self.text} for {self.subject} disagrees with {self.related_text} stated earlier (at {where})"


def _conflict(code: str, stmt: _Statement, other: _Statement, subject: str) -> FigureConflict:
    fields = {
        "code": code,
        "text": stmt.text,
        "related_start": other.start,
        "related_end": other.end,
        "related_text": other.text,
        "subject": subject,
    }
    message = FigureConflict(stmt.start, stmt.end, "", **fields).describe()
    return FigureConflict(stmt.start, stmt.end, message, **fields)


def figure_conflicts(
    text: str,
    lang: str = "zh-Hant",
    *,
    window: int | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Iterator[FigureConflict]:
    """Two different figures for the same subject in one record (`number/conflict`).

    Why is this bad?
        A reader cannot tell which figure is right, and one of them is usually a typo that
        changes the story by a factor of ten: Oracle's AI spending stated as
        `從350億美元增加到500億美元` in one paragraph and `計劃投入50億美元` in another.

    Example:
        `奧拉克(Oracle)透露計劃將資本支出從350億美元增加到500億美元。` … (paragraphs later)
        `奧拉克(Oracle)體現了這一困境:其計劃投入50億美元於AI資料中心。` →
        `50億美元 for Oracle planned spending disagrees with 500億美元 stated earlier (at offset 30)`,
        on the later figure.

    The later figure is reported, against the first earlier figure of the same subject that it
    disagrees with; figures that were themselves reported are not used as references, so
    500億, 50億, 500億 gives one finding. The subject key and the agreement rule are in the
    module docstring.

    Fix safety:
        None: the rule cannot know which figure is right; an editor decides. Severity: warning.

    Skipped:
        - the same figure repeated: `侵蝕了80億美元的市值` / `公司市值蒸發80億美元`;
        - figures of different years or dates: `2024年的約150億美元` / `2025年的近1250億美元`;
        - the two values of a change: `從350億美元增加到500億美元`;
        - approximations that agree within their rounding: `約57%` / `57%` / `57.3%`;
        - figures of different entities or measures: `奧拉克市佔率16%` / `英偉達市佔率20%`;
        - planned versus actual figures: `計劃投入500億` / `去年投入50億`;
        - level crossings, which are events: `跌破90,000美元` / `站上92,000美元`;
        - percentage moves and prices without an explicit time: `上漲50%` / `上漲10%`;
        - figures with no measure keyword in their clause, or no entity (except prize pools,
          told apart by their noun: `豪華獎池`, `新手獎池`); rewards (`$50 獎勵`), which differ
          by action; periods (`30天`);
        - masked spans (URLs, code, hashtags, cashtags): they hold no digits.

    `window`: compare only with figures in the same or the `window` previous paragraphs (lines);
    `None` compares across the whole record. `aliases` maps extra names to entities
    (`{"甲骨文": "Oracle"}`), e.g. from the glossary. `lang` is accepted for the registry: the
    keyword lists hold both scripts.
    """
    analysis = _Analysis(text, aliases)
    # Entities are the costly part of a key: find them only where the rest of the key repeats.
    counts = Counter(stmt.partial for stmt in analysis.statements if stmt.partial is not None)
    established: dict[tuple, list[_Statement]] = {}
    for stmt in analysis.statements:
        if counts[stmt.partial] < 2:
            continue
        analysis.resolve(stmt)
        if stmt.key is None:
            continue
        earlier = established.setdefault(stmt.key, [])
        clash = None
        for other in earlier:
            if window is not None and other.paragraph < stmt.paragraph - window:
                continue
            if not _intervals_meet(stmt.bounds, other.bounds):
                clash = other
                break
        if clash is not None:
            yield _conflict(CONFLICT, stmt, clash, stmt.subject)
        else:
            earlier.append(stmt)


def variant_conflicts(a_text: str, b_text: str) -> Iterator[FigureConflict]:
    """A figure that differs between two variants of a record (`number/variant`).

    Why is this bad?
        Readers of one locale get a different fact than readers of the other, while a variant
        (zh-Hant/zh-Hans, or a translation) is meant to say the same thing. A figure that
        changed in conversion or in translation (`500億美元` in zh-Hant, `50亿美元` in zh-Hans)
        is a typo in one of them.

    Example:
        a: `計劃將資本支出從350億美元增加到500億美元`
        b: `计划将资本支出从350亿美元增加到50亿美元` →
        on b: `50亿美元 (spending) disagrees with 500億美元 in the other variant (at offset 17)`.

    Figures are aligned by order, value and unit (a diff of the two figure sequences): figures
    with equal values and units anchor the alignment; between anchors, figures are paired in
    order where their units match (a second diff, on units), and a pair is reported on
    `b_text` when the values do not agree within their rounding, unless both have a measure
    keyword and the measures differ (a misalignment, not a disagreement).
    `related_start`/`related_end` are offsets into `a_text`.

    Fix safety:
        None: an editor decides which variant is right. Severity: warning.

    Skipped:
        - dates and clock times (written differently across languages);
        - figures present in only one variant (a translation may drop or add a detail);
        - approximations that agree: `約57%` / `57%`;
        - the same value written differently: `80億美元` / `$8 billion`.
    """
    a_items = _variant_items(_Analysis(a_text, keep_all=True))
    b_items = _variant_items(_Analysis(b_text, keep_all=True))
    a_keys = [(s.amounts[0].unit, s.amounts[0].value) for s in a_items]
    b_keys = [(s.amounts[0].unit, s.amounts[0].value) for s in b_items]
    matcher = SequenceMatcher(None, a_keys, b_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        units = SequenceMatcher(None, [k[0] for k in a_keys[i1:i2]], [k[0] for k in b_keys[j1:j2]], autojunk=False)
        for unit_op, x1, x2, y1, y2 in units.get_opcodes():
            if unit_op != "equal":
                continue
            for x, y in zip(range(i1 + x1, i1 + x2), range(j1 + y1, j1 + y2)):
                sa, sb = a_items[x], b_items[y]
                if _intervals_meet(sa.bounds, sb.bounds):
                    continue
                if sa.measure and sb.measure and sa.measure != sb.measure:
                    continue
                yield _conflict(VARIANT, sb, sa, sb.measure or sa.measure or "")


def _variant_items(analysis: _Analysis) -> list[_Statement]:
    """One statement per figure (ranges split), with its measure when it has one."""
    items: list[_Statement] = []
    for stmt in analysis.statements:
        if len(stmt.amounts) == 1:
            items.append(stmt)
            continue
        for amount in stmt.amounts:
            items.append(
                _Statement(amount.start, amount.end, amount.text, (amount,), stmt.paragraph, stmt.measure)
            )
    return items
