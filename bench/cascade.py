"""A whole cascade (issue 12, "Measured"): a city's campaign to 100 committees, each
forwarding it to its 50 grassroots units (5,000), their reports, acceptance by each
committee, each committee's report upward made from its units' consolidated draft,
acceptance by the city.  Prints the time of each step, then the server time and query
count of the committee's and the city's pages (dashboard, chain), against a committee
of only a few units (the number of queries must not grow with the units).
Target: dashboards under 300 ms median on PostgreSQL.

    .venv/bin/python bench/cascade.py [--committees 100] [--units 50]
                                      [--database postgres|sqlite] [--runs 15]

PostgreSQL by default (DATABASE_URL, else a private throw-away cluster: bench/_pg.py).
Reports: 20 generated .docx go through the real upload service (`store_upload`,
`submit`); the other units get copies of those stored rows (bulk_create, as
bench/web_scale.py does), so 5,000 readings need not be made one by one.  Everything
else is the application's own services: `cascade.forward`, `accept`, `run_draft`,
`cascade.use_draft`, `submit`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402, F401  (puts the repository on sys.path)
import web_scale as ws  # noqa: E402
from _pg import ClusterError  # noqa: E402

SMALL_PART = 5  # units of the last committee: the query counts are compared with it


def make_tree(committees: int, per: int):
    """The city, its committees, `per` grassroots units under each (the last: SMALL_PART)."""
    from tonghop.web.units.models import Unit

    root = Unit.objects.create(code="TU", name="Thành ủy Hà Nội", kind=Unit.Kind.CITY)
    tops = Unit.objects.bulk_create(
        Unit(
            code=f"K{k + 1:03d}",
            name=f"Đảng ủy Khối {ws.PLACES[k % len(ws.PLACES)]} {k + 1}",
            kind=Unit.Kind.COMMITTEE,
            parent=root,
            email=f"k{k + 1:03d}@example.vn",
        )
        for k in range(committees)
    )
    below = []
    for i, top in enumerate(tops):
        count = SMALL_PART if i == len(tops) - 1 else per
        for n in range(1, count + 1):
            ward = ws.WARDS[n % len(ws.WARDS)]
            below.append(
                Unit(
                    code=f"{top.code}-{n:03d}",
                    name=f"Chi bộ {ward} {n} ({top.code})",
                    kind=Unit.Kind.GRASSROOTS,
                    parent=top,
                    email=f"{top.code.lower()}-{n:03d}@example.vn",
                )
            )
    below = Unit.objects.bulk_create(below, batch_size=1000)
    for u in tops:
        u.tree_path = f"{root.tree_path}{u.pk}/"
    by_pk = {u.pk: u for u in tops}
    for u in below:
        u.tree_path = f"{by_pk[u.parent_id].tree_path}{u.pk}/"
    Unit.objects.bulk_update(tops + below, ["tree_path"], batch_size=1000)
    return root, tops


def make_people(root, tops):
    """The city's staff member and one per committee (no password: logged in directly)."""
    from django.contrib.auth.models import User

    from tonghop.web.accounts.models import Profile

    city = User.objects.create(username="chuyenvien")
    Profile.objects.create(user=city, role=Profile.Role.STAFF, unit=root)
    User.objects.bulk_create(User(username=f"cv_{u.code.lower()}") for u in tops)
    users = list(User.objects.filter(username__startswith="cv_k").order_by("username"))
    Profile.objects.bulk_create(
        Profile(user=user, role=Profile.Role.STAFF, unit=u)
        for user, u in zip(users, tops, strict=True)
    )
    return city, dict(zip([u.pk for u in tops], users, strict=True))


