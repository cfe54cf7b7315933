"""Consolidation at scale: the indicator page and the roll-up page at 5,000 units.

Prints, in server time (Django's test Client, the whole middleware stack) and SQL queries,
an indicator's page (values of every unit with their sentences, totals, chart), the
roll-up table (top level, and the second level), the broken rules and the .xlsx export,
each against a second campaign of 500 units too: the number of queries must not grow
with the units; the time the background task takes to store a campaign's totals; then
the first view after a change (stored totals older than the change: the page says they
are being updated while the task adds them up again).
Target: indicator and roll-up pages < 300 ms median at 5,000 units.

    .venv/bin/python bench/consolidation_scale.py [--units 5000] [--database postgres|sqlite]

PostgreSQL by default (DATABASE_URL if set, in a separate database; else a private
throw-away cluster, bench/_pg.py).  Data: the tree and staff builders of bench/web_scale.py,
a KL01 campaign addressed to every unit, the KL01 catalogue started from the template, every
unit's values stored by bulk_create (about one in twenty units gives no value for an indicator,
one value in fifty is "trên ..."), as the value service would leave them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402, F401  (puts the repository on sys.path)
import web_scale as ws  # noqa: E402
from _pg import ClusterError  # noqa: E402

TARGET_PAGE_MS = 300
SMALL = 500
MISSING_SHARE = 0.05
LOWER_BOUND_SHARE = 0.02


def make_campaign(root, units, title: str):
    """A KL01 campaign addressed to `units`, each under its parent as it stands now."""
    import datetime as dt

    from tonghop.web.campaigns import templates_kl01
    from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem

    c = Campaign.objects.create(
        title=title, owner=root, deadline=dt.date.today(), template=templates_kl01.KEY
    )
    OutlineItem.objects.bulk_create(
        OutlineItem(campaign=c, code=code, title=t, level=level, parent_code=parent, order=k)
        for k, (code, t, level, parent) in enumerate(templates_kl01.OUTLINE)
    )
    Assignment.objects.bulk_create(
        (Assignment(campaign=c, unit=u, parent_at_time_id=u.parent_id) for u in units),
        batch_size=2000,
    )
    return c


def fill_values(campaign, rng: random.Random) -> int:
    from tonghop.web.consolidation.models import IndicatorValue

    indicators = list(campaign.indicators.filter(aggregation="sum"))
    rows = []
    for a in campaign.assignments.select_related("unit").order_by("pk"):
        for ind in indicators:
            if rng.random() < MISSING_SHARE:
                continue
            value = Decimal(rng.randint(0, 400))
            qualifier = "trên" if rng.random() < LOWER_BOUND_SHARE else ""
            rows.append(
                IndicatorValue(
                    indicator=ind,
                    assignment=a,
                    value=value,
                    qualifier=qualifier,
                    path=["II", "1"],
                    sentence=f"{a.unit.name} đã có {qualifier} {value} {ind.unit} trong năm.",
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def pages(campaign) -> list[tuple[str, str, bool]]:
    from django.urls import reverse

    sums = campaign.indicators.filter(aggregation="sum").order_by("order")
    ratio = campaign.indicators.filter(aggregation="ratio").first()
    out = [
        ("Trang chỉ tiêu (cộng dồn)", reverse("consolidation:indicator", args=[sums[0].pk]), True),
        (
            "Trang chỉ tiêu, xếp theo giá trị",
            reverse("consolidation:indicator", args=[sums[0].pk]) + "?sort=value&order=desc",
            True,
        ),
    ]
    if ratio is not None:
        out.append(
            ("Trang chỉ tiêu tỷ lệ", reverse("consolidation:indicator", args=[ratio.pk]), True)
        )
    roll = reverse("consolidation:rollup", args=[campaign.pk])
    out += [
        ("Cộng dồn, cấp 1", roll, True),
        ("Cộng dồn, cấp 2", roll + "?cap=2", True),
        ("Kiểm tra số liệu", reverse("consolidation:checks", args=[campaign.pk]), False),
        ("Xuất Excel", reverse("consolidation:export", args=[campaign.pk]), False),
    ]
    return out


def run(args, stack: contextlib.ExitStack) -> int:
    data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tonghop-bench-th-")))
    os.environ["TONGHOP_DATA"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tonghop.web.settings"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    where, separate = ws.choose_database(args, stack, data_dir)

    import django

    django.setup()
    from django.db import connections

    stack.callback(connections.close_all)
    from django.test import Client

    from tonghop.web.consolidation import services

    rng = random.Random(7)
    t0 = time.perf_counter()
    ws.migrate(separate, stack)
    print(f"Cơ sở dữ liệu: {ws.server_name()} — {where}")
    root, units = ws.make_tree(args.units)
    staff = ws.make_staff(root)
    big = make_campaign(root, units, "Đánh giá thực hiện Kết luận số 01-KL/TW")
    small_units = units[:: max(1, len(units) // SMALL)][:SMALL]
    small = make_campaign(root, small_units, "Đánh giá thực hiện Kết luận số 01-KL/TW (bổ sung)")
    counts = []
    for c in (big, small):
        services.start_from_template(c, staff)
        counts.append(fill_values(c, rng))
    ws.analyze()
    n_ind = big.indicators.count()
    print(
        f"Nạp dữ liệu: {ws.vn(time.perf_counter() - t0, 1)} s — {n_ind} chỉ tiêu; "
        f"{ws.vn(counts[0])} giá trị ({ws.vn(big.assignments.count())} đơn vị), "
        f"{ws.vn(counts[1])} giá trị ({ws.vn(small.assignments.count())} đơn vị)"
    )
    # What the background task does after a change (services.store_totals): timed here.
    for c in (big, small):
        t = time.perf_counter()
        stored = services.store_totals(c)
        print(
            f"Cộng dồn lưu sẵn (tác vụ nền) {ws.vn(c.assignments.count())} đơn vị: "
            f"{ws.vn(time.perf_counter() - t, 1)} s — {ws.vn(stored['totals'])} tổng, "
            f"{ws.vn(stored['problems'])} vi phạm quy tắc"
        )
    client = Client()
    client.force_login(staff)
    n_big, n_small = big.assignments.count(), small.assignments.count()
    print(f"\nThời gian phía máy chủ ({args.runs} lần mỗi trang, sau 1 lần khởi động), ms")
    head = f"  {'Trang':<34}"
    for n in (n_big, n_small):
        head += f" | {ws.vn(n) + ' đơn vị':>12}: {'trung vị':>8} {'p90':>7} {'truy vấn':>8}"
    print(head + " | mục tiêu")
    for (label, url_big, target), (_, url_small, _) in zip(pages(big), pages(small), strict=True):
        tb, ts = ws.measure(client, url_big, args.runs), ws.measure(client, url_small, args.runs)
        line = f"  {label:<34}"
        for t in (tb, ts):
            med, p90 = ws.vn(t.median_ms, 1), ws.vn(t.p90_ms, 1)
            line += f" | {'':>12}  {med:>8} {p90:>7} {t.queries:>8}"
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
    # The first view after a change: the stored totals are then older than the change
    # (the page says they are being updated) until the background task has added them
    # up again; measured apart, a change before each run.
    print(f"\nLần xem đầu tiên sau một thay đổi ({ws.vn(n_big)} đơn vị), ms")
    for label, url, _target in pages(big):
        times, stale = [], False
        for _ in range(3):
            services.touch(big)
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            stale = stale or "đang cập nhật" in r.content.decode(errors="ignore")
        note = " (trang báo “đang cập nhật”)" if stale else ""
        print(f"  {label:<34} trung vị {ws.vn(sorted(times)[1], 1):>9}{note}")
    t = time.perf_counter()
    services.store_totals(big)
    print(f"  Tác vụ nền cộng dồn lại sau thay đổi: {ws.vn(time.perf_counter() - t, 1)} s")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=5000, help="số đơn vị được giao (5000)")
    ap.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    ap.add_argument("--runs", type=int, default=15, help="số lần đo mỗi trang (15)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with contextlib.ExitStack() as stack:
            return run(args, stack)
    except ClusterError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
