"""Consolidation services: roll-up against hand sums of the factory data (the tree as
sent, a unit moved since, missing versus zero, lower bounds, ratios never averaged),
values from confirmed figures, corrections with their reason, the catalogue's life,
validation, and the draft opened as a Word file."""

from decimal import Decimal
from io import BytesIO

import pytest

from tests.web import factories_consolidation as fc
from tests.web.factories import campaign as make_campaign
from tonghop.web.audit.models import Event
from tonghop.web.consolidation import engine, services
from tonghop.web.consolidation.models import DraftRun, Indicator, IndicatorValue, ValidationRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    world["ids"] = {code: str(u.pk) for code, u in world["units"].items()}
    return world


def _total(w, code, key):
    r = services.rollup(w["campaign"], sources=True)  # with the missing units named
    return r.total(w["ids"].get(code, ""), key)


def test_roll_up_equals_the_hand_sums_with_the_tree_as_sent(w):
    r = services.rollup(w["campaign"])
    for (code, key), want in fc.HAND.items():
        assert r.total(w["ids"].get(code, ""), key).value == want, (code, key)
    # Trúc Bạch moved to Hoàn Kiếm after sending: it still adds up under Ba Đình.
    assert w["units"]["W12"].parent == w["units"]["Q2"]
    q1 = r.total(w["ids"]["Q1"], "hoi-nghi")
    assert (q1.reported, q1.expected) == (3, 3)
    q2 = r.total(w["ids"]["Q2"], "hoi-nghi")
    assert (q2.reported, q2.expected) == (2, 2)
    # Sóc Sơn was not addressed: a node that expects nothing of itself, only of its ward.
    q3 = r.total(w["ids"]["Q3"], "hoi-nghi")
    assert (q3.reported, q3.expected) == (1, 1)


def test_a_unit_without_a_value_is_missing_never_zero(w):
    whole = _total(w, "", "hoi-nghi")
    assert whole.coverage_text == "6/7 đơn vị báo cáo"
    assert whole.missing == [w["ids"]["MT"]]
    # Hoàn Kiếm wrote "0 hội nghị": a value, counted as reported.
    assert IndicatorValue.objects.get(
        indicator=w["cat"]["hoi-nghi"], assignment__unit__code="Q2"
    ).value == Decimal(0)
    # Nobody under Sóc Sơn gave members: no total at all, not 0.
    none = _total(w, "Q3", "dv-tham-du")
    assert none.value is None and none.reported == 0 and none.expected == 1
    assert services.total_text(none, w["cat"]["dv-tham-du"]) == ""


def test_a_lower_bound_stays_a_lower_bound_up_the_tree(w):
    q1, q2 = _total(w, "Q1", "hoi-nghi"), _total(w, "Q2", "hoi-nghi")
    assert q1.lower_bound and not q2.lower_bound  # Phúc Xá wrote "trên 3 hội nghị"
    assert services.total_text(_total(w, "", "hoi-nghi"), w["cat"]["hoi-nghi"]) == "trên 20"


def test_a_ratio_is_sum_over_sum_never_an_average(w):
    whole = _total(w, "", "ty-le-tham-du")
    # by hand: (90 + 10 + 30) / (100 + 50 + 40)
    assert whole.value == Decimal(130) * 100 / Decimal(190)
    mean = (Decimal(90) + Decimal(20) + Decimal(75)) / 3  # what averaging would say
    assert abs(whole.value - mean) > 5
    q1 = _total(w, "Q1", "ty-le-tham-du")
    assert q1.value == Decimal(100) * 100 / Decimal(150)
    assert services.total_text(whole, w["cat"]["ty-le-tham-du"]) == "68,4%"


def test_values_come_only_from_confirmed_figures(w):
    c, mt = w["campaign"], w["units"]["MT"]
    # The Front uploads a corrected report whose figure its reporter has not confirmed.
    version = fc.submit_report(c, mt, [("9", "", "hội nghị", "học tập")], confirm=False)
    services.refresh_values(c)
    assert not IndicatorValue.objects.filter(assignment__unit=mt).exists()
    version.figures.update(status="confirmed")
    services.refresh_values(c)
    v = IndicatorValue.objects.get(assignment__unit=mt, indicator=w["cat"]["hoi-nghi"])
    assert v.value == 9 and v.version == version
    assert "9 hội nghị" in v.sentence
    assert _total(w, "", "hoi-nghi").value == fc.HAND[("", "hoi-nghi")] + 9


