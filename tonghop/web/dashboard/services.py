"""Reading a campaign as a whole: who submitted and when, how much of the outline
each report covers, the answers to one outline item side by side, and search.

Plain functions over querysets; the views only check permissions and render.
Every function takes `units`, the units the reader may see (from
`access.visible_units`), so no caller can forget to narrow a reporter's view.
The number of SQL queries never depends on the number of units: rows come in
one query, answers and figures in one more each, matched up in Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tonghop.model import SUPERSCRIPT_DIGITS
from tonghop.text import MARKER_RE, fold
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem
from tonghop.web.dashboard import fts
from tonghop.web.submissions.models import Answer, ReportedFigure, Submission, Version
from tonghop.web.units.models import Unit

# Status of a unit for a campaign.  "pending" = not submitted, not yet due.
ONTIME, LATE, MISSING, PENDING = "ontime", "late", "missing", "pending"
STATUS_LABELS = {
    ONTIME: "Đúng hạn",
    LATE: "Nộp muộn",
    MISSING: "Chưa nộp",
    PENDING: "Chưa đến hạn",
}
# Badge classes of tonghop.css.
STATUS_BADGES = {ONTIME: "ontime", LATE: "late", MISSING: "missing", PENDING: ""}
# The order "sort by status" follows: what needs attention first.
STATUS_ORDER = {MISSING: 0, LATE: 1, PENDING: 2, ONTIME: 3}
REVIEW_LABELS = {
    Submission.Status.ACCEPTED: "Đã tiếp nhận",
    Submission.Status.RETURNED: "Trả lại",
}
REVIEW_BADGES = {Submission.Status.ACCEPTED: "ok", Submission.Status.RETURNED: "returned"}

SORT_KEYS = {
    "unit": "Đơn vị",
    "status": "Trạng thái",
    "time": "Thời điểm nộp",
    "coverage": "Đáp ứng đề cương",
    "findings": "Số vấn đề",
}


def local_date(moment: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    return moment.astimezone(tz or timezone.get_current_timezone()).date()


def today() -> dt.date:
    return timezone.localdate()


def status_of(
    due: dt.date, submitted_at: dt.datetime | None, on: dt.date, tz: dt.tzinfo | None = None
) -> str:
    """On time means submitted on or before the due day, as a day in Hà Nội's time
    (a report sent at 23:30 on the last day is on time, at 00:10 the next is late)."""
    if submitted_at is not None:
        return ONTIME if Submission.is_on_time(submitted_at, due, tz) else LATE
    return MISSING if on > due else PENDING


_KIND_LABELS = dict(Unit.Kind.choices)


@dataclass(slots=True)
class UnitInfo:
    """What the dashboard shows of a unit: plain values, thousands are cheap."""

    pk: int
    code: str
    name: str
    short_name: str
    kind: str
    folded: str = ""  # the name without accents, lower case: for sorting and filtering

    @property
    def kind_label(self) -> str:
        return _KIND_LABELS.get(self.kind, self.kind)

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class Row:
    """One addressed unit on the dashboard."""

    assignment_id: int
    unit: UnitInfo
    due: dt.date
    status: str
    review: str  # "accepted", "returned" or ""
    submitted_at: dt.datetime | None
    coverage: float | None  # 0..1
    findings: int | None
    has_upload: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS.get(self.review, "")

    @property
    def review_badge(self) -> str:
        return REVIEW_BADGES.get(self.review, "")

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@functools.lru_cache(maxsize=50_000)
def folded_name(name: str) -> str:
    """A unit's name without accents, lower case, spaces squeezed: for sorting and
    filtering; kept between requests (names rarely change, thousands are read each
    time a page of a large campaign is drawn)."""
    return " ".join(fold(name).split())


def unit_order(row: Row) -> tuple[str, str]:
    """Units by name, accents aside (ids in the tree path would sort "10" before "3")."""
    return row.unit.folded, row.unit.code


def campaign_rows(
    campaign: Campaign, units: QuerySet[Unit], on: dt.date | None = None
) -> list[Row]:
    """Every addressed unit the reader may see, by name.  One query returning plain
    values: with 5,000 units, building model instances would cost most of the page."""
    on = on or today()
    tz = timezone.get_current_timezone()
    values = (
        Assignment.objects.filter(campaign=campaign, unit__in=units)
        .order_by()
        .values_list(
            "pk",
            "deadline",
            "unit_id",
            "unit__code",
            "unit__name",
            "unit__short_name",
            "unit__kind",
            "submission__pk",
            "submission__status",
            "submission__submitted_at",
            "submission__coverage",
            "submission__findings_count",
        )
    )
    rows = []
    for pk, deadline, unit_id, code, name, short, kind, sub, status, at, cov, found in values:
        due = deadline or campaign.deadline  # as Assignment.due
        rows.append(
            Row(
                assignment_id=pk,
                unit=UnitInfo(unit_id, code, name, short, kind, folded_name(name)),
                due=due,
                status=status_of(due, at, on, tz),
                review=status if status in REVIEW_LABELS else "",
                submitted_at=at,
                coverage=cov,
                findings=found if sub else None,
                has_upload=sub is not None,
            )
        )
    rows.sort(key=unit_order)
    return rows


def summary(rows) -> dict[str, int]:
    """The counts every page shows (tiles, chart, the campaign list): the one place
    they are computed, from each unit's status (`status_of`: the on-time rule of
    Submission.is_on_time against the unit's own due day).  Submitted means sent,
    whatever the review since: a report sent back is still counted as sent, on
    time or late, and shown as sent back."""
    counts = {"addressed": len(rows), ONTIME: 0, LATE: 0, MISSING: 0, PENDING: 0}
    for r in rows:
        counts[r.status] += 1
    counts["submitted"] = counts[ONTIME] + counts[LATE]
    counts["accepted"] = sum(r.review == Submission.Status.ACCEPTED for r in rows)
    counts["returned"] = sum(r.review == Submission.Status.RETURNED for r in rows)
    return counts


@dataclass(slots=True)
class _Status:
    status: str
    review: str


def campaign_counts(
    campaigns: list[Campaign], units: QuerySet[Unit], on: dt.date | None = None
) -> dict[int, dict[str, int]]:
    """`summary` of each campaign over the units given, for the campaign list: one
    query for them all, each unit's status decided as on the dashboard."""
    on = on or today()
    tz = timezone.get_current_timezone()
    deadlines = {c.pk: c.deadline for c in campaigns}
    statuses: dict[int, list[_Status]] = {c.pk: [] for c in campaigns}
    for campaign_id, deadline, at, status in (
        Assignment.objects.filter(campaign__in=list(deadlines), unit__in=units)
        .order_by()
        .values_list("campaign_id", "deadline", "submission__submitted_at", "submission__status")
    ):
        due = deadline or deadlines[campaign_id]  # as Assignment.due
        statuses[campaign_id].append(
            _Status(status_of(due, at, on, tz), status if status in REVIEW_LABELS else "")
        )
    return {pk: summary(rows) for pk, rows in statuses.items()}