def run(args, stack: contextlib.ExitStack) -> int:
    data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tonghop-cascade-")))
    os.environ["TONGHOP_DATA"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tonghop.web.settings"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    where, separate = ws.choose_database(args, stack, data_dir)

    import django

    django.setup()
    from django.db import connections
    from django.test import Client

    stack.callback(connections.close_all)
    from tonghop.web.campaigns import cascade
    from tonghop.web.consolidation import services as consolidation
    from tonghop.web.submissions import services as submissions
    from tonghop.web.submissions.models import Submission

    clock = ws.Clock()
    rng = random.Random(12)
    t_all = time.perf_counter()
    with clock.step("migrate"):
        ws.migrate(separate, stack)
    print(f"Cơ sở dữ liệu: {ws.server_name()} — {where}")
    with clock.step("cây đơn vị"):
        root, tops = make_tree(args.committees, args.units)
        city, staff = make_people(root, tops)
    with clock.step("đợt báo cáo của thành phố"):
        top = ws.make_campaign(city, root, tops)
    then = top.created_at.date() - dt.timedelta(days=30)  # when make_campaign made it
    parts = []
    with clock.step(f"chuyển tiếp ({vn(len(tops))} đảng ủy)"):
        for a in top.assignments.select_related("unit", "campaign__owner").order_by("unit__code"):
            parts.append(
                cascade.forward(
                    staff[a.unit_id],
                    a,
                    cascade.forwardable_units(a),
                    a.due - dt.timedelta(days=2),
                    "Các chi bộ báo cáo theo đề cương.",
                    today=then,
                )
            )
    grassroots = sum(p.assignments.count() for p in parts)
    with clock.step(f"{ws.REAL_REPORTS} báo cáo thật (store_upload, submit)"):
        templates, real = ws.real_reports(parts[0], data_dir / "reports", rng)
    with clock.step(f"nhân bản báo cáo cho {vn(grassroots - len(real))} đơn vị (bulk_create)"):
        for p in parts:
            rest = list(p.assignments.exclude(pk__in=real).select_related("unit", "campaign"))
            ws.replicate(p, rest, templates, rng)
    with clock.step(f"{vn(grassroots)} lần tiếp nhận (accept)"):
        for p in parts:
            user = staff[p.owner_id]
            for s in Submission.objects.filter(assignment__campaign=p).select_related(
                "assignment__campaign", "assignment__unit", "submitted_version"
            ):
                submissions.accept(s, user)
    with clock.step(f"{vn(len(parts))} dự thảo tổng hợp (run_draft)"):
        runs = [consolidation.run_draft(p, {}, staff[p.owner_id]) for p in parts]
    failed = [r for r in runs if r.status != r.Status.DONE]
    with clock.step(f"{vn(len(parts))} báo cáo gửi lên từ dự thảo (use_draft, submit)"):
        for p, r in zip(parts, runs, strict=True):
            if r.status != r.Status.DONE:
                continue
            v = cascade.use_draft(p, r, staff[p.owner_id])
            submissions.submit(v.submission, v, staff[p.owner_id], at=None)
    with clock.step("thành phố tiếp nhận"):
        for s in Submission.objects.filter(assignment__campaign=top, status="submitted"):
            submissions.accept(s, city)
    with clock.step("ANALYZE"):
        ws.analyze()
    total = time.perf_counter() - t_all
    print(f"Cả chuỗi: {vn(total, 1)} s")
    for name, s in clock.steps:
        print(f"  {name:<58} {vn(s, 1):>8} s")
    if failed:
        print(f"  {len(failed)} dự thảo không lập được: {failed[0].error[:200]}")
    progress = cascade.progress(top)
    done = sum(1 for p in progress.values() if p.all_accepted)
    print(f"  {done}/{len(progress)} đảng ủy đã tiếp nhận đủ báo cáo của đơn vị trực thuộc")
    accepted = Submission.objects.filter(assignment__campaign=top, status="accepted").count()
    print(f"  thành phố đã tiếp nhận {accepted}/{top.assignments.count()} báo cáo của đảng ủy")

    big, small = parts[0], parts[-1]
    pages = [
        ("Theo dõi (đảng ủy)", staff[big.owner_id], "/theo-doi/{}/", big, small, True),
        ("Các cấp (đảng ủy)", staff[big.owner_id], "/dot-bao-cao/{}/cac-cap/", big, small, False),
        ("Theo dõi (thành phố)", city, "/theo-doi/{}/", top, None, True),
        ("Các cấp (thành phố)", city, "/dot-bao-cao/{}/cac-cap/", top, None, False),
    ]
    print(f"\nThời gian phía máy chủ ({args.runs} lần mỗi trang), ms")
    print(f"  {'Trang':<24} | {'đơn vị':>7} {'trung vị':>9} {'p90':>7} {'truy vấn':>8}"
          f" | {'đơn vị':>6} {'truy vấn':>8} | mục tiêu")  # fmt: skip
    for label, user, url, campaign, other, target in pages:
        client = Client()
        client.force_login(user)
        t = ws.measure(client, url.format(campaign.pk), args.runs)
        line = (
            f"  {label:<24} | {campaign.assignments.count():>7} {vn(t.median_ms, 1):>9} "
            f"{vn(t.p90_ms, 1):>7} {t.queries:>8}"
        )
        if other is not None:
            if label.endswith("(đảng ủy)"):
                client.force_login(staff[other.owner_id])
            o = ws.measure(client, url.format(other.pk), 3)
            line += f" | {other.assignments.count():>6} {o.queries:>8}"
            if o.queries != t.queries:
                line += " (số truy vấn khác nhau)"
        else:
            line += f" | {'':>6} {'':>8}"
        if target:
            ok = t.median_ms < ws.TARGET_PAGE_MS
            line += f" | < {ws.TARGET_PAGE_MS} ms: {'đạt' if ok else 'CHƯA ĐẠT'}"
        if t.status != 200:
            line += f" [mã trả về {t.status}]"
        print(line)
    return 0


def vn(x: float, places: int = 0) -> str:
    return ws.vn(x, places)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--committees", type=int, default=100, help="số đảng ủy (100)")
    ap.add_argument("--units", type=int, default=50, help="số đơn vị mỗi đảng ủy (50)")
    ap.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    ap.add_argument("--runs", type=int, default=15, help="số lần đo mỗi trang (15)")
    ap.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.committees < 2 or args.units < ws.REAL_REPORTS:
        ap.error(f"cần ít nhất 2 đảng ủy và {ws.REAL_REPORTS} đơn vị mỗi đảng ủy")
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
