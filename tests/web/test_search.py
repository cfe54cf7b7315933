"""Search of the answers: phrases in quotes and all-words, paging, filters by campaign,
unit and outline item, snippets holding what matched, and the full-text index (FTS5
on SQLite, GIN on PostgreSQL) asked instead of reading every answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from tests.web.factories import PASSWORD, unit
from tests.web.factories_dashboard import at, campaign, city_tree, people, report
from tonghop.web.dashboard import fts, search
from tonghop.web.submissions.models import Answer

pytestmark = pytest.mark.django_db

D = dt.date(2024, 4, 9)
TOGETHER = "Các chi bộ tổ chức sinh hoạt chuyên đề “Tự soi, tự sửa” hằng quý."
APART = "Đảng viên tự giác soi lại mình; chi bộ sửa đổi tác phong, tự nhận khuyết điểm."


@pytest.fixture
def world():
    city, dept, (q1, q2, q3), front, youth = city_tree(3)
    c = campaign(city, [q1, q2, q3, front, youth], deadline=D)
    a = {x.unit.code: x for x in c.assignments.select_related("unit")}
    report(a["Q1"], at(D), answers={"II": (["II"], "KẾT QUẢ", TOGETHER)})
    report(a["Q2"], at(D), answers={"II": (["II"], "KẾT QUẢ", APART)})
    report(
        a["MT"],
        at(D),
        answers={
            "I": (["I"], "LÃNH ĐẠO", "Ban hành kế hoạch “tự soi, tự sửa” năm 2024."),
            "III.3": (["III", "3"], "Bài học", "Tự soi, tự sửa phải thường xuyên."),
        },
    )
    return {"city": city, "campaign": c, "a": a, **people(city, q1)}


def codes(hits):
    return [(h.row_unit.code, h.item.code) for h in hits]


def test_all_words_finds_words_apart_after_the_phrase(world):
    c, units = world["campaign"], world["city"].subtree()
    hits = search.search(c, "tu soi tu sua", units)
    # Whole phrase first (units by name: Ba Đình, then the Front), then words apart.
    assert codes(hits) == [("Q1", "II"), ("MT", "I"), ("MT", "III.3"), ("Q2", "II")]
    assert [h.phrase for h in hits] == [True, True, True, False]
    apart = str(hits[-1].snippet)
    # The snippet holds every word that matched, each marked.
    for word in ("tự", "soi", "sửa"):
        assert f"<mark>{word}</mark>" in apart


def test_quoted_phrase_only_where_the_words_stand_together(world):
    c, units = world["campaign"], world["city"].subtree()
    hits = search.search(c, '"tu soi tu sua"', units)
    assert codes(hits) == [("Q1", "II"), ("MT", "I"), ("MT", "III.3")]
    assert "<mark>Tự soi, tự sửa</mark>" in str(hits[0].snippet)
    # A phrase and a word: both must be there, both marked.
    both = search.search(c, '"tu soi tu sua" ke hoach', units)
    assert codes(both) == [("MT", "I")]
    snip = str(both[0].snippet)
    assert "<mark>tự soi, tự sửa</mark>" in snip and "<mark>kế</mark> <mark>hoạch</mark>" in snip
    # Typographic quotes too; an unclosed quote runs to the end.
    assert codes(search.search(c, "“soi, tự sửa”", units)) == codes(hits)
    assert codes(search.search(c, '"soi tu sua', units)) == codes(hits)
    assert search.search(c, '"sua tu soi"', units) == []


def test_last_word_may_be_the_start_of_a_word(world):
    c, units = world["campaign"], world["city"].subtree()
    assert codes(search.search(c, "tac pho", units)) == [("Q2", "II")]
    assert search.search(c, '"tac pho"', units) == []  # in quotes: whole words


def test_far_apart_words_give_a_snippet_of_several_parts(world):
    c, a = world["campaign"], world["a"]
    filler = "Các cấp ủy quán triệt nghị quyết đến từng chi bộ. " * 60
    text = "Mở đầu về kiểm điểm. " + filler + "Cuối cùng là nêu gương."
    report(a["Q3"], at(D), answers={"III": (["III"], "ĐÁNH GIÁ", text)})
    [hit] = search.search(c, "kiem diem neu guong", world["city"].subtree())
    snip = str(hit.snippet)
    assert "<mark>kiểm điểm</mark>" not in snip  # not together: each word alone
    for word in ("kiểm", "điểm", "nêu", "gương"):
        assert f"<mark>{word}</mark>" in snip
    assert " … " in snip and len(snip) < 700


def test_filters_by_unit_and_outline_item(world):
    c, units = world["campaign"], world["city"].subtree()
    assert codes(search.search(c, "tu soi", units, unit_text="mttq")) == [
        ("MT", "I"),
        ("MT", "III.3"),
    ]
    assert codes(search.search(c, "tu soi", units, unit_text="BA ĐÌNH")) == [("Q1", "II")]
    third = c.outline.get(code="III")
    # An item takes the items under it.
    assert codes(search.search(c, "tu soi", units, item=third)) == [("MT", "III.3")]


def test_pages_count_every_hit(world):
    c, city = world["campaign"], world["city"]
    for k in range(40):
        u = unit(f"P{k:02d}", f"Đảng ủy phường {k:02d}", parent=city)
        x = c.assignments.create(unit=u, parent_at_time=city)
        report(x, at(D), answers={"II": (["II"], "KẾT QUẢ", TOGETHER)})
    first = search.search_page(c, "tu soi tu sua", city.subtree(), per_page=20)
    assert first.total == 44 and first.page.paginator.num_pages == 3
    last = search.search_page(c, "tu soi tu sua", city.subtree(), page=3, per_page=20)
    assert len(last.page.object_list) == 4
    assert codes(last.page.object_list)[-1] == ("Q2", "II")  # words apart: last
    assert not last.page.object_list[-1].phrase


def test_index_kept_in_step_with_the_answers(world):
    c, units = world["campaign"], world["city"].subtree()
    answer = Answer.objects.get(text=APART)
    answer.text = "Nay viết lại: không còn cụm từ ấy."
    answer.folded = "nay viet lai: khong con cum tu ay."
    answer.save()
    assert ("Q2", "II") not in codes(search.search(c, "tu soi tu sua", units))
    assert codes(search.search(c, "cum tu", units)) == [("Q2", "II")]
    answer.delete()
    assert search.search(c, "cum tu", units) == []


def test_search_asks_the_index(world):
    """The query plan reads the full-text index, not every answer."""
    c, units = world["campaign"], world["city"].subtree()
    qs = search._matching(Answer.objects.all(), search.parse_query("tu soi"))
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            sql, params = qs.query.sql_with_params()
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cur.fetchall())
            assert f"{fts.FTS_TABLE} VIRTUAL TABLE INDEX" in plan
        else:
            cur.execute("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in _explain(cur, qs))
            assert fts.PG_INDEX in plan
    assert len(search.search(c, "tu soi", units)) == 4


def _explain(cur, qs):
    sql, params = qs.query.sql_with_params()
    cur.execute("EXPLAIN " + sql, params)
    return cur.fetchall()


def test_triggers_lost_by_a_rebuilt_table_are_put_back(world):
    """Django rebuilds an SQLite table to alter it and the triggers go with it: after
    migrate they are made again and the index read again."""
    if connection.vendor != "sqlite":
        assert fts.ensure_triggers(connection) is False  # nothing to keep on PostgreSQL
        return
    with connection.cursor() as cur:
        for name in fts.SQLITE_TRIGGERS:
            cur.execute(f"DROP TRIGGER {name}")
    report(world["a"]["Q3"], at(D), answers={"II": (["II"], "KẾT QUẢ", "Chuyện mới lạ.")})
    c, units = world["campaign"], world["city"].subtree()
    assert search.search(c, "chuyen moi la", units) == []  # not indexed meanwhile
    assert fts.ensure_triggers(connection) is True
    assert codes(search.search(c, "chuyen moi la", units)) == [("Q3", "II")]
    assert fts.ensure_triggers(connection) is False  # all in place: nothing to do


def test_search_page_filters_and_pages(client, world):
    c = world["campaign"]
    other = campaign(world["city"], [world["a"]["Q1"].unit], deadline=D, title="Đợt khác")
    client.login(username=world["staff"].username, password=PASSWORD)
    url = reverse("dashboard:search", args=[c.pk])
    r = client.get(url, {"q": '"tu soi tu sua"', "muc": "III"})
    body = r.content.decode()
    assert r.status_code == 200
    assert body.count('class="hit"') == 1 and 'data-item="III.3"' in body
    assert "<mark>Tự soi, tự sửa</mark>" in body
    r = client.get(url, {"q": "tu soi", "don_vi": "ba dinh"})
    assert r.content.decode().count('class="hit"') == 1
    # Another campaign chosen: the same search there.
    r = client.get(url, {"q": "tu soi", "dot": other.pk, "muc": "III"})
    assert r.status_code == 302
    assert r.url.startswith(reverse("dashboard:search", args=[other.pk]))
    assert "q=tu+soi" in r.url and "muc" not in r.url
    # A campaign the user may not search: stays here.
    far = unit("XA", "Tỉnh ủy khác")
    hidden = campaign(far, [], deadline=D, title="Đợt tỉnh khác")
    r = client.get(url, {"q": "tu soi", "dot": hidden.pk})
    assert r.status_code == 200
    assert "Đợt tỉnh khác" not in r.content.decode()


def test_search_page_in_pages(client, world, monkeypatch):
    monkeypatch.setattr(search, "HITS_PER_PAGE", 2)
    c = world["campaign"]
    client.login(username=world["staff"].username, password=PASSWORD)
    url = reverse("dashboard:search", args=[c.pk])
    body = client.get(url, {"q": "tu soi tu sua", "trang": 2}).content.decode()
    assert "4 kết quả" in body and "trang 2/2" in body
    assert 'data-unit="MT"' in body and 'data-unit="Q2"' in body
    assert "Trang trước" in body and "q=tu+soi+tu+sua" in body
