"""The dashboard's numbers come from the same version the other pages read."""

import pytest

from tests.web.factories import campaign, person, unit
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.submissions import services

pytestmark = pytest.mark.django_db


def test_a_later_draft_does_not_change_the_submitted_numbers():
    city = unit("TU", "Thành ủy")
    a = unit("QA", "Quận ủy Ba Đình", parent=city)
    reporter = person("bc", "reporter", a)
    c = campaign(city, [a])
    assignment = c.assignments.get()
    full = services.store_upload(
        assignment, docx_bytes(report_blocks(lessons=True)), "day_du.docx", reporter
    )
    services.submit(assignment.submission, full, reporter)
    submitted = (full.coverage, len(full.findings))
    # A draft missing an outline point is uploaded after submitting, not submitted.
    draft = services.store_upload(assignment, docx_bytes(report_blocks()), "nhap.docx", reporter)
    assert draft.coverage < full.coverage
    s = assignment.submission
    s.refresh_from_db()
    assert (s.coverage, s.findings_count) == submitted
    # Submitting the draft moves the numbers with it.
    services.submit(s, draft, reporter)
    s.refresh_from_db()
    assert s.coverage == draft.coverage


def test_ids_in_pages_are_never_grouped_like_numbers():
    # Ids go into form values and htmx attributes: "1.018" would point nowhere.
    from django.template import Context, Template

    assert Template('value="{{ n }}"').render(Context({"n": 1018})) == 'value="1018"'