def test_staff_correct_a_value_with_a_reason_kept_with_both_values(w):
    staff, ind = w["people"]["staff"], w["cat"]["hoi-nghi"]
    a = w["campaign"].assignments.get(unit=w["units"]["Q1"])
    with pytest.raises(services.ConsolidationError, match="lý do"):
        services.set_value(ind, a, Decimal(6), staff, reason="")
    assert IndicatorValue.objects.get(indicator=ind, assignment=a).value == 5
    services.set_value(ind, a, Decimal(6), staff, reason="Văn bản bổ sung ngày 12/4")
    v = IndicatorValue.objects.get(indicator=ind, assignment=a)
    assert (v.value, v.reported_value, v.corrected_by, v.reason) == (
        6,
        5,
        staff,
        "Văn bản bổ sung ngày 12/4",
    )
    e = Event.objects.filter(action=Event.Action.VALUE).get()
    assert (e.actor, e.detail["old"], e.detail["new"], e.detail["reason"]) == (
        staff,
        "5.0000",
        "6.0000",
        "Văn bản bổ sung ngày 12/4",
    )
    assert "5 → 6" in e.message
    # Taking values again from the figures does not undo the correction.
    services.refresh_values(w["campaign"])
    assert IndicatorValue.objects.get(indicator=ind, assignment=a).value == 6
    assert _total(w, "Q1", "hoi-nghi").value == 13


def test_a_value_entered_by_hand_where_the_report_has_none(w):
    a = w["campaign"].assignments.get(unit=w["units"]["MT"])
    services.set_value(w["cat"]["hoi-nghi"], a, services.parse_value("2"), w["people"]["staff"])
    whole = _total(w, "", "hoi-nghi")
    assert whole.value == 22 and whole.coverage_text == "7/7 đơn vị báo cáo"
    v = IndicatorValue.objects.get(assignment=a)
    assert v.origin == "manual" and v.entered_by == w["people"]["staff"]


def test_typed_values_in_vietnamese_notation_and_bad_ones_refused():
    assert services.parse_value("4.320") == Decimal(4320)
    assert services.parse_value("98,9") == Decimal("98.9")
    with pytest.raises(services.ConsolidationError, match="không phải là một số"):
        services.parse_value("bốn")


def test_merge_moves_values_and_retires_the_merged(w):
    c, staff = w["campaign"], w["people"]["staff"]
    dup = services.save_indicator(
        c, {"name": "Hội nghị quán triệt", "unit": "hội nghị", "outline_item": "II",
            "aggregation": "sum", "keywords": []}, staff,
    )  # fmt: skip
    IndicatorValue.objects.filter(indicator=dup).delete()
    a_mt = c.assignments.get(unit=w["units"]["MT"])
    a_q1 = c.assignments.get(unit=w["units"]["Q1"])
    services.set_value(dup, a_mt, Decimal(2), staff)  # only here
    services.set_value(dup, a_q1, Decimal(50), staff)  # Q1 has its own: kept
    ValidationRule.objects.create(
        campaign=c, key="r", left=[dup.key], operator="<=", right=["hoi-nghi"], message="m"
    )
    moved = services.merge(dup, w["cat"]["hoi-nghi"], staff)
    assert moved == 1
    dup.refresh_from_db()
    assert dup.retired and dup.merged_into == w["cat"]["hoi-nghi"]
    assert not dup.values.exists()
    assert IndicatorValue.objects.get(indicator=w["cat"]["hoi-nghi"], assignment=a_mt).value == 2
    assert IndicatorValue.objects.get(indicator=w["cat"]["hoi-nghi"], assignment=a_q1).value == 5
    assert ValidationRule.objects.get(key="r").left == ["hoi-nghi"]
    assert dup not in services.indicators_of(c)
    with pytest.raises(services.ConsolidationError):
        services.merge(w["cat"]["hoi-nghi"], w["cat"]["ty-le-tham-du"], staff)


def test_retired_indicators_leave_the_roll_up(w):
    services.retire(w["cat"]["hoi-nghi"], w["people"]["staff"])
    r = services.rollup(w["campaign"])
    assert r.total("", "hoi-nghi") is None
    services.retire(w["cat"]["hoi-nghi"], w["people"]["staff"], retired=False)
    assert services.rollup(w["campaign"]).total("", "hoi-nghi").value == 20


def test_template_catalogue_and_copy_from_an_earlier_campaign(w):
    c, staff = w["campaign"], w["people"]["staff"]
    other = make_campaign(w["city"], [w["units"]["Q1"]], title="Đợt báo cáo năm sau")
    template, _rules = engine.template_catalogue()
    added = services.start_from_template(other, staff)
    assert added == len(template) > 5
    assert services.start_from_template(other, staff) == 0  # twice adds nothing
    ratios = [i for i in template if i.aggregation == "ratio"]
    for r in ratios:
        row = Indicator.objects.get(campaign=other, key=r.key)
        assert (row.numerator.key, row.denominator.key) == (r.numerator, r.denominator)
    third = make_campaign(w["city"], [w["units"]["Q1"]], title="Đợt thứ ba")
    assert services.copy_catalogue(third, c, staff) == 4
    copied = Indicator.objects.get(campaign=third, key="ty-le-tham-du")
    assert copied.numerator.key == "dv-tham-du" and copied.numerator.campaign == third
    with pytest.raises(services.ConsolidationError):
        services.copy_catalogue(c, c, staff)


