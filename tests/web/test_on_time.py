"""The on-time rule, once, on the model: the day a report was sent, in Hà Nội's time,
against the unit's due day."""

import datetime as dt

from tonghop.web.submissions.models import Submission

DUE = dt.date(2024, 4, 9)
UTC = dt.UTC


def test_the_last_day_counts_until_midnight_in_hanoi():
    # 16:59 UTC on the 9th is 23:59 in Hà Nội; 17:01 UTC is already the 10th there.
    assert Submission.is_on_time(dt.datetime(2024, 4, 9, 16, 59, tzinfo=UTC), DUE)
    assert not Submission.is_on_time(dt.datetime(2024, 4, 9, 17, 1, tzinfo=UTC), DUE)
    # 23:30 UTC on the 8th is 06:30 on the 9th in Hà Nội: still the due day.
    assert Submission.is_on_time(dt.datetime(2024, 4, 8, 23, 30, tzinfo=UTC), DUE)
    assert Submission.is_on_time(dt.datetime(2024, 3, 1, tzinfo=UTC), DUE)


def test_another_time_zone_may_be_asked():
    at = dt.datetime(2024, 4, 9, 20, 0, tzinfo=UTC)
    assert not Submission.is_on_time(at, DUE)  # 03:00 on the 10th in Hà Nội
    assert Submission.is_on_time(at, DUE, UTC)
