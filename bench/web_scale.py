"""The web application at scale: 5,000 units, 5,000 submitted reports of one campaign.

Prints, in server time (Django's test Client, the whole middleware stack) and SQL queries,
the dashboard, the side-by-side page of one outline item, the matrix, search and the .xlsx
export, each against a second campaign of 500 units too (the number of queries must not
grow with the units); then an upload of a ~30-page .docx and its checklist page.
Targets: every page (dashboard, side-by-side, matrix, search, .xlsx export) < 300 ms
median; upload + checklist < 2 s.

    .venv/bin/python bench/web_scale.py [--units 5000] [--database postgres|sqlite]

PostgreSQL by default: DATABASE_URL if set (a separate database is made in it and dropped
after), else a private throw-away cluster (bench/_pg.py).  --database sqlite: a temporary
SQLite file.  Nothing outside temporary folders is written.

Data: 20 generated reports go through the real upload service (`store_upload`, `submit`);
the other units get copies of those stored rows (Version, Answer, ReportedFigure,
Submission) by bulk_create, the unit's name put in place of the original's, so 5,000
readings need not be made one by one.  Some submissions are late.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402, F401  (puts the repository on sys.path)
from _pg import ClusterError, throwaway_cluster  # noqa: E402

TARGET_PAGE_MS = 300
TARGET_UPLOAD_S = 2.0
REAL_REPORTS = 20
DISTRICTS = 50
SMALL = 500  # units of the second campaign
ITEM = "II.1"
QUERY = "tu soi tu sua"
LATE_SHARE = 0.15
PAGES_WANTED = 30
# LibreOffice lays the generator's A4 14 pt pages out at about 520 words (measured:
# 14,575 words -> 28 pages); used only when there is no LibreOffice to count them.
WORDS_PER_PAGE = 500

PLACES = (
    "Ba Đình, Hoàn Kiếm, Tây Hồ, Long Biên, Cầu Giấy, Đống Đa, Hai Bà Trưng, Hoàng Mai, "
    "Thanh Xuân, Nam Từ Liêm, Bắc Từ Liêm, Hà Đông, Sơn Tây, Ba Vì, Chương Mỹ, Đan Phượng, "
    "Đông Anh, Gia Lâm, Hoài Đức, Mê Linh, Mỹ Đức, Phú Xuyên, Phúc Thọ, Quốc Oai, Sóc Sơn, "
    "Thạch Thất, Thanh Oai, Thanh Trì, Thường Tín, Ứng Hòa, Hải Châu, Thanh Khê, Sơn Trà, "
    "Ngũ Hành Sơn, Liên Chiểu, Cẩm Lệ, Hòa Vang, Hồng Bàng, Ngô Quyền, Lê Chân, Kiến An, "
    "Đồ Sơn, Dương Kinh, Thủy Nguyên, An Dương, An Lão, Kiến Thụy, Tiên Lãng, Vĩnh Bảo, Cát Hải"
).split(", ")
WARDS = (
    "Phúc Xá, Trúc Bạch, Kim Mã, Ngọc Hà, Điện Biên, Quán Thánh, Hàng Bạc, Hàng Bồ, Tràng "
    "Tiền, Cửa Nam, Yên Phụ, Nhật Tân, Bồ Đề, Gia Thụy, Dịch Vọng, Nghĩa Đô, Quang Trung, Văn "
    "Miếu, Bạch Mai, Minh Khai, Định Công, Tương Mai, Khương Mai, Nhân Chính, Mỹ Đình, Xuân "
    "Đỉnh, Phú Lương, Yết Kiêu, Vân Nội, Kim Chung"
).split(", ")


# ----------------------------------------------------------------------- formatting


def vn(x: float, places: int = 0) -> str:
    """4320.5 -> "4.320,5", as the application writes numbers."""
    text = f"{x:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def p90(values: list[float]) -> float:
    """Nearest rank: with 15 runs, the 14th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


