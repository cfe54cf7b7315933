"""The one rule for deadlines' words: "trước ngày X" ends on X − 1, the others on X."""

import datetime as dt

from tests.conftest import GUIDE_003
from tonghop.dates import agrees, due_words, explain, read_deadline
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
