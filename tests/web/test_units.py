"""The organisation tree: move, close, import from .xlsx/.csv, and its pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from tests.web.factories import PASSWORD, person, unit
from tonghop.web.audit.models import Event
from tonghop.web.campaigns.services import addressable_units
from tonghop.web.units import services
from tonghop.web.units.models import Unit, UnitMove

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Many users per test: a fast hasher keeps setup short (login is tested elsewhere)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree():
    city = unit("TU", "Thành ủy Hà Nội", kind="thanh_uy")
    q1 = unit("Q1", "Quận ủy Ba Đình", parent=city, kind="quan_huyen")
    p1 = unit("P1", "Đảng ủy phường Phúc Xá", parent=q1, kind="co_so")
    p1a = unit("P1A", "Chi bộ Tổ dân phố 1", parent=p1, kind="co_so")
    q2 = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city, kind="quan_huyen")
    p2 = unit("P2", "Đảng ủy phường Hàng Bạc", parent=q2, kind="co_so")
    return {u.code: u for u in (city, q1, p1, p1a, q2, p2)}


@pytest.fixture
def people(tree):
    return {
        "staff": person("chuyenvien", "staff", tree["TU"]),
        "staff_q1": person("cv_badinh", "staff", tree["Q1"]),
        "leader": person("lanhdao", "leader", tree["TU"]),
        "reporter": person("baocao", "reporter", tree["Q1"]),
    }


def fresh(u: Unit) -> Unit:
    return Unit.objects.get(pk=u.pk)


def messages_of(exc: ValidationError) -> str:
    return "\n".join(exc.messages)


# --- move and close ---------------------------------------------------------------------


def test_move_takes_the_subtree_and_records_where_it_stood(tree, people):
    services.move_unit(people["staff"], tree["TU"], tree["P1"], tree["Q2"], on=dt.date(2025, 7, 1))
    p1, p1a = fresh(tree["P1"]), fresh(tree["P1A"])
    assert p1.parent_id == tree["Q2"].pk
    assert p1a.tree_path.startswith(fresh(tree["Q2"]).tree_path)
    assert set(fresh(tree["Q2"]).subtree()) == {tree["Q2"], tree["P2"], p1, p1a}
    move = UnitMove.objects.get(unit=p1)
    assert (move.old_parent, move.new_parent) == (tree["Q1"], tree["Q2"])
    assert move.moved_on == dt.date(2025, 7, 1) and move.moved_by == people["staff"]
    assert Event.objects.filter(action="unit", unit=p1, actor=people["staff"]).exists()


def test_move_into_its_own_subtree_is_refused(tree, people):
    with pytest.raises(ValidationError) as exc:
        services.move_unit(people["staff"], tree["TU"], tree["Q1"], tree["P1A"])
    assert "vòng lặp" in messages_of(exc.value)
    assert "Quận ủy Ba Đình" in messages_of(exc.value)
    assert fresh(tree["Q1"]).parent_id == tree["TU"].pk
    assert not UnitMove.objects.exists()
    with pytest.raises(ValidationError, match="chính nó"):
        services.move_unit(people["staff"], tree["TU"], tree["Q1"], tree["Q1"])


def test_move_outside_the_staff_subtree_is_refused(tree, people):
    with pytest.raises(ValidationError, match="phạm vi"):
        services.move_unit(people["staff_q1"], tree["Q1"], tree["P1"], tree["Q2"])
    with pytest.raises(ValidationError):
        services.move_unit(people["staff_q1"], tree["Q1"], tree["Q1"], tree["P1"])
    assert fresh(tree["P1"]).parent_id == tree["Q1"].pk


def test_close_keeps_the_unit_but_offers_it_no_more(tree, people):
    with pytest.raises(ValidationError, match="cấp dưới đang hoạt động"):
        services.close_unit(people["staff"], tree["TU"], tree["P1"])
    services.close_unit(people["staff"], tree["TU"], tree["P1A"], on=dt.date(2025, 1, 1))
    p1a = fresh(tree["P1A"])
    assert p1a.closed_on == dt.date(2025, 1, 1) and not p1a.is_open()
    assert Unit.objects.filter(pk=p1a.pk).exists()
    assert p1a not in addressable_units(tree["TU"])
    assert tree["P1"] in addressable_units(tree["TU"])
    with pytest.raises(ValidationError, match="đã đóng"):
        services.close_unit(people["staff"], tree["TU"], p1a)
    with pytest.raises(ValidationError, match="gốc"):
        services.close_unit(people["staff"], tree["TU"], tree["TU"])
    services.reopen_unit(people["staff"], tree["TU"], p1a)
    assert fresh(tree["P1A"]).closed_on is None


# --- import -----------------------------------------------------------------------------

HEADER = "mã,tên,mã đơn vị cấp trên,loại,e-mail\n"


def csv_bytes(body: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + HEADER + body).encode("utf-8")


def test_import_csv_creates_updates_and_accepts_a_parent_later_in_the_file(tree, people):
    data = csv_bytes(
        # P3 comes before its parent Q3; Q1 gets a new name; P2 moves under Q1.
        "P3,Đảng ủy phường Tràng Tiền,Q3,co_so,trangtien@example.vn\n"
        "Q3,Quận ủy Tây Hồ,TU,Quận ủy,quanuy.tayho@example.vn\n"
        "Q1,Quận ủy Ba Đình (mới),TU,quan_huyen,badinh@example.vn\n"
        "P2,Đảng ủy phường Hàng Bạc,Q1,Tổ chức cơ sở đảng,\n",
        bom=True,
    )
    result = services.import_units(people["staff"], tree["TU"], data, "don_vi.csv")
    assert sorted(result.created) == ["P3", "Q3"]
    assert result.moved == ["P2"]
    q3, p3 = Unit.objects.get(code="Q3"), Unit.objects.get(code="P3")
    assert p3.parent == q3 and q3.parent == tree["TU"]
    assert q3.kind == "quan_huyen" and p3.email == "trangtien@example.vn"
    assert p3.tree_path.startswith(q3.tree_path)
    q1 = fresh(tree["Q1"])
    assert q1.name == "Quận ủy Ba Đình (mới)" and q1.email == "badinh@example.vn"
    assert fresh(tree["P2"]).tree_path.startswith(q1.tree_path)
    assert UnitMove.objects.get(unit=tree["P2"]).old_parent == tree["Q2"]
    assert Event.objects.filter(action="unit", message__contains="don_vi.csv").exists()


def test_import_xlsx(tree, people):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Tên", "Mã đơn vị cấp trên", "Loại", "E-mail"])
    ws.append(["K1", "Đảng ủy Khối các cơ quan Thành phố", "TU", "dang_uy_khoi", "k1@example.vn"])
    ws.append([101, "Đảng bộ Sở Y tế", "K1", "co_so", None])  # a number typed as a code
    buf = io.BytesIO()
    wb.save(buf)
    result = services.import_units(people["staff"], tree["TU"], buf.getvalue(), "dv.xlsx")
    assert sorted(result.created) == ["101", "K1"]
    assert Unit.objects.get(code="101").parent.code == "K1"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("X1,Đơn vị X,KHONGCO,co_so,\n", "Dòng 3: không có đơn vị cấp trên mã «KHONGCO»"),
        ("X1,Đơn vị X,X2,co_so,\nX2,Đơn vị Y,X1,co_so,\n", "Dòng 3: vòng lặp"),
        ("Q1,Quận ủy Ba Đình,P1A,quan_huyen,\n", "Dòng 3: vòng lặp"),  # into its own subtree
        ("X1,Đơn vị X,TU,co_so,\nX1,Đơn vị X hai,TU,co_so,\n", "Dòng 4: mã «X1» bị trùng"),
        ("X1,Đơn vị X,TU,phường xã,\n", "Dòng 3: loại đơn vị «phường xã» không có"),
        ("X1,Đơn vị X,TU,co_so,khong-phai-email\n", "Dòng 3: địa chỉ e-mail «khong-phai-email»"),
        ("X1,,TU,co_so,\n", "Dòng 3: thiếu tên đơn vị"),
        ("X1,Đơn vị X,,co_so,\n", "Dòng 3: thiếu mã đơn vị cấp trên"),
        (",Đơn vị X,TU,co_so,\n", "Dòng 3: thiếu mã đơn vị"),
    ],
)
def test_import_refuses_a_bad_file_and_changes_nothing(tree, people, body, expected):
    # A valid row first (line 2): it must not be applied either.
    data = csv_bytes("OK1,Đơn vị hợp lệ,TU,co_so,ok@example.vn\n" + body)
    before = list(Unit.objects.order_by("pk").values_list("code", "name", "tree_path"))
    with pytest.raises(ValidationError) as exc:
        services.import_units(people["staff"], tree["TU"], data, "loi.csv")
    assert expected in messages_of(exc.value)
    assert list(Unit.objects.order_by("pk").values_list("code", "name", "tree_path")) == before
    assert not UnitMove.objects.exists()


def test_import_lists_every_error_at_once(tree, people):
    data = csv_bytes("A,,TU,co_so,\nB,Đơn vị B,ZZ,co_so,\nC,Đơn vị C,TU,lạ,\n")
    with pytest.raises(ValidationError) as exc:
        services.import_units(people["staff"], tree["TU"], data, "loi.csv")
    assert [m[:6] for m in exc.value.messages] == ["Dòng 2", "Dòng 3", "Dòng 4"]


def test_import_stays_inside_the_staff_subtree(tree, people):
    data = csv_bytes("X1,Đơn vị X,Q2,co_so,\nP2,Đảng ủy phường Hàng Bạc,Q1,co_so,\n")
    with pytest.raises(ValidationError) as exc:
        services.import_units(people["staff_q1"], tree["Q1"], data, "dv.csv")
    text = messages_of(exc.value)
    assert "Dòng 2: đơn vị cấp trên «Q2» nằm ngoài phạm vi" in text
    assert "Dòng 3: mã «P2» đã là của một đơn vị ngoài phạm vi" in text
    assert fresh(tree["P2"]).parent_id == tree["Q2"].pk


@pytest.mark.parametrize(
    "data, expected",
    [
        (HEADER.encode("utf-16"), "UTF-8"),
        ("mã;tên\n".encode("cp1258", errors="replace") + b"\xff\xfe\x00", "UTF-8"),
        (b"", "rỗng"),
        (b"ten,loai\nA,co_so\n", "dòng tiêu đề"),
        (HEADER.encode(), "không có đơn vị nào"),
        (b"PK\x03\x04 not really a workbook", "Không đọc được tệp Excel"),
    ],
)
def test_import_unreadable_files(tree, people, data, expected):
    with pytest.raises(ValidationError, match=expected):
        services.import_units(people["staff"], tree["TU"], data, "x.csv")


def test_import_semicolon_csv(tree, people):
    data = "mã;tên;mã đơn vị cấp trên;loại;e-mail\nX1;Đơn vị X;TU;khác;\n".encode()
    services.import_units(people["staff"], tree["TU"], data, "x.csv")
    assert Unit.objects.get(code="X1").kind == "khac"


# --- pages ------------------------------------------------------------------------------


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_tree_page_shows_the_staff_subtree(client, tree, people, django_assert_max_num_queries):
    services.close_unit(people["staff"], tree["TU"], tree["P1A"], on=dt.date(2025, 3, 1))
    login(client, people["staff_q1"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("units:tree"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Đảng ủy phường Phúc Xá" in html and "Hoàn Kiếm" not in html
    assert "Đã đóng từ 01/03/2025" in html and "Tổ chức cơ sở đảng" in html


def test_tree_page_queries_do_not_grow_with_units(client, tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, people["staff"])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("units:tree"))
    for i in range(30):
        unit(f"N{i}", f"Chi bộ {i}", parent=tree["P2"], kind="co_so")
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("units:tree"))
    assert len(big) == len(small)


@pytest.mark.parametrize("who", ["reporter", "leader"])
def test_no_unit_page_for_reporters_or_leaders(client, tree, people, who):
    login(client, people[who])
    pk = tree["P1"].pk
    for name, args in [
        ("units:tree", []),
        ("units:create", []),
        ("units:import", []),
        ("units:edit", [pk]),
        ("units:move", [pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    for name in ("units:close", "units:reopen", "units:move", "units:edit"):
        assert client.post(reverse(name, args=[pk]), {}).status_code == 403, name
    assert fresh(tree["P1"]).closed_on is None


def test_pages_need_login(client, tree):
    r = client.get(reverse("units:tree"))
    assert r.status_code == 302 and reverse("login") in r.url


def test_staff_of_another_subtree_cannot_touch_a_unit(client, tree, people):
    login(client, people["staff_q1"])
    pk = tree["P2"].pk  # Hoàn Kiếm's ward, outside Ba Đình
    assert client.get(reverse("units:edit", args=[pk])).status_code == 404
    assert client.get(reverse("units:move", args=[pk])).status_code == 404
    r = client.post(reverse("units:close", args=[pk]), {"closed_on": "01/01/2025"})
    assert r.status_code == 404
    r = client.post(
        reverse("units:edit", args=[pk]),
        {"code": "P2", "name": "Đổi tên", "kind": "co_so"},
    )
    assert r.status_code == 404
    # Nor can a unit be created under another district.
    r = client.post(
        reverse("units:create"),
        {"code": "X", "name": "Đơn vị X", "kind": "co_so", "parent": tree["Q2"].pk},
    )
    assert r.status_code == 200 and not Unit.objects.filter(code="X").exists()
    assert fresh(tree["P2"]).name == "Đảng ủy phường Hàng Bạc"


def test_create_edit_move_close_through_the_pages(client, tree, people):
    login(client, people["staff"])
    r = client.post(
        reverse("units:create"),
        {
            "code": "Q3",
            "name": "Quận ủy Tây Hồ",
            "kind": "quan_huyen",
            "parent": tree["TU"].pk,
            "email": "tayho@example.vn",
        },
    )
    assert r.status_code == 302
    q3 = Unit.objects.get(code="Q3")
    assert q3.parent == tree["TU"]
    # The same code twice is refused with a message.
    r = client.post(
        reverse("units:create"),
        {"code": "Q3", "name": "Khác", "kind": "quan_huyen", "parent": tree["TU"].pk},
    )
    assert "Mã đơn vị này đã có" in r.content.decode()

    r = client.post(
        reverse("units:edit", args=[q3.pk]),
        {"code": "Q3", "name": "Quận ủy Tây Hồ", "kind": "quan_huyen", "email": "sai"},
    )
    assert r.status_code == 200 and "e-mail" in r.content.decode().lower()
    r = client.post(
        reverse("units:edit", args=[q3.pk]),
        {"code": "Q3", "name": "Quận ủy Tây Hồ", "short_name": "Tây Hồ", "kind": "quan_huyen"},
    )
    assert r.status_code == 302 and fresh(q3).short_name == "Tây Hồ"

    # A loop is refused with the Vietnamese message on the page.
    r = client.post(
        reverse("units:move", args=[tree["Q1"].pk]),
        {"new_parent": tree["P1"].pk, "moved_on": "01/07/2025"},
    )
    assert r.status_code == 200 and "vòng lặp" in r.content.decode()
    r = client.post(
        reverse("units:move", args=[tree["P1"].pk]),
        {"new_parent": q3.pk, "moved_on": "01/07/2025"},
    )
    assert r.status_code == 302
    assert UnitMove.objects.get(unit=tree["P1"]).moved_on == dt.date(2025, 7, 1)
    r = client.get(reverse("units:edit", args=[tree["P1"].pk]))
    assert "Lịch sử chuyển đơn vị cấp trên" in r.content.decode()

    r = client.post(reverse("units:close", args=[tree["P1"].pk]), {"closed_on": "02/07/2025"})
    assert r.status_code == 302
    assert "cấp dưới đang hoạt động" in client.get(r.url).content.decode()
    r = client.post(reverse("units:close", args=[tree["P1A"].pk]), {"closed_on": "02/07/2025"})
    assert fresh(tree["P1A"]).closed_on == dt.date(2025, 7, 2)


def test_import_page(client, tree, people):
    login(client, people["staff"])
    bad = io.BytesIO(csv_bytes("X1,Đơn vị X,KHONGCO,co_so,\nX2,,TU,co_so,\n"))
    bad.name = "loi.csv"
    r = client.post(reverse("units:import"), {"file": bad})
    html = r.content.decode()
    assert "Tệp có 2 lỗi, chưa nhập đơn vị nào" in html
    assert "Dòng 2: không có đơn vị cấp trên mã «KHONGCO»" in html
    assert "Dòng 3: thiếu tên đơn vị" in html
    assert not Unit.objects.filter(code="X1").exists()
    good = io.BytesIO(csv_bytes("X1,Đơn vị X,TU,co_so,\n", bom=True))
    good.name = "dv.csv"
    r = client.post(reverse("units:import"), {"file": good}, follow=True)
    assert "thêm 1 đơn vị" in r.content.decode()
    assert Unit.objects.get(code="X1").parent == tree["TU"]