class Clock:
    """Named steps of the data load, printed once it is done."""

    def __init__(self):
        self.steps: list[tuple[str, float]] = []

    @contextlib.contextmanager
    def step(self, name: str):
        t = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - t))


# ----------------------------------------------------------------------- database


def choose_database(args, stack: contextlib.ExitStack, data_dir: Path) -> tuple[str, bool]:
    """Set DATABASE_URL for the settings; returns (what to print, make a separate db)."""
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)  # settings: SQLite in TONGHOP_DATA
        return f"SQLite, tệp tạm {data_dir / 'tonghop.sqlite3'}", False
    url = os.environ.get("DATABASE_URL", "")
    if url:
        if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
            raise ClusterError(
                "DATABASE_URL không trỏ tới PostgreSQL: bỏ nó đi, hoặc chạy với --database sqlite."
            )
        host = url.rsplit("@", 1)[-1]
        return f"PostgreSQL theo DATABASE_URL ({host}), cơ sở dữ liệu riêng cho lượt đo", True
    url = stack.enter_context(throwaway_cluster())
    os.environ["DATABASE_URL"] = url
    host = url.rsplit("@", 1)[-1]
    return f"PostgreSQL, cụm tạm riêng ({host}, fsync=off)", False


def migrate(separate: bool, stack: contextlib.ExitStack) -> None:
    from django.core.management import call_command
    from django.db import connection

    if not separate:
        call_command("migrate", verbosity=0, interactive=False)
        return
    # Never fill the database DATABASE_URL names: a database of our own beside it.
    old = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"tonghop_bench_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    stack.callback(connection.creation.destroy_test_db, old, verbosity=0)


def server_name() -> str:
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SHOW server_version")
            return "PostgreSQL " + c.fetchone()[0].split()[0]
        c.execute("SELECT sqlite_version()")
        return "SQLite " + c.fetchone()[0]


# ----------------------------------------------------------------------- data


