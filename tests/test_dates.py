"""The one rule for deadlines' words: "trước ngày X" ends on X − 1, the others on X."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import GUIDE_003
from tonghop.dates import agrees, before_words, due_words, explain, parse_date, read_deadline
from tonghop.outline import campaign_facts
from tonghop.pipeline import read_document


def test_before_a_day_ends_the_day_before():
    d = read_deadline("Gửi về Ban Tuyên giáo Thành ủy trước ngày 10/4/2024.")
    assert d.text == "trước ngày 10/4/2024"
    assert (d.written, d.last_day, d.before) == (
        dt.date(2024, 4, 10),
        dt.date(2024, 4, 9),
        dt.date(2024, 4, 10),
    )
    # Across a year: "trước ngày 01/01/2027" is on time until 31/12/2026.
    assert read_deadline("trước ngày 01/01/2027").last_day == dt.date(2026, 12, 31)


def test_at_the_latest_includes_the_day():
    for words in ("chậm nhất ngày 10/4/2024", "hạn chót là ngày 10/4/2024", "trong ngày 10/4/2024"):
        assert read_deadline(words).last_day == dt.date(2024, 4, 10), words


def test_no_deadline_and_impossible_dates():
    assert read_deadline("Báo cáo năm 2024") is None
    assert read_deadline("trước ngày 31/02/2024") is None
    # A date alone counts only where the field holds nothing but the deadline.
    assert read_deadline("10/4/2024") is None
    assert read_deadline("10/4/2024", bare=True).last_day == dt.date(2024, 4, 10)


def test_words_shown_never_contradict_the_date():
    assert agrees("trước ngày 10/4/2024", dt.date(2024, 4, 9))
    assert not agrees("trước ngày 01/01/2027", dt.date(2026, 12, 20))
    assert agrees("", dt.date(2026, 12, 20))
    assert due_words(dt.date(2024, 4, 9), "trước ngày 10/4/2024") == (
        "hết ngày 09/04/2024 (trước ngày 10/4/2024)"
    )
    # A due date the guideline's words do not mean: the words are left out.
    assert due_words(dt.date(2026, 12, 20), "trước ngày 01/01/2027") == "hết ngày 20/12/2026"


def test_explain_says_when_the_typed_date_differs():
    assert "nghĩa là hạn cuối 09/04/2024: báo cáo nộp đến hết ngày 09/04/2024" in explain(
        "trước ngày 10/4/2024", dt.date(2024, 4, 9)
    )
    assert "khác với hướng dẫn" in explain("trước ngày 10/4/2024", dt.date(2024, 4, 10))
    assert explain("", None) == ""


def test_the_outline_reads_guideline_003_with_the_same_rule(shared):
    facts = campaign_facts(read_document(GUIDE_003))
    assert (facts.deadline_text, facts.deadline_last_day, facts.deadline_before) == (
        "trước ngày 10/4/2024",
        "2024-04-09",
        "2024-04-10",
    )


# --- the one date parser: dates as documents and people write them --------------------

DATES = [
    ("Hà Nội, ngày 12 tháng 3 năm 2024", "2024-03-12"),
    ("10/4/2024", "2024-04-10"),
    ("trước ngày 10/4/2024 để tổng hợp", "2024-04-10"),
    ("Quảng Ngãi, ngày 23 tháng 01 năm 2025", "2025-01-23"),
    ("ngày 05-02-2024", "2024-02-05"),
    ("không có ngày", ""),
    ("ngày 31/2/2024 rồi 01/3/2024", "2024-03-01"),  # an impossible date is skipped
    ("tháng 5/2024", ""),
    ("", ""),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_parse_date(text, iso):
    day = parse_date(text)
    assert (day.isoformat() if day else "") == iso


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("10/4/2024", dt.date(2024, 4, 10)),
        (" 05/02/2024 ", dt.date(2024, 2, 5)),
        ("ngày 12 tháng 3 năm 2024", dt.date(2024, 3, 12)),
        ("hôm nay 10/4/2024", None),  # a typed date is the date and nothing else
        ("10/4/2024 rồi", None),
        ("31/2/2024", None),
        ("2024", None),
        ("", None),
    ],
)
def test_parse_a_typed_date_whole(text, day):
    assert parse_date(text, whole=True) == day


@given(st.text())
def test_parse_date_never_raises(text):
    for whole in (False, True):
        day = parse_date(text, whole=whole)
        assert day is None or isinstance(day, dt.date)


def test_before_words_names_the_first_late_day():
    assert before_words(dt.date(2024, 4, 9)) == "trước ngày 10/4/2024"
    assert before_words(dt.date(2026, 12, 31)) == "trước ngày 1/1/2027"
    # and the words read back as the same last day
    for last in (dt.date(2024, 2, 28), dt.date(2024, 2, 29), dt.date(2025, 6, 30)):
        assert read_deadline(before_words(last)).last_day == last
