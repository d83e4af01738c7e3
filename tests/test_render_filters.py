"""Template filters: amounts, numbers and dates as the post's readers write them (Babel)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from publisher import filters
from publisher.model import Money

UTC8 = timezone(timedelta(hours=8))
PRIZE = Money(Decimal(60000), "USD")


@pytest.mark.parametrize(
    ("tag", "symbol", "name"),
    [
        ("zh-Hant", "US$60,000", "60,000 美元"),
        ("zh-Hant-HK", "US$60,000", "60,000 美元"),
        ("zh-Hans", "US$60,000", "60,000美元"),
        ("en", "$60,000", "60,000 US dollars"),
        ("es", "60.000\xa0US$", "60.000 dólares estadounidenses"),
    ],
)
def test_money_follows_the_locale(tag, symbol, name):
    assert filters.money(PRIZE, tag) == symbol
    assert filters.money(PRIZE, tag, "name") == name


def test_money_keeps_the_currency_digits_of_amounts_with_cents_and_puts_tokens_after_the_number():
    assert filters.money(Money(Decimal("1.5"), "USD"), "zh-Hant") == "US$1.50"
    assert filters.money("25,000 USDT", "zh-Hans") == "25,000 USDT"
    assert filters.money(Money(Decimal(1), "GT"), "en", "name") == "1 GT"


def test_money_rejects_what_is_not_an_amount():
    with pytest.raises(ValueError, match="money style"):
        filters.money(PRIZE, "en", "long")
    with pytest.raises(TypeError, match="expected an amount"):
        filters.money([1], "en")


def test_numbers_use_the_locales_separators():
    assert filters.number(1234567.5, "zh-Hant") == "1,234,567.5"
    assert filters.number(Decimal("1234567.50"), "de") == "1.234.567,50"
    assert filters.number(12000, "en") == "12,000"


def test_an_unknown_locale_falls_back_to_its_language_then_english():
    assert filters.babel_locale("zh-Hant-MO").territory == "MO"
    assert filters.babel_locale("es-Zzzz").language == "es"
    assert str(filters.babel_locale("qq")) == "en"


def test_a_window_ending_at_midnight_ends_at_24_00_of_the_day_before():
    start, end = datetime(2026, 1, 8, 16, tzinfo=UTC8), datetime(2026, 1, 27, tzinfo=UTC8)
    assert filters.span(start, end, "zh-Hant") == ("2026年1月8日 16:00", "1月26日 24:00")
    assert filters.span(start, end, "en") == ("Jan 8, 2026, 16:00", "Jan 26, 24:00")


def test_a_window_over_new_year_shows_both_years():
    start, end = datetime(2025, 12, 30, 9, tzinfo=UTC8), datetime(2026, 1, 2, 18, tzinfo=UTC8)
    assert filters.span(start, end, "zh-Hans") == ("2025年12月30日 09:00", "2026年1月2日 18:00")


def test_dates_take_a_width_or_a_skeleton():
    day = datetime(2026, 1, 8, 16, tzinfo=UTC8)
    assert filters.format_date(day, "zh-Hant", "full") == "2026年1月8日 星期四"
    assert filters.format_date(day, "zh-Hans", "MMMEd") == "1月8日周四"
    assert filters.format_time(day, "en") == "16:00"
