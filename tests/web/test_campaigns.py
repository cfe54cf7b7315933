"""Campaigns: creation from an uploaded guideline or the KL01 template, validation,
the list, the campaign page, locking; permissions; one whole flow in Chromium."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import html as lxml_html
from playwright.sync_api import expect

from tests.conftest import GUIDE_003, REAL
from tests.web.browser import login as browser_login
from tests.web.factories import PASSWORD, campaign, person, unit
from tonghop.readers import read_path
from tonghop.web.audit.models import Event
from tonghop.web.campaigns import services, templates_kl01
from tonghop.web.campaigns.models import Assignment, Campaign, TierDeadline
from tonghop.web.submissions.models import Submission
from tonghop.writers.docx import write_docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Many users per test: a fast hasher keeps setup short (login is tested elsewhere)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree():
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    units = {
        "TU": city,
        "BTG": unit("BTG", "Ban Tuyên giáo Thành ủy", parent=city, kind="ban_dang"),
        "Q1": unit("Q1", "Quận ủy Ba Đình", parent=city, kind="quan_huyen"),
        "Q2": unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, kind="quan_huyen"),
        "K1": unit("K1", "Đảng ủy Khối các cơ quan Thành phố", parent=city, kind="dang_uy_khoi"),
        "MT": unit("MT", "Ủy ban MTTQ Thành phố", parent=city, kind="mttq"),
        "TD": unit("TD", "Thành đoàn Hà Nội", parent=city, kind="doan_the"),
        "OLD": unit(
            "OLD",
            "Quận ủy Hà Tây (cũ)",
            parent=city,
            kind="quan_huyen",
            closed_on=dt.date(2020, 1, 1),
        ),
    }
    units["P1"] = unit("P1", "Đảng ủy phường Phúc Xá", parent=units["Q1"], kind="co_so")
    units["P2"] = unit("P2", "Đảng ủy phường Hàng Bạc", parent=units["Q2"], kind="co_so")
    return units


@pytest.fixture
def people(tree):
    return {
        "staff": person("chuyenvien", "staff", tree["TU"]),
        "staff_q1": person("cv_badinh", "staff", tree["Q1"]),
        "staff_q2": person("cv_hoankiem", "staff", tree["Q2"]),
        "leader": person("lanhdao", "leader", tree["TU"]),
        "reporter": person("baocao", "reporter", tree["Q1"]),
        "reporter_q2": person("baocao2", "reporter", tree["Q2"]),
    }


@pytest.fixture
def guideline_docx(shared, tmp_path) -> Path:
    """Guideline 003 as a real Word file, written from the blocks its text gives."""
    path = tmp_path / "Huong dan 003.docx"
    write_docx(read_path(GUIDE_003).blocks, path)
    return path


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def upload(client, path: Path, name: str | None = None):
    f = io.BytesIO(path.read_bytes() if isinstance(path, Path) else path)
    f.name = name or path.name
    return client.post(reverse("campaigns:create"), {"step": "upload", "guideline": f})


def form_values(response) -> dict[str, list[str]]:
    """What a browser would send from the page's campaign form, as it stands."""
    doc = lxml_html.fromstring(response.content.decode())
    form = doc.get_element_by_id("campaign-form")
    values: dict[str, list[str]] = {}
    for el in form.inputs:
        name, tag = el.get("name"), el.tag
        kind = (el.get("type") or "text").lower()
        if not name or kind in ("submit", "button", "file", "reset", "image"):
            continue
        if kind in ("checkbox", "radio"):
            if el.checked:
                values.setdefault(name, []).append(el.get("value", "on"))
            continue
        if tag == "select":
            chosen = list(el.value) if el.multiple else [el.value]
            values.setdefault(name, []).extend(v or "" for v in chosen)
            continue
        value = el.value or ""
        if tag == "textarea" and value.startswith("\n"):
            value = value[1:]  # as a browser reads <textarea>: the first newline is markup
        values.setdefault(name, []).append(value)
    return values


def post_form(client, values: dict, **changes):
    data = {k: list(v) for k, v in values.items()}
    # The dates of these tests (guideline 003 of 2024, 2025) are of past campaigns,
    # recorded for the archive; the refusal of a past deadline is tested on its own.
    data.setdefault("recorded_past", ["on"])
    for k, v in changes.items():
        data[k] = v if isinstance(v, list) else [v]
    return client.post(reverse("campaigns:create"), data)


