"""Login, throttling, and each role sent to its own page."""

import pytest
from django.urls import reverse

from tests.web.factories import PASSWORD, person, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    city = unit("TU", "Thành ủy Hà Nội")
    district = unit("Q1", "Quận ủy Ba Đình", parent=city)
    return city, district


def test_unit_tree_paths_follow_moves(tree):
    city, district = tree
    ward = unit("P1", "Đảng ủy phường", parent=district)
    other = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city)
    assert ward.tree_path.startswith(district.tree_path)
    district.parent = other
    district.save()
    ward.refresh_from_db()
    assert ward.tree_path.startswith(other.tree_path + str(district.pk))
    assert set(other.subtree()) == {other, district, ward}


def test_login_sends_each_role_home(client, tree):
    city, district = tree
    person("chuyenvien", "staff", city)
    person("baocao", "reporter", district)
    r = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert r.status_code == 302
    assert client.get(reverse("home")).url == reverse("campaigns:list")
    client.logout()
    client.post(reverse("login"), {"username": "baocao", "password": PASSWORD})
    assert client.get(reverse("home")).url == reverse("submissions:todo")


def test_wrong_password_then_throttled(client, tree, settings):
    person("baocao", "reporter", tree[1])
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        r = client.post(reverse("login"), {"username": "baocao", "password": "sai"})
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()
    # Even the right password is refused while throttled.
    r = client.post(reverse("login"), {"username": "baocao", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_need_login(client):
    r = client.get(reverse("home"))
    assert r.status_code == 302 and reverse("login") in r.url
