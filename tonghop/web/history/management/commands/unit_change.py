"""Record a merger or a split of units, so earlier campaigns' values follow them:

tonghop manage unit_change sap-nhap M1 M2 --thanh M --ngay 01/07/2025
tonghop manage unit_change chia-tach Y --thanh Y1 Y2 --ngay 01/07/2025
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tonghop.web.audit.models import Event, record
from tonghop.web.history import services
from tonghop.web.history.models import UnitChange
from tonghop.web.units.models import Unit

KINDS = {"sap-nhap": UnitChange.Kind.MERGE, "chia-tach": UnitChange.Kind.SPLIT}


class Command(BaseCommand):
    help = "Ghi nhận sáp nhập hoặc chia tách đơn vị (mã đơn vị)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("sources", nargs="+", help="mã các đơn vị cũ")
        parser.add_argument("--thanh", nargs="+", required=True, help="mã các đơn vị mới")
        parser.add_argument("--ngay", required=True, help="ngày, dạng dd/mm/yyyy")

    def handle(self, *args, **o):
        try:
            on = dt.datetime.strptime(o["ngay"], "%d/%m/%Y").date()
        except ValueError:
            raise CommandError(f"Ngày “{o['ngay']}” không đúng dạng dd/mm/yyyy.") from None
        found = {u.code: u for u in Unit.objects.filter(code__in=o["sources"] + o["thanh"])}
        missing = [c for c in o["sources"] + o["thanh"] if c not in found]
        if missing:
            raise CommandError(f"Không có đơn vị mã: {', '.join(missing)}.")
        try:
            services.record_change(
                KINDS[o["kind"]],
                [found[c] for c in o["sources"]],
                [found[c] for c in o["thanh"]],
                on,
            )
        except services.HistoryError as exc:
            raise CommandError(str(exc)) from None
        # In the audit log as the page's changes are (no actor: the command line).
        record(
            Event.Action.UNIT,
            unit=found[o["thanh"][0]],
            message=(
                f"{'Sáp nhập' if o['kind'] == 'sap-nhap' else 'Chia tách'} "
                f"{', '.join(found[c].name for c in o['sources'])} thành "
                f"{', '.join(found[c].name for c in o['thanh'])} (ngày {on:%d/%m/%Y}, "
                "ghi từ dòng lệnh)"
            )[:500],
            change="merge" if o["kind"] == "sap-nhap" else "split",
            on=on.isoformat(),
        )
        self.stdout.write(
            f"Đã ghi nhận {'sáp nhập' if o['kind'] == 'sap-nhap' else 'chia tách'}: "
            f"{', '.join(o['sources'])} → {', '.join(o['thanh'])} ({on:%d/%m/%Y})."
        )