def staged_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "guidelines"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# --- proposals --------------------------------------------------------------------------


def test_upload_prefills_the_form_from_the_guideline(client, tree, people, guideline_docx):
    login(client, people["staff"])
    r = upload(client, guideline_docx)
    assert r.status_code == 200
    page = r.content.decode()
    v = form_values(r)
    assert v["title"][0].startswith("Đánh giá tình hình thực hiện Kết luận số 01-KL/TW")
    assert v["period_from"] == ["01/05/2023"] and v["period_to"] == ["31/05/2024"]
    assert v["period_text"] == ["từ tháng 5/2023 đến tháng 5/2024"]
    # "trước ngày 10/4/2024": the last day on time is the 9th, and the page says so.
    assert v["deadline"] == ["09/04/2024"] and v["deadline_text"] == ["trước ngày 10/4/2024"]
    assert "Hướng dẫn ghi «trước ngày 10/4/2024», nghĩa là hạn cuối 09/04/2024" in page
    assert v["email"] == ["phongllctlsd414@gmail.com"]
    assert v["receiver"][0].startswith("Ban Tuyên giáo Thành ủy")
    assert v["nomination_collective"] == ["1"] and v["nomination_individual"] == ["1"]
    codes = [v[f"muc-{i}-code"][0] for i in range(15)]
    assert codes == [c for c, *_ in templates_kl01.OUTLINE]
    assert v["muc-11-title"] == ["Bài học kinh nghiệm"]
    assert v["ct-0-name"] == ["Bằng khen của Thủ tướng Chính phủ"]
    assert (v["ct-0-collective"], v["ct-0-individual"]) == (["1"], ["2"])
    assert (v["ct-3-exemplar_min"], v["ct-3-exemplar_max"]) == (["5"], ["10"])
    # The distribution list (quận, huyện, thị ủy; ĐB TT, MTTQ & CT-XH) ticks those kinds.
    assert sorted(v["kinds"]) == sorted(templates_kl01.ADDRESSED_KINDS)
    assert v["scope"] == ["loai"]


def test_confirming_a_corrected_form_creates_the_campaign(
    client, tree, people, guideline_docx, settings
):
    login(client, people["staff"])
    v = form_values(upload(client, guideline_docx))
    # Staff correct the e-mail and drop the last outline item before confirming.
    r = post_form(client, v, email="llct@example.vn", **{"muc-14-DELETE": "on"})
    assert r.status_code == 302, r.content.decode()[:3000]
    c = Campaign.objects.get()
    assert r.url == reverse("campaigns:detail", args=[c.pk])
    assert c.email == "llct@example.vn"
    assert c.deadline == dt.date(2024, 4, 9) and c.deadline_text == "trước ngày 10/4/2024"
    assert (c.period_from, c.period_to) == (dt.date(2023, 5, 1), dt.date(2024, 5, 31))
    assert (c.nomination_collective, c.nomination_individual) == (1, 1)
    assert [(i.code, i.level, i.parent_code) for i in c.outline.all()][:3] == [
        ("I", 1, ""),
        ("II", 1, ""),
        ("II.1", 2, "II"),
    ]
    assert c.outline.count() == 14
    assert [p["name"] for p in c.programmes][:2] == [
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen của Trưởng Ban Tuyên giáo Trung ương",
    ]
    addressed = {a.unit.code for a in c.assignments.select_related("unit")}
    assert addressed == {"Q1", "Q2", "K1", "MT", "TD"}  # not the closed one, not the Ban
    a = c.assignments.get(unit=tree["Q1"])
    assert a.parent_at_time == tree["TU"] and a.due == dt.date(2024, 4, 9)
    assert c.guideline and c.guideline_name == "Huong dan 003.docx"
    assert Path(c.guideline.path).read_bytes() == guideline_docx.read_bytes()
    assert Event.objects.filter(action="campaign", campaign=c, actor=people["staff"]).exists()
    # The staged copy is gone; only the campaign's own file remains.
    assert staged_files(settings) == [Path(c.guideline.path)]
    # A second click on «Tạo» does not make a second campaign.
    r = post_form(client, v, email="llct@example.vn", **{"muc-14-DELETE": "on"})
    assert r.status_code == 302 and Campaign.objects.count() == 1


