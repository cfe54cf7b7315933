"""Numbers as Vietnamese text writes them: the one formatter every stage and page uses."""

from __future__ import annotations

from decimal import Decimal


def vn_number(
    value: Decimal | float | int | None, decimals: int | None = None, *, pad: bool = False
) -> str:
    """4320 -> "4.320", 98.9 -> "98,9", None -> "".

    `decimals` rounds to that many places (trailing zeros dropped); by default the
    value is written as exactly as it is held.  `pad` writes a whole number below ten
    on two digits, as reports count small groups: 3 -> "03".
    """
    if value is None:
        return ""
    if pad and value == int(value) and 0 <= value < 10:
        return f"0{int(value)}"
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


# --- Roman numerals: section numbers "II.", list levels Word numbers "upperRoman" ---

_ROMAN_DIGITS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(n: int) -> str:
    """4 -> "IV", 1999 -> "MCMXCIX"; past 3999 the thousands repeat ("MMMMM")."""
    out = []
    # Subtracting by the largest digit first: the 5.000th duplicate of "I." takes 5 steps.
    for value, sym in _ROMAN_DIGITS:
        q, n = divmod(n, value) if n > 0 else (0, n)
        out.append(sym * q)
    return "".join(out)


def roman_value(s: str, below: int = 4000) -> int | None:
    """ "XIV" -> 14; None for anything but a numeral written the canonical way
    ("IIII", "VX", "IC" are not numbers) or a value not under `below`."""
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if 0 < total < below and to_roman(total) == s else None
