"""Figures and dates written the way a post's readers write them (Babel, CLDR data).

Templates call them as filters — `{{ record.prize_pool.total | money("name") }}`,
`{{ 12500 | number }}`, `{{ record.period.start | date }}` — in the locale of the post
(the template variable `locale`, the channel's locale), so one template serves every locale:
`money` is US$60,000 in zh-Hant and zh-Hans, $60,000 in en; `money("name")` is 60,000 美元.

Babel is imported on first use: it and its locale data cost start-up time that a post without
figures or dates need not pay.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from jinja2.runtime import Context

from publisher import timeutil
from publisher.model import Money
from publisher.normalize.number import parse_money

if TYPE_CHECKING:
    from babel import Locale

DATE_FORMATS = ("short", "medium", "long", "full")


@cache
def babel_locale(tag: str) -> Locale:
    """The CLDR locale of a BCP 47 tag (`zh-Hant-HK`), else of its language, else English."""
    from babel import Locale, UnknownLocaleError

    for candidate in (tag, tag.split("-")[0], "en"):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    raise LookupError("Babel has no English locale data")


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@cache
def _whole_currency_pattern(tag: str) -> str:
    """The locale's currency pattern without its decimals: ¤#,##0.00 -> ¤#,##0."""
    return re.sub(r"\.0+", "", babel_locale(tag).currency_formats["standard"].pattern)


def money(value: Money | Decimal | int | float | str, tag: str, style: str = "symbol") -> str:
    """An amount in the locale of `tag`: `symbol` US$60,000, `name` 60,000 美元.

    Whole amounts have no decimals; other amounts the currency's digits. A unit that is not an
    ISO currency (a token: GT, USDT) follows the number: 1 GT.
    """
    from babel import numbers

    amount, unit = _amount(value)
    if style not in ("symbol", "name"):
        raise ValueError(f"money style {style!r}: use 'symbol' or 'name'")
    locale = babel_locale(tag)
    if unit not in _currencies():
        return f"{numbers.format_decimal(amount, locale=locale)} {unit}".strip()
    whole = amount == amount.to_integral_value()
    if style == "name":
        return numbers.format_currency(amount, unit, locale=locale, format_type="name", currency_digits=not whole, decimal_quantization=not whole)
    if whole:
        return numbers.format_currency(amount, unit, format=_whole_currency_pattern(tag), locale=locale, currency_digits=False)
    return numbers.format_currency(amount, unit, locale=locale)


def number(value: Decimal | int | float | str, tag: str) -> str:
    """A number with the locale's grouping and decimal mark, its decimals as given (1.50 stays 1.50)."""
    from babel import numbers

    amount = Decimal(str(value))
    digits = max(0, -int(amount.as_tuple().exponent))
    return numbers.format_decimal(amount, format=_decimal_pattern(tag, digits), locale=babel_locale(tag))


@cache
def _decimal_pattern(tag: str, digits: int) -> str:
    """The locale's number pattern with exactly `digits` decimals: #,##0.### -> #,##0.00."""
    return re.sub(r"\.[0#]+", "." + "0" * digits if digits else "", babel_locale(tag).decimal_formats[None].pattern)


def format_date(value: date, tag: str, format: str = "medium") -> str:
    """A date by width (`short` ... `full`) or CLDR skeleton (`yMMMd`, `MMMEd`)."""
    from babel import dates

    if format in DATE_FORMATS:
        return dates.format_date(value, format, locale=babel_locale(tag))
    return dates.format_skeleton(format, value, locale=babel_locale(tag))


def format_time(value: datetime, tag: str, format: str = "Hm") -> str:
    """A time of day by width or CLDR skeleton; the default is the 24-hour `Hm` (16:00)."""
    from babel import dates

    if format in DATE_FORMATS:
        return dates.format_time(value, format, locale=babel_locale(tag))
    return dates.format_skeleton(format, value, locale=babel_locale(tag))


def moment(value: datetime, tag: str, *, year: bool = True, end: bool = False) -> str:
    """Date and time as the locale joins them: 2026年1月8日 16:00, Jan 8, 2026, 16:00.

    An `end` at midnight is written as 24:00 of the day before, as editors write it.
    """
    clock = None
    if end:
        value, midnight = timeutil.as_day_end(value)
        clock = "24:00" if midnight else None
    day = format_date(value, tag, "yMMMd" if year else "MMMd")
    pattern = babel_locale(tag).datetime_formats["medium"]
    pattern = getattr(pattern, "pattern", pattern)
    return pattern.replace("{1}", day).replace("{0}", clock or format_time(value, tag))


def span(start: datetime, end: datetime, tag: str) -> tuple[str, str]:
    """Start and end of a window; the end without the year when it is the start's year."""
    shown_end = end - timedelta(microseconds=1) if (end.hour, end.minute, end.second) == (0, 0, 0) else end
    return moment(start, tag), moment(end, tag, year=shown_end.year != start.year, end=True)


def _amount(value: Any) -> tuple[Decimal, str]:
    if isinstance(value, Money):
        return value.value, value.unit
    if isinstance(value, str):
        return parse_money(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)), ""
    raise TypeError(f"money: expected an amount such as '60000 USD', got {type(value).__name__}")


@pass_context
def _money_filter(context: Context, value: Any, style: str = "symbol") -> str:
    return money(value, context["locale"], style)


@pass_context
def _number_filter(context: Context, value: Any) -> str:
    return number(value, context["locale"])


@pass_context
def _date_filter(context: Context, value: date, format: str = "medium") -> str:
    return format_date(value, context["locale"], format)


@pass_context
def _time_filter(context: Context, value: datetime, format: str = "Hm") -> str:
    return format_time(value, context["locale"], format)


FILTERS = {"money": _money_filter, "number": _number_filter, "date": _date_filter, "time": _time_filter}
"""The filters every template environment has; they need `locale` in the template context."""