def test_the_generator_guideline_prefills_too(client, tree, people, tmp_path):
    from tonghop.synth.generator import generate_guideline, guideline_expected, write_report

    path = write_report(generate_guideline(3), tmp_path / "hd.docx")
    facts = guideline_expected(3)
    login(client, people["staff"])
    v = form_values(upload(client, path))
    codes = [v[k][0] for k in sorted(v, key=lambda k: (len(k), k)) if k.endswith("-code")]
    assert [c for c in codes if c] == [i["id"] for i in facts["outline"]["items"]]
    deadline = dt.date.fromisoformat(facts["campaign"]["deadline_last_day"])
    assert v["deadline"] == [f"{deadline:%d/%m/%Y}"]
    assert v["email"] == [facts["campaign"]["email"]]
    assert v["nomination_individual"] == [str(facts["campaign"]["nomination_individual"])]


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (b"", "rong.docx", "Tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "anh.pdf", "Không nhận ra định dạng"),
        (b"PK\x03\x04" + b"\x00" * 300, "hong.docx", ""),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 300, "cu.doc", ".doc"),
    ],
)
def test_a_bad_guideline_is_refused_and_nothing_is_kept(
    client, tree, people, settings, content, name, expected
):
    login(client, people["staff"])
    r = upload(client, content, name)
    assert r.status_code == 400
    page = r.content.decode()
    assert 'role="alert"' in page and expected in page
    assert staged_files(settings) == []
    assert not Campaign.objects.exists()


def test_an_oversized_guideline_is_refused(client, tree, people, settings, guideline_docx):
    settings.UPLOAD_MAX_BYTES = 1024
    login(client, people["staff"])
    r = upload(client, guideline_docx)
    assert r.status_code == 400 and "Tệp quá lớn" in r.content.decode()
    assert staged_files(settings) == []


def test_kl01_template(client, tree, people):
    login(client, people["staff"])
    r = client.get(reverse("campaigns:create"), {"mau": "kl01"})
    v = form_values(r)
    assert v["title"] == [templates_kl01.TITLE]
    assert [v[f"muc-{i}-code"][0] for i in range(15)] == [
        "I", "II", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6",
        "III", "III.1", "III.2", "III.3", "IV", "IV.1", "IV.2",
    ]  # fmt: skip
    assert v["ct-2-name"] == ["Sách “Ngàn hoa dâng Bác” tập 8"]
    assert v["deadline"] == [""]
    r = post_form(
        client, v, period_from="01/05/2024", period_to="31/05/2025", deadline="09/04/2025"
    )
    assert r.status_code == 302
    c = Campaign.objects.get()
    assert c.template == "kl01" and c.outline.count() == 15 and len(c.programmes) == 6
    assert c.outline.get(code="III.3").title == "Bài học kinh nghiệm"
    assert c.programmes[3]["exemplar_min"] == 5 and c.programmes[3]["exemplar_max"] == 10
    assert c.assignments.count() == 5 and not c.guideline


def test_unknown_template_is_not_found(client, tree, people):
    login(client, people["staff"])
    assert client.get(reverse("campaigns:create"), {"mau": "khong-co"}).status_code == 404


@pytest.mark.parametrize(
    "changes, field_message",
    [
        (
            {"period_from": "01/05/2024", "deadline": "30/04/2024"},
            "Hạn nộp (30/04/2024) trước ngày bắt đầu thời kỳ báo cáo (01/05/2024)",
        ),
        (
            {"period_from": "01/05/2024", "period_to": "01/04/2024"},
            "Ngày kết thúc thời kỳ báo cáo (01/04/2024) trước ngày bắt đầu (01/05/2024)",
        ),
        ({"kinds": []}, "Hãy chọn ít nhất một loại đơn vị."),
        ({"scope": "chon"}, "Hãy đánh dấu ít nhất một đơn vị."),
        ({"scope": "nhanh"}, "Hãy chọn nhánh đơn vị nhận đợt báo cáo."),
        ({"kinds": ["khac"]}, "Không có đơn vị nào đang hoạt động thuộc lựa chọn này."),
        ({"deadline": "31/02/2025"}, "Nhập một ngày hợp lệ"),
        ({"title": ""}, "Hãy nhập tên đợt báo cáo."),
        ({"email": "khong-phai-email"}, "Địa chỉ e-mail không hợp lệ."),
        ({"muc-0-code": "II"}, "Số mục «II» của đề cương bị trùng."),
        ({"muc-3-title": ""}, "Mục thứ 4 của đề cương thiếu nội dung."),
        ({"ct-0-collective": "một"}, "Tập thể: "),
        ({"ct-3-exemplar_max": "2"}, "đến: Số tối đa nhỏ hơn số tối thiểu."),
        ({"tier_2": "01/01/2024"}, "Hạn cho cấp 2 (01/01/2024) trước ngày bắt đầu"),
    ],
)
def test_validation_refuses_with_a_message(client, tree, people, changes, field_message):
    login(client, people["staff"])
    v = form_values(client.get(reverse("campaigns:create"), {"mau": "kl01"}))
    v.update({"period_from": ["01/05/2024"], "period_to": ["31/05/2025"]})
    v["deadline"] = ["09/04/2025"]
    r = post_form(client, v, **changes)
    assert r.status_code == 400
    page = r.content.decode()
    assert field_message in page
    if "title" not in changes:  # what was typed is still there
        assert form_values(r)["title"] == v["title"]
    assert not Campaign.objects.exists() and not Assignment.objects.exists()


