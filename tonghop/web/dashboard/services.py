"""Reading a campaign as a whole: who submitted and when, how much of the outline
each report covers, the answers to one outline item side by side.  Search is in
search.py, the .xlsx in exports.py, the chart drawn by dashboard/_chart.html.

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
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tonghop.model import SUPERSCRIPT_DIGITS
from tonghop.text import MARKER_RE, fold
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem
from tonghop.web.submissions.models import (
    Answer,
    PendingUpload,
    ReportedFigure,
    Submission,
    Version,
)
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
    # An upload still being read in the background (PendingUpload): shown, never
    # counted as sent, whatever it turns out to be.
    reading: bool = False

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
    reading = set(
        PendingUpload.objects.filter(
            assignment__campaign=campaign,
            state__in=(PendingUpload.State.QUEUED, PendingUpload.State.RUNNING),
        ).values_list("assignment_id", flat=True)
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
                reading=pk in reading,
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


@dataclass(frozen=True)
class Chart:
    """What the chart template draws (dashboard/_chart.html): coordinates as text
    with one decimal, and the labels; the template escapes them."""

    width: int
    height: int
    left: int
    right_x: int
    axis_y: str
    addressed_y: str
    ticks: list[tuple[str, str]]  # (y, label)
    bars: list[dict]
    points: str
    dots: list[tuple[str, str, str]]  # (x, y, title)
    deadline: dict | None
    dates: list[tuple[str, str]]  # (x, label)
    dates_y: int


def chart(series: list[ChartDay], deadline: dt.date, addressed: int) -> Chart:
    """Daily submissions as bars (on time below, late above: each unit against its
    own due day), the cumulative count as a line, the deadline and the number of
    addressed units as dashed rules."""
    w, h, left, right, top, bottom = 760, 240, 44, 16, 16, 34
    pw, ph = w - left - right, h - top - bottom
    n = len(series)
    ymax = max(addressed, series[-1].total if series else 0, 1)
    step = pw / max(n, 1)

    def x(i: float) -> float:
        return left + step * (i + 0.5)

    def y(v: float) -> float:
        return top + ph - ph * v / ymax

    def day(d: dt.date) -> str:
        return d.strftime("%d/%m/%Y")

    ticks = [
        (f"{y(v) + 4:.1f}", number_format(v, force_grouping=True))
        for v in sorted({0, ymax // 2, ymax})
    ]
    bar = max(min(step * 0.6, 14), 1.5)
    bars = []
    for i, d in enumerate(series):
        for part, base, kind, word in (
            (d.on_time, 0, "ontime", "đúng hạn"),
            (d.late, d.on_time, "late", "muộn"),
        ):
            if part:
                bars.append(
                    {
                        "kind": kind,
                        "day": d.day.isoformat(),
                        "count": part,
                        "x": f"{x(i) - bar / 2:.1f}",
                        "y": f"{y(base + part):.1f}",
                        "width": f"{bar:.1f}",
                        "height": f"{y(base) - y(base + part):.1f}",
                        "title": f"{day(d.day)}: {part} đơn vị nộp {word}",
                    }
                )
    points = " ".join(f"{x(i):.1f},{y(d.total):.1f}" for i, d in enumerate(series))
    dots = [
        (f"{x(i):.1f}", f"{y(d.total):.1f}", f"{day(d.day)}: {d.total} đơn vị đã nộp")
        for i, d in enumerate(series)
        if d.new
    ]
    rule = None
    idx = next((i for i, d in enumerate(series) if d.day == deadline), None)
    if idx is not None:  # a rule at the end of the deadline's day
        xd = x(idx) + step / 2
        rule = {
            "x": f"{xd:.1f}",
            "top": top,
            "label_x": f"{xd - 4:.1f}",
            "label_y": top + 10,
            "label": f"Hạn nộp {day(deadline)}",
        }
    every = max(1, n // 8)  # a few dates under the axis, the last always
    dates = [
        (f"{x(i):.1f}", d.day.strftime("%d/%m"))
        for i, d in enumerate(series)
        if (i % every == 0 and n - 1 - i >= every / 2) or i == n - 1
    ]
    return Chart(
        width=w,
        height=h,
        left=left,
        right_x=w - right,
        axis_y=f"{y(0):.1f}",
        addressed_y=f"{y(addressed):.1f}",
        ticks=ticks,
        bars=bars,
        points=points,
        dots=dots,
        deadline=rule,
        dates=dates,
        dates_y=h - bottom + 16,
    )


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
VERSION_BULK = ("version__reading", "version__alignment", "version__findings")


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
            .defer(*VERSION_BULK)
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
