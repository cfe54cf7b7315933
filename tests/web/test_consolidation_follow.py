"""A unit's indicator values follow its reporter: when a corrected version is submitted,
that unit's values are taken again from the figures confirmed in it — no button for
staff to press, and no other unit's value touched."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web import factories_consolidation as fc
from tests.web.factories_dashboard import report
from tonghop.web.consolidation import services
from tonghop.web.consolidation.models import IndicatorValue
from tonghop.web.submissions import services as submissions
from tonghop.web.submissions.models import ReportedFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    return world


def _new_version(w, code: str, figures: list[tuple[str, str, str, str]]):
    """The unit's report sent back by staff, a corrected version uploaded, its figures
    read (not yet confirmed)."""
    c, u = w["campaign"], w["units"][code]
    a = c.assignments.get(unit=u)
    sub = a.submission
    submissions.send_back(sub, w["people"]["staff"], "Số hội nghị chưa đúng, đề nghị sửa.")
    version = report(a, number=sub.versions.count() + 1)
    for order, (value, qualifier, noun, rest) in enumerate(figures, start=1):
        ReportedFigure.objects.create(
            version=version, order=order, value=Decimal(value), proposed_value=Decimal(value),
            raw=value, unit=noun, qualifier=qualifier, path=["II"],
            sentence=fc.sentence(value, qualifier, noun, rest),
        )  # fmt: skip
    return a, sub, version


def _values(w) -> dict:
    return {
        (v.indicator.key, v.assignment.unit.code): (v.value, v.updated_at, v.version_id)
        for v in IndicatorValue.objects.select_related("indicator", "assignment__unit")
    }


def test_submitting_a_corrected_version_takes_that_units_values_again(w):
    c = w["campaign"]
    before = _values(w)
    assert before[("hoi-nghi", "Q2")][0] == 0
    a, sub, version = _new_version(
        w, "Q2", [("6", "", "hội nghị", "học tập"), ("30", "", "đảng viên", "tham dự học tập")]
    )
    # Figures read but not confirmed by the reporter are no values.
    reporter = w["people"]["reporter_b"]
    first = version.figures.order_by("order").first()
    submissions.confirm_figures(version, {first.pk: "6"}, user=reporter)
    assert submissions.submit(sub, version, reporter)
    after = _values(w)
    assert after[("hoi-nghi", "Q2")][0] == 6
    assert after[("hoi-nghi", "Q2")][2] == version.pk
    # The members' figure was not confirmed, the total number is not in the new version:
    # both values are gone (missing, never zero) until the reporter confirms.
    assert ("dv-tham-du", "Q2") not in after and ("dv-tong-so", "Q2") not in after
    # Every other unit's value is as it was, not even rewritten.
    others = {k: v for k, v in before.items() if k[1] != "Q2"}
    assert {k: after[k] for k in others} == others
    # The roll-up and the pages follow at once.
    assert services.rollup(c).total("", "hoi-nghi").value == fc.HAND[("", "hoi-nghi")] + 6


def test_a_staff_correction_survives_the_units_new_submission(w):
    staff = w["people"]["staff"]
    a = w["campaign"].assignments.get(unit=w["units"]["Q2"])
    services.set_value(w["cat"]["hoi-nghi"], a, Decimal(2), staff, reason="Theo biên bản")
    _a, sub, version = _new_version(w, "Q2", [("6", "", "hội nghị", "học tập")])
    submissions.confirm_figures(version, {version.figures.get().pk: "6"}, user=None)
    submissions.submit(sub, version, w["people"]["reporter_b"])
    kept = IndicatorValue.objects.get(indicator=w["cat"]["hoi-nghi"], assignment=a)
    assert (kept.value, kept.reported_value, kept.reason) == (2, 0, "Theo biên bản")


def test_following_one_unit_reads_only_that_units_figures(w):
    """The work done on a submission does not grow with the campaign: the same queries
    with one more unit reporting."""
    a = w["campaign"].assignments.get(unit=w["units"]["Q2"])

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            services.values_follow(a)
        return [q["sql"] for q in ctx.captured_queries]

    first = queries()
    extra = fc.unit("W22", "Đảng ủy phường Hàng Đào", parent=w["units"]["Q2"])
    w["campaign"].assignments.create(unit=extra, parent_at_time=w["units"]["Q2"])
    fc.submit_report(w["campaign"], extra, figures=[("9", "", "hội nghị", "học tập")])
    assert len(queries()) == len(first)
    assert not IndicatorValue.objects.filter(assignment__unit=extra).exists()


def test_a_figure_confirmed_again_on_the_submitted_version_is_followed_at_once(w):
    """Sent back, the report's submitted version is still the one its values come from:
    the reporter correcting a figure there moves the value at once, not at the next
    submission; and confirming again on the version submitted after moves it too."""
    c = w["campaign"]
    reporter = w["people"]["reporter_b"]
    a, sub, version = _new_version(w, "Q2", [("6", "", "hội nghị", "học tập")])
    submissions.confirm_figures(version, {version.figures.get().pk: "6"}, user=reporter)
    assert submissions.submit(sub, version, reporter)
    assert _values(w)[("hoi-nghi", "Q2")][0] == 6
    # Sent back again: the reporter corrects the figure of the version just returned.
    submissions.send_back(sub, w["people"]["staff"], "Số hội nghị là 8, đề nghị sửa.")
    submissions.confirm_figures(version, {version.figures.get().pk: "8"}, user=reporter)
    value, _at, from_version = _values(w)[("hoi-nghi", "Q2")]
    assert (value, from_version) == (8, version.pk)
    assert services.rollup(c).total("", "hoi-nghi").value == fc.HAND[("", "hoi-nghi")] + 8
    # Confirmed back to what the text says: followed again.
    submissions.confirm_figures(version, {version.figures.get().pk: "6"}, user=reporter)
    assert _values(w)[("hoi-nghi", "Q2")][0] == 6
    # A figure of a version not submitted is no value of the unit's.
    draft = report(a, number=sub.versions.count() + 1)
    ReportedFigure.objects.create(
        version=draft, order=1, value=Decimal(9), proposed_value=Decimal(9), raw="9",
        unit="hội nghị", path=["II"], sentence=fc.sentence("9", "", "hội nghị", "học tập"),
    )  # fmt: skip
    submissions.confirm_figures(draft, {draft.figures.get().pk: "9"}, user=reporter)
    assert _values(w)[("hoi-nghi", "Q2")][0] == 6
    # Submitted, it is.
    assert submissions.submit(sub, draft, reporter)
    assert _values(w)[("hoi-nghi", "Q2")][:3:2] == (9, draft.pk)