def test_every_outline_item_removed_is_refused(client, tree, people):
    login(client, people["staff"])
    v = form_values(client.get(reverse("campaigns:create"), {"mau": "kl01"}))
    deletes = {f"muc-{i}-DELETE": "on" for i in range(15)}
    r = post_form(client, v, deadline="09/04/2025", **deletes)
    assert "Đề cương báo cáo phải có ít nhất một mục." in r.content.decode()
    assert not Campaign.objects.exists()


def test_add_an_outline_row_keeps_what_was_typed(client, tree, people):
    login(client, people["staff"])
    v = form_values(client.get(reverse("campaigns:create"), {"mau": "kl01"}))
    r = post_form(client, v, action="them_muc", title="Tên đã sửa")
    assert r.status_code == 200
    after = form_values(r)
    assert after["title"] == ["Tên đã sửa"] and after["muc-TOTAL_FORMS"] == ["17"]
    assert "Hãy nhập hạn nộp" not in r.content.decode()  # no errors before confirming
    after.update({"muc-16-code": ["V"], "muc-16-title": ["KIẾN NGHỊ"]})
    r = post_form(client, after, deadline="09/04/2025")
    assert r.status_code == 302
    assert Campaign.objects.get().outline.last().code == "V"


def test_units_by_branch_by_hand_and_tier_deadlines(client, tree, people):
    login(client, people["staff"])
    v = form_values(client.get(reverse("campaigns:create"), {"mau": "kl01"}))
    assert "tier_1" in v and "tier_2" in v  # the tree has two tiers below the city
    r = post_form(
        client,
        v,
        deadline="20/04/2025",
        scope="nhanh",
        branch=str(tree["Q1"].pk),
        tier_2="10/04/2025",
    )
    assert r.status_code == 302
    c = Campaign.objects.get()
    assert {a.unit.code: a.due for a in c.assignments.select_related("unit")} == {
        "Q1": dt.date(2025, 4, 20),
        "P1": dt.date(2025, 4, 10),
    }
    assert list(TierDeadline.objects.values_list("depth", "deadline")) == [
        (2, dt.date(2025, 4, 10))
    ]
    # By hand: a closed unit cannot be ticked, even by a forged form.
    v = form_values(client.get(reverse("campaigns:create"), {"mau": "kl01"}))
    r = post_form(client, v, deadline="20/04/2025", scope="chon", units=[str(tree["OLD"].pk)])
    assert r.status_code == 400 and Campaign.objects.count() == 1
    r = post_form(
        client,
        v,
        deadline="20/04/2025",
        scope="chon",
        units=[str(tree["MT"].pk), str(tree["P2"].pk)],
    )
    assert r.status_code == 302
    assert {a.unit.code for a in Campaign.objects.first().assignments.all()} == {"MT", "P2"}


def test_staff_of_a_district_only_address_their_subtree(client, tree, people):
    login(client, people["staff_q1"])
    v = form_values(client.get(reverse("campaigns:create"), {"mau": "kl01"}))
    assert "tier_1" not in v  # a single tier below Ba Đình
    r = post_form(client, v, deadline="20/04/2025", scope="chon", units=[str(tree["P2"].pk)])
    assert r.status_code == 400 and not Campaign.objects.exists()
    r = post_form(client, v, deadline="20/04/2025", kinds=["co_so"])
    assert r.status_code == 302
    c = Campaign.objects.get()
    assert c.owner == tree["Q1"]
    assert [a.unit.code for a in c.assignments.all()] == ["P1"]


