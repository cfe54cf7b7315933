"""Shares the Vietnamese way in dashboard pages: 98,9%."""

from __future__ import annotations

from decimal import Decimal

from django import template

from tonghop.numbers import vn_number

register = template.Library()


@register.filter
def phan_tram(value, places: int = 1) -> str:
    """A share in 0..1 as a percentage: 0.989 -> 98,9%; 1 -> 100%."""
    if value is None or value == "":
        return ""
    return f"{vn_number(Decimal(str(value)) * 100, decimals=int(places))}%"
