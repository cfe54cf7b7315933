"""Login (Django's LoginView), throttling by user name and address (django-axes),
unlocking by staff, `next` kept on the site, and each role sent to its own page."""

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


def _login(client, username, password, address="10.0.0.1", next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url is not None else "")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


LOCKED = "Đăng nhập sai quá nhiều lần với tên này từ máy này"


def test_wrong_password_then_throttled_for_that_name_from_that_address(client, tree, settings):
    person("baocao", "reporter", tree[1])
    person("chuyenvien", "staff", tree[0])
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        r = _login(client, "baocao", "sai")
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()
    r = _login(client, "baocao", "sai")  # the last failure allowed: now locked
    assert r.status_code == 429 and LOCKED in r.content.decode()
    # Even the right password is refused from that address while locked.
    r = _login(client, "baocao", PASSWORD)
    assert r.status_code == 429 and LOCKED in r.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else from the same address (the same proxy) still logs in...
    r = _login(client, "chuyenvien", PASSWORD)
    assert r.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    # ...and the official, from another machine, too: a stranger cannot lock them out.
    r = _login(client, "baocao", PASSWORD, address="10.0.0.2")
    assert r.status_code == 302 and "_auth_user_id" in client.session


def test_a_success_resets_the_count(client, tree, settings):
    person("baocao", "reporter", tree[1])
    for _ in range(2):
        for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
            _login(client, "baocao", "sai")
        r = _login(client, "baocao", PASSWORD)
        assert r.status_code == 302
        client.logout()


def test_behind_a_proxy_the_forwarded_address_counts(client, tree, settings):
    settings.TONGHOP_PROXY_COUNT = 1
    person("baocao", "reporter", tree[1])
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "baocao", "password": "sai"},
            REMOTE_ADDR="10.9.9.9",  # the proxy
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",  # what the proxy saw last
        )
    r = client.post(
        reverse("login"),
        {"username": "baocao", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert r.status_code == 302  # another client behind the same proxy


def test_staff_unlock_the_accounts_of_their_units(client, tree, settings):
    city, district = tree
    other = unit("Q2", "Quận ủy Hoàn Kiếm", parent=city)
    person("baocao", "reporter", district)
    person("chuyenvien", "staff", city)
    person("chuyenvien_q2", "staff", other)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "baocao", "sai")
    assert _login(client, "baocao", PASSWORD).status_code == 429
    # Staff of another district neither see nor lift it.
    _login(client, "chuyenvien_q2", PASSWORD, address="10.0.0.9")
    page = client.get(reverse("lockouts")).content.decode()
    assert "baocao" not in page and "Không có tài khoản nào" in page
    assert client.post(reverse("unlock"), {"username": "baocao"}).status_code == 404
    client.logout()
    # The department's staff see it, with the address, and lift it.
    _login(client, "chuyenvien", PASSWORD, address="10.0.0.9")
    page = client.get(reverse("lockouts")).content.decode()
    assert "Tài khoản bị khóa đăng nhập" in page and "baocao" in page and "10.0.0.1" in page
    r = client.post(reverse("unlock"), {"username": "baocao"}, follow=True)
    assert "Đã mở khóa đăng nhập cho tài khoản “baocao”" in r.content.decode()
    client.logout()
    assert _login(client, "baocao", PASSWORD).status_code == 302


@pytest.mark.parametrize("role", ["reporter", "leader"])
def test_only_staff_open_the_lockouts(client, tree, role):
    person("nguoi", role, tree[1])
    client.login(username="nguoi", password=PASSWORD)
    assert client.get(reverse("lockouts")).status_code == 403
    assert client.post(reverse("unlock"), {"username": "nguoi"}).status_code == 403


@pytest.mark.parametrize(
    "next_url",
    ["javascript:alert(1)", "https://elsewhere.example/", "//elsewhere.example/", "/\\x.example"],
)
def test_next_never_leaves_the_site(client, tree, next_url):
    person("baocao", "reporter", tree[1])
    assert client.get(reverse("login") + f"?next={next_url}").status_code == 200
    r = _login(client, "baocao", PASSWORD, next_url=next_url)
    assert r.status_code == 302 and r.url == reverse("home")


def test_next_inside_the_site_is_followed(client, tree):
    person("baocao", "reporter", tree[1])
    r = _login(client, "baocao", PASSWORD, next_url=reverse("submissions:todo"))
    assert r.status_code == 302 and r.url == reverse("submissions:todo")


def test_pages_need_login(client):
    r = client.get(reverse("home"))
    assert r.status_code == 302 and reverse("login") in r.url
