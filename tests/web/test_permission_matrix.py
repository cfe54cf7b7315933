"""The permission matrix: every role against every page, download and export,
including ids that belong to another unit.  A reporter never reads or changes
another unit's submission, figures or files; a leader changes nothing."""

import pytest
from django.urls import reverse

from tests.web.factories import PASSWORD, campaign, person, unit
from tests.web.factories_submissions import docx_bytes, report_blocks
from tonghop.web.submissions import services
from tonghop.web.submissions.models import Submission

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reporter_a", "reporter_b", "staff", "district_staff", "leader"]
BRANCH_ROLES = ["leader_a", "leader_b", "staff_b"]


@pytest.fixture
def world():
    city = unit("TU", "Thành ủy Hà Nội")
    a = unit("QA", "Quận ủy Ba Đình", parent=city, email="a@example.vn")
    b = unit("QB", "Quận ủy Hoàn Kiếm", parent=city, email="b@example.vn")
    users = {
        "reporter_a": person("bc_a", "reporter", a),
        "reporter_b": person("bc_b", "reporter", b),
        "staff": person("cv", "staff", city),
        "district_staff": person("cv_a", "staff", a),  # staff, but not of the owning unit
        "leader": person("ld", "leader", city),
        # Leaders and staff of the two branches, for what must stay within a branch.
        "leader_a": person("ld_a", "leader", a),
        "leader_b": person("ld_b", "leader", b),
        "staff_b": person("cv_b", "staff", b),
    }
    c = campaign(city, [a, b])
    assignment_a = c.assignments.get(unit=a)
    version_a = services.store_upload(
        assignment_a, docx_bytes(report_blocks("Quận ủy Ba Đình")), "bao_cao_a.docx",
        users["reporter_a"],
    )  # fmt: skip
    services.submit(assignment_a.submission, version_a, users["reporter_a"])
    return {"c": c, "a": a, "b": b, "aa": assignment_a, "va": version_a, "users": users}


def _client(client, world, role):
    client.logout()
    if role != "anonymous":
        client.login(username=world["users"][role].username, password=PASSWORD)
    return client


# (url name, kwargs from the world) -> roles that may open it (GET).
PAGES = {
    ("units:tree", None): {"staff", "district_staff"},
    ("lockouts", None): {"staff", "district_staff"},  # each for their own units' accounts
    ("units:edit", "a"): {"staff", "district_staff"},
    ("units:edit", "b"): {"staff"},
    ("units:import", None): {"staff", "district_staff"},
    ("campaigns:create", None): {"staff", "district_staff"},
    ("campaigns:detail", "c"): {"staff", "leader", "district_staff"},
    ("campaigns:guideline", "c"): set(),  # this campaign has no guideline file: 404 for all
    # Everyone's own unit's tasks: harmless for any signed-in role.
    ("submissions:todo", None): {"reporter_a", "reporter_b", "staff", "district_staff", "leader"},
    ("submissions:detail", "aa"): {"reporter_a", "staff", "leader", "district_staff"},
    ("submissions:read", "va"): {"reporter_a", "staff", "leader", "district_staff"},
    ("submissions:download", "va"): {"reporter_a", "staff", "leader", "district_staff"},
    ("dashboard:campaign", "c"): {"staff", "leader"},
    ("dashboard:matrix", "c"): {"staff", "leader"},
    ("dashboard:export", "c"): {"staff", "leader"},
    ("dashboard:item_pick", "c"): {"staff", "leader"},
    ("reminders:log", "c"): {"staff"},
    ("audit:campaign", "c"): {"staff"},
    # Consolidation: the staff running the campaign change it; leaders read it.
    ("consolidation:catalogue", "c"): {"staff", "leader"},
    ("consolidation:rollup", "c"): {"staff", "leader"},
    ("consolidation:checks", "c"): {"staff", "leader"},
    ("consolidation:export", "c"): {"staff", "leader"},
    ("consolidation:draft", "c"): {"staff", "leader"},
    ("consolidation:candidates", "c"): {"staff"},
    ("consolidation:create", "c"): {"staff"},
}