def test_create_campaign_service_is_atomic(tree, people):
    facts = {"title": "Đợt thử", "deadline": dt.date(2025, 4, 9), "recorded_past": True}
    with pytest.raises(ValidationError, match="trùng"):
        services.create_campaign(
            people["staff"],
            tree["TU"],
            facts,
            [{"code": "I", "title": "A"}, {"code": "I", "title": "B"}],
            [tree["Q1"]],
        )
    with pytest.raises(ValidationError, match="Chưa chọn"):
        services.create_campaign(
            people["staff"], tree["TU"], facts, [{"code": "I", "title": "A"}], []
        )
    with pytest.raises(ValidationError, match="đã đóng"):
        services.create_campaign(
            people["staff"], tree["TU"], facts, [{"code": "I", "title": "A"}], [tree["OLD"]]
        )
    assert not Campaign.objects.exists() and not Event.objects.exists()


def test_deadline_note_for_htmx(client, tree, people):
    login(client, people["staff"])
    r = client.get(
        reverse("campaigns:deadline_note"),
        {"deadline": "10/04/2024", "deadline_text": "trước ngày 10/4/2024"},
    )
    page = r.content.decode()
    assert "nghĩa là hạn cuối 09/04/2024" in page and "khác với hướng dẫn" in page
    r = client.get(
        reverse("campaigns:deadline_note"),
        {"deadline": "10/04/2024", "deadline_text": "chậm nhất ngày 10/4/2024"},
    )
    assert "nghĩa là hạn cuối 10/04/2024: báo cáo nộp đến hết ngày 10/04/2024" in (
        r.content.decode()
    )


# --- list, detail, lock -----------------------------------------------------------------


def test_list_shows_readable_campaigns_with_counts(
    client, tree, people, django_assert_max_num_queries
):
    city = campaign(tree["TU"], [tree["Q1"], tree["Q2"], tree["MT"]], title="Đợt của Thành ủy")
    # Sent means a time of sending, as submit() records it (the dashboard counts the same).
    Submission.objects.create(
        assignment=city.assignments.get(unit=tree["Q1"]),
        status="submitted",
        submitted_at=dt.datetime.now(dt.UTC),
    )
    Submission.objects.create(assignment=city.assignments.get(unit=tree["Q2"]), status="draft")
    campaign(tree["Q1"], [tree["P1"]], title="Đợt của Quận ủy Ba Đình")
    campaign(tree["Q2"], [tree["P2"]], title="Đợt của Quận ủy Hoàn Kiếm")
    login(client, people["staff_q1"])
    with django_assert_max_num_queries(8):
        r = client.get(reverse("campaigns:list"))
    page = r.content.decode()
    assert "Đợt của Thành ủy" in page and "Đợt của Quận ủy Ba Đình" in page
    assert "Hoàn Kiếm" not in page and "Tạo đợt báo cáo" in page
    # Counted over Ba Đình's part of the tree only: 1 of 1 (the city's, and Phúc Xá's).
    assert page.count("1/1") == 1 and "0/1" in page
    login(client, people["leader"])
    page = client.get(reverse("campaigns:list")).content.decode()
    assert page.count("Đợt của") == 3 and "Tạo đợt báo cáo" not in page
    assert "1/3" in page


def test_list_queries_do_not_grow(client, tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign(tree["TU"], [tree["Q1"]])
    login(client, people["staff"])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("campaigns:list"))
    for i in range(5):
        campaign(tree["TU"], [tree["Q1"], tree["Q2"], tree["P1"]], title=f"Đợt {i}")
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("campaigns:list"))
    assert len(six) == len(one)


