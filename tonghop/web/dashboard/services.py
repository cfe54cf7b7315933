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
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tonghop.model import SUPERSCRIPT_DIGITS
from tonghop.text import fold
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem
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
        return ONTIME if local_date(submitted_at, tz) <= due else LATE
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
                unit=UnitInfo(unit_id, code, name, short, kind, " ".join(fold(name).split())),
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


def summary(rows: list[Row]) -> dict[str, int]:
    counts = {"addressed": len(rows), ONTIME: 0, LATE: 0, MISSING: 0, PENDING: 0}
    for r in rows:
        counts[r.status] += 1
    counts["submitted"] = counts[ONTIME] + counts[LATE]
    counts["accepted"] = sum(r.review == Submission.Status.ACCEPTED for r in rows)
    counts["returned"] = sum(r.review == Submission.Status.RETURNED for r in rows)
    return counts


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
    new: int
    total: int


def submissions_by_day(rows: list[Row], deadline: dt.date) -> list[ChartDay]:
    """Cumulative count of submitted units per day, from the day before the first
    submission (or the week before the deadline) to after the deadline."""
    days = sorted(local_date(r.submitted_at) for r in rows if r.submitted_at)
    first = min([deadline - dt.timedelta(days=7), *days[:1]]) - dt.timedelta(days=1)
    last = max([deadline + dt.timedelta(days=1), *days[-1:]])
    per_day: dict[dt.date, int] = defaultdict(int)
    for d in days:
        per_day[d] += 1
    out, total, d = [], 0, first
    while d <= last:
        total += per_day[d]
        out.append(ChartDay(d, per_day[d], total))
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
        if d.new:
            parts.append(
                f'<rect x="{float(x(i)) - bar / 2:.1f}" y="{y(d.new)}" width="{bar:.1f}" '
                f'height="{float(y(0)) - float(y(d.new)):.1f}" '
                f'fill="{red if d.day > deadline else green}" opacity="0.35">'
                f"<title>{escape(day(d.day))}: {d.new} đơn vị nộp</title></rect>"
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


def answered_items(
    campaign: Campaign, units: QuerySet[Unit], item: OutlineItem | None = None
) -> dict[int, set[int]]:
    """Assignment id -> ids of the outline items its report read answers; one query,
    no text loaded.  The upload service stores an empty Answer row (no title, no
    text) for an item the report lacks."""
    answers = Answer.objects.filter(read_versions(campaign, units, "version__")).filter(
        ~Q(title="") | ~Q(text="")
    )
    if item is not None:
        answers = answers.filter(item=item)
    out: dict[int, set[int]] = defaultdict(set)
    for assignment_id, item_id in answers.values_list(
        "version__submission__assignment_id", "item_id"
    ):
        out[assignment_id].add(item_id)
    return out


# A version's whole reading, alignment and findings: large JSON, never needed here.
_VERSION_BULK = ("version__reading", "version__alignment", "version__findings")


# ---------------------------------------------------------------- the matrix


@dataclass
class MatrixRow:
    row: Row
    # per outline item: answered (True), not answered (False), no report read (None)
    cells: list[tuple[OutlineItem, bool | None]]


def matrix(
    campaign: Campaign, units: QuerySet[Unit], on: dt.date | None = None
) -> tuple[list[OutlineItem], list[MatrixRow], list[int]]:
    """Units x outline items; also how many units answer each item."""
    items = list(campaign.outline.order_by("order"))
    rows = campaign_rows(campaign, units, on)
    done = answered_items(campaign, units)
    read = set(
        Version.objects.filter(read_versions(campaign, units)).values_list(
            "submission__assignment_id", flat=True
        )
    )
    out = []
    per_item = [0] * len(items)
    for r in rows:
        aid = r.assignment_id
        states = [i.pk in done[aid] for i in items] if aid in read else [None] * len(items)
        for k, c in enumerate(states):
            per_item[k] += bool(c)
        out.append(MatrixRow(r, list(zip(items, states, strict=True))))
    return items, out, per_item


# ------------------------------------------------------ side-by-side reading

READINGS_PER_PAGE = 50


@dataclass
class Reading:
    """One unit's answer to one outline item, with the figures standing in it."""

    row: Row
    answer: Answer
    paragraphs: list[str] = field(default_factory=list)
    figures: list[ReportedFigure] = field(default_factory=list)
    version_number: int | None = None


@dataclass
class SideBySide:
    page: Page  # of Reading: the units whose report answers the item, by name
    missing: list[Row]  # the units with nothing for it
    total: int


def side_by_side(
    campaign: Campaign,
    item: OutlineItem,
    units: QuerySet[Unit],
    on: dt.date | None = None,
    page: int | str | None = 1,
    per_page: int = READINGS_PER_PAGE,
) -> SideBySide:
    """Every addressed unit's answer to `item`, a page of them with their text and
    figures.  Four queries whatever the number of units."""
    rows = campaign_rows(campaign, units, on)
    done = answered_items(campaign, units, item)
    answering = [r for r in rows if r.assignment_id in done]
    missing = [r for r in rows if r.assignment_id not in done]
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
            )
        )
    pg.object_list = readings
    return SideBySide(pg, missing, len(rows))


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
MAX_HITS = 300


