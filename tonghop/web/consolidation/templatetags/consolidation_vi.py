"""Numbers in consolidation pages as Vietnamese writes them: 4.320, 98,9."""

from __future__ import annotations

from django import template

from tonghop.numbers import vn_number

register = template.Library()


@register.filter
def so(value, places=None) -> str:
    """4320 -> "4.320"; with places, rounded: so:1 -> "98,9"."""
    if value is None or value == "":
        return ""
    return vn_number(value, int(places) if places not in (None, "") else None)


@register.filter
def value_of(values: dict, unit_id):
    """A candidate's value proposed for one unit (None if none)."""
    return (values or {}).get(str(unit_id))