def test_detail_and_lock(client, tree, people, django_assert_max_num_queries):
    c = campaign(tree["TU"], [tree["Q1"], tree["Q2"], tree["P1"]])
    login(client, people["staff"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("campaigns:detail", args=[c.pk]))
    page = r.content.decode()
    assert "Bài học kinh nghiệm" in page and "Đảng ủy phường Phúc Xá" in page
    assert f"/theo-doi/{c.pk}/" in page and "Khóa đợt báo cáo" in page
    r = client.post(reverse("campaigns:lock", args=[c.pk]), {"khoa": "1"})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.is_locked and Event.objects.filter(action="lock", campaign=c).exists()
    # htmx: only the lock part comes back.
    r = client.post(
        reverse("campaigns:lock", args=[c.pk]), {"khoa": "0"}, headers={"HX-Request": "true"}
    )
    assert (
        r.status_code == 200
        and b"<html" not in r.content
        and "Khóa đợt báo cáo" in (r.content.decode())
    )
    c.refresh_from_db()
    assert not c.is_locked and Event.objects.filter(action="unlock", campaign=c).exists()


def test_permissions(client, tree, people):
    c = campaign(tree["TU"], [tree["Q1"], tree["Q2"]])
    c2 = campaign(tree["Q2"], [tree["P2"]], title="Đợt của Hoàn Kiếm")
    detail = reverse("campaigns:detail", args=[c.pk])
    # Reporter: the list sends them to their own page; nothing else is theirs.
    login(client, people["reporter"])
    r = client.get(reverse("campaigns:list"))
    assert r.status_code == 302 and r.url == reverse("submissions:todo")
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.get(reverse("campaigns:create"), {"mau": "kl01"}).status_code == 403
    assert client.post(reverse("campaigns:create"), {"step": "confirm"}).status_code == 403
    assert client.get(detail).status_code == 404
    assert client.post(reverse("campaigns:lock", args=[c.pk])).status_code == 404
    # Leader: reads, changes nothing.
    login(client, people["leader"])
    assert client.get(detail).status_code == 200
    assert "Khóa đợt báo cáo" not in client.get(detail).content.decode()
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.post(reverse("campaigns:lock", args=[c.pk])).status_code == 403
    # Staff of a district: reads the city's campaign (it is above them), cannot lock it,
    # and does not see another district's campaign at all.
    login(client, people["staff_q1"])
    page = client.get(detail).content.decode()
    assert "thuộc phạm vi của bạn (1)" in page and "Hoàn Kiếm" not in page
    assert client.post(reverse("campaigns:lock", args=[c.pk])).status_code == 403
    assert client.get(reverse("campaigns:detail", args=[c2.pk])).status_code == 404
    assert client.post(reverse("campaigns:lock", args=[c2.pk])).status_code == 404
    c.refresh_from_db()
    c2.refresh_from_db()
    assert not c.is_locked and not c2.is_locked
    client.logout()
    r = client.get(reverse("campaigns:list"))
    assert r.status_code == 302 and reverse("login") in r.url


def test_guideline_download(client, tree, people, guideline_docx):
    login(client, people["staff"])
    v = form_values(upload(client, guideline_docx))
    post_form(client, v, kinds=["quan_huyen"])
    c = Campaign.objects.get()
    url = reverse("campaigns:guideline", args=[c.pk])
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == guideline_docx.read_bytes()
    login(client, people["reporter"])  # Ba Đình is addressed: may read the guideline
    assert client.get(url).status_code == 404  # once the campaign is published
    services.publish(people["staff"], c, today=dt.date(2024, 3, 1))
    assert client.get(url).status_code == 200
    c.assignments.filter(unit=tree["Q2"]).delete()
    login(client, people["reporter_q2"])
    assert client.get(url).status_code == 404


# --- in a real browser ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_staff_create_a_campaign_from_a_guideline_in_chromium(browser_page, shared, tmp_path):
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    for code, name, kind in [
        ("Q1", "Quận ủy Ba Đình", "quan_huyen"),
        ("Q2", "Quận ủy Hoàn Kiếm", "quan_huyen"),
        ("MT", "Ủy ban MTTQ Thành phố", "mttq"),
    ]:
        unit(code, name, parent=city, kind=kind)
    person("chuyenvien", "staff", city)
    path = tmp_path / "Huong dan KL01.docx"
    write_docx(read_path(GUIDE_003).blocks, path)

    page = browser_page
    browser_login(page, "chuyenvien", PASSWORD)
    page.get_by_role("link", name="Tạo đợt báo cáo").click()
    page.get_by_label("Văn bản hướng dẫn").set_input_files(str(path))
    page.get_by_role("button", name="Đọc hướng dẫn").click()
    # Pre-filled from the guideline, with the deadline's meaning spelled out.
    assert page.get_by_label("Hạn cuối").input_value() == "09/04/2024"
    assert "nghĩa là hạn cuối 09/04/2024" in page.locator("#deadline-note").inner_text()
    assert page.get_by_label("Thời kỳ báo cáo: từ ngày").input_value() == "01/05/2023"
    # Staff correct the deadline: the explanation follows (htmx), warning of the difference.
    page.get_by_label("Hạn cuối").fill("12/04/2024")
    page.get_by_label("Hạn cuối").blur()
    # A locator's wait, not wait_for_function: a string function is eval'd in the page,
    # which the Content-Security-Policy (no 'unsafe-eval') may refuse.
    expect(page.locator("#deadline-note")).to_contain_text("khác với hướng dẫn")
    page.get_by_label("Tên đợt báo cáo").fill("Đánh giá thực hiện Kết luận 01-KL/TW năm 2024")
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    page.wait_for_load_state("networkidle")
    # April 2024 is past: refused, unless the campaign is recorded as a past one.
    expect(page.locator("#campaign-form")).to_contain_text("Hạn nộp 12/04/2024 đã qua")
    assert not Campaign.objects.exists()
    page.get_by_label("Đợt báo cáo đã qua").check()
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    page.wait_for_load_state("networkidle")
    assert "Đã tạo bản nháp đợt báo cáo, giao cho 3 đơn vị." in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Đánh giá thực hiện Kết luận 01-KL/TW năm 2024"
    )
    c = Campaign.objects.get()
    assert c.deadline == dt.date(2024, 4, 12) and c.outline.count() == 15
    assert c.assignments.count() == 3 and c.is_draft and c.recorded_past
    # Publishing asks first, saying to how many units.
    page.get_by_role("button", name="Công bố tới 3 đơn vị").click()
    dialog = page.locator("dialog.confirm")
    expect(dialog).to_contain_text("Công bố đợt báo cáo tới 3 đơn vị?")
    dialog.get_by_role("button", name="Công bố").click()
    expect(page.locator(".messages")).to_contain_text("Đã công bố đợt báo cáo tới 3 đơn vị")
    c.refresh_from_db()
    assert c.is_open and c.published_at is not None
    # Locking from the page asks too, then updates only its part (htmx).
    page.get_by_role("button", name="Khóa đợt báo cáo").click()
    expect(dialog).to_contain_text("Khóa đợt báo cáo? 3 đơn vị chưa nộp sẽ không nộp được nữa.")
    dialog.get_by_role("button", name="Hủy").click()
    c.refresh_from_db()
    assert c.is_open  # cancelled: nothing sent
    page.get_by_role("button", name="Khóa đợt báo cáo").click()
    dialog.get_by_role("button", name="Khóa", exact=True).click()
    page.get_by_role("button", name="Mở khóa đợt báo cáo").wait_for()
    c.refresh_from_db()
    assert c.is_locked