@dataclass
class Hit:
    row_unit: Unit
    assignment: Assignment
    item: OutlineItem
    section_title: str
    snippet: SafeString
    phrase: bool  # the words stand together as typed, not only somewhere


def query_words(q: str) -> list[str]:
    return re.findall(r"\w+", fold(q))


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
        f = "" if ch in SUPERSCRIPT_DIGITS else fold(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def _patterns(words: list[str]) -> tuple[re.Pattern, list[re.Pattern]]:
    """The phrase, and each word alone: whole words, the last may be the start of
    one, as people type ("tuyen gi" finds "tuyên giáo")."""
    phrase = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)))
    alone = [
        re.compile(r"(?<!\w)" + re.escape(w) + ("" if k == len(words) - 1 else r"(?!\w)"))
        for k, w in enumerate(words)
    ]
    return phrase, alone


def _first_hit(folded: str, words: list[str]) -> tuple[int, int, bool] | None:
    """Where the hit starts and ends in a folded text, and whether the whole phrase
    stands there; None unless every word occurs."""
    phrase, alone = _patterns(words)
    m = phrase.search(folded)
    if m:
        return m.start(), m.end(), True
    first = None
    for pattern in alone:
        m = pattern.search(folded)
        if m is None:
            return None
        if first is None or m.start() < first[0]:
            first = (m.start(), m.end())
    return first[0], first[1], False


def locate(
    text: str, words: list[str], require_all: bool = True
) -> tuple[list[tuple[int, int]], bool] | None:
    """Where the words stand in `text` (original offsets).  The phrase first:
    "tu soi tu sua" matches “Tự soi, tự sửa” across the comma; otherwise every
    word must occur somewhere (any of them, if not `require_all`).  None if
    nothing is found."""
    if not words:
        return None
    folded, where = _folded_with_map(text)

    def back(m: re.Match) -> tuple[int, int]:
        if where is None:
            return m.start(), m.end()
        return where[m.start()], where[m.end() - 1] + 1

    phrase, alone = _patterns(words)
    spans = [back(m) for m in phrase.finditer(folded)]
    if spans:
        return spans, True
    for pattern in alone:
        found = [back(m) for m in pattern.finditer(folded)]
        if not found and require_all:
            return None
        spans.extend(found)
    return (sorted(spans), False) if spans else None


def snippet(
    text: str, spans: list[tuple[int, int]], width: int = SNIPPET, floor: int = 0
) -> SafeString:
    """Context around the first hit, every hit inside it marked; nothing before
    `floor` (the section's title, shown apart, when the hit is in its text)."""
    start = max(floor, spans[0][0] - width)
    end = min(len(text), spans[0][1] + width)
    # Cut at spaces, not inside words.
    if start > floor:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space > 0 else end
    parts, pos = [], start
    for a, b in spans:
        if a < pos or b > end:
            continue
        parts.append(escape(text[pos:a]))
        parts.append(format_html("<mark>{}</mark>", text[a:b]))
        pos = b
    parts.append(escape(text[pos:end]))
    return mark_safe(
        ("… " if start > floor else "") + "".join(parts) + (" …" if end < len(text) else "")
    )


