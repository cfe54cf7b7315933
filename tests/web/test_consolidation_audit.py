"""What an official reading the draft and the pages would trip on (found walking the
demo): each test fails on the code before its fix."""

import re
from io import BytesIO

import pytest

from tests.web import factories_consolidation as fc
from tonghop.text import MARKER_RE
from tonghop.web.consolidation import services
from tonghop.web.submissions.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    return world


def _paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(BytesIO(data)).paragraphs]


def test_a_quotation_leaves_the_units_own_footnote_markers_out(w):
    """“kế hoạch riêng²” in a unit's report points to that report's note 2; in the draft
    a ² would read as the draft's own footnote 2 (a breakdown of another total)."""
    lesson = (
        "Phải gắn việc học tập với nêu gương của người đứng đầu¹, coi đó là khâu then "
        "chốt² trong xây dựng Đảng."
    )
    Answer.objects.filter(
        version__submission__assignment__unit=w["units"]["Q1"], item__code="III.3"
    ).update(text=lesson)
    data, _xlsx, _draft = services.draft_campaign(w["campaign"], {})
    quoted = [p for p in _paragraphs(data) if "Quận ủy Ba Đình: “" in p]
    assert any("người đứng đầu, coi đó là khâu then chốt trong xây dựng Đảng." in p for p in quoted)
    assert not [p for p in quoted if MARKER_RE.search(p)]
    assert not re.search(r"đầu¹|chốt²", "\n".join(_paragraphs(data)))


def _yearly_report(unit_name: str, points: tuple[int, int, int]) -> bytes:
    a, b, c = points
    return (
        f"{unit_name.upper()}\n\nBÁO CÁO\nKết quả thực hiện Kết luận số 01-KL/TW\n\n"
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO\n"
        "Ban Thường vụ đã ban hành kế hoạch thực hiện Kết luận.\n"
        "II. KẾT QUẢ THỰC HIỆN\n"
        f"Hội nghị quán triệt chuyên đề năm 2023 kết nối {a} điểm cầu; năm 2024 kết nối "
        f"{b} điểm cầu; năm 2025 kết nối {c} điểm cầu.\n"
        "III. ĐÁNH GIÁ CHUNG\nCác cấp ủy vào cuộc tích cực.\n"
    ).encode()


def test_figures_keep_their_year_and_proposals_are_made_by_year(w):
    """A sentence giving one number a year: three proposals named by their year, not
    “Số điểm cầu”, “Số điểm cầu (2)”, “(3)” that nobody can tell apart."""
    from tonghop.web.submissions import services as submissions

    c = w["campaign"]
    points = {"Q1": (157, 94, 147), "Q2": (158, 89, 157), "W11": (12, 10, 11)}
    for code, numbers in points.items():
        a = c.assignments.get(unit=w["units"][code])
        v = submissions.store_upload(a, _yearly_report(a.unit.name, numbers), "bao-cao.txt")
        got = [(f.value, f.year) for f in v.figures.filter(unit="điểm cầu").order_by("order")]
        assert got == [(numbers[0], 2023), (numbers[1], 2024), (numbers[2], 2025)]
        figures = {f.pk: f.raw for f in v.figures.all()}
        submissions.confirm_figures(v, figures)
        submissions.submit(a.submission, v)
    found = [x for x in services.candidates(c) if x.indicator.unit == "điểm cầu"]
    by_year = {x.indicator.year: x for x in found}
    assert sorted(by_year) == [2023, 2024, 2025]
    assert all(x.units == 3 and f"năm {y}" in x.indicator.name for y, x in by_year.items())
    row = services.adopt(c, by_year[2024].indicator.key, w["people"]["staff"])
    assert row.year == 2024
    assert services.rollup(c).total("", row.key).value == 94 + 89 + 10


def test_figures_read_before_the_year_was_kept_get_it_from_their_sentence(w):
    import importlib

    from django.apps import apps

    from tonghop.web.submissions.models import ReportedFigure

    c = w["campaign"]
    a = c.assignments.get(unit=w["units"]["Q1"])
    v = fc.submit_report(c, a.unit, figures=[])
    said = "Năm 2024 tổ chức 5 hội nghị, năm 2025 tổ chức 5 hội nghị và 7 buổi tọa đàm."
    for order, (raw, noun) in enumerate([("5", "hội nghị"), ("5", "hội nghị"), ("7", "buổi")]):
        ReportedFigure.objects.create(
            version=v, order=order + 1, value=int(raw), proposed_value=int(raw), raw=raw,
            unit=noun, sentence=said, path=["II"],
        )  # fmt: skip
    migration = importlib.import_module("tonghop.web.submissions.migrations.0003_figure_year")
    migration.years_of_figures_read_before(apps, None)
    assert list(v.figures.order_by("order").values_list("year", flat=True)) == [2024, 2025, 2025]


