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


def read_deadline(text: str, bare: bool = False) -> Deadline | None:
    """The first deadline phrase in `text`, with its last day on time; None without one.
    bare: a date alone counts too (a field that holds only the deadline), as its own day."""
    for pattern in (DEADLINE, _BARE) if bare else (DEADLINE,):
        for m in pattern.finditer(text or ""):
            try:
                day = dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
            except ValueError:
                continue
            strict = fold(m.group(1)).startswith("truoc")
            last = day - dt.timedelta(days=1) if strict else day
            return Deadline(m.group(0), day, last, last + dt.timedelta(days=1))
    return None


def vn_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


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