def search(campaign: Campaign, q: str, units: QuerySet[Unit]) -> list[Hit]:
    """Accent- and case-insensitive search of the answers of the version read for
    each unit the reader may see.  The database narrows by each word; the phrase
    is then found here, in the original text, for the snippet."""
    words = query_words(q)
    if not words:
        return []
    answers = Answer.objects.filter(read_versions(campaign, units, "version__"))
    for w in dict.fromkeys(words):  # "tu soi tu sua": "tu" once
        answers = answers.filter(folded__contains=w)
    answers = (
        answers.select_related("item", "version__submission__assignment__unit")
        .defer(*_VERSION_BULK)
        .order_by("version__submission__assignment__unit__tree_path", "item__order")
    )
    hits: list[Hit] = []
    seen: dict[tuple[int, str], int] = {}
    for ans in answers[: MAX_HITS * 4]:
        # Decide on the stored folded text; fold again only a window of the
        # original around the hit, to mark it (sections run to thousands of words).
        first = _first_hit(ans.folded, words)
        if first is None:
            continue
        text = "\n".join(p for p in [ans.title, ans.text] if p)
        slack = abs(len(text) - len(ans.folded)) + 40
        lo = max(0, first[0] - SNIPPET - slack)
        found = locate(text[lo : first[1] + SNIPPET + slack], words, require_all=False)
        if found is None or found[1] != first[2]:  # the window guessed wrong: read it all
            lo, found = 0, locate(text, words)
            if found is None:
                continue
        spans, phrase = [(a + lo, b + lo) for a, b in found[0]], found[1]
        a = ans.version.submission.assignment
        body = len(ans.title) + 1 if ans.title and ans.text else 0  # where the text starts
        snip = snippet(text, spans, floor=body if spans[0][0] >= body else 0)
        # A parent item's answer repeats its children's paragraphs: keep the hit
        # once, under the deepest item (items come in outline order, parents first).
        key = (a.pk, _paragraph_at(text, spans[0][0]))
        if key in seen:
            hits[seen[key]] = _hit(a, ans, snip, phrase)
            continue
        seen[key] = len(hits)
        hits.append(_hit(a, ans, snip, phrase))
        if len(hits) >= MAX_HITS:
            break
    # Whole phrases first, then units by name, items in outline order.
    hits.sort(key=lambda h: (not h.phrase, fold(h.row_unit.name), h.row_unit.code, h.item.order))
    return hits


def _paragraph_at(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1 : end if end >= 0 else len(text)]


def _hit(a: Assignment, ans: Answer, snip: SafeString, phrase: bool) -> Hit:
    return Hit(
        row_unit=a.unit,
        assignment=a,
        item=ans.item,
        section_title=ans.title,
        snippet=snip,
        phrase=phrase,
    )


# ------------------------------------------------------------------ export


def export_xlsx(campaign: Campaign, rows: list[Row]) -> bytes:
    """The dashboard table as a workbook: real dates, coverage as a percentage."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Theo dõi"
    ws.append([campaign.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Hạn nộp: {campaign.deadline:%d/%m/%Y}. Số đơn vị: {len(rows)}."])
    ws.append([])
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
    ws.append(headers)
    head = 4  # title, deadline line, blank line, then the headers
    for cell in ws[head]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, r in enumerate(rows, start=1):
        submitted = (
            timezone.localtime(r.submitted_at).replace(tzinfo=None) if r.submitted_at else None
        )
        ws.append(
            [
                n,
                r.unit.code,
                r.unit.name,
                r.unit.kind_label,
                r.due,
                r.status_label,
                r.review_label,
                submitted,
                r.coverage,
                r.findings,
            ]
        )
        line = head + n  # ws.max_row scans every cell: quadratic on thousands of rows
        ws.cell(line, 5).number_format = "dd/mm/yyyy"
        ws.cell(line, 8).number_format = "dd/mm/yyyy hh:mm"
        ws.cell(line, 9).number_format = "0.0%"
    for col, width in zip(range(1, 11), [6, 14, 44, 28, 12, 14, 14, 18, 12, 12], strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(head + 1, 1)
    ws.auto_filter.ref = f"A{head}:J{head + len(rows)}"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