def _url(world, name, key):
    return reverse(name, kwargs={"pk": world[key].pk}) if key else reverse(name)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, world, role):
    c = _client(client, world, role)
    wrong = []
    for (name, key), allowed in PAGES.items():
        r = c.get(_url(world, name, key))
        if role == "anonymous":
            ok = r.status_code == 302 and "/dang-nhap/" in r.url
        elif role in allowed:
            ok = r.status_code in (200, 302) and (
                r.status_code == 200 or "/dang-nhap/" not in r.url
            )
        else:
            # Refused outright, or sent to the user's own page, never shown.
            ok = r.status_code in (403, 404) or (
                r.status_code == 302 and name in ("campaigns:create", "campaigns:detail")
            )
        if not ok:
            wrong.append((name, key, r.status_code))
    assert not wrong, wrong


@pytest.mark.parametrize("role", [*ROLES, *BRANCH_ROLES])
def test_the_login_page_for_every_role(client, world, role):
    """Anyone may open it; a signed-in user is sent home, and a `next` leading off the
    site (or to script) is never followed."""
    c = _client(client, world, role)
    for next_url in ("", "?next=javascript:alert(1)", "?next=https://elsewhere.example/"):
        r = c.get(reverse("login") + next_url)
        if role == "anonymous":
            assert r.status_code == 200 and 'name="password"' in r.content.decode()
        else:
            assert r.status_code == 302 and r.url == reverse("home"), (role, next_url)


def test_the_export_is_a_workbook_for_those_allowed(client, world):
    c = _client(client, world, "staff")
    r = c.get(reverse("dashboard:export", kwargs={"pk": world["c"].pk}))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"Qu\xe1\xba\xadn \xe1\xbb\xa7y Ba \xc4\x90\xc3\xacnh" not in r.content[:4]  # binary


REPORTING = {"submissions:upload", "submissions:submit", "submissions:figures"}


@pytest.mark.parametrize("role", ["reporter_b", "leader", "district_staff", "staff_b"])
def test_changes_refused_and_nothing_changed(client, world, role):
    c = _client(client, world, role)
    aa, va = world["aa"], world["va"]
    before = Submission.objects.get(pk=aa.submission.pk)
    figure = va.figures.first()
    posts = [
        ("submissions:upload", aa.pk, {}),
        ("submissions:submit", aa.pk, {"version": va.pk}),
        ("submissions:accept", aa.pk, {}),
        ("submissions:send_back", aa.pk, {"comment": "Sửa lại"}),
        ("submissions:figures", va.pk, {f"figure-{figure.pk}": "1"}),
        ("campaigns:lock", world["c"].pk, {}),
        ("reminders:send", world["c"].pk, {}),
        ("consolidation:template", world["c"].pk, {}),
        ("consolidation:refresh", world["c"].pk, {}),
        ("consolidation:adopt", world["c"].pk, {"key": "hoi-nghi"}),
        ("consolidation:create", world["c"].pk, {"name": "Số hội nghị", "aggregation": "sum"}),
        ("consolidation:draft", world["c"].pk, {"issuer": "BAN", "date": "2024-04-10"}),
    ]
    for name, pk, data in posts:
        if role == "district_staff" and name in REPORTING:
            continue  # the staff of unit A write A's own report upward (issue 12)
        r = c.post(reverse(name, kwargs={"pk": pk}), data)
        assert r.status_code in (403, 404), (name, r.status_code)
    after = Submission.objects.get(pk=aa.submission.pk)
    assert (after.status, after.submitted_version_id) == (
        before.status,
        before.submitted_version_id,
    )
    figure.refresh_from_db()
    assert figure.status == "proposed"
    world["c"].refresh_from_db()
    assert not world["c"].is_locked
    assert va.submission.versions.count() == 1
    assert not world["c"].indicators.exists() and not world["c"].draft_runs.exists()


def test_a_reporter_never_finds_another_units_text(client, world):
    c = _client(client, world, "reporter_b")
    r = c.get(reverse("dashboard:search", kwargs={"pk": world["c"].pk}), {"q": "tu soi tu sua"})
    assert r.status_code in (200, 403)
    assert "Ba Đình" not in r.content.decode()
    c = _client(client, world, "reporter_a")
    r = c.get(reverse("dashboard:search", kwargs={"pk": world["c"].pk}), {"q": "tu soi tu sua"})
    assert r.status_code == 200 and "Ba Đình" in r.content.decode()


def test_a_version_loaded_without_a_user_still_shows(client, world):
    # The demo and imports store versions with no uploader; their pages must open.
    version = world["va"]
    version.uploaded_by = None
    version.save(update_fields=["uploaded_by"])
    c = _client(client, world, "staff")
    r = c.get(reverse("submissions:detail", kwargs={"pk": world["aa"].pk}))
    assert r.status_code == 200 and "(nạp tự động)" in r.content.decode()


