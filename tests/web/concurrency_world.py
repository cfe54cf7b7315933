"""Run in its own process by test_concurrency.py: migrate a fresh SQLite database (in
TONGHOP_DATA) and fill it with a campaign whose units have each submitted a report, two
department staff and a reporter per unit.  Prints the ids as JSON."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.web.factories import campaign, person, unit  # noqa: E402
from tests.web.factories_submissions import docx_bytes, report_blocks  # noqa: E402
from tonghop.web.submissions import services  # noqa: E402


def main(count: int) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    city = unit("TU", "Thành ủy Hà Nội")
    person("chuyenvien1", "staff", city, "Nguyễn Văn Một")
    person("chuyenvien2", "staff", city, "Trần Thị Hai")
    units = [unit(f"Q{i}", f"Quận ủy số {i}", parent=city) for i in range(count)]
    c = campaign(city, units)
    out = {"campaign": c.pk, "submitted": [], "open": []}
    data = docx_bytes(report_blocks())
    for i, u in enumerate(units):
        reporter = person(f"baocao{i}", "reporter", u)
        a = c.assignments.get(unit=u)
        if i < count // 2:  # half submitted, to be reviewed; half left to upload
            v = services.store_upload(a, data, "bao-cao.docx", reporter)
            services.submit(a.submission, v, reporter)
            out["submitted"].append(a.pk)
        else:
            out["open"].append([a.pk, reporter.username])
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]))
