"""Numbers as Vietnamese text writes them: the one formatter every stage and page uses."""

from __future__ import annotations

from decimal import Decimal


def vn_number(value: Decimal | float | int | None, decimals: int | None = None) -> str:
    """4320 -> "4.320", 98.9 -> "98,9", None -> "".

    `decimals` rounds to that many places (trailing zeros dropped); by default the
    value is written as exactly as it is held.
    """
    if value is None:
        return ""
    # a float carries binary noise (0.1 + 0.2): 15 significant digits are what it means
    d = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(str(value))
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    d = d.normalize()
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups]) + ("," + frac if frac else "")
    return "-" + text if d < 0 else text