def test_nominations_and_their_exports_for_every_role(client, world):
    """The exemplars pages in the same matrix: a reporter sees only their own unit's
    nominees; programme exports are for those who run or lead the campaign."""
    from tonghop.web.exemplars import services as nominations

    c = world["c"]
    c.nomination_collective, c.nomination_individual = 1, 1
    c.programmes = [{"name": "Bằng khen của Thủ tướng Chính phủ", "collective": 1, "individual": 2}]
    c.save()
    nominee = nominations.save_draft(
        c, world["a"], world["users"]["reporter_a"],
        {"kind": "individual", "name": "Trần Thị Bình", "birth_year": 1979,
         "summary": "Hoàn thành xuất sắc nhiệm vụ nhiều năm liền."},
    )  # fmt: skip
    nominations.submit(nominee, world["users"]["reporter_a"])
    [programme] = nominations.programmes_for(c)
    pages = {
        # The staff of unit A may read unit A's own nominee, not the whole board.
        reverse("exemplars:nominee", kwargs={"pk": nominee.pk}): {
            "reporter_a",
            "staff",
            "leader",
            "district_staff",
        },
        reverse("exemplars:dossier", kwargs={"pk": nominee.pk}): {"reporter_a", "staff", "leader"},
        reverse("exemplars:campaign", kwargs={"pk": c.pk}): {"staff", "leader"},
        reverse("exemplars:export", kwargs={"pk": programme.pk, "kind": "danh-sach-docx"}): {
            "staff",
            "leader",
        },
        reverse("exemplars:export", kwargs={"pk": programme.pk, "kind": "danh-sach-xlsx"}): {
            "staff",
            "leader",
        },
    }
    wrong = []
    for role in ROLES:
        cl = _client(client, world, role)
        for url, allowed in pages.items():
            r = cl.get(url)
            if role == "anonymous":
                ok = r.status_code == 302 and "/dang-nhap/" in r.url
            elif role in allowed:
                ok = r.status_code == 200
            else:
                # Refused, or (the board, for a reporter) sent to their own unit's page.
                ok = r.status_code in (403, 404) or (
                    r.status_code == 302 and "/dang-nhap/" not in r.url and "don-vi" in r.url
                )
            if not ok:
                wrong.append((role, url, r.status_code))
    assert not wrong, wrong
    # Nobody but the staff running the campaign selects or publishes.
    for role in ("reporter_a", "reporter_b", "leader", "district_staff"):
        cl = _client(client, world, role)
        r = cl.post(
            reverse("exemplars:select", kwargs={"pk": c.pk}),
            {"programme": programme.pk, "nominee": nominee.pk, "on": "1"},
        )
        assert r.status_code in (403, 404), (role, r.status_code)
        r = cl.post(reverse("exemplars:publish", kwargs={"pk": c.pk}))
        assert r.status_code in (403, 404), (role, r.status_code)
    assert not programme.selections.exists()
    assert not nominations.is_published(c)


def test_consolidation_pages_downloads_and_changes_for_every_role(client, world):
    """An indicator's page, its forms and the draft's files: staff change, leaders read,
    reporters (of any unit) and staff of another unit neither."""
    from tonghop.web.consolidation import services as consolidation

    c, staff = world["c"], world["users"]["staff"]
    consolidation.start_from_template(c, staff)
    ind, other = c.indicators.filter(aggregation="sum")[:2]
    run = consolidation.run_draft(c, {}, staff)
    assert run.status == "done"
    reads = {
        reverse("consolidation:indicator", kwargs={"pk": ind.pk}): {"staff", "leader"},
        reverse("consolidation:edit", kwargs={"pk": ind.pk}): {"staff"},
        reverse("consolidation:draft_file", kwargs={"pk": run.pk, "kind": "docx"}): {
            "staff",
            "leader",
        },
        reverse("consolidation:draft_file", kwargs={"pk": run.pk, "kind": "xlsx"}): {
            "staff",
            "leader",
        },
    }
    aa = world["aa"]
    changes = [
        ("consolidation:set_value", ind.pk, {"assignment": aa.pk, "value": "7", "reason": "x"}),
        ("consolidation:edit", ind.pk, {"name": "Đổi tên", "aggregation": "sum"}),
        ("consolidation:merge", ind.pk, {"target": other.pk}),
        ("consolidation:retire", ind.pk, {"retired": "1"}),
    ]
    wrong = []
    for role in ROLES:
        cl = _client(client, world, role)
        for url, allowed in reads.items():
            r = cl.get(url)
            if role == "anonymous":
                ok = r.status_code == 302 and "/dang-nhap/" in r.url
            else:
                ok = r.status_code == (200 if role in allowed else 403)
            if not ok:
                wrong.append((role, url, r.status_code))
        if role in ("anonymous", "staff"):
            continue
        for name, pk, data in changes:
            r = cl.post(reverse(name, kwargs={"pk": pk}), data)
            if r.status_code not in (403, 404):
                wrong.append((role, name, r.status_code))
    assert not wrong, wrong
    ind.refresh_from_db()
    assert (ind.name, ind.retired) != ("Đổi tên", True) and not ind.retired
    assert not ind.values.filter(assignment=aa, value=7).exists()


