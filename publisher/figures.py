"""Amounts in structured fields: `60000 USD`, `$60,000`, `US$ 25,000`, `1 GT`, `10,000 USDT`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "USD$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "NT$": "TWD", "HK$": "HKD"}
_MONEY = re.compile(
    r"(?P<sign>US\$|USD\$|NT\$|HK\$|[$€£¥])?\s*(?P<number>[0-9][0-9,_]*(?:\.[0-9]+)?)\s*(?P<unit>[A-Za-z][A-Za-z0-9]{0,9}|美元|美金)?\Z"
)


def parse_money(value: str | int | float | Decimal) -> tuple[Decimal, str]:
    """The amount and its unit (ISO currency or token symbol, upper case; `""` when none)."""
    if isinstance(value, (int, Decimal)):
        return Decimal(value), ""
    if isinstance(value, float):
        return Decimal(str(value)), ""
    text = str(value).strip()
    match = _MONEY.match(text)
    if not match or (match["sign"] and match["unit"] and _unit(match["unit"]) != _CURRENCY_SIGNS[match["sign"]]):
        raise ValueError(f"invalid amount {text!r}: expected e.g. 60000 USD, $60,000 or 1 GT")
    number = match["number"].replace(",", "").replace("_", "")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise ValueError(f"invalid amount {text!r}") from None
    unit = _unit(match["unit"]) if match["unit"] else _CURRENCY_SIGNS.get(match["sign"] or "", "")
    return amount, unit


def _unit(unit: str) -> str:
    return "USD" if unit in ("美元", "美金") else unit.upper()