def test_the_campaign_dashboard_says_how_many_rules_the_figures_break(client, w):
    """Staff watching submissions come in see at once that figures do not add up, with
    the way to the checks; leaders too; reporters never."""
    from decimal import Decimal

    from django.urls import reverse

    from tests.web.factories import PASSWORD
    from tonghop.web.consolidation.models import ValidationRule

    c, staff = w["campaign"], w["people"]["staff"]
    url = reverse("dashboard:campaign", args=[c.pk])
    checks = reverse("consolidation:checks", args=[c.pk])
    ValidationRule.objects.create(
        campaign=c, key="phan-khong-qua-tong", left=["dv-tham-du"], operator="<=",
        right=["dv-tong-so"], message="Số đảng viên tham dự không lớn hơn tổng số đảng viên",
    )  # fmt: skip
    client.login(username="chuyenvien", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "khớp các quy tắc kiểm tra" in page and "chưa khớp" not in page
    a = c.assignments.get(unit=w["units"]["Q2"])
    services.set_value(w["cat"]["dv-tham-du"], a, Decimal(45), staff, reason="Sửa thử")
    errors, warnings = services.problem_counts(services.problems(c, services.rollup(c)))
    assert errors >= 1
    page = client.get(url).content.decode()
    assert f"chưa khớp quy tắc kiểm tra: {errors} lỗi, {warnings} cảnh báo" in page
    assert f'href="{checks}"' in page
    client.login(username="lanhdao", password=PASSWORD)
    assert "chưa khớp quy tắc kiểm tra" in client.get(url).content.decode()


def test_the_reporter_reads_the_broken_rule_on_the_report_page_before_submitting(client, w):
    """The new version, not yet submitted: its figures break a rule, the page says which
    with both numbers; corrected by the reporter, the page says they fit."""
    from django.urls import reverse

    from tests.web.factories import PASSWORD
    from tonghop.web.consolidation.models import ValidationRule
    from tonghop.web.submissions import services as submissions

    c = w["campaign"]
    ValidationRule.objects.create(
        campaign=c, key="phan-khong-qua-tong", left=["dv-tham-du"], operator="<=",
        right=["dv-tong-so"], message="Số đảng viên tham dự không lớn hơn tổng số đảng viên",
    )  # fmt: skip
    a = c.assignments.get(unit=w["units"]["Q1"])
    submissions.send_back(a.submission, w["people"]["staff"], "Đề nghị bổ sung số liệu.")
    from decimal import Decimal

    from tests.web.factories_dashboard import report
    from tonghop.web.submissions.models import ReportedFigure

    version = report(a, number=a.submission.versions.count() + 1)  # uploaded, not sent
    for order, (raw, rest) in enumerate([("120", "tham dự học tập"), ("100", "là tổng số")]):
        ReportedFigure.objects.create(
            version=version, order=order + 1, value=Decimal(raw), proposed_value=Decimal(raw),
            raw=raw, unit="đảng viên", path=["II"],
            sentence=fc.sentence(raw, "", "đảng viên", rest),
        )  # fmt: skip
    client.login(username="baocao", password=PASSWORD)
    url = reverse("submissions:detail", args=[a.pk])
    html = client.get(url).content.decode()
    assert "chưa khớp 1 quy tắc. Hãy xem lại trước khi nộp" in html
    assert "Số đảng viên tham dự không lớn hơn tổng số đảng viên" in html
    assert "120" in html
    members = version.figures.get(raw="120")
    submissions.confirm_figures(version, {members.pk: "90"}, user=w["people"]["reporter"])
    html = client.get(url).content.decode()
    assert "chưa khớp" not in html and "khớp các quy tắc kiểm tra" in html


def test_a_level_listed_across_the_tree_names_what_each_unit_is_under(client, w):
    """Level 2 lists wards of several districts: each says which, with its coverage."""
    from django.urls import reverse

    from tests.web.factories import PASSWORD

    client.login(username="chuyenvien", password=PASSWORD)
    url = reverse("consolidation:rollup", args=[w["campaign"].pk])
    html = client.get(url + "?muc=II&cap=2").content.decode()
    at = html.index("Đảng ủy phường Phúc Xá")
    assert "thuộc Quận ủy Ba Đình" in html[at : at + 200]
    assert "1/1 đơn vị báo cáo" in html[at : at + 1500]
    at = html.index("Đảng ủy xã Phù Linh")
    assert "thuộc Huyện ủy Sóc Sơn" in html[at : at + 200]
    top = client.get(url + "?muc=II&cap=1").content.decode()
    assert "thuộc " not in top


def test_each_sample_of_a_proposal_says_which_number_it_takes(client):
    """A sentence often holds several numbers: the sample says which one is the unit's
    value, before staff adopt the proposal."""
    import re as _re

    from django.urls import reverse

    from tests.web.factories import PASSWORD

    world = fc.world()
    client.login(username="chuyenvien", password=PASSWORD)
    html = client.get(reverse("consolidation:candidates", args=[world["campaign"].pk]))
    html = html.content.decode()
    article = next(a for a in html.split("<article")[1:] if "hội nghị" in a.split("</h3>")[0])
    samples = _re.findall(r"<li>(.*?)</li>", article, _re.S)
    assert samples
    for li in samples:
        said = _re.search(r"có (?:trên )?(\d+) hội nghị", li).group(1)
        assert f"→ lấy <strong>{said}</strong> hội nghị" in li


def test_the_draft_page_says_when_the_draft_is_older_than_the_figures(client, w):
    """Downloaded after a correction or a new report, the draft would carry old numbers
    or miss a unit: the page says so, until the draft is made again."""
    from decimal import Decimal

    from django.urls import reverse

    from tests.web.factories import PASSWORD
    from tests.web.factories_dashboard import report
    from tonghop.web.submissions import services as submissions

    c, staff = w["campaign"], w["people"]["staff"]
    client.login(username="chuyenvien", password=PASSWORD)
    url = reverse("consolidation:draft", args=[c.pk])
    services.run_draft(c, {}, staff)
    assert "data-outdated" not in client.get(url).content.decode()
    a = c.assignments.get(unit=w["units"]["W21"])
    services.set_value(w["cat"]["hoi-nghi"], a, Decimal(3), staff, reason="Biên bản bổ sung")
    assert "data-outdated" in client.get(url).content.decode()
    services.run_draft(c, {}, staff)
    assert "data-outdated" not in client.get(url).content.decode()
    # A report submitted since (the roll-up's values unchanged: no catalogue match).
    mt = c.assignments.get(unit=w["units"]["MT"])
    submissions.send_back(mt.submission, staff, "Đề nghị bổ sung đánh giá chung.")
    version = report(mt, number=mt.submission.versions.count() + 1)
    assert submissions.submit(mt.submission, version, None)
    assert "data-outdated" in client.get(url).content.decode()


def test_an_indicator_of_no_year_given_yearly_figures_says_their_year_in_the_draft(w):
    """“năm 2023 ... 157 điểm cầu; năm 2024 ... 94; năm 2025 ... 147”: no total for the
    term.  The value is the latest year's, and the draft and its annex say “năm 2025”
    instead of stating it as the term's total."""
    from tonghop.web.submissions import services as submissions

    c = w["campaign"]
    services.save_indicator(
        c,
        {"key": "diem-cau", "name": "Số điểm cầu kết nối", "unit": "điểm cầu",
         "outline_item": "", "aggregation": "sum", "keywords": []},
        w["people"]["staff"],
    )  # fmt: skip
    points = {"Q1": (157, 94, 147), "Q2": (158, 89, 157)}
    for code, numbers in points.items():
        a = c.assignments.get(unit=w["units"][code])
        v = submissions.store_upload(a, _yearly_report(a.unit.name, numbers), "bao-cao.txt")
        submissions.confirm_figures(v, {f.pk: f.raw for f in v.figures.all()})
        submissions.submit(a.submission, v)
    services.refresh_values(c)
    assert services.rollup(c).total("", "diem-cau").value == 147 + 157
    data, _xlsx, draft = services.draft_campaign(c, {})
    lines = [p for p in _paragraphs(data) if p.startswith("- Số điểm cầu kết nối")]
    assert len(lines) == 1 and lines[0].startswith("- Số điểm cầu kết nối năm 2025 là 304 điểm")
    assert "Số điểm cầu kết nối năm 2025 (điểm cầu)" in draft.annex_header