def filter_rows(rows: list[Row], status: str = "", kind: str = "", q: str = "") -> list[Row]:
    folded = " ".join(fold(q).split())
    out = []
    for r in rows:
        if status and r.status != status:
            continue
        if kind and r.unit.kind != kind:
            continue
        if folded and not (
            folded in r.unit.folded
            or folded in fold(r.unit.short_name)
            or folded in fold(r.unit.code)
        ):
            continue
        out.append(r)
    return out


def sort_rows(rows: list[Row], key: str = "unit", descending: bool = False) -> list[Row]:
    """Rows without a value (no submission yet) stay at the end either way."""
    if key == "unit":
        return sorted(rows, key=unit_order, reverse=descending)
    if key == "status":
        return sorted(
            rows, key=lambda r: (STATUS_ORDER[r.status], unit_order(r)), reverse=descending
        )
    value = {
        "time": lambda r: r.submitted_at,
        "coverage": lambda r: r.coverage,
        "findings": lambda r: r.findings,
    }[key]
    present = [r for r in rows if value(r) is not None]
    absent = [r for r in rows if value(r) is None]
    present.sort(key=unit_order)
    present.sort(key=value, reverse=descending)  # stable: ties stay in name order
    return present + absent


# ---------------------------------------------------------------- the chart


@dataclass
class ChartDay:
    day: dt.date
    new: int  # units that sent their report that day
    total: int  # units that have sent theirs by the end of the day
    late: int = 0  # of `new`, those past their own (tier) due day

    @property
    def on_time(self) -> int:
        return self.new - self.late


def submissions_by_day(rows: list[Row], deadline: dt.date) -> list[ChartDay]:
    """Cumulative count of submitted units per day, from the day before the first
    submission (or the week before the deadline) to after the deadline.  Late is
    each row's own status: a district sending on the 12th against its tier's 10th
    is late even when the campaign's deadline is the 15th."""
    sent = [(local_date(r.submitted_at), r.status == LATE) for r in rows if r.submitted_at]
    days = sorted(d for d, _late in sent)
    first = min([deadline - dt.timedelta(days=7), *days[:1]]) - dt.timedelta(days=1)
    last = max([deadline + dt.timedelta(days=1), *days[-1:]])
    per_day: dict[dt.date, int] = defaultdict(int)
    late_per_day: dict[dt.date, int] = defaultdict(int)
    for d, late in sent:
        per_day[d] += 1
        late_per_day[d] += late
    out, total, d = [], 0, first
    while d <= last:
        total += per_day[d]
        out.append(ChartDay(d, per_day[d], total, late_per_day[d]))
        d += dt.timedelta(days=1)
    return out