def make_tree(count: int):
    """A root, up to 50 districts, the other units spread below them."""
    from tonghop.web.units.models import Unit

    root = Unit.objects.create(code="TU", name="Thành ủy Hà Nội", kind=Unit.Kind.CITY)
    n_districts = max(1, min(DISTRICTS, count // 10))
    districts = Unit.objects.bulk_create(
        Unit(
            code=f"D{k + 1:02d}",
            name=f"{'Quận ủy' if k % 3 else 'Huyện ủy'} {PLACES[k % len(PLACES)]}",
            short_name=PLACES[k % len(PLACES)],
            kind=Unit.Kind.DISTRICT,
            parent=root,
            email=f"d{k + 1:02d}@example.vn",
        )
        for k in range(n_districts)
    )
    below = []
    for k in range(count - n_districts):
        d = districts[k % n_districts]
        n = k // n_districts + 1
        ward = WARDS[(k // n_districts) % len(WARDS)]
        below.append(
            Unit(
                code=f"{d.code}-{n:04d}",
                name=f"Đảng ủy phường {ward} {n} ({d.short_name})",
                short_name=f"{ward} {n}",
                kind=Unit.Kind.GRASSROOTS,
                parent=d,
                email=f"{d.code.lower()}-{n:04d}@example.vn",
            )
        )
    below = Unit.objects.bulk_create(below, batch_size=1000)
    for u in districts:
        u.tree_path = f"{root.tree_path}{u.pk}/"
    by_pk = {d.pk: d for d in districts}
    for u in below:
        u.tree_path = f"{by_pk[u.parent_id].tree_path}{u.pk}/"
    Unit.objects.bulk_update(districts + below, ["tree_path"], batch_size=1000)
    return root, districts + below


def make_staff(root):
    from django.contrib.auth.models import User

    from tonghop.web.accounts.models import Profile

    user = User.objects.create_user("chuyenvien", "chuyenvien@example.vn", "bench-Mat-khau-1")
    Profile.objects.create(user=user, role=Profile.Role.STAFF, unit=root, full_name="Chuyên viên")
    return user


def make_reporter(unit, n: int):
    from django.contrib.auth.models import User

    from tonghop.web.accounts.models import Profile

    user = User.objects.create_user(f"baocao{n}", f"baocao{n}@example.vn", "bench-Mat-khau-1")
    Profile.objects.create(user=user, role=Profile.Role.REPORTER, unit=unit)
    return user


def make_campaign(staff, root, units, title_suffix: str = ""):
    """A KL01 campaign from the built-in template, as staff make it; past its deadline."""
    from django.utils import timezone

    from tonghop.web.campaigns import services as campaigns
    from tonghop.web.campaigns import templates_kl01

    today = timezone.localdate()
    proposal = campaigns.proposal_from_template()
    facts = dict(proposal.initial)
    facts.update(
        title=facts["title"] + title_suffix,
        period_from=dt.date(today.year - 1, 1, 1),
        period_to=dt.date(today.year - 1, 12, 31),
        period_text=f"năm {today.year - 1}",
        deadline=today - dt.timedelta(days=4),
        deadline_text="",
        email="phongllct@example.vn",
    )
    # Made and published a month ago, when its deadline was still ahead (a deadline
    # already past is refused unless the campaign is recorded as a past one).
    then = today - dt.timedelta(days=30)
    campaign = campaigns.create_campaign(
        staff,
        root,
        facts,
        proposal.outline,
        units,
        programmes=proposal.programmes,
        template=templates_kl01.KEY,
        today=then,
    )
    return campaigns.publish(staff, campaign, today=then)


def submitted_at(rng: random.Random, due: dt.date) -> dt.datetime:
    """Most units in the fortnight before the due day, some in the three days after it."""
    from django.utils import timezone

    end_of_due = timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59)))
    if rng.random() < LATE_SHARE:
        return end_of_due + dt.timedelta(minutes=rng.randint(30, 3 * 24 * 60))
    return end_of_due - dt.timedelta(minutes=rng.randint(60, 14 * 24 * 60))


@dataclass
class Template:
    """A report stored by the real upload service, to be copied to other units."""

    unit_name: str
    version: dict
    answers: list[dict]
    figures: list[dict]


VERSION_FIELDS = (
    "file",
    "original_name",
    "size",
    "sha256",
    "file_format",
    "reading",
    "alignment",
    "findings",
    "coverage",
)
ANSWER_FIELDS = ("item__code", "path", "title", "text", "folded", "score")
FIGURE_FIELDS = (
    "order",
    "value",
    "proposed_value",
    "raw",
    "unit",
    "qualifier",
    "sentence",
    "path",
    "footnote",
    "status",
)


def real_reports(campaign, folder: Path, rng: random.Random) -> tuple[list[Template], set[int]]:
    """REAL_REPORTS generated .docx reports through store_upload and submit."""
    from tonghop.synth import generator
    from tonghop.web.submissions import services as submissions
    from tonghop.web.submissions.models import Version

    assignments = list(campaign.assignments.select_related("unit", "campaign").order_by("pk"))
    step = max(1, len(assignments) // REAL_REPORTS)
    chosen = assignments[::step][:REAL_REPORTS]
    templates = []
    for n, a in enumerate(chosen, start=1):
        faults = {generator.FAULTS[n % len(generator.FAULTS)]} if n % 3 == 0 else set()
        report = generator.generate_report(
            9000 + n, unit=a.unit.name, faults=faults, guideline_seed=0
        )
        path = generator.write_report(report.blocks, folder / f"r{n}.docx", "docx", seed=n)
        v = submissions.store_upload(a, path.read_bytes(), f"Báo cáo KL01 - {a.unit.name}.docx")
        submissions.submit(v.submission, v, at=submitted_at(rng, a.due))
        templates.append(
            Template(
                a.unit.name,
                Version.objects.values(*VERSION_FIELDS).get(pk=v.pk),
                list(v.answers.values(*ANSWER_FIELDS)),
                list(v.figures.values(*FIGURE_FIELDS)),
            )
        )
    return templates, {a.pk for a in chosen}


def replicate(campaign, assignments, templates: list[Template], rng: random.Random) -> None:
    """Copies of the stored reports for `assignments`, by bulk_create, a chunk at a time
    (75,000 answers of text would not sit in memory at once)."""
    from django.db import transaction
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from tonghop.text import fold
    from tonghop.web.submissions.models import Answer, ReportedFigure, Submission, Version

    items = {i.code: i.pk for i in campaign.outline.all()}
    folded_names = {t.unit_name: fold(t.unit_name) for t in templates}
    for start in range(0, len(assignments), 250):
        chunk = assignments[start : start + 250]
        with transaction.atomic():
            subs, tpls = [], []
            for k, a in enumerate(chunk, start=start):
                t = templates[k % len(templates)]
                at = submitted_at(rng, a.due)
                subs.append(
                    Submission(
                        assignment_id=a.pk,
                        status=Submission.Status.SUBMITTED,
                        submitted_at=at,
                        on_time=timezone.localdate(at) <= a.due,
                        coverage=t.version["coverage"],
                        findings_count=len(t.version["findings"]),
                    )
                )
                tpls.append(t)
            subs = Submission.objects.bulk_create(subs)
            versions = []
            for s, a, t in zip(subs, chunk, tpls, strict=True):
                fields = dict(t.version)
                fields["original_name"] = f"Báo cáo KL01 - {a.unit.name}.docx"[:255]
                versions.append(Version(submission=s, number=1, **fields))
            versions = Version.objects.bulk_create(versions)
            answers, figures = [], []
            for v, a, t in zip(versions, chunk, tpls, strict=True):
                old, new = t.unit_name, a.unit.name
                old_f, new_f = folded_names[old], fold(new)
                for row in t.answers:
                    answers.append(
                        Answer(
                            version=v,
                            item_id=items[row["item__code"]],
                            path=row["path"],
                            title=row["title"],
                            text=row["text"].replace(old, new),
                            folded=row["folded"].replace(old_f, new_f),
                            score=row["score"],
                        )
                    )
                for row in t.figures:
                    f = dict(row)
                    f["sentence"] = f["sentence"].replace(old, new)
                    figures.append(ReportedFigure(version=v, **f))
            Answer.objects.bulk_create(answers, batch_size=500)
            ReportedFigure.objects.bulk_create(figures, batch_size=1000)
    # Both links in one statement each: the version submitted, uploaded when submitted.
    subs = Submission.objects.filter(assignment__campaign=campaign)
    subs.filter(submitted_version__isnull=True).update(
        submitted_version=Subquery(
            Version.objects.filter(submission=OuterRef("pk")).order_by("-number").values("pk")[:1]
        )
    )
    Version.objects.filter(submission__assignment__campaign=campaign).update(
        uploaded_at=Subquery(
            Submission.objects.filter(pk=OuterRef("submission_id")).values("submitted_at")[:1]
        )
    )


def analyze() -> None:
    """PostgreSQL's autovacuum would have gathered statistics by the time anyone reads a
    dashboard; right after a bulk load it has not yet."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


# ----------------------------------------------------------------------- measuring


@dataclass
class Timing:
    median_ms: float
    p90_ms: float
    queries: int
    sql_ms: float  # all queries of one request, as the database timed them
    slowest_ms: float
    slowest_sql: str
    size: int
    status: int
    note: str = ""
    cpu_ms: float = 0.0  # median CPU time of this (the server's) Python process


def measure(client, url: str, runs: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates compiled, caches filled
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    queries = ctx.captured_queries
    slowest = max(queries, key=lambda q: float(q["time"])) if queries else {"time": 0, "sql": ""}
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return Timing(
        statistics.median(times),
        p90(times),
        len(queries),
        sum(float(q["time"]) for q in queries) * 1000,
        float(slowest["time"]) * 1000,
        slowest["sql"],
        len(r.content),
        r.status_code,
        cpu_ms=statistics.median(cpu),
    )


def explain(sql: str) -> None:
    """The plan PostgreSQL ran the query with (EXPLAIN ANALYZE), indented."""
    from django.db import connection

    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return
    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        for (line,) in c.fetchall():
            print("      " + line)


def pages(campaign) -> list[tuple[str, str, bool]]:
    """(label, url, has a target)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    return [
        ("Bảng theo dõi (dashboard)", reverse("dashboard:campaign", args=[campaign.pk]), True),
        (
            f"Đọc theo mục {ITEM}",
            reverse("dashboard:item", args=[campaign.pk, ITEM]),
            True,
        ),
        ("Ma trận đơn vị × mục", reverse("dashboard:matrix", args=[campaign.pk]), True),
        (
            f"Tìm «{QUERY}»",
            reverse("dashboard:search", args=[campaign.pk]) + "?" + urlencode({"q": QUERY}),
            True,
        ),
        ("Xuất .xlsx", reverse("dashboard:export", args=[campaign.pk]), True),
    ]


def big_report(folder: Path) -> tuple[Path, str]:
    """A generated report of about 30 pages as .docx, and how its length was found."""
    from tonghop.synth import generator

    per_section = 18
    for _ in range(3):
        report = generator.generate_report(
            4242, unit="Đảng ủy phường Phúc Xá 1 (Ba Đình)", paragraphs_per_section=per_section
        )
        path = generator.write_report(report.blocks, folder / "bao_cao_dai.docx", "docx")
        words = sum(len(b.text.split()) for b in report.blocks)
        try:
            pdf = generator.convert_to_pdf([path], folder / "pdf")[0]
        except RuntimeError:
            pages = round(words / WORDS_PER_PAGE)
            return path, (
                f"khoảng {pages} trang (ước tính {vn(words)} từ / {WORDS_PER_PAGE} từ mỗi "
                f"trang; không có LibreOffice để đếm), paragraphs_per_section={per_section}"
            )
        pages = pdf_pages(pdf)
        if pages >= PAGES_WANTED - 1:
            break
        per_section = math.ceil(per_section * PAGES_WANTED / max(pages, 1))
    return path, (
        f"{pages} trang A4 (đếm bằng LibreOffice), {vn(words)} từ, "
        f"{vn(path.stat().st_size / 1024)} KB, paragraphs_per_section={per_section}"
    )


def pdf_pages(pdf: Path) -> int:
    import pymupdf  # a dependency of the project (the PDF reader)

    with pymupdf.open(pdf) as doc:
        return doc.page_count


def upload_bench(staff, root, units, folder: Path, runs: int) -> None:
    """Reporters of units with nothing uploaded yet, in a campaign of their own: each
    upload is the unit's first, as when a report is sent."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tonghop.web.submissions import services as submissions

    path, length = big_report(folder)
    data = path.read_bytes()
    print(f"\nTải lên một báo cáo dài: {length}")
    campaign = make_campaign(staff, root, units[-(runs + 1) :], title_suffix=" (đo tải lên)")
    chosen = list(campaign.assignments.select_related("unit", "campaign").order_by("pk"))
    stores, renders, totals = [], [], []
    rows = queries = 0
    for n, a in enumerate(chosen):
        reporter = make_reporter(a.unit, n)
        client = Client()
        client.force_login(reporter)
        url = reverse("submissions:detail", args=[a.pk])
        if n == 0:  # warm-up: the upload path's imports and templates
            v = submissions.store_upload(a, data, path.name, user=reporter)
            client.get(f"{url}?v={v.number}")
            continue
        t0 = time.perf_counter()
        v = submissions.store_upload(a, data, path.name, user=reporter)
        t1 = time.perf_counter()
        r = client.get(f"{url}?v={v.number}")
        t2 = time.perf_counter()
        stores.append((t1 - t0) * 1000)
        renders.append((t2 - t1) * 1000)
        totals.append((t2 - t0) * 1000)
        rows = r.content.count(b"data-item=")
        if n == len(chosen) - 1:
            with CaptureQueriesContext(connection) as ctx:
                client.get(f"{url}?v={v.number}")
            queries = len(ctx.captured_queries)
    total = statistics.median(totals) / 1000
    verdict = "đạt" if total < TARGET_UPLOAD_S else "CHƯA ĐẠT"
    print(
        f"  store_upload (đọc, đối chiếu, lưu)  trung vị {vn(statistics.median(stores))} ms\n"
        f"  trang báo cáo của đơn vị            trung vị {vn(statistics.median(renders))} ms, "
        f"{queries} truy vấn, danh mục đối chiếu {rows} mục\n"
        f"  tổng (tải lên đến khi thấy danh mục) trung vị {vn(total, 2)} s, "
        f"p90 {vn(p90(totals) / 1000, 2)} s ({len(totals)} lần)   mục tiêu < "
        f"{vn(TARGET_UPLOAD_S)} s   {verdict}"
    )
    items = len(v.alignment.get("items", []))
    print(
        f"  phiên bản cuối: đáp ứng {v.matched_count}/{items} mục, {v.figures.count()} số liệu, "
        f"{v.findings_count} vấn đề"
    )


# ----------------------------------------------------------------------- main


def run(args, stack: contextlib.ExitStack) -> int:
    data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tonghop-bench-web-")))
    os.environ["TONGHOP_DATA"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tonghop.web.settings"
    os.environ["DEBUG"] = "0"  # as served: cached templates, no debug pages
    os.environ["ALLOWED_HOSTS"] = "testserver"
    where, separate = choose_database(args, stack, data_dir)

    import django

    django.setup()
    from django.db import connection, connections

    stack.callback(connections.close_all)  # before the cluster stops
    from django.test import Client

    from tonghop.web.accounts.access import visible_units
    from tonghop.web.dashboard import search as dashboard

    clock = Clock()
    rng = random.Random(5000)
    t_all = time.perf_counter()
    with clock.step("migrate"):
        migrate(separate, stack)
    print(f"Cơ sở dữ liệu: {server_name()} — {where}")
    with clock.step(f"cây {vn(args.units + 1)} đơn vị"):
        root, units = make_tree(args.units)
        staff = make_staff(root)
    with clock.step("đợt báo cáo giao cho tất cả"):
        big = make_campaign(staff, root, units)
    with clock.step(f"{REAL_REPORTS} báo cáo thật (sinh .docx, store_upload, submit)"):
        templates, real = real_reports(big, data_dir / "reports", rng)
    rest = list(big.assignments.exclude(pk__in=real).select_related("unit", "campaign"))
    with clock.step(f"nhân bản {vn(len(rest))} báo cáo (bulk_create)"):
        replicate(big, rest, templates, rng)
    small_units = units[:: max(1, len(units) // SMALL)][:SMALL]
    with clock.step(f"đợt thứ hai, {vn(len(small_units))} đơn vị, nhân bản"):
        small = make_campaign(staff, root, small_units, title_suffix=" (đợt bổ sung)")
        replicate(
            small,
            list(small.assignments.select_related("unit", "campaign")),
            templates,
            rng,
        )
    with clock.step("ANALYZE"):
        analyze()
    from tonghop.web.submissions.models import Answer, ReportedFigure

    late = big.assignments.filter(submission__on_time=False).count()
    print(
        f"Nạp dữ liệu: {vn(time.perf_counter() - t_all, 1)} s — "
        + "; ".join(f"{name} {vn(s, 1)} s" for name, s in clock.steps)
    )
    print(
        f"  {vn(big.assignments.count())} đơn vị được giao, {vn(late)} nộp muộn; "
        f"{vn(Answer.objects.count())} câu trả lời, {vn(ReportedFigure.objects.count())} số liệu "
        "(cả hai đợt)"
    )

    client = Client()
    client.force_login(staff)
    found = dashboard.find(big, QUERY, visible_units(staff))
    together = sum(m.phrase for m in found)
    print(
        f"  tìm «{QUERY}» trong đợt lớn: {vn(len(found))} kết quả, {vn(together)} có cả cụm từ "
        f"({dashboard.HITS_PER_PAGE} kết quả mỗi trang)"
    )

    n_big, n_small = big.assignments.count(), small.assignments.count()
    print(
        f"\nThời gian phía máy chủ (Client của Django, {args.runs} lần mỗi trang, sau 1 lần "
        "khởi động), ms"
    )
    head = f"  {'Trang':<28}"
    for n in (n_big, n_small):
        head += f" | {vn(n) + ' đơn vị':>12}: {'trung vị':>8} {'p90':>7} {'truy vấn':>8}"
    print(head + " | mục tiêu")
    slow = []
    for (label, url_big, target), (_, url_small, _) in zip(pages(big), pages(small), strict=True):
        tb, ts = measure(client, url_big, args.runs), measure(client, url_small, args.runs)
        line = f"  {label:<28}"
        for t in (tb, ts):
            line += f" | {'':>12}  {vn(t.median_ms, 1):>8} {vn(t.p90_ms, 1):>7} {t.queries:>8}"
        if target:
            ok = tb.median_ms < TARGET_PAGE_MS
            line += f" | < {TARGET_PAGE_MS} ms: {'đạt' if ok else 'CHƯA ĐẠT'}"
        else:
            line += " | —"
        if tb.queries != ts.queries:
            line += f"  (số truy vấn khác nhau: {tb.queries} / {ts.queries})"
        for t in (tb, ts):
            if t.status != 200:
                line += f"  [mã trả về {t.status}]"
        print(line)
        slow.append((label, tb))
    print(
        f"\nMột lượt mỗi trang ({vn(n_big)} đơn vị): thời gian CPU của tiến trình (trung vị) và "
        "SQL — ít phụ thuộc vào việc máy đang bận —, kích thước, truy vấn chậm nhất"
    )
    print(f"  (tải của máy lúc đo: {', '.join(vn(x, 2) for x in os.getloadavg())})")
    if connection.vendor == "sqlite":
        print("  (SQLite tính kết quả trong lúc đọc từng dòng: thời gian SQL ở đây thấp hơn)")
    for label, t in slow:
        sql = " ".join(t.slowest_sql.split())
        print(
            f"  {label:<28} CPU Python {vn(t.cpu_ms, 1)} ms + SQL {vn(t.sql_ms, 1)} ms = "
            f"{vn(t.cpu_ms + t.sql_ms, 1)} ms, {vn(t.size / 1024)} KB; "
            f"chậm nhất {vn(t.slowest_ms, 1)} ms: {sql[:300]}"
        )
        if args.explain:
            explain(t.slowest_sql)

    upload_bench(staff, root, units, data_dir / "upload", runs=5)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=5000, help="số đơn vị được giao (5000)")
    ap.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    ap.add_argument("--runs", type=int, default=15, help="số lần đo mỗi trang (15)")
    ap.add_argument(
        "--explain",
        action="store_true",
        help="in kế hoạch (EXPLAIN ANALYZE) của truy vấn chậm nhất mỗi trang (PostgreSQL)",
    )
    args = ap.parse_args()
    if args.units < REAL_REPORTS + 10:
        ap.error(f"--units phải từ {REAL_REPORTS + 10} trở lên")
    # SIGTERM ends like Ctrl+C: through the `finally`s that stop and delete the cluster.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with contextlib.ExitStack() as stack:
            return run(args, stack)
    except ClusterError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng; cơ sở dữ liệu tạm đã được xóa.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