# --- who issues and signs, from the guideline -----------------------------------------


def test_a_guideline_with_its_header_prefills_issuer_and_signer(client, tree, people):
    # Hướng dẫn of the Ban Tổ chức Thành ủy Hà Nội: "THÀNH UỶ HÀ NỘI" / "BAN TỔ CHỨC",
    # "Số    -HD/BTCTU", signed "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN / Triệu Thị Ngọc".
    login(client, people["staff"])
    v = form_values(upload(client, REAL / "huongdan21.pdf"))
    got = {k: v[k][0] for k in ("issuer_superior", "issuer", "symbol", "signer_authority",
                                "signer_title", "signer_name")}  # fmt: skip
    assert got == {
        "issuer_superior": "THÀNH UỶ HÀ NỘI",
        "issuer": "BAN TỔ CHỨC",
        "symbol": "BTCTU",
        "signer_authority": "K/T TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "Triệu Thị Ngọc",
    }


def test_a_guideline_without_a_header_prefills_its_signer_only(
    client, tree, people, guideline_docx
):
    # Seed 003 lost its header in its text export; its signature stands.
    login(client, people["staff"])
    v = form_values(upload(client, guideline_docx))
    assert (v["issuer_superior"], v["issuer"], v["symbol"]) == ([""], [""], [""])
    assert (v["signer_authority"], v["signer_title"], v["signer_name"]) == (
        ["K/T TRƯỞNG BAN"], ["PHÓ TRƯỞNG BAN"], ["Đào Xuân Dũng"],
    )  # fmt: skip