def test_candidates_from_all_units_and_adoption_in_one_step():
    world = fc.world()
    c, staff = world["campaign"], world["people"]["staff"]
    found = services.candidates(c)
    meetings = [x for x in found if "hội nghị" in x.indicator.unit]
    assert meetings, [x.indicator for x in found]
    best = max(meetings, key=lambda x: x.units)
    assert best.units == 6  # every unit that wrote a number of hội nghị
    assert {s.unit_name for s in best.samples} <= {u.name for u in world["units"].values()}
    row = services.adopt(c, best.indicator.key, staff)
    stored = row.values.select_related("assignment__unit")
    values = {v.assignment.unit.code: v.value for v in stored}
    assert values == {"Q1": 5, "W11": 3, "W12": 4, "Q2": 0, "W21": 1, "W31": 7}
    assert best.indicator.key not in {x.indicator.key for x in services.candidates(c)}
    with pytest.raises(services.ConsolidationError):
        services.adopt(c, best.indicator.key, staff)


def test_rules_broken_per_unit_name_both_numbers(w):
    c, staff = w["campaign"], w["people"]["staff"]
    ValidationRule.objects.create(
        campaign=c, key="phan-khong-qua-tong", left=["dv-tham-du"], operator="<=",
        right=["dv-tong-so"], message="Số đảng viên tham dự không lớn hơn tổng số đảng viên",
    )  # fmt: skip
    assert services.problems(c, services.rollup(c)) == []
    a = c.assignments.get(unit=w["units"]["Q2"])
    services.set_value(w["cat"]["dv-tham-du"], a, Decimal(45), staff, reason="Sửa thử")
    services.set_value(w["cat"]["hoi-nghi"], a, Decimal(-1), staff, reason="Sửa thử")
    found = services.problems(c, services.rollup(c))
    messages = [p.violation.message for p in found if p.node_name == "Quận ủy Hoàn Kiếm"]
    assert any("45" in m and "40" in m for m in messages), messages
    assert any("âm" in m and "-1" in m for m in messages), messages


def test_the_reporter_sees_broken_rules_of_the_version_before_submitting(w):
    c = w["campaign"]
    ValidationRule.objects.create(
        campaign=c, key="phan-khong-qua-tong", left=["dv-tham-du"], operator="<=",
        right=["dv-tong-so"], message="Số đảng viên tham dự không lớn hơn tổng số đảng viên",
    )  # fmt: skip
    q1 = w["units"]["Q1"]
    version = fc.submit_report(
        c, q1,
        [("120", "", "đảng viên", "tham dự học tập"), ("100", "", "đảng viên", "là tổng số")],
        confirm=False,
    )  # fmt: skip
    found = services.version_problems(version, q1, c)
    assert len(found) == 1
    assert found[0].message.startswith("Số đảng viên tham dự không lớn hơn tổng số đảng viên")
    assert "120" in found[0].message and "100" in found[0].message


def test_draft_is_a_word_file_with_the_totals_and_an_annex(w):
    import docx
    from openpyxl import load_workbook

    data, xlsx, draft = services.draft_campaign(w["campaign"], {"comments": True})
    document = docx.Document(BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "trên 20 hội nghị" in text
    assert "68,4%" in text
    assert load_workbook(BytesIO(xlsx)).active.max_row > 7
    run = services.run_draft(w["campaign"], {}, w["people"]["staff"])
    assert run.status == DraftRun.Status.DONE and run.docx and run.xlsx
    spans = [s for p in services.preview(run) for s in p["spans"] if s.sources]
    assert any(s.sources[0].version_pk for s in spans)
    assert Event.objects.filter(action=Event.Action.DRAFT).count() == 1


def test_a_roll_up_is_kept_until_something_changes(w):
    c, staff = w["campaign"], w["people"]["staff"]
    first = services.rollup(c)
    assert services.rollup(c) is first  # nothing changed: not added up again
    a = c.assignments.get(unit=w["units"]["W21"])
    services.set_value(w["cat"]["hoi-nghi"], a, Decimal(11), staff, reason="Văn bản bổ sung")
    after = services.rollup(c)
    assert after is not first
    assert after.total(w["ids"]["Q2"], "hoi-nghi").value == 11
    services.retire(w["cat"]["hoi-nghi"], staff)
    assert services.rollup(c).total("", "hoi-nghi") is None