def chart_svg(series: list[ChartDay], deadline: dt.date, addressed: int) -> SafeString:
    """Inline SVG: daily submissions as bars, the cumulative count as a line,
    the deadline and the number of addressed units as dashed rules.  Numbers are
    ours; the only text, dates and counts, is escaped all the same."""
    w, h, left, right, top, bottom = 760, 240, 44, 16, 16, 34
    pw, ph = w - left - right, h - top - bottom
    n = len(series)
    ymax = max(addressed, series[-1].total if series else 0, 1)
    step = pw / max(n, 1)
    grey, red, green, line = "#5b6575", "#b3261e", "#1a7f37", "#a3161a"

    def x(i: float) -> str:
        return f"{left + step * (i + 0.5):.1f}"

    def y(v: float) -> str:
        return f"{top + ph - ph * v / ymax:.1f}"

    def text(xx: str, yy: str, content: str, anchor: str = "middle", fill: str = grey) -> str:
        return (
            f'<text x="{xx}" y="{yy}" font-size="11" text-anchor="{anchor}" fill="{fill}">'
            f"{escape(content)}</text>"
        )

    def day(d: dt.date) -> str:
        return d.strftime("%d/%m/%Y")

    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-label="Số đơn vị đã nộp theo ngày">',
        f'<line x1="{left}" y1="{y(0)}" x2="{w - right}" y2="{y(0)}" stroke="{grey}"/>',
    ]
    for v in sorted({0, ymax // 2, ymax}):
        parts.append(
            text(
                str(left - 6),
                f"{float(y(v)) + 4:.1f}",
                number_format(v, force_grouping=True),
                "end",
            )
        )
    # Addressed units: the line the cumulative count climbs towards.
    parts.append(
        f'<line x1="{left}" y1="{y(addressed)}" x2="{w - right}" y2="{y(addressed)}" '
        f'stroke="{grey}" stroke-dasharray="2 3"/>'
    )
    bar = max(min(step * 0.6, 14), 1.5)
    for i, d in enumerate(series):
        # On time below (green), late above (red): each unit against its own due day.
        for part, base, colour, kind, word in (
            (d.on_time, 0, green, "ontime", "đúng hạn"),
            (d.late, d.on_time, red, "late", "muộn"),
        ):
            if part:
                parts.append(
                    f'<rect class="bar {kind}" data-day="{d.day.isoformat()}" '
                    f'data-count="{part}" x="{float(x(i)) - bar / 2:.1f}" '
                    f'y="{y(base + part)}" width="{bar:.1f}" '
                    f'height="{float(y(base)) - float(y(base + part)):.1f}" '
                    f'fill="{colour}" opacity="0.45">'
                    f"<title>{escape(day(d.day))}: {part} đơn vị nộp {word}</title></rect>"
                )
    points = " ".join(f"{x(i)},{y(d.total)}" for i, d in enumerate(series))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{line}" stroke-width="2"/>')
    for i, d in enumerate(series):
        if d.new:
            parts.append(
                f'<circle cx="{x(i)}" cy="{y(d.total)}" r="3" fill="{line}">'
                f"<title>{escape(day(d.day))}: {d.total} đơn vị đã nộp</title></circle>"
            )
    # The deadline: a rule at the end of its day.
    idx = next((i for i, d in enumerate(series) if d.day == deadline), None)
    if idx is not None:
        xd = float(x(idx)) + step / 2
        parts.append(
            f'<line x1="{xd:.1f}" y1="{top}" x2="{xd:.1f}" y2="{y(0)}" stroke="{red}" '
            'stroke-dasharray="5 4"/>'
        )
        parts.append(text(f"{xd - 4:.1f}", str(top + 10), f"Hạn nộp {day(deadline)}", "end", red))
    # Dates under the axis: a few, the last always.
    every = max(1, n // 8)
    for i, d in enumerate(series):
        if (i % every == 0 and n - 1 - i >= every / 2) or i == n - 1:
            parts.append(text(x(i), str(h - bottom + 16), d.day.strftime("%d/%m")))
    parts.append("</svg>")
    return mark_safe("".join(parts))


# ------------------------------------------- the version read for each unit


def read_versions(campaign: Campaign, units: QuerySet[Unit], to_version: str = "") -> Q:
    """A filter keeping, for each unit, the version read: the submitted one, else the
    latest upload.  `to_version` is the lookup path from the filtered model to
    Version ("version__" for Answer, ReportedFigure).  Written as conditions on
    joined rows, not `version_id IN (subquery)`: PostgreSQL misjudges how many
    answers match a text search and would compare every answer with every
    version of the campaign."""
    v = to_version
    latest = Version.objects.filter(submission=OuterRef(f"{v}submission")).order_by("-number")
    return Q(
        **{
            f"{v}submission__assignment__campaign": campaign,
            f"{v}submission__assignment__unit__in": units,
        }
    ) & (
        Q(**{f"{v}submission__submitted_version": F(v + "pk" if v else "pk")})
        | Q(
            **{
                f"{v}submission__submitted_version__isnull": True,
                f"{v}number": Subquery(latest.values("number")[:1]),
            }
        )
    )


def read_version_ids(campaign: Campaign, units: QuerySet[Unit]) -> QuerySet:
    """The id of the version read for each unit (the submitted one, else the latest
    upload), as a subquery: one row per unit, so the answers of thousands of units
    are found through their version's index instead of joining every answer to its
    version, submission and assignment to test it."""
    latest = Version.objects.filter(submission=OuterRef("pk")).order_by("-number").values("pk")
    return (
        Submission.objects.filter(assignment__campaign=campaign, assignment__unit__in=units)
        .annotate(read=Coalesce("submitted_version", Subquery(latest[:1])))
        .values("read")
    )


def answered_items(
    campaign: Campaign,
    units: QuerySet[Unit],
    item: OutlineItem | None = None,
    assignments: list[int] | None = None,
) -> dict[int, set[int]]:
    """Assignment id -> ids of the outline items its report read answers; one query,
    no text loaded.  The upload service stores an empty Answer row (no title, no
    text) for an item the report lacks.  `assignments`: only these (a page)."""
    answers = _answered(campaign, units)
    if item is not None:
        answers = answers.filter(item=item)
    if assignments is not None:
        answers = answers.filter(version__submission__assignment_id__in=assignments)
    out: dict[int, set[int]] = defaultdict(set)
    for assignment_id, item_id in answers.values_list(
        "version__submission__assignment_id", "item_id"
    ):
        out[assignment_id].add(item_id)
    return out


def _answered(campaign: Campaign, units: QuerySet[Unit]) -> QuerySet[Answer]:
    return Answer.objects.filter(version_id__in=read_version_ids(campaign, units)).filter(
        ~Q(title="") | ~Q(text="")
    )


# A version's whole reading, alignment and findings: large JSON, never needed here.
_VERSION_BULK = ("version__reading", "version__alignment", "version__findings")


# ---------------------------------------------------------------- the matrix


@dataclass
class MatrixRow:
    row: Row
    # per outline item: answered (True), not answered (False), no report read (None)
    cells: list[tuple[OutlineItem, bool | None]]

    @property
    def cells_html(self) -> SafeString:
        """The row's cells, written here rather than by a template loop: a page of
        200 units by 15 items is 3,000 cells, most of a template's time."""
        return mark_safe("".join(_CELL[state].format(code=_code(i)) for i, state in self.cells))


_CELL = {
    None: '<td class="none" title="{code}: chưa có báo cáo">·</td>',
    True: '<td class="yes" title="{code}: có nội dung">✓</td>',
    False: '<td class="no" title="{code}: chưa có nội dung">✗</td>',
}


def _code(item: OutlineItem) -> str:
    return escape(f"Mục {item.code}")


@dataclass
class Matrix:
    items: list[OutlineItem]
    page: Page  # of MatrixRow
    per_item: list[int]  # units answering each item, over every row, not the page only
    total: int


def matrix_page(
    campaign: Campaign,
    units: QuerySet[Unit],
    on: dt.date | None = None,
    page: int | str | None = 1,
    per_page: int = 200,
) -> Matrix:
    """Units x outline items, a page of units; how many units answer each item is
    counted by the database (one grouped query), the cells read for the page only:
    with 5,000 units, 75,000 answers need not come back to be counted."""
    items = list(campaign.outline.order_by("order"))
    rows = campaign_rows(campaign, units, on)
    counts = dict(
        _answered(campaign, units).order_by().values_list("item_id").annotate(n=Count("pk"))
    )
    pg = Paginator(rows, per_page).get_page(page)
    pg.object_list = _matrix_rows(campaign, units, items, list(pg.object_list))
    return Matrix(items, pg, [counts.get(i.pk, 0) for i in items], len(rows))


def _matrix_rows(
    campaign: Campaign, units: QuerySet[Unit], items: list[OutlineItem], rows: list[Row]
) -> list[MatrixRow]:
    ids = [r.assignment_id for r in rows]
    done = answered_items(campaign, units, assignments=ids)
    read = set(
        Version.objects.filter(
            read_versions(campaign, units), submission__assignment_id__in=ids
        ).values_list("submission__assignment_id", flat=True)
    )
    out = []
    for r in rows:
        aid = r.assignment_id
        states = [i.pk in done[aid] for i in items] if aid in read else [None] * len(items)
        out.append(MatrixRow(r, list(zip(items, states, strict=True))))
    return out


def matrix(
    campaign: Campaign, units: QuerySet[Unit], on: dt.date | None = None
) -> tuple[list[OutlineItem], list[MatrixRow], list[int]]:
    """Every row of the matrix (tests, exports); the page: `matrix_page`."""
    m = matrix_page(campaign, units, on, per_page=10**9)
    return m.items, list(m.page.object_list), m.per_item


# ------------------------------------------------------ side-by-side reading

READINGS_PER_PAGE = 50


PARAGRAPHS_SHOWN = 6  # of a long answer; the rest folded under "Xem thêm"


@dataclass
class Footnote:
    n: int
    text: str


@dataclass
class Reading:
    """One unit's answer to one outline item, with the figures standing in it and
    the footnotes its text refers to."""

    row: Row
    answer: Answer
    paragraphs: list[str] = field(default_factory=list)
    figures: list[ReportedFigure] = field(default_factory=list)
    version_number: int | None = None
    footnotes: list[Footnote] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        """Read from an upload the unit has not sent: it may still change."""
        return not self.row.submitted

    @property
    def shown(self) -> list[str]:
        return self.paragraphs[:PARAGRAPHS_SHOWN]

    @property
    def folded(self) -> list[str]:
        return self.paragraphs[PARAGRAPHS_SHOWN:]


@dataclass
class SideBySide:
    page: Page  # of Reading: the units whose report answers the item, by name
    missing: list[Row]  # the units with nothing for it
    total: int
    drafts: int = 0  # answers read from uploads not yet sent (shown, or left out)
    drafts_left_out: bool = False


def side_by_side(
    campaign: Campaign,
    item: OutlineItem,
    units: QuerySet[Unit],
    on: dt.date | None = None,
    page: int | str | None = 1,
    per_page: int = READINGS_PER_PAGE,
    sent_only: bool = False,
) -> SideBySide:
    """Every addressed unit's answer to `item`, a page of them with their text,
    figures and footnotes.  An answer read from an upload not yet sent is marked as
    such, or left out (`sent_only`).  Five queries whatever the number of units."""
    rows = campaign_rows(campaign, units, on)
    done = answered_items(campaign, units, item)
    answering = [r for r in rows if r.assignment_id in done]
    missing = [r for r in rows if r.assignment_id not in done]
    drafts = sum(not r.submitted for r in answering)
    if sent_only:
        answering = [r for r in answering if r.submitted]
    pg = Paginator(answering, per_page).get_page(page)
    ids = [r.assignment_id for r in pg.object_list]
    answers = {}
    if ids:
        for ans in (
            Answer.objects.filter(
                read_versions(campaign, units, "version__"),
                version__submission__assignment_id__in=ids,
                item=item,
            )
            .select_related("version__submission")
            .defer(*_VERSION_BULK)
        ):
            answers[ans.version.submission.assignment_id] = ans
    figures = _figures_under(list(answers.values()))
    notes = _footnotes_of(list(answers.values()))
    readings = []
    for r in pg.object_list:
        ans = answers.get(r.assignment_id)
        if ans is None:  # a new upload between the two queries: read it next time
            continue
        readings.append(
            Reading(
                r,
                ans,
                paragraphs=[p for p in ans.text.split("\n") if p.strip()],
                figures=figures.get(ans.version_id, []),
                version_number=ans.version.number,
                footnotes=notes.get(ans.pk, []),
            )
        )
    pg.object_list = readings
    return SideBySide(pg, missing, len(rows), drafts, sent_only)


def _footnotes_of(answers: list[Answer]) -> dict[int, list[Footnote]]:
    """Answer id -> the footnotes its text marks (¹, ²…) or whose marker stands in
    its section.  Only the footnotes are taken from each version's stored reading
    (a JSON key read by the database, not the whole reading): one query."""
    if not answers:
        return {}
    per_version = dict(
        Version.objects.filter(pk__in={a.version_id for a in answers}).values_list(
            "pk", "reading__footnotes"
        )
    )
    out: dict[int, list[Footnote]] = {}
    for a in answers:
        marked = {
            int(m.translate(_SUPERSCRIPT_TO_DIGITS))
            for m in MARKER_RE.findall(_EXPONENT.sub("", f"{a.title}\n{a.text}"))
            if m.translate(_SUPERSCRIPT_TO_DIGITS).isdigit()
        }
        path = list(a.path or [])
        found = []
        for fn in per_version.get(a.version_id) or []:
            where = fn.get("marker_path")
            inside = path and where is not None and list(where)[: len(path)] == path
            if fn.get("n") in marked or inside:
                found.append(Footnote(fn.get("n"), fn.get("text") or ""))
        if found:
            out[a.pk] = sorted(found, key=lambda f: f.n or 0)
    return out


_SUPERSCRIPT_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
# "120 m²": the exponent of a measure, not footnote 2 (as tonghop.text.strip_markers).
_EXPONENT = re.compile(
    r"(?<=[0-9][kcdm]m)[²³]|(?<=[0-9] [kcdm]m)[²³]|(?<=[0-9] m)[²³]|(?<=[0-9]m)[²³]"
)


def _figures_under(answers: list[Answer]) -> dict[int, list[ReportedFigure]]:
    """Figures of each answer's version whose section path starts with the answer's.
    The SQL filter asks for the distinct answer paths (few: units number alike);
    the exact per-version prefix test is done here."""
    wanted = {a.version_id: a.path for a in answers if a.path}
    if not wanted:
        return {}
    where = Q()
    for p in {tuple(p) for p in wanted.values()}:
        where |= Q(**{f"path__{k}": part for k, part in enumerate(p)})
    out: dict[int, list[ReportedFigure]] = defaultdict(list)
    for f in ReportedFigure.objects.filter(where, version_id__in=list(wanted)).order_by(
        "version_id", "order"
    ):
        prefix = wanted[f.version_id]
        if f.path[: len(prefix)] == prefix:
            out[f.version_id].append(f)
    return out


# ----------------------------------------------------------------- search

SNIPPET = 110  # characters of context each side of a hit
# Characters that fold to nothing: combining accents, footnote markers.
_UNEVEN = re.compile(f"[\u0300-\u036f{SUPERSCRIPT_DIGITS}]")
HITS_PER_PAGE = 30
# A word as both indexes cut them: a run of letters and digits ("_" parts words too).
_WORD = re.compile(r"[^\W_]+")
_QUOTES = '"“”„«»'
_QUOTED = re.compile(f"[{_QUOTES}]([^{_QUOTES}]*)(?:[{_QUOTES}]|$)")
_BEFORE = r"(?<![^\W_])"  # not inside a word
_AFTER = r"(?![^\W_])"
_BETWEEN = r"[\W_]+"


def query_words(q: str) -> list[str]:
    return _WORD.findall(fold(q))


@dataclass(frozen=True)
class Query:
    """What was typed: phrases in quotes, whose words must stand together in that
    order (punctuation between them aside), and the other words, each somewhere in
    the section.  The last word typed outside quotes may be the start of a word, as
    people type ("tuyen gi" finds "tuyên giáo")."""

    phrases: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.words

    @property
    def ranked(self) -> bool:
        """Words typed without quotes: the sections where they stand together come first."""
        return not self.phrases and len(self.words) > 1


def parse_query(q: str) -> Query:
    phrases: list[tuple[str, ...]] = []

    def take(m: re.Match) -> str:
        words = tuple(query_words(m.group(1)))
        if words:
            phrases.append(words)
        return " "

    rest = _QUOTED.sub(take, q)
    return Query(tuple(dict.fromkeys(phrases)), tuple(query_words(rest)))


def _required(q: Query) -> list[tuple[str, bool]]:
    """The single words every hit holds: (word, may be the start of a word)."""
    out: dict[str, bool] = {}
    for k, w in enumerate(q.words):
        prefix = k == len(q.words) - 1
        out[w] = out.get(w, prefix) and prefix  # "tu soi tu": "tu" as a whole word
    return list(out.items())


def _fts5(q: Query, together: bool) -> str:
    """An FTS5 MATCH expression; every word in double quotes (no operator inside)."""
    parts = ['"' + " ".join(p) + '"' for p in q.phrases]
    if together:
        parts.append('"' + " ".join(q.words) + '"*')
    else:
        parts += [f'"{w}"' + ("*" if prefix else "") for w, prefix in _required(q)]
    return " AND ".join(parts)


def _tsquery(q: Query, together: bool) -> str:
    """A PostgreSQL tsquery; every word in single quotes (words hold no quote)."""

    def lexeme(w: str, prefix: bool = False) -> str:
        return f"'{w}'" + (":*" if prefix else "")

    parts = ["(" + " <-> ".join(map(lexeme, p)) + ")" for p in q.phrases]
    if together:
        last = len(q.words) - 1
        parts.append("(" + " <-> ".join(lexeme(w, k == last) for k, w in enumerate(q.words)) + ")")
    else:
        parts += [lexeme(w, prefix) for w, prefix in _required(q)]
    return " & ".join(parts)


def _matching(answers: QuerySet[Answer], q: Query, together: bool = False) -> QuerySet[Answer]:
    """Answers holding what was asked, found in the full-text index (dashboard/fts.py)."""
    if connection.vendor == "postgresql":
        return answers.filter(
            RawSQL(
                f'"{fts.ANSWERS}"."{fts.PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)',
                [_tsquery(q, together)],
                output_field=BooleanField(),
            )
        )
    if connection.vendor == "sqlite":
        table = fts.FTS_TABLE
        return answers.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [_fts5(q, together)])
        )
    # Another database: the folded text, read row by row.
    for w, _prefix in _required(q):
        answers = answers.filter(folded__contains=w)
    for p in q.phrases:
        for w in p:
            answers = answers.filter(folded__contains=w)
    return answers


def _together(q: Query) -> RawSQL:
    """A boolean column: the answer holds the words typed standing together."""
    if connection.vendor == "postgresql":
        return RawSQL(
            f'"{fts.ANSWERS}"."{fts.PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)',
            [_tsquery(q, True)],
            output_field=BooleanField(),
        )
    if connection.vendor == "sqlite":
        table = fts.FTS_TABLE
        return RawSQL(
            f'"{fts.ANSWERS}"."id" IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)',
            [_fts5(q, True)],
            output_field=BooleanField(),
        )
    return Value(True)  # another database: no ranking


@dataclass(slots=True)
class Match:
    """An answer found, before its text is read: enough to order, count and page."""

    answer_id: int
    version_id: int
    path: tuple[str, ...]
    item_order: int
    unit_key: tuple[str, str]  # folded name, code
    phrase: bool


@dataclass
class Hit:
    row_unit: Unit
    assignment: Assignment
    item: OutlineItem
    section_title: str
    snippet: SafeString
    phrase: bool  # the words stand together as typed, not only somewhere


@dataclass
class SearchResult:
    query: Query
    page: Page  # of Hit
    total: int


def item_and_below(campaign: Campaign, item: OutlineItem) -> list[int]:
    """The ids of an outline item and of every item under it."""
    items = list(campaign.outline.values_list("pk", "code", "parent_code"))
    wanted, codes, grew = {item.pk}, {item.code}, True
    while grew:
        grew = False
        for pk, code, parent in items:
            if parent in codes and code not in codes:
                wanted.add(pk)
                codes.add(code)
                grew = True
    return sorted(wanted)


def find(
    campaign: Campaign,
    q: Query | str,
    units: QuerySet[Unit],
    *,
    unit_text: str = "",
    item: OutlineItem | None = None,
) -> list[Match]:
    """Every answer of the version read for each unit the reader may see that holds
    what was asked, ordered: whole phrases first, then units by name, items in
    outline order.  No text is read: the index decides, a few numbers per answer come
    back, so thousands of hits cost little.  A section's answer repeats its
    subsections' text: a hit in a subsection is kept once, under the deepest item."""
    q = parse_query(q) if isinstance(q, str) else q
    if q.empty:
        return []
    answers = Answer.objects.filter(version_id__in=read_version_ids(campaign, units))
    if item is not None:
        answers = answers.filter(item_id__in=item_and_below(campaign, item))
    unit = "version__submission__assignment__unit__"
    # Whether the words typed stand together, asked in the same query (the section's
    # words are read once): the phrase is tested only on the answers found.
    together = _together(q) if q.ranked else Value(True)
    rows = list(
        _matching(answers, q)
        .annotate(stands_together=together)
        .order_by()
        .values_list(
            "pk",
            "version_id",
            "path",
            "item__order",
            f"{unit}name",
            f"{unit}short_name",
            f"{unit}code",
            "stands_together",
        )
    )
    wanted = " ".join(fold(unit_text).split())
    matches = []
    for pk, version_id, path, order, name, short, code, stands_together in rows:
        folded = folded_name(name)
        if wanted and not (wanted in folded or wanted in fold(short) or wanted in fold(code)):
            continue
        phrase = bool(q.phrases) or bool(stands_together)
        matches.append(Match(pk, version_id, tuple(path or ()), order, (folded, code), phrase))
    matches = _deepest(matches)
    matches.sort(key=lambda m: (not m.phrase, m.unit_key, m.item_order))
    return matches


def _deepest(matches: list[Match]) -> list[Match]:
    """Drop an answer when a deeper one of the same version, inside its section, was
    found too (or, for two items read from one section, the later item's)."""
    by_version: dict[int, list[Match]] = defaultdict(list)
    for m in matches:
        by_version[m.version_id].append(m)
    out = []
    for group in by_version.values():
        for m in group:
            n = len(m.path)
            covered = any(
                o is not m
                and o.path[:n] == m.path
                and (len(o.path) > n or o.item_order > m.item_order)
                for o in group
            )
            if not covered:
                out.append(m)
    return out


def search_page(
    campaign: Campaign,
    q: str,
    units: QuerySet[Unit],
    *,
    unit_text: str = "",
    item: OutlineItem | None = None,
    page: int | str | None = 1,
    per_page: int | None = None,
) -> SearchResult:
    """One page of hits with their snippets; the text of that page's answers only."""
    query = parse_query(q)
    matches = find(campaign, query, units, unit_text=unit_text, item=item)
    pg = Paginator(matches, per_page or HITS_PER_PAGE).get_page(page)
    pg.object_list = hits_for(list(pg.object_list), query)
    return SearchResult(query, pg, len(matches))


def search(campaign: Campaign, q: str, units: QuerySet[Unit], **filters) -> list[Hit]:
    """Every hit with its snippet (tests, small campaigns); pages: `search_page`."""
    query = parse_query(q)
    return hits_for(find(campaign, query, units, **filters), query)


def hits_for(matches: list[Match], q: Query) -> list[Hit]:
    answers = {
        a.pk: a
        for a in Answer.objects.filter(pk__in=[m.answer_id for m in matches])
        .select_related("item", "version__submission__assignment__unit")
        .defer(*_VERSION_BULK)
    }
    hits = []
    for m in matches:
        ans = answers.get(m.answer_id)
        if ans is None:  # a new upload between the two queries: found next time
            continue
        text = "\n".join(p for p in [ans.title, ans.text] if p)
        patterns = _patterns(q, m.phrase)
        body = len(ans.title) + 1 if ans.title and ans.text else 0  # where the text starts
        snip = snippet(text, ans.folded, patterns, body)
        a = ans.version.submission.assignment
        hits.append(
            Hit(
                row_unit=a.unit,
                assignment=a,
                item=ans.item,
                section_title=ans.title,
                snippet=snip,
                phrase=m.phrase,
            )
        )
    return hits


def _patterns(q: Query, together: bool) -> list[re.Pattern]:
    """What to mark, as patterns over folded text: each phrase, each word alone (or
    the words typed standing together, when that is how the hit was found)."""

    def phrase(words, prefix: bool) -> re.Pattern:
        joined = _BETWEEN.join(map(re.escape, words))
        return re.compile(_BEFORE + joined + ("" if prefix else _AFTER))

    out = [phrase(p, False) for p in q.phrases]
    if q.ranked and together:
        out.append(phrase(q.words, True))
    else:
        out += [phrase([w], prefix) for w, prefix in _required(q)]
    return out


def _folded_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text as the upload service folds answers (footnote markers
    dropped), and for each of its characters where it came from; None when
    offsets are unchanged, the usual case: precomposed Vietnamese letters fold
    one to one."""
    folded = fold(text)
    if len(folded) == len(text) and not _UNEVEN.search(text):
        return folded, None
    out, where = [], []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return "" if ch in SUPERSCRIPT_DIGITS else fold(ch)


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Where the pattern stands in `text`, in the original's offsets."""
    folded, where = _folded_with_map(text)
    out = []
    for m in pattern.finditer(folded):
        if m.end() == m.start():
            continue
        if where is None:
            out.append((m.start(), m.end()))
        else:
            out.append((where[m.start()], where[m.end() - 1] + 1))
    return out


def _first(text: str, folded: str, pattern: re.Pattern) -> tuple[int, int] | None:
    """The first place of the pattern in the original text.  Found in the stored
    folded text first, then read again only in a window of the original around it
    (sections run to thousands of words; offsets differ by the markers dropped)."""
    m = pattern.search(folded)
    if m is None:
        return None
    slack = abs(len(text) - len(folded)) + 40
    lo = max(0, m.start() - slack)
    found = _spans(text[lo : m.end() + slack], pattern)
    if found:
        return found[0][0] + lo, found[0][1] + lo
    found = _spans(text, pattern)  # the window guessed wrong: read it all
    return found[0] if found else None


def snippet(
    text: str, folded: str, patterns: list[re.Pattern], floor: int = 0, width: int = SNIPPET
) -> SafeString:
    """The text around what was found, every hit in it marked: one window around
    the first place of each phrase or word (merged when they are near), so that the
    snippet holds all that matched.  Nothing before `floor` (the section's title,
    shown apart) unless a hit stands only in the title."""
    anchors = sorted(a for a in (_first(text, folded, p) for p in patterns) if a)
    if not anchors:
        return mark_safe(escape(text[: 2 * width]) + (" …" if len(text) > 2 * width else ""))
    lo_limit = floor if all(a >= floor for a, _ in anchors) else 0
    each = max(40, width // len(anchors))
    windows: list[list[int]] = []
    for a, b in anchors:
        start, end = max(lo_limit, a - each), min(len(text), b + each)
        if start > lo_limit:  # cut at spaces, not inside words
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < a else start
        if end < len(text):
            space = text.rfind(" ", b, end)
            end = space if space > 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    parts = []
    for start, end in windows:
        piece = text[start:end]
        spans = sorted({s for p in patterns for s in _spans(piece, p)})
        out, pos = [], 0
        for a, b in spans:
            if a < pos:
                continue
            out.append(escape(piece[pos:a]))
            out.append(format_html("<mark>{}</mark>", piece[a:b]))
            pos = b
        out.append(escape(piece[pos:]))
        parts.append("".join(out))
    head = "… " if windows[0][0] > lo_limit else ""
    tail = " …" if windows[-1][1] < len(text) else ""
    return mark_safe(head + " … ".join(parts) + tail)


# ------------------------------------------------------------------ export


def export_xlsx(campaign: Campaign, rows: list[Row]) -> bytes:
    """The dashboard table as a workbook: real dates, coverage as a percentage.
    Written as XML directly (dashboard/xlsx.py): 5,000 units in a few hundredths of
    a second, where openpyxl took most of one."""
    from tonghop.web.dashboard import xlsx

    headers = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại đơn vị",
        "Hạn nộp",
        "Trạng thái",
        "Tiếp nhận",
        "Thời điểm nộp",
        "Đáp ứng đề cương",
        "Số vấn đề phát hiện",
    ]
    tz = timezone.get_current_timezone()
    S = xlsx.Styled

    def lines():
        yield [S(campaign.title, xlsx.TITLE)]
        yield [f"Hạn nộp: {campaign.deadline:%d/%m/%Y}. Số đơn vị: {len(rows)}."]
        yield []
        yield [S(h, xlsx.HEADER) for h in headers]
        for n, r in enumerate(rows, start=1):
            at = r.submitted_at.astimezone(tz).replace(tzinfo=None) if r.submitted_at else None
            yield [
                n,
                r.unit.code,
                r.unit.name,
                r.unit.kind_label,
                S(r.due, xlsx.DATE),
                r.status_label,
                r.review_label,
                S(at, xlsx.DATETIME),
                S(r.coverage, xlsx.PERCENT),
                r.findings,
            ]

    head = 4  # title, deadline line, blank line, then the headers
    return xlsx.workbook(
        "Theo dõi",
        lines(),
        widths=[6, 14, 44, 28, 12, 14, 14, 18, 12, 12],
        freeze_row=head + 1,
        filter_row=head,
    )
