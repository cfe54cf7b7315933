"""Shares the Vietnamese way in dashboard pages: 98,9%."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def phan_tram(value, places: int = 1) -> str:
    """A share in 0..1 as a percentage: 0.989 -> 98,9%; 1 -> 100%."""
    if value is None or value == "":
        return ""
    pct = Decimal(str(value)) * 100
    rounded = round(pct, int(places))
    if rounded == rounded.to_integral_value():
        return f"{number_format(rounded, decimal_pos=0)}%"
    return f"{number_format(rounded, decimal_pos=int(places))}%"
