"""Deadlines as guidelines write them, and the one rule that reads them.

"trước ngày 10/4/2024" excludes the 10th: the last day on time is 09/4/2024.
"chậm nhất ngày 10/4/2024", "hạn chót ...", "trong ngày ..." include it.  Every part
of the project that turns such words into a date, or a date into words, comes here,
so the reporter never reads a due date and a guideline's wording that disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tonghop.text import fold

DEADLINE = re.compile(
    r"(trước ngày|chậm nhất(?: là)?(?: ngày)?|hạn chót(?: là)?(?: ngày)?|hạn cuối(?: là)?(?: ngày)?"
    r"|trong ngày|không muộn hơn ngày)\s*(\d{1,2})/(\d{1,2})/(\d{4})",
    re.I,
)


@dataclass(frozen=True)
class Deadline:
    text: str  # the words as written: "trước ngày 10/4/2024"
    written: dt.date  # the date written in them
    last_day: dt.date  # the last day a report is on time
    before: dt.date  # the first day a report is late


_BARE = re.compile(r"()(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})")

# Dates as documents write them: "10/4/2024", "10-4-2024", "ngày 12 tháng 3 năm 2024".
DMY = r"([0-9]{1,2})\s?[/.-]\s?([0-9]{1,2})\s?[/.-]\s?([0-9]{4})(?![0-9])"
LONG = r"([0-9]{1,2})\s+(?i:tháng)\s+([0-9]{1,2})\s+(?i:năm)\s+([0-9]{4})(?![0-9])"
_DATE = re.compile(r"(?<![0-9])(?:" + DMY + r")|(?<!\w)(?i:ngày)\s+" + LONG)


def date_of(day: str, month: str, year: str) -> dt.date | None:
    """The day these digits name; None for one that does not exist (31/4)."""
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str, whole: bool = False) -> dt.date | None:
    """The first valid date in `text`, or None.

    "Hà Nội, ngày 12 tháng 3 năm 2024" -> 12/3/2024; "10/4/2024" -> 10/4/2024.
    whole: the text must be the date and nothing else (a date typed by a person).
    """
    text = text or ""
    for m in _DATE.finditer(text.strip() if whole else text):
        if whole and (m.start(), m.end()) != (0, len(text.strip())):
            return None
        g = m.groups()
        day = date_of(*g[0:3]) if g[0] is not None else date_of(*g[3:6])
        if day or whole:
            return day
    return None


def read_deadline(text: str, bare: bool = False) -> Deadline | None:
    """The first deadline phrase in `text`, with its last day on time; None without one.
    bare: a date alone counts too (a field that holds only the deadline), as its own day."""
    for pattern in (DEADLINE, _BARE) if bare else (DEADLINE,):
        for m in pattern.finditer(text or ""):
            day = date_of(m.group(2), m.group(3), m.group(4))
            if day is None:
                continue
            strict = fold(m.group(1)).startswith("truoc")
            last = day - dt.timedelta(days=1) if strict else day
            return Deadline(m.group(0), day, last, last + dt.timedelta(days=1))
    return None


def vn_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def before_words(last_day: dt.date) -> str:
    """A last day on time as guidelines word it: 09/4/2024 -> "trước ngày 10/4/2024"."""
    late = last_day + dt.timedelta(days=1)
    return f"trước ngày {late.day}/{late.month}/{late.year}"


def agrees(text: str, last_day: dt.date) -> bool:
    """Whether a guideline's wording means the same last day (no wording agrees)."""
    found = read_deadline(text, bare=True)
    return found is None or found.last_day == last_day


def due_words(last_day: dt.date, text: str = "") -> str:
    """How a due date is shown: "hết ngày 20/12/2026", with the guideline's own words
    beside it only when they mean that same day."""
    words = f"hết ngày {vn_date(last_day)}"
    found = read_deadline(text, bare=True)
    if found is not None and found.last_day == last_day and found.text != words:
        return f"{words} ({found.text})"
    return words


def explain(text: str, last_day: dt.date | None) -> str:
    """For the person typing a deadline: what the date means, and whether the
    guideline's wording says the same."""
    if not last_day:
        return ""
    after = last_day + dt.timedelta(days=1)
    meaning = (
        f"báo cáo nộp đến hết ngày {vn_date(last_day)} là đúng hạn, từ ngày "
        f"{vn_date(after)} là nộp muộn."
    )
    found = read_deadline(text, bare=True)
    if found is None:
        return f"Hạn cuối {vn_date(last_day)}: {meaning}"
    quoted = f"Hướng dẫn ghi «{text}», nghĩa là hạn cuối {vn_date(found.last_day)}"
    if found.last_day == last_day:
        return f"{quoted}: {meaning}"
    return (
        f"{quoted}; hạn đang nhập ({vn_date(last_day)}) khác với hướng dẫn. "
        f"Với hạn đang nhập, {meaning}"
    )