def test_nominees_stay_in_their_branch(client, world):
    """A nominee's page, photo and dossier, and the programme exports: the staff running
    the campaign see every unit's; a branch's leaders and staff only their branch's."""
    from tests.web.factories_exemplars import person_data, png
    from tonghop.web.exemplars import services as nominations

    c, users = world["c"], world["users"]
    c.nomination_collective, c.nomination_individual = 1, 1
    c.programmes = [{"name": "Triển lãm ảnh điển hình", "individual": 5}]
    c.save()
    people = {}
    for key, name in (("a", "Trần Thị Bình"), ("b", "Lê Văn Cường")):
        n = nominations.save_draft(
            c, world[key], users[f"reporter_{key}"], person_data(name),
            photo=(png(), f"anh-{key}.png"),
        )  # fmt: skip
        people[key] = nominations.submit(n, users[f"reporter_{key}"])
    [programme] = nominations.programmes_for(c)
    for n in people.values():
        nominations.select(programme, n, users["staff"])

    def reads(key):
        pk = people[key].pk
        return [reverse(f"exemplars:{v}", kwargs={"pk": pk}) for v in ("nominee", "photo")]

    own_a = {"reporter_a", "staff", "leader", "district_staff", "leader_a"}
    own_b = {"reporter_b", "staff", "leader", "staff_b", "leader_b"}
    expected = {url: own_a for url in reads("a")} | {url: own_b for url in reads("b")}
    dossier = "exemplars:dossier"
    expected[reverse(dossier, kwargs={"pk": people["a"].pk})] = {
        "reporter_a", "staff", "leader", "leader_a",
    }  # fmt: skip
    expected[reverse(dossier, kwargs={"pk": people["b"].pk})] = {
        "reporter_b", "staff", "leader", "leader_b",
    }  # fmt: skip
    board = reverse("exemplars:campaign", kwargs={"pk": c.pk})
    exports = [
        reverse("exemplars:export", kwargs={"pk": programme.pk, "kind": kind})
        for kind in ("danh-sach-docx", "danh-sach-xlsx", "trien-lam")
    ]
    everyone_running = {"staff", "leader", "leader_a", "leader_b"}
    expected[board] = everyone_running
    expected |= {url: everyone_running for url in exports}
    # Who sees which nominee's name on the board and in every export.
    sees = {"staff": "ab", "leader": "ab", "leader_a": "a", "leader_b": "b"}
    names = {"a": "Trần Thị Bình", "b": "Lê Văn Cường"}
    wrong = []
    for role in [*ROLES, *BRANCH_ROLES]:
        cl = _client(client, world, role)
        for url, allowed in expected.items():
            r = cl.get(url)
            if role == "anonymous":
                ok = r.status_code == 302 and "/dang-nhap/" in r.url
            elif role in allowed:
                ok = r.status_code == 200
            else:
                ok = r.status_code in (403, 404) or (
                    r.status_code == 302 and url == board and "don-vi" in r.url
                )
            if not ok:
                wrong.append((role, url, r.status_code))
        if role not in sees:
            continue
        board_page = cl.get(board).content.decode()
        files = [_document_text(cl.get(url)) for url in exports]
        for key, name in names.items():
            shown = key in sees[role]
            if (name in board_page) != shown:
                wrong.append((role, "board", name))
            for url, text in zip(exports, files, strict=True):
                if (name in text) != shown:
                    wrong.append((role, url, name))
    assert not wrong, wrong


def _document_text(response) -> str:
    """The text of a downloaded .docx or .xlsx, as a user opening it would read it."""
    import io

    data = b"".join(response.streaming_content)
    if response["Content-Type"].endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        return " ".join(
            str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v
        )
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)
