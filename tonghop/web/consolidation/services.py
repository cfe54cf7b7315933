"""Consolidation of a campaign: its indicator catalogue, each unit's values, the roll-up
up the tree as it stood when the campaign was sent, validation, the .xlsx export and
the consolidated draft.

Plain functions over the models; the views only check permissions (accounts.access)
and render.  The adding up, matching and drafting are the engine's (tonghop.consolidate,
imported through `engine`); here rows become its dataclasses and back.  Unit and node
ids given to the engine are unit primary keys as strings.  The number of SQL queries
of every page-facing function is fixed, whatever the number of units.

Every refusal is a `ConsolidationError` with a Vietnamese message; nothing is changed then.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
from collections import OrderedDict, defaultdict
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from functools import cached_property
from uuid import uuid4

from django.core.files.base import ContentFile
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from tonghop.consolidate import model as m
from tonghop.figures import parse_number
from tonghop.model import Figure
from tonghop.model import OutlineItem as EngineOutlineItem
from tonghop.numbers import vn_number
from tonghop.text import fold, strip_markers
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns.models import Assignment, Campaign
from tonghop.web.consolidation import engine
from tonghop.web.consolidation.models import (
    CampaignState,
    DraftRun,
    Indicator,
    IndicatorValue,
    StoredProblem,
    StoredTotal,
    ValidationRule,
)
from tonghop.web.submissions.models import Answer, ReportedFigure, Version
from tonghop.web.units.models import Unit

log = logging.getLogger(__name__)

CAMPAIGN = engine.CAMPAIGN  # node id of the whole campaign's totals
TEMPLATE = "kl01"
CONFIRMED = (ReportedFigure.Status.CONFIRMED, ReportedFigure.Status.CORRECTED)
_FOUR_PLACES = Decimal("0.0001")
_MAX_VALUE = Decimal(10) ** 20


class ConsolidationError(Exception):
    """A refused action; the message is Vietnamese and meant for the user."""


def _audit(action, user, campaign, message: str, unit=None, **detail) -> None:
    record(action, actor=user, campaign=campaign, unit=unit, message=message[:500], **detail)


# ------------------------------------------------------------------- the catalogue


def indicators_of(campaign: Campaign, retired: bool = False) -> list[Indicator]:
    qs = Indicator.objects.filter(campaign=campaign)
    if not retired:
        qs = qs.filter(retired=False)
    return list(qs.order_by("order", "pk"))


def to_engine(rows: list[Indicator], keys: dict[int, str] | None = None) -> list[m.Indicator]:
    """Rows as the engine's Indicator; `keys` (pk -> key) resolves numerator/denominator
    when they are not among `rows`."""
    keys = {**(keys or {}), **{i.pk: i.key for i in rows}}
    return [
        m.Indicator(
            key=i.key,
            name=i.name,
            unit=i.unit,
            outline_item=i.outline_item,
            year=i.year,
            aggregation=i.aggregation,
            numerator=keys.get(i.numerator_id, ""),
            denominator=keys.get(i.denominator_id, ""),
            keywords=list(i.keywords or []),
        )
        for i in rows
    ]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:70] or "chi-tieu"


def _free_key(base: str, taken: set[str]) -> str:
    key, n = base[:80], 2
    while key in taken:
        key = f"{base[:75]}-{n}"
        n += 1
    taken.add(key)
    return key


def _next_order(campaign: Campaign) -> int:
    last = Indicator.objects.filter(campaign=campaign).order_by("-order").first()
    return (last.order + 1) if last else 1


def _create_catalogue(
    campaign: Campaign, indicators: list[m.Indicator], rules: list[m.Rule], user
) -> list[Indicator]:
    """Add engine indicators (and their rules) to a campaign's catalogue; those whose
    key is already there are kept as they are.  Returns the rows created."""
    existing = {i.key: i for i in Indicator.objects.filter(campaign=campaign)}
    order = _next_order(campaign)
    made: list[Indicator] = []
    for ind in indicators:
        if ind.key in existing:
            continue
        row = Indicator.objects.create(
            campaign=campaign,
            key=ind.key,
            name=ind.name[:300],
            unit=ind.unit[:60],
            outline_item=ind.outline_item[:20],
            year=ind.year,
            aggregation=ind.aggregation,
            keywords=list(ind.keywords),
            order=order,
            created_by=user,
        )
        order += 1
        existing[ind.key] = row
        made.append(row)
    if made:
        touch(campaign)
    for ind in indicators:
        row = existing[ind.key]
        if row in made and (ind.numerator or ind.denominator):
            row.numerator = existing.get(ind.numerator)
            row.denominator = existing.get(ind.denominator)
            row.save(update_fields=["numerator", "denominator"])
    taken = set(ValidationRule.objects.filter(campaign=campaign).values_list("key", flat=True))
    for r in rules:
        if r.key in taken or any(k not in existing for k in [*r.left, *r.right]):
            continue
        ValidationRule.objects.create(
            campaign=campaign,
            key=r.key[:120],
            left=list(r.left),
            operator=r.operator,
            right=list(r.right),
            importance=r.importance,
            message=r.message[:300],
        )
        taken.add(r.key)
    return made


def start_from_template(campaign: Campaign, user, key: str = TEMPLATE) -> int:
    """The built-in catalogue (KL01: the figures a report carries); returns how many
    indicators were added.  Values follow from the figures units confirmed."""
    indicators, rules = engine.template_catalogue(key)
    with transaction.atomic():
        made = _create_catalogue(campaign, indicators, rules, user)
        if made:
            _audit(
                Event.Action.INDICATOR,
                user,
                campaign,
                f"Lập danh mục chỉ tiêu theo mẫu: thêm {len(made)} chỉ tiêu",
                template=key,
                indicators=[i.key for i in made],
            )
    refresh_values(campaign, made)
    return len(made)


def copy_catalogue(campaign: Campaign, source: Campaign, user) -> int:
    """The indicators in use (and rules) of an earlier campaign; returns how many were added."""
    if source.pk == campaign.pk:
        raise ConsolidationError("Hãy chọn một đợt báo cáo khác để sao chép danh mục.")
    rows = indicators_of(source)
    keys = {i.pk: i.key for i in Indicator.objects.filter(campaign=source)}
    rules = rules_of(source)
    with transaction.atomic():
        made = _create_catalogue(campaign, to_engine(rows, keys), rules, user)
        if made:
            _audit(
                Event.Action.INDICATOR,
                user,
                campaign,
                f"Sao chép {len(made)} chỉ tiêu từ đợt «{source.title[:200]}»",
                source=source.pk,
                indicators=[i.key for i in made],
            )
    refresh_values(campaign, made)
    return len(made)


INDICATOR_FIELDS = (
    "name",
    "unit",
    "outline_item",
    "year",
    "aggregation",
    "numerator",
    "denominator",
    "keywords",
)


def save_indicator(campaign: Campaign, data: dict, user, indicator: Indicator | None = None):
    """Create (indicator None) or edit an indicator from a form's cleaned data;
    its values are taken again from the confirmed figures."""
    with transaction.atomic():
        if indicator is None:
            taken = set(Indicator.objects.filter(campaign=campaign).values_list("key", flat=True))
            indicator = Indicator(
                campaign=campaign,
                key=_free_key(data.get("key") or slug(data["name"]), taken),
                order=_next_order(campaign),
                created_by=user,
            )
            before = None
        else:
            before = {f: str(getattr(indicator, f)) for f in INDICATOR_FIELDS}
        for f in INDICATOR_FIELDS:
            setattr(indicator, f, data.get(f, getattr(indicator, f, None)))
        if indicator.aggregation != m.RATIO:
            indicator.numerator = indicator.denominator = None
        indicator.save()
        touch(campaign)
        after = {f: str(getattr(indicator, f)) for f in INDICATOR_FIELDS}
        if before != after:
            verb = "Thêm" if before is None else "Sửa"
            _audit(
                Event.Action.INDICATOR,
                user,
                campaign,
                f"{verb} chỉ tiêu «{indicator.name}»",
                indicator=indicator.key,
                before=before,
                after=after,
            )
    refresh_values(campaign, [indicator])
    return indicator


def merge(source: Indicator, target: Indicator, user) -> int:
    """Merge `source` into `target`: its values go to units that have none for `target`
    (a unit with both keeps the target's), rules and ratios naming it name the target,
    and it is retired.  Returns how many values moved."""
    if source.campaign_id != target.campaign_id or source.pk == target.pk:
        raise ConsolidationError("Chỉ gộp được hai chỉ tiêu khác nhau của cùng một đợt báo cáo.")
    if target.retired:
        raise ConsolidationError("Không gộp vào một chỉ tiêu đã ngừng sử dụng.")
    if source.aggregation != target.aggregation:
        raise ConsolidationError(
            "Không gộp được chỉ tiêu cộng dồn với chỉ tiêu tỷ lệ: hai chỉ tiêu phải cùng cách "
            "tổng hợp."
        )
    with transaction.atomic():
        have = set(target.values.values_list("assignment_id", flat=True))
        moving = source.values.exclude(assignment_id__in=have)
        moved = moving.update(indicator=target)
        source.values.all().delete()
        for rule in ValidationRule.objects.filter(campaign_id=source.campaign_id):
            left = [target.key if k == source.key else k for k in rule.left]
            right = [target.key if k == source.key else k for k in rule.right]
            if (left, right) != (rule.left, rule.right):
                rule.left, rule.right = left, right
                rule.save(update_fields=["left", "right"])
        Indicator.objects.filter(numerator=source).update(numerator=target)
        Indicator.objects.filter(denominator=source).update(denominator=target)
        # Words that found the source's figures now also find the target's.
        target.keywords = list(dict.fromkeys([*target.keywords, *source.keywords]))
        target.save(update_fields=["keywords"])
        source.retired, source.merged_into = True, target
        source.save(update_fields=["retired", "merged_into"])
        touch(source.campaign_id)
        _audit(
            Event.Action.INDICATOR,
            user,
            source.campaign,
            f"Gộp chỉ tiêu «{source.name}» vào «{target.name}» ({moved} giá trị chuyển sang)",
            source=source.key,
            target=target.key,
            moved=moved,
        )
    return moved


def retire(indicator: Indicator, user, retired: bool = True) -> None:
    if indicator.retired == retired:
        return
    indicator.retired = retired
    indicator.save(update_fields=["retired"])
    touch(indicator.campaign_id)
    verb = "Ngừng sử dụng" if retired else "Dùng lại"
    _audit(
        Event.Action.INDICATOR,
        user,
        indicator.campaign,
        f"{verb} chỉ tiêu «{indicator.name}»",
        indicator=indicator.key,
        retired=retired,
    )


def value_counts(campaign: Campaign) -> dict[int, int]:
    """Indicator pk -> how many units have a value."""
    return dict(
        IndicatorValue.objects.filter(indicator__campaign=campaign)
        .order_by()
        .values_list("indicator_id")
        .annotate(n=Count("pk"))
        .values_list("indicator_id", "n")
    )


def outline_groups(campaign: Campaign, rows: list[Indicator]) -> list[tuple[str, str, int]]:
    """(outline code, title, number of indicators) of the items that have indicators, in
    outline order; "-" gathers those belonging to no item."""
    count: dict[str, int] = defaultdict(int)
    for i in rows:
        count[i.outline_item or "-"] += 1
    out = [
        (code, title, count[code])
        for code, title in campaign.outline.order_by("order").values_list("code", "title")
        if count.get(code)
    ]
    known = {c for c, _t, _n in out}
    out += [(c, "Không thuộc mục nào" if c == "-" else c, n)
            for c, n in count.items() if c not in known]  # fmt: skip
    return out


# ------------------------------------------------------------------- rules


def rules_of(campaign: Campaign, indicators: list[m.Indicator] | None = None) -> list[m.Rule]:
    """The campaign's rules and the default ones (a count is never negative); a rule
    naming an indicator not in use is left out."""
    rows = ValidationRule.objects.filter(campaign=campaign)
    rules = [
        m.Rule(r.key, list(r.left), r.operator, list(r.right), r.importance, r.message)
        for r in rows
    ]
    if indicators is None:
        return rules
    keys = {i.key for i in indicators}
    rules = [r for r in rules if all(k in keys for k in [*r.left, *r.right])]
    return rules + engine.default_rules(indicators)


# ------------------------------------------------------------------- figures


def _outline_items(answers) -> dict[int, list[tuple[tuple, str]]]:
    """version id -> [(section path, outline code)], deepest path first."""
    out: dict[int, list[tuple[tuple, str]]] = defaultdict(list)
    for version_id, code, path in answers:
        if path:
            out[version_id].append((tuple(path), code))
    for pairs in out.values():
        pairs.sort(key=lambda p: -len(p[0]))
    return out


def _item_of(path: list[str], pairs: list[tuple[tuple, str]]) -> str:
    """The outline item whose answering section holds `path` most closely."""
    t = tuple(path)
    for p, code in pairs:
        if t[: len(p)] == p:
            return code
    return ""


def _unit_figure(row: dict, pairs, unit_id: str, unit_name: str, number: int):
    value = row["value"]
    figure = Figure(
        value=int(value) if value == value.to_integral_value() else float(value),
        unit=row["unit"],
        qualifier=row["qualifier"],
        text=row["sentence"],
        raw=row["raw"],
        path=list(row["path"]),
        footnote=row["footnote"],
        year=row["year"],
    )
    return engine.UnitFigure(
        unit_id=unit_id,
        unit_name=unit_name,
        version=number,
        figure=figure,
        outline_item=_item_of(row["path"], pairs),
        figure_id=str(row["pk"]),
    )


_FIGURE_VALUES = (
    "pk", "version_id", "value", "unit", "qualifier", "sentence", "raw", "path", "year",
)  # fmt: skip


def unit_figures(
    campaign: Campaign, confirmed_only: bool = True, units: QuerySet[Unit] | None = None
) -> list:
    """The figures of each unit's submitted version, as the engine's UnitFigure: the
    confirmed or corrected ones (values), or all (proposing indicators).  Two queries."""
    figures = ReportedFigure.objects.filter(
        version__submission__assignment__campaign=campaign,
        version__submission__submitted_version=F("version"),
    )
    if units is not None:
        figures = figures.filter(version__submission__assignment__unit__in=units)
    if confirmed_only:
        figures = figures.filter(status__in=CONFIRMED)
    rows = list(
        figures.order_by("version_id", "order").values(
            *_FIGURE_VALUES,
            "footnote",
            "version__number",
            "version__submission__assignment__unit_id",
            "version__submission__assignment__unit__name",
        )
    )
    versions = {r["version_id"] for r in rows}
    answers = Answer.objects.filter(version_id__in=versions).values_list(
        "version_id", "item__code", "path"
    )
    items = _outline_items(answers) if versions else {}
    return [
        _unit_figure(
            r,
            items.get(r["version_id"], []),
            str(r["version__submission__assignment__unit_id"]),
            r["version__submission__assignment__unit__name"],
            r["version__number"],
        )
        for r in rows
    ]


def version_figures(version: Version, unit: Unit) -> list:
    """All figures of one version, with the values as they now stand (the reporter's page)."""
    rows = list(version.figures.order_by("order").values(*_FIGURE_VALUES, "footnote"))
    items = _outline_items(version.answers.values_list("version_id", "item__code", "path"))
    pairs = items.get(version.pk, [])
    return [_unit_figure(r, pairs, str(unit.pk), unit.name, version.number) for r in rows]


# ------------------------------------------------------------------- values


def refresh_values(
    campaign: Campaign,
    indicators: list[Indicator] | None = None,
    assignment: Assignment | None = None,
) -> dict:
    """Take each unit's value of `indicators` (default: all in use) again from the
    figures its reporter confirmed in its submitted version; only `assignment`'s unit
    when given (a unit that has just submitted).  Values entered by hand or corrected by
    staff stay as they are.  Returns {"created", "updated", "removed"}."""
    rows = indicators_of(campaign) if indicators is None else [i for i in indicators]
    rows = [i for i in rows if not i.retired and i.aggregation == m.SUM]
    counts = {"created": 0, "updated": 0, "removed": 0}
    if not rows:
        return counts
    if assignment is None:
        figures = unit_figures(campaign)
        assignments = dict(
            Assignment.objects.filter(campaign=campaign).values_list("unit_id", "pk")
        )
    else:
        figures = unit_figures(campaign, units=Unit.objects.filter(pk=assignment.unit_id))
        assignments = {assignment.unit_id: assignment.pk}
    found = engine.match(to_engine(rows), figures)
    by_key = {i.key: i for i in rows}
    figure_version = {}
    ids = [int(v.source.figure_id) for v in found if v.source and v.source.figure_id]
    if ids:
        figure_version = dict(
            ReportedFigure.objects.filter(pk__in=ids).values_list("pk", "version_id")
        )
    wanted: dict[tuple[int, int], m.UnitValue] = {}
    for v in found:
        a = assignments.get(int(v.unit_id))
        if a is not None and v.indicator in by_key:
            wanted[(by_key[v.indicator].pk, a)] = v
    with transaction.atomic():
        held = IndicatorValue.objects.filter(indicator__in=rows)
        if assignment is not None:
            held = held.filter(assignment=assignment)
        current = {(x.indicator_id, x.assignment_id): x for x in held}
        create, update = [], []
        for pair, v in wanted.items():
            src = v.source or m.Source(unit_id=v.unit_id, unit_name="")
            fid = int(src.figure_id) if src.figure_id else None
            fields_now = {
                "value": v.value.quantize(_FOUR_PLACES),
                "qualifier": v.qualifier[:30],
                "figure_id": fid,
                "version_id": figure_version.get(fid),
                "path": list(src.path),
                "sentence": src.sentence,
                "footnote": src.footnote,
            }
            row = current.get(pair)
            if row is None:
                create.append(
                    IndicatorValue(indicator_id=pair[0], assignment_id=pair[1], **fields_now)
                )
            elif (
                row.origin == IndicatorValue.Origin.FIGURE
                and not row.corrected
                and any(getattr(row, k) != val for k, val in fields_now.items())
            ):
                for k, val in fields_now.items():
                    setattr(row, k, val)
                update.append(row)
        stale = [
            x.pk
            for pair, x in current.items()
            if pair not in wanted and x.origin == IndicatorValue.Origin.FIGURE and not x.corrected
        ]
        IndicatorValue.objects.bulk_create(create, batch_size=1000)
        if update:
            IndicatorValue.objects.bulk_update(
                update,
                ["value", "qualifier", "figure", "version", "path", "sentence", "footnote"],
                batch_size=1000,
            )
        IndicatorValue.objects.filter(pk__in=stale).delete()
        if create or update or stale:
            touch(campaign)
    counts.update(created=len(create), updated=len(update), removed=len(stale))
    return counts


def values_follow(assignment: Assignment) -> dict:
    """A unit's values taken again from its submitted version, when its reporter submits:
    that unit only, none of the others'.  Nothing to do for a campaign without a
    catalogue (one query)."""
    if not Indicator.objects.filter(
        campaign_id=assignment.campaign_id, retired=False, aggregation=m.SUM
    ).exists():
        return {"created": 0, "updated": 0, "removed": 0}
    return refresh_values(assignment.campaign, assignment=assignment)


def parse_value(text: str) -> Decimal:
    """A value as staff type it, Vietnamese notation: "4.320", "98,9"."""
    text = (text or "").strip()
    number = parse_number(text) if text else None
    if number is None:
        raise ConsolidationError(
            f"“{text}” không phải là một số. Hãy nhập số theo cách viết thông thường, "
            "ví dụ 4.320 hoặc 98,9."
            if text
            else "Hãy nhập giá trị."
        )
    d = Decimal(str(number)).quantize(_FOUR_PLACES)
    if abs(d) >= _MAX_VALUE:
        raise ConsolidationError(f"Số “{text}” quá lớn.")
    return d


def set_value(
    indicator: Indicator,
    assignment: Assignment,
    value: Decimal,
    user,
    reason: str = "",
    qualifier: str | None = None,
) -> IndicatorValue:
    """Staff correct a unit's value (a reason is required; the value the report gave is
    kept) or enter one by hand where the report has none.  Both values, who and why go
    to the audit log."""
    reason = (reason or "").strip()
    if indicator.aggregation == m.RATIO:
        raise ConsolidationError(
            "Chỉ tiêu tỷ lệ được tính từ tử số và mẫu số: hãy sửa giá trị của hai chỉ tiêu đó."
        )
    if assignment.campaign_id != indicator.campaign_id:
        raise ConsolidationError("Đơn vị không thuộc đợt báo cáo của chỉ tiêu này.")
    try:
        value = Decimal(value).quantize(_FOUR_PLACES)
    except (InvalidOperation, TypeError):
        raise ConsolidationError("Giá trị không phải là một số.") from None
    with transaction.atomic():
        row = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, assignment=assignment)
            .first()
        )
        unit = assignment.unit
        what = f"«{indicator.name}» của {unit.name}"
        if row is None:
            row = IndicatorValue.objects.create(
                indicator=indicator,
                assignment=assignment,
                value=value,
                qualifier=(qualifier or "")[:30],
                origin=IndicatorValue.Origin.MANUAL,
                entered_by=user,
                reason=reason,
            )
            touch(indicator.campaign_id)
            _audit(
                Event.Action.VALUE,
                user,
                indicator.campaign,
                f"Nhập tay {what}: {vn_number(value)}" + (f" — {reason}" if reason else ""),
                unit=unit,
                indicator=indicator.key,
                old=None,
                new=str(value),
                reason=reason,
            )
            return row
        if not reason:
            raise ConsolidationError(
                "Hãy ghi lý do sửa giá trị: lý do được lưu cùng giá trị cũ trong nhật ký."
            )
        if row.value == value and (qualifier is None or qualifier == row.qualifier):
            return row
        old = row.value
        if row.reported_value is None and row.origin == IndicatorValue.Origin.FIGURE:
            row.reported_value = old
        row.value = value
        if qualifier is not None:
            row.qualifier = qualifier[:30]
        row.corrected_by, row.corrected_at, row.reason = user, timezone.now(), reason
        row.save()
        touch(indicator.campaign_id)
        _audit(
            Event.Action.VALUE,
            user,
            indicator.campaign,
            f"Sửa {what}: {vn_number(old)} → {vn_number(value)} — {reason}",
            unit=unit,
            indicator=indicator.key,
            old=str(old),
            new=str(value),
            reported=str(row.reported_value) if row.reported_value is not None else None,
            reason=reason,
        )
    return row


# ------------------------------------------------------------------- candidates


def candidates(campaign: Campaign) -> list[m.Candidate]:
    """Indicators proposed from the figures of every unit's submitted version."""
    existing = to_engine(indicators_of(campaign, retired=True))
    return engine.propose(unit_figures(campaign, confirmed_only=False), existing)


def adopt(campaign: Campaign, key: str, user) -> Indicator:
    """Adopt the candidate `key` as it is proposed now: the indicator and its values."""
    found = next((c for c in candidates(campaign) if c.indicator.key == key), None)
    if found is None:
        raise ConsolidationError(
            "Đề xuất này không còn: có thể chỉ tiêu đã được thêm, hoặc số liệu của các đơn vị "
            "đã thay đổi. Hãy xem lại danh sách đề xuất."
        )
    with transaction.atomic():
        [row] = _create_catalogue(campaign, [found.indicator], [], user) or [None]
        if row is None:
            raise ConsolidationError("Danh mục đã có chỉ tiêu mang mã này.")
        _audit(
            Event.Action.INDICATOR,
            user,
            campaign,
            f"Thêm chỉ tiêu «{row.name}» từ đề xuất ({found.units} đơn vị có số liệu)",
            indicator=row.key,
            units=found.units,
        )
    refresh_values(campaign, [row])
    return row


# ------------------------------------------------------------------- the tree


@dataclass(slots=True)
class UnitRow:
    """An addressed unit (or a node above addressed units) as pages show it."""

    id: str  # unit pk as a string: the engine's node id
    name: str
    code: str
    assignment_id: int | None  # None for a node that was not addressed
    parent: str | None
    depth: int = 0
    folded: str = ""


@dataclass
class Tree:
    nodes: list[m.TreeNode]
    rows: dict[str, UnitRow]  # node id -> row
    order: list[str]  # node ids, depth first, children by name

    def children(self, node: str | None) -> list[UnitRow]:
        return [self.rows[n] for n in self.order if self.rows[n].parent == node]

    @property
    def depth(self) -> int:
        return max((r.depth for r in self.rows.values()), default=0)

    @cached_property
    def parents(self) -> frozenset[str]:
        """The nodes with a node under them."""
        return frozenset(r.parent for r in self.rows.values() if r.parent)


def tree(campaign: Campaign, units: QuerySet[Unit] | None = None) -> Tree:
    """The tree as it stood when the campaign was sent: each addressed unit under its
    parent at that time (Assignment.parent_at_time).  A parent that was not addressed
    itself (a district whose wards report) is a node that expects nothing; above it the
    current tree is followed up to the campaign's owner, which is not a node: its
    totals are the whole campaign's.  Two or three queries."""
    qs = Assignment.objects.filter(campaign=campaign)
    if units is not None:
        qs = qs.filter(unit__in=units)
    assigned = list(
        qs.order_by().values_list("pk", "unit_id", "unit__name", "unit__code", "parent_at_time_id")
    )
    rows: dict[str, UnitRow] = {}
    parents_at_time: dict[str, int | None] = {}
    for pk, unit_id, name, code, parent in assigned:
        rows[str(unit_id)] = UnitRow(str(unit_id), name, code, pk, None)
        parents_at_time[str(unit_id)] = parent
    owner = campaign.owner
    above_owner = {int(x) for x in owner.tree_path.strip("/").split("/") if x}
    # Parents that were not addressed: their own chain up to the owner, from the tree now.
    outside = {p for p in parents_at_time.values() if p and str(p) not in rows} - above_owner
    chain: dict[int, list[int]] = {}
    if outside:
        paths = dict(Unit.objects.filter(pk__in=outside).values_list("pk", "tree_path"))
        for pk, path in paths.items():
            ids = [int(x) for x in path.strip("/").split("/") if x]
            chain[pk] = [i for i in ids if i not in above_owner]  # top first, itself last
        needed = {i for ids in chain.values() for i in ids if str(i) not in rows}
        for pk, name, code in Unit.objects.filter(pk__in=needed).values_list("pk", "name", "code"):
            rows[str(pk)] = UnitRow(str(pk), name, code, None, None)
        for ids in chain.values():
            for upper, lower in zip(ids, ids[1:], strict=False):
                if rows[str(lower)].assignment_id is None:
                    rows[str(lower)].parent = str(upper)
    for uid, parent in parents_at_time.items():
        if parent and str(parent) in rows and str(parent) != uid:
            rows[uid].parent = str(parent)
    for r in rows.values():
        r.folded = " ".join(fold(r.name).split())
    # Depth-first order, children by name; a cycle (never expected) is cut at the top.
    kids: dict[str | None, list[str]] = defaultdict(list)
    for r in rows.values():
        kids[r.parent if r.parent in rows else None].append(r.id)
    for ids in kids.values():
        ids.sort(key=lambda i: (rows[i].folded, rows[i].code))
    order: list[str] = []
    stack = [(i, 1) for i in reversed(kids[None])]
    seen: set[str] = set()
    while stack:
        node, depth = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        rows[node].depth = depth
        order.append(node)
        stack.extend((c, depth + 1) for c in reversed(kids[node]))
    for r in rows.values():  # a cycle: what was not reached becomes a top node
        if r.id not in seen:
            r.parent, r.depth = None, 1
            order.append(r.id)
    nodes = [
        m.TreeNode(
            r.id, r.name, r.parent if r.parent in rows else None, r.assignment_id is not None
        )
        for r in (rows[i] for i in order)
    ]
    return Tree(nodes, rows, order)


# ------------------------------------------------------------------- values and totals


def _source(v: dict, unit: UnitRow | None) -> m.Source | None:
    if v["version__number"] is None and not v["sentence"]:
        return None
    return m.Source(
        unit_id=str(v["assignment__unit_id"]),
        unit_name=unit.name if unit else "",
        version=v["version__number"],
        path=list(v["path"] or []),
        sentence=v["sentence"],
        footnote=v["footnote"],
        file_name=v["version__original_name"] or "",
        figure_id=str(v["figure_id"]) if v["figure_id"] else None,
    )


def unit_values(
    campaign: Campaign, indicators: list[Indicator], t: Tree | None = None, sources: bool = True
) -> list[m.UnitValue]:
    """The stored values of `indicators` as the engine's UnitValue (one query); only
    units of `t` when given.  `sources` False: the numbers only (what pages add up),
    without the sentence, version and note each came with."""
    if not sources:
        keys = {i.pk: i.key for i in indicators}
        return [
            m.UnitValue(indicator=keys[ind], unit_id=uid, value=value, qualifier=qualifier)
            for ind, uid, value, qualifier in (
                (ind, str(u), value, qualifier)
                for ind, u, value, qualifier in IndicatorValue.objects.filter(
                    indicator__in=indicators
                )
                .order_by()
                .values_list("indicator_id", "assignment__unit_id", "value", "qualifier")
            )
            if t is None or uid in t.rows
        ]
    rows = (
        IndicatorValue.objects.filter(indicator__in=indicators)
        .order_by()
        .values(
            "indicator__key",
            "assignment__unit_id",
            "value",
            "qualifier",
            "reported_value",
            "reason",
            "path",
            "sentence",
            "footnote",
            "figure_id",
            "version__number",
            "version__original_name",
            "indicator__year",
            "figure__year",
        )
    )
    out = []
    for v in rows:
        uid = str(v["assignment__unit_id"])
        if t is not None and uid not in t.rows:
            continue
        out.append(
            m.UnitValue(
                indicator=v["indicator__key"],
                unit_id=uid,
                value=v["value"],
                qualifier=v["qualifier"],
                source=_source(v, t.rows.get(uid) if t else None),
                corrected_from=v["reported_value"],
                note=v["reason"],
                # a yearly figure taken for an indicator of no year keeps its year
                year=v["figure__year"] if v["indicator__year"] is None else None,
            )
        )
    return out


@dataclass
class RollUp:
    tree: Tree
    indicators: list[Indicator]  # rows, in catalogue order
    engine_indicators: list[m.Indicator]
    values: list[m.UnitValue]
    totals: dict[tuple[str, str], m.Total]
    problems: list | None = None  # the broken rules, once asked (see `problems`)
    # Read from the stored totals (a large campaign): the campaign's pk; totals are then
    # loaded for the nodes a page shows (`load_totals`), values when asked (`values_of`).
    stored: int | None = None
    stale: bool = False  # stored totals older than the last change: being added up again
    totals_at: dt.datetime | None = None

    def total(self, node: str, key: str) -> m.Total | None:
        return self.totals.get((node, key))


def _with_parts(campaign: Campaign, rows: list[Indicator]) -> list[Indicator]:
    """`rows` and the numerators and denominators their ratios need."""
    need = {i.numerator_id for i in rows} | {i.denominator_id for i in rows}
    need -= {i.pk for i in rows} | {None}
    if not need:
        return rows
    return rows + list(Indicator.objects.filter(campaign=campaign, pk__in=need))


# Roll-ups computed in this process, under the campaign's state token: thousands of units
# take a second to add up, a page shown again after no change takes nothing.
_CACHE: OrderedDict[tuple, RollUp] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


# Up to this many addressed units a campaign's pages add its values up as they are asked
# (a fraction of a second); above, they read totals stored by a background task.
LIVE_LIMIT = 300


def touch(campaign: Campaign | int) -> None:
    """Mark a campaign's consolidation changed: roll-ups are computed again (a large
    campaign's stored totals by a background task)."""
    pk = campaign if isinstance(campaign, int) else campaign.pk
    CampaignState.objects.update_or_create(campaign_id=pk, defaults={"token": uuid4().hex})
    if Assignment.objects.filter(campaign_id=pk).count() > LIVE_LIMIT:
        queue_totals(pk)


def units_changed(sender, instance: Unit, created: bool = False, raw: bool = False, **kw) -> None:
    """A unit saved (renamed, moved, closed): the campaigns whose tree holds it or a unit
    under it build their tree again.  Through the database, so every process sees it —
    roll-ups and trees are kept per process (a worker's pages would name the old unit)."""
    if created or raw or not instance.tree_path:
        return  # a new unit is in no campaign yet
    path = instance.tree_path  # before a move: the subtree the campaigns were sent to
    ids = set(
        Assignment.objects.filter(
            Q(unit__tree_path__startswith=path) | Q(parent_at_time__tree_path__startswith=path)
        )
        .order_by()
        .values_list("campaign_id", flat=True)
        .distinct()
    )
    for pk in sorted(ids):
        CampaignState.objects.update_or_create(campaign_id=pk, defaults={"tree_token": uuid4().hex})
        touch(pk)  # the kept roll-ups, and a large campaign's stored broken rules (names)


def queue_totals(campaign_id: int) -> bool:
    """Queue the adding up of a campaign's stored totals, unless one is already waiting."""
    from tonghop.web.consolidation.tasks import recompute_totals

    CampaignState.objects.get_or_create(campaign_id=campaign_id, defaults={"token": uuid4().hex})
    if not CampaignState.objects.filter(campaign_id=campaign_id, totals_queued=False).update(
        totals_queued=True
    ):
        return False
    recompute_totals.enqueue(campaign_id)
    return True


def store_totals(campaign: Campaign) -> dict:
    """Add up every indicator in use over the whole tree as sent and keep the totals and
    the broken rules, marked with the state they were computed at (the background task).
    Returns counts for the log."""
    CampaignState.objects.filter(campaign=campaign).update(totals_queued=False)
    token = CampaignState.objects.filter(campaign=campaign).values_list("token", flat=True).first()
    rows = _with_parts(campaign, indicators_of(campaign))
    r = _compute_rollup(campaign, rows, None, sources=False)
    found = problems(campaign, r)
    pk_of = {i.key: i.pk for i in rows}
    totals = [
        StoredTotal(
            campaign=campaign,
            indicator_id=pk_of[key],
            node=node,
            value=t.value,
            numerator=t.numerator,
            denominator=t.denominator,
            lower_bound=t.lower_bound,
            approximate=t.approximate,
            reported=t.reported,
            expected=t.expected,
        )
        for (node, key), t in r.totals.items()
        # a unit with none under it: its total is its own value, read when shown
        if key in pk_of and (node == CAMPAIGN or node in r.tree.parents)
    ]
    broken = [
        StoredProblem(
            campaign=campaign,
            position=k,
            rule=p.violation.rule[:200],
            node=p.violation.node,
            node_name=p.node_name[:300],
            assignment_id=p.assignment_id,
            left=p.violation.left,
            right=p.violation.right,
            importance=p.violation.importance,
            message=p.violation.message,
        )
        for k, p in enumerate(found)
    ]
    with transaction.atomic():
        StoredTotal.objects.filter(campaign=campaign).delete()
        StoredProblem.objects.filter(campaign=campaign).delete()
        StoredTotal.objects.bulk_create(totals, batch_size=5000)
        StoredProblem.objects.bulk_create(broken, batch_size=5000)
        CampaignState.objects.filter(campaign=campaign).update(
            totals_token=token or "", totals_at=timezone.now()
        )
    return {"totals": len(totals), "problems": len(broken)}


_TREES: OrderedDict[tuple, Tree] = OrderedDict()


def _whole_tree(campaign: Campaign, addressed: dict, tree_token: str) -> Tree:
    """The whole tree as sent, kept per process while the campaign's assignments and
    their units' names stay the same (values changing do not change it)."""
    key = (campaign.pk, campaign.created_at, addressed["n"], addressed["m"], tree_token)
    with _CACHE_LOCK:
        hit = _TREES.get(key)
        if hit is not None:
            _TREES.move_to_end(key)
            return hit
    t = tree(campaign)
    with _CACHE_LOCK:
        _TREES[key] = t
        while len(_TREES) > _CACHE_SIZE:
            _TREES.popitem(last=False)
    return t


def _stored_rollup(campaign: Campaign, rows: list[Indicator], units) -> RollUp | None:
    """A large campaign seen whole, with totals stored at least once: its roll-up reads
    them (three or four small queries).  None otherwise: added up live."""
    state = CampaignState.objects.filter(campaign=campaign).first()
    if state is None or not state.totals_token:
        return None
    addressed = Assignment.objects.filter(campaign=campaign).aggregate(n=Count("pk"), m=Max("pk"))
    if addressed["n"] <= LIVE_LIMIT:
        return None
    if (
        units is not None
        and Assignment.objects.filter(campaign=campaign).exclude(unit__in=units).exists()
    ):
        return None  # a part of the tree: added up live over it
    t = _whole_tree(campaign, addressed, state.tree_token)
    return RollUp(
        t, rows, to_engine(rows), None, {}, stored=campaign.pk,
        stale=not state.totals_fresh, totals_at=state.totals_at,
    )  # fmt: skip


def load_totals(r: RollUp, nodes) -> None:
    """The stored totals of `nodes` (node ids, CAMPAIGN for the whole) for the roll-up's
    indicators (one query); nothing to do for a roll-up added up live."""
    if r.stored is None:
        return
    wanted = [
        n for n in dict.fromkeys(nodes) if not any((n, i.key) in r.totals for i in r.indicators)
    ]
    if not wanted:
        return
    key_of = {i.pk: i.key for i in r.indicators}
    leaves = [n for n in wanted if n != CAMPAIGN and n not in r.tree.parents]
    wanted = [n for n in wanted if n == CAMPAIGN or n in r.tree.parents]
    if leaves:
        _leaf_totals(r, leaves)
    if not wanted:
        return
    stored = StoredTotal.objects.filter(campaign_id=r.stored, indicator_id__in=list(key_of))
    if len(wanted) <= 1000:  # a page of nodes; else the whole tree (the export)
        stored = stored.filter(node__in=wanted)
    for row in stored.values_list(
        "node", "indicator_id", "value", "numerator", "denominator", "lower_bound",
        "approximate", "reported", "expected",
    ):  # fmt: skip
        node, ind, value, num, den, lower, approx, reported, expected = row
        if num is not None and den:  # a ratio: as exact as added up live
            value = num * 100 / den
        r.totals[(node, key_of[ind])] = m.Total(
            indicator=key_of[ind], node=node, value=value, lower_bound=lower,
            approximate=approx, reported=reported, expected=expected, numerator=num,
            denominator=den,
        )  # fmt: skip


def _leaf_totals(r: RollUp, leaves: list[str]) -> None:
    """Totals of units with none under them: their own values, as the engine adds them
    (one query)."""
    key_of = {i.pk: i.key for i in r.indicators}
    held = IndicatorValue.objects.filter(indicator_id__in=list(key_of))
    if len(leaves) <= 1000:
        ids = [r.tree.rows[n].assignment_id for n in leaves]
        held = held.filter(assignment_id__in=[a for a in ids if a is not None])
    else:  # the whole tree (the export): by campaign, not by thousands of ids
        held = held.filter(assignment__campaign_id=r.stored)
    chosen = set(leaves)
    values = [
        m.UnitValue(indicator=key_of[ind], unit_id=str(u), value=value, qualifier=q)
        for ind, u, value, q in held.order_by().values_list(
            "indicator_id", "assignment__unit_id", "value", "qualifier"
        )
        if str(u) in chosen
    ]
    nodes = [
        m.TreeNode(n, r.tree.rows[n].name, None, r.tree.rows[n].assignment_id is not None)
        for n in leaves
    ]
    for (node, key), t in engine.roll_up(nodes, r.engine_indicators, values, False).items():
        if node != CAMPAIGN:
            r.totals[(node, key)] = t


def values_of(r: RollUp, campaign: Campaign, keys: set[str] | None = None) -> list[m.UnitValue]:
    """The roll-up's unit values (of `keys` only when given): read now for a roll-up
    from stored totals, which holds none."""
    if r.values is not None:
        return [v for v in r.values if keys is None or v.indicator in keys]
    rows = [i for i in r.indicators if keys is None or i.key in keys]
    return unit_values(campaign, rows, r.tree, sources=False)


def _cache_key(campaign: Campaign, rows: list[Indicator], units, sources: bool) -> tuple:
    """Two small queries: the state token and the campaign's assignments (added or removed
    while it is a draft)."""
    token = CampaignState.objects.filter(campaign=campaign).values_list("token", flat=True).first()
    addressed = Assignment.objects.filter(campaign=campaign).aggregate(n=Count("pk"), m=Max("pk"))
    signature = tuple(
        (i.pk, i.key, i.aggregation, i.numerator_id, i.denominator_id, i.retired) for i in rows
    )
    scope = str(units.query) if units is not None else ""
    return (campaign.pk, campaign.created_at, token, addressed["n"], addressed["m"], scope,
            signature, sources)  # fmt: skip


def rollup(
    campaign: Campaign,
    indicators: list[Indicator] | None = None,
    units: QuerySet[Unit] | None = None,
    cached: bool = True,
    sources: bool = False,
    stored: bool = False,
) -> RollUp:
    """Every node's totals and the whole campaign's, over the units of `units` (all by
    default).  At most eight queries whatever the number of units; none of the heavy
    ones when the same roll-up was computed since the last change (`cached`).
    `sources`: the values with their sentences and versions, and each total with the
    units missing from it (the draft needs them; pages show numbers and counts).
    `stored`: a large campaign's totals may be read from storage — then only for the nodes
    asked with `load_totals`, values with `values_of` (the pages of this app)."""
    rows = indicators_of(campaign) if indicators is None else indicators
    rows = _with_parts(campaign, rows)
    if stored and cached and not sources:
        found = _stored_rollup(campaign, rows, units)
        if found is not None:
            return found
    key = _cache_key(campaign, rows, units, sources) if cached else None
    if key is not None:
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
            if hit is not None:
                _CACHE.move_to_end(key)
                return hit
    r = _compute_rollup(campaign, rows, units, sources)
    if key is not None:
        with _CACHE_LOCK:
            _CACHE[key] = r
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return r


def _compute_rollup(campaign: Campaign, rows: list[Indicator], units, sources: bool) -> RollUp:
    t = tree(campaign, units)
    eng = to_engine(rows)
    values = unit_values(campaign, rows, t, sources=sources)
    totals = engine.roll_up(t.nodes, eng, values, with_missing=sources)
    return RollUp(t, rows, eng, values, totals)


def total_text(total: m.Total | None, indicator: Indicator | m.Indicator) -> str:
    """A total as the pages and the draft write it: "trên 1.250", "98,9"; "" if none."""
    if total is None or total.value is None:
        return ""
    ratio = indicator.aggregation == m.RATIO
    number = vn_number(total.value, 1 if ratio else None)
    prefix = "trên " if total.lower_bound else ("khoảng " if total.approximate else "")
    return prefix + number + ("%" if ratio else "")


# ------------------------------------------------------------------- validation


@dataclass
class Problem:
    """A violation with the names a reader needs."""

    violation: m.Violation
    node_name: str
    assignment_id: int | None

    @property
    def is_error(self) -> bool:
        return self.violation.importance == "error"


def problems(campaign: Campaign, r: RollUp) -> list[Problem]:
    """Broken rules per unit and per node of a roll-up (two more queries: the rules),
    kept with the roll-up: asked again before any change, they are not judged again."""
    if r.problems is not None:
        return r.problems
    if r.stored is not None:
        return StoredProblems(r.stored)
    rules = rules_of(campaign, r.engine_indicators)
    out = []
    for v in engine.check(rules, r.values, r.totals):
        row = r.tree.rows.get(v.node)
        name = "Toàn đợt báo cáo" if v.node == CAMPAIGN else (row.name if row else v.node)
        out.append(Problem(v, name, row.assignment_id if row else None))
    where = {node: k for k, node in enumerate(r.tree.order)}
    out.sort(key=lambda p: (not p.is_error, where.get(p.violation.node, -1)))
    r.problems = out
    return out


class StoredProblems:
    """The stored broken rules of a large campaign as a sequence a Paginator pages
    through: a count, then the rows of the page shown."""

    def __init__(self, campaign_id: int) -> None:
        self.qs = StoredProblem.objects.filter(campaign_id=campaign_id).order_by("position")

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        rows = self.qs[index] if isinstance(index, slice) else [self.qs[index]]
        out = [
            Problem(
                m.Violation(x.rule, x.node, x.left, x.right, x.importance, x.message),
                x.node_name,
                x.assignment_id,
            )
            for x in rows
        ]
        return out if isinstance(index, slice) else out[0]

    def counts(self) -> tuple[int, int]:
        """(errors, warnings): one query."""
        c = self.qs.aggregate(
            errors=Count("pk", filter=Q(importance="error")),
            warnings=Count("pk", filter=~Q(importance="error")),
        )
        return c["errors"], c["warnings"]


def rule_counts(campaign: Campaign, units: QuerySet[Unit] | None = None) -> tuple[int, int] | None:
    """(errors, warnings) of the campaign's figures against its rules over `units` (what
    the reader may read, as the checks page), for the campaign's dashboard; None without
    indicators in use.  The kept roll-up, or a large campaign's stored counts."""
    rows = indicators_of(campaign)
    if not rows:
        return None
    return problem_counts(problems(campaign, rollup(campaign, rows, units, stored=True)))


def problem_counts(found) -> tuple[int, int]:
    if isinstance(found, StoredProblems):
        return found.counts()
    return sum(p.is_error for p in found), sum(not p.is_error for p in found)


def version_problems(version: Version, unit: Unit, campaign: Campaign) -> list[m.Violation]:
    """Broken rules in one unit's version, from its figures as they now stand: what its
    reporter sees before submitting.  Nothing when the campaign has no catalogue."""
    rows = indicators_of(campaign)
    if not rows:
        return []
    eng = to_engine(rows)
    values = engine.match(eng, version_figures(version, unit))
    return engine.check(rules_of(campaign, eng), values, None)


def unit_values_for(assignment: Assignment) -> list[IndicatorValue]:
    """One unit's values (its reporter's view)."""
    return list(
        IndicatorValue.objects.filter(assignment=assignment, indicator__retired=False)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__pk")
    )


def unit_context(assignment: Assignment, version: Version | None) -> dict:
    """What a unit's report page shows of consolidation: the broken rules in the version
    shown (before submitting) and the unit's values in the roll-up."""
    campaign = assignment.campaign
    problems_ = version_problems(version, assignment.unit, campaign) if version else []
    return {
        "unit_problems": problems_,
        "unit_problems_checked": version is not None and campaign.indicators.exists(),
        "unit_values": unit_values_for(assignment),
    }


# ------------------------------------------------------------------- one indicator


@dataclass
class ValueRow:
    unit: UnitRow
    parent_name: str = ""
    own: m.UnitValue | None = None  # SUM: the unit's value as the roll-up holds it
    ratio: Decimal | None = None  # RATIO: the unit's own numerator / denominator
    # Filled for the rows of the page shown: the stored rows, with their sources.
    value: IndicatorValue | None = None
    numerator: IndicatorValue | None = None
    denominator: IndicatorValue | None = None

    @property
    def sort_value(self) -> Decimal | None:
        return self.ratio if self.own is None else self.own.value


@dataclass
class IndicatorPage:
    indicator: Indicator
    rollup: RollUp
    page: Page  # of ValueRow: expected units, as asked to sort
    reported: int
    expected: int
    chart: list[tuple[str, Decimal, str]] = field(default_factory=list)  # name, value, text


SORTS = {"unit": "Đơn vị", "value": "Giá trị", "tree": "Theo cây đơn vị"}
VALUES_PER_PAGE = 100


def indicator_page(
    indicator: Indicator,
    units: QuerySet[Unit] | None = None,
    sort: str = "tree",
    descending: bool = False,
    page: int | str | None = 1,
    per_page: int = VALUES_PER_PAGE,
) -> IndicatorPage:
    """Values by unit, sorted, one page of them with their stored rows and sources; the
    totals; the data of the chart.  The stored rows are read for the page only."""
    campaign = indicator.campaign
    r = rollup(campaign, [indicator], units, stored=True)
    load_totals(r, [CAMPAIGN, *(u.id for u in r.tree.children(None))])
    eng = next(i for i in r.engine_indicators if i.key == indicator.key)
    wanted = {eng.key, eng.numerator, eng.denominator} - {""}
    own = {(v.unit_id, v.indicator): v for v in values_of(r, campaign, wanted)}
    rows = []
    for node in r.tree.order:
        u = r.tree.rows[node]
        if u.assignment_id is None:
            continue
        parent = r.tree.rows.get(u.parent) if u.parent else None
        row = ValueRow(u, parent.name if parent else "")
        if indicator.aggregation == m.RATIO:
            num, den = own.get((u.id, eng.numerator)), own.get((u.id, eng.denominator))
            if num is not None and den is not None and den.value:
                row.ratio = num.value * 100 / den.value
        else:
            row.own = own.get((u.id, eng.key))
        rows.append(row)
    if sort == "unit":
        rows.sort(key=lambda x: (x.unit.folded, x.unit.code), reverse=descending)
    elif sort == "value":
        present = [x for x in rows if x.sort_value is not None]
        absent = [x for x in rows if x.sort_value is None]
        present.sort(key=lambda x: (x.unit.folded, x.unit.code))
        present.sort(key=lambda x: x.sort_value, reverse=descending)
        rows = present + absent  # no value stays at the end either way
    elif descending:
        rows.reverse()
    shown = Paginator(rows, per_page).get_page(page)
    ids = {row.unit.assignment_id for row in shown.object_list}
    stored: dict[tuple[int, int], IndicatorValue] = {}
    kinds = [k for k in (indicator.pk, indicator.numerator_id, indicator.denominator_id) if k]
    for v in IndicatorValue.objects.filter(
        indicator_id__in=kinds, assignment_id__in=ids
    ).select_related("version", "corrected_by__profile", "entered_by__profile"):
        stored[(v.indicator_id, v.assignment_id)] = v
    for row in shown.object_list:
        a = row.unit.assignment_id
        row.value = stored.get((indicator.pk, a))
        row.numerator = stored.get((indicator.numerator_id, a))
        row.denominator = stored.get((indicator.denominator_id, a))
    whole = r.total(CAMPAIGN, indicator.key)
    chart = []
    for top in r.tree.children(None):
        t = r.total(top.id, indicator.key)
        if t is not None and t.value is not None:
            chart.append((top.name, t.value, total_text(t, indicator)))
    chart.sort(key=lambda c: -c[1])
    return IndicatorPage(
        indicator,
        r,
        shown,
        whole.reported if whole else 0,
        whole.expected if whole else 0,
        chart[:CHART_BARS],
    )


CHART_BARS = 30


def chart_svg(bars: list[tuple[str, Decimal, str]], title: str):
    """Horizontal bars, one per top node; names and numbers escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    if not bars:
        return ""
    w, row, label = 760, 22, 260
    h = row * len(bars) + 8
    top = max((b[1] for b in bars), default=Decimal(1)) or Decimal(1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    for k, (name, value, text) in enumerate(bars):
        y = 4 + k * row
        width = max(float(value / top) * (w - label - 90), 0 if value <= 0 else 1)
        short = name if len(name) <= 40 else name[:39] + "…"
        parts.append(
            f'<text x="{label - 6}" y="{y + 15}" font-size="12" text-anchor="end" '
            f'fill="#1d2430">{escape(short)}</text>'
            f'<rect x="{label}" y="{y + 3}" width="{width:.1f}" height="{row - 8}" '
            f'fill="#a3161a" opacity="0.75"><title>{escape(name)}: {escape(text)}</title></rect>'
            f'<text x="{label + width + 6:.1f}" y="{y + 15}" font-size="12" '
            f'fill="#5b6575">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


# ------------------------------------------------------------------- the roll-up table


@dataclass
class TableRow:
    unit: UnitRow
    cells: list[tuple[Indicator, m.Total | None, str]]
    has_children: bool = False
    above: str = ""  # the node it is under, named when a level is listed across the tree


def table_rows(
    r: RollUp, node: str | None, level: int | None, shown: list[Indicator] | None = None
) -> list[TableRow]:
    """The rows of the roll-up table: the children of `node`, or every node at `level`;
    the columns: `shown` (default every indicator in use of the roll-up)."""
    if level:
        chosen = [r.tree.rows[i] for i in r.tree.order if r.tree.rows[i].depth == level]
    else:
        chosen = r.tree.children(node)
    parents = {x.parent for x in r.tree.rows.values() if x.parent}
    shown = [i for i in r.indicators if not i.retired] if shown is None else shown
    return [
        TableRow(
            u, [], u.id in parents,
            r.tree.rows[u.parent].name if level and level > 1 and u.parent in r.tree.rows else "",
        )
        for u in chosen
    ]  # fmt: skip


def fill_cells(r: RollUp, rows: list[TableRow], shown: list[Indicator]) -> None:
    """The totals of the rows shown (a page of them)."""
    for row in rows:
        row.cells = [
            (i, r.total(row.unit.id, i.key), total_text(r.total(row.unit.id, i.key), i))
            for i in shown
        ]


# ------------------------------------------------------------------- the .xlsx export


def export_xlsx(campaign: Campaign, r: RollUp) -> bytes:
    """Every indicator × every unit, then the totals of every node by tree level and the
    whole campaign's, with how many units each covers.  Numbers are numbers.  Written
    as a stream of rows (tonghop.writers.xlsx_stream): thousands of units × dozens of
    indicators are a million cells."""
    from tonghop.writers.xlsx_stream import BOLD, HEADING, TITLE, Cell, StreamBook

    shown = [i for i in r.indicators if not i.retired]
    eng = {i.key: i for i in r.engine_indicators}
    own: dict[tuple[str, str], m.UnitValue] = {
        (v.unit_id, v.indicator): v for v in values_of(r, campaign)
    }
    # Stored totals: read for the nodes with units under them; a unit's own total is
    # written from its values (the same numbers, without thousands of Total objects).
    leaf_cells = r.stored is not None
    load_totals(r, [n for n in r.tree.order if n in r.tree.parents or not leaf_cells] + [CAMPAIGN])

    book = StreamBook()
    ws = book.sheet("Số liệu đơn vị", [6, 14, 44, 6, 30] + [16] * len(shown), freeze="F4")
    ws.row([Cell(campaign.title, TITLE)])
    ws.row(["Giá trị mỗi đơn vị báo cáo (ô trống: đơn vị chưa có số liệu, không phải số 0)."])
    head = ["STT", "Mã đơn vị", "Đơn vị", "Cấp", "Trực thuộc (khi gửi đợt báo cáo)"]
    head += [f"{i.name} ({'%' if i.is_ratio else i.unit})" for i in shown]
    ws.row([Cell(x, HEADING) for x in head])
    parts = [(i.key, i.is_ratio, eng[i.key].numerator, eng[i.key].denominator) for i in shown]
    n = 0
    for node in r.tree.order:
        u = r.tree.rows[node]
        if u.assignment_id is None:
            continue
        n += 1
        parent = r.tree.rows.get(u.parent) if u.parent else None
        line = [n, u.code, u.name, u.depth, parent.name if parent else ""]
        for key, is_ratio, numerator, denominator in parts:
            if is_ratio:
                num, den = own.get((u.id, numerator)), own.get((u.id, denominator))
                ok = num is not None and den is not None and den.value
                line.append(float(num.value * 100 / den.value) if ok else None)
            else:
                v = own.get((u.id, key))
                line.append(_number(v.value) if v else None)
        ws.row(line)

    cols = ["Cấp", "Mã đơn vị", "Đơn vị"]
    for i in shown:
        cols += [f"{i.name} ({'%' if i.is_ratio else i.unit})", "Báo cáo", "Ghi chú"]
    ws = book.sheet("Tổng hợp theo cấp", [14, 14, 44] + [14] * (len(cols) - 3), freeze="D4")
    ws.row([Cell(campaign.title, TITLE)])
    ws.row(
        [
            "Tổng của mỗi đơn vị gồm cả các đơn vị trực thuộc, theo cây đơn vị khi gửi đợt báo "
            "cáo. “Báo cáo”: số đơn vị có số liệu / số đơn vị phải báo cáo. “Tối thiểu”: có đơn "
            "vị ghi “trên, hơn …”."
        ]
    )
    ws.row([Cell(x, HEADING) for x in cols])
    by_level: dict[int, list[str]] = defaultdict(list)
    for node in r.tree.order:
        by_level[r.tree.rows[node].depth].append(node)
    for level in range(1, r.tree.depth + 1):
        for node in by_level[level]:
            u = r.tree.rows[node]
            if leaf_cells and node not in r.tree.parents:
                ws.row([level, u.code, u.name, *_own_cells(u, shown, own, eng)])
            else:
                ws.row([level, u.code, u.name, *_total_cells(r, node, shown)])
    last = ["Toàn đợt", "", "Toàn đợt báo cáo", *_total_cells(r, CAMPAIGN, shown)]
    ws.row([Cell(x, BOLD) for x in last])
    return book.save()


def _number(d: Decimal | None):
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _own_cells(u: UnitRow, shown: list[Indicator], own: dict, eng: dict) -> list:
    """The cells of a unit with none under it: its total is its own value, qualified as
    the engine qualifies a total (tonghop.consolidate.rollup)."""
    from tonghop.consolidate.rollup import APPROXIMATE, LOWER_BOUND

    expected = 1 if u.assignment_id is not None else 0
    out: list = []
    for i in shown:
        if i.is_ratio:
            num = own.get((u.id, eng[i.key].numerator))
            den = own.get((u.id, eng[i.key].denominator))
            if num is None or den is None or den.value == 0:
                out += [None, f"0/{expected}", ""]
                continue
            value = num.value * 100 / den.value
            lower = num.qualifier in LOWER_BOUND
            approx = num.qualifier in APPROXIMATE or den.qualifier in APPROXIMATE
        else:
            v = own.get((u.id, i.key))
            if v is None:
                out += [None, f"0/{expected}", ""]
                continue
            value, lower, approx = v.value, v.qualifier in LOWER_BOUND, v.qualifier in APPROXIMATE
        note = "tối thiểu" if lower else ("khoảng" if approx else "")
        out += [_number(value), f"1/{expected}", note]
    return out


def _total_cells(r: RollUp, node: str, shown: list[Indicator]) -> list:
    out: list = []
    for i in shown:
        t = r.total(node, i.key)
        if t is None:
            out += [None, "", ""]
            continue
        note = "tối thiểu" if t.lower_bound else ("khoảng" if t.approximate else "")
        out += [_number(t.value), f"{t.reported}/{t.expected}", note]
    return out


# ------------------------------------------------------------------- the draft


def _place(owner: Unit) -> str:
    m_ = re.search(r"(?:Thành ủy|Tỉnh ủy|Thị ủy|Quận ủy|Huyện ủy)\s+(.+)$", owner.name)
    return m_.group(1) if m_ else ""


def _subject(title: str) -> str:
    """The campaign's subject, without the tasks tacked on ("... và triển khai ...")."""
    title = " ".join(title.split())
    cut = re.search(r"\s+và (?:triển khai|tổ chức|thực hiện) ", title)
    return title[: cut.start()] if cut else title


def draft_defaults(campaign: Campaign) -> dict:
    """The header and signer fields prefilled from the campaign."""
    owner = campaign.owner
    issuer = (
        campaign.issuer or (campaign.receiver or "").split("(")[0].strip() or owner.name
    ).strip()
    superior = campaign.issuer_superior or (owner.name if issuer != owner.name else "")
    subject = _subject(campaign.title)
    return {
        "superior": superior.upper(),
        "issuer": issuer.upper(),
        "number": f"     -BC/{campaign.symbol}",
        "place": _place(owner),
        "date": timezone.localdate().isoformat(),
        "summary": f"Tổng hợp kết quả {subject[:1].lower()}{subject[1:]}",
        "guideline_summary": subject,
        "signer_capacity": campaign.signer_authority,
        "signer_position": campaign.signer_title,
        "signer_name": campaign.signer_name,
        "recipients": [f"Thường trực {owner.name} (để báo cáo)", "Các đơn vị báo cáo",
                       f"Lưu {issuer}"],
        "comments": False,
    }  # fmt: skip


def _guideline_citation(campaign: Campaign) -> dict:
    """Number, date and issuer of the guideline as the engine reads its file ({} if none)."""
    if not campaign.guideline:
        return {}
    try:
        from tonghop.consolidate.draft import spec_from_guideline
        from tonghop.web.campaigns.services import read_guideline

        with campaign.guideline.open("rb") as f:
            doc = read_guideline(f.read(), campaign.guideline_name or campaign.guideline.name)
        spec = spec_from_guideline(doc)
    except Exception:  # a citation is a nicety: the draft is made without it
        log.warning("guideline of campaign %s not read for the draft", campaign.pk, exc_info=True)
        return {}
    return {k: v for k, v in asdict(spec).items() if k.startswith("guideline_") and v}


def _engine_outline(campaign: Campaign) -> list[EngineOutlineItem]:
    return [
        EngineOutlineItem(i.code, i.title, i.level, i.parent_code or None)
        for i in campaign.outline.order_by("order")
    ]


def _engine_answers(campaign: Campaign, t: Tree) -> list:
    """Every submitted version's answer to each outline item, for quotations."""
    make = getattr(m, "Answer", None)
    if make is None:
        return []
    names = {f.name for f in fields(make)}
    rows = (
        Answer.objects.filter(
            version__submission__assignment__campaign=campaign,
            version__submission__submitted_version=F("version"),
        )
        .exclude(text="")
        .order_by("version__submission__assignment__unit_id", "item__order")
        .values(
            "item__code",
            "path",
            "title",
            "text",
            "version__number",
            "version__original_name",
            "version__submission__assignment__unit_id",
        )
    )
    out = []
    for a in rows:
        uid = str(a["version__submission__assignment__unit_id"])
        if uid not in t.rows:
            continue
        given = {
            "unit_id": uid,
            "unit_name": t.rows[uid].name,
            "outline_item": a["item__code"],
            # the report's own footnote markers would read as the draft's footnotes
            "text": strip_markers(a["text"]),
            "title": a["title"],
            "version": a["version__number"],
            "path": list(a["path"]),
            "file_name": a["version__original_name"],
            "source": m.Source(
                unit_id=uid,
                unit_name=t.rows[uid].name,
                version=a["version__number"],
                path=list(a["path"]),
                file_name=a["version__original_name"],
            ),
        }
        out.append(make(**{k: v for k, v in given.items() if k in names}))
    return out


def _spec(options: dict):
    make = getattr(m, "DraftSpec", None)
    if make is None:
        return options
    names = {f.name for f in fields(make)}
    given = dict(options)
    if "date" in names and isinstance(given.get("date"), str):
        given["date"] = given["date"]
    return make(**{k: v for k, v in given.items() if k in names})


def draft_campaign(campaign: Campaign, options: dict) -> tuple[bytes, bytes, m.Draft]:
    """The consolidated report: (the .docx, the annex .xlsx, the Draft).  A plain function
    a background task can call.  Values are first taken again from confirmed figures.

    options: draft_defaults(campaign) updated with the user's fields; "comments": the
    sources as Word comments."""
    options = {**draft_defaults(campaign), **_guideline_citation(campaign), **options}
    refresh_values(campaign)
    r = rollup(campaign, cached=False, sources=True)
    draft = engine.build_draft(
        _spec(options),
        _engine_outline(campaign),
        r.tree.nodes,
        r.engine_indicators,
        r.values,
        r.totals,
        _engine_answers(campaign, r.tree),
    )
    docx = engine.write_docx(draft, comments=bool(options.get("comments")))
    xlsx = engine.write_xlsx(draft)
    return docx, xlsx, draft


def _jsonable(draft: m.Draft) -> dict:
    return json.loads(json.dumps(asdict(draft), default=str))


# A run still pending or running after this long is taken as lost (its worker stopped):
# a new click may start another.
STALE_AFTER = dt.timedelta(minutes=30)


def _failure_reason(exc: Exception) -> str:
    """What went wrong, in Vietnamese, for the page and the audit log."""
    if isinstance(exc, ConsolidationError):
        return str(exc)
    if isinstance(exc, OSError):
        return (
            "Không ghi được tệp dự thảo vào thư mục dữ liệu của máy chủ (đầy ổ đĩa hoặc không "
            f"có quyền ghi); chưa có tệp nào được tạo. Chi tiết kỹ thuật: {exc}"
        )
    return (
        "Không lập được dự thảo do lỗi của hệ thống; chưa có tệp nào được tạo. "
        f"Chi tiết kỹ thuật: {type(exc).__name__}: {exc}"
    )


def execute_draft(run: DraftRun | int) -> DraftRun | None:
    """Draft a pending run and keep the outcome: the files and the draft for the preview,
    or the reason it failed.  What the background task calls.  Never raises for a failed
    drafting; a run not pending (already taken, or deleted) is left alone (None)."""
    pk = run if isinstance(run, int) else run.pk
    with transaction.atomic():
        run = DraftRun.objects.select_for_update().select_related("campaign").filter(pk=pk).first()
        if run is None or run.status != DraftRun.Status.PENDING:
            return None
        run.status, run.started_at = DraftRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    campaign, options = run.campaign, run.options
    try:
        docx, xlsx, draft = draft_campaign(campaign, options)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        run.docx.save(f"du-thao-tong-hop-{stamp}.docx", ContentFile(docx), save=False)
        run.xlsx.save(f"phu-luc-{stamp}.xlsx", ContentFile(xlsx), save=False)
    except Exception as exc:
        log.exception("drafting campaign %s failed", campaign.pk)
        for f in (run.docx, run.xlsx):  # nothing half-made stays behind
            if f:
                f.delete(save=False)
        run.status, run.error = DraftRun.Status.FAILED, _failure_reason(exc)[:2000]
    else:
        run.draft = _jsonable(draft)
        run.status = DraftRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    _audit(
        Event.Action.DRAFT,
        run.created_by,
        campaign,
        "Lập dự thảo báo cáo tổng hợp"
        + ("" if run.status == DraftRun.Status.DONE else " (không thành công)"),
        run=run.pk,
        comments=bool(options.get("comments")),
    )
    return run


def draft_outdated(run: DraftRun) -> bool:
    """A finished draft whose numbers or reports changed since it was made: a value
    changed (or a unit renamed) after it finished, or a report submitted after it
    started.  Two small queries."""
    if run.status != DraftRun.Status.DONE or run.finished_at is None:
        return False
    changed = (
        CampaignState.objects.filter(campaign_id=run.campaign_id)
        .values_list("changed_at", flat=True)
        .first()
    )
    if changed is not None and changed > run.finished_at:
        return True
    return Event.objects.filter(
        campaign_id=run.campaign_id,
        action=Event.Action.SUBMIT,
        at__gt=run.started_at or run.created_at,
    ).exists()


def start_draft(campaign: Campaign, options: dict, user=None) -> tuple[DraftRun, bool]:
    """Queue a drafting for the background worker; (the run, True if it is new).  While
    one is pending or running for the campaign, a second click gets that one back."""
    from tonghop.web.consolidation.tasks import draft_report

    with transaction.atomic():
        # One at a time per campaign: the campaign's row serialises two simultaneous clicks.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        active = campaign.draft_runs.filter(status__in=DraftRun.ACTIVE).first()
        if active is not None and timezone.now() - active.created_at < STALE_AFTER:
            return active, False
        if active is not None:
            active.status, active.finished_at = DraftRun.Status.FAILED, timezone.now()
            active.error = (
                "Quá lâu chưa soạn xong (chương trình xử lý nền có thể đã dừng): hãy soạn lại."
            )
            active.save(update_fields=["status", "finished_at", "error"])
        run = DraftRun.objects.create(
            campaign=campaign, options=options, status=DraftRun.Status.PENDING, created_by=user
        )
        run.task_id = str(draft_report.enqueue(run.pk).id)[:64]
        run.save(update_fields=["task_id"])
    return run, True


def retry_draft(run: DraftRun, user=None) -> tuple[DraftRun, bool]:
    """ "Soạn lại": a failed run's options queued again."""
    if run.status != DraftRun.Status.FAILED:
        raise ConsolidationError("Chỉ soạn lại được một lần lập dự thảo không thành công.")
    return start_draft(run.campaign, dict(run.options), user)


def draft_state(run: DraftRun) -> DraftRun:
    """The run as it stands, a task the worker gave up on (an error outside drafting, a
    worker stopped) counting as failed."""
    if not run.active or not run.task_id:
        return run
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    from tonghop.web.consolidation.tasks import draft_report

    try:
        status = draft_report.get_result(run.task_id).status
    except TaskResultDoesNotExist:
        status = TaskResultStatus.FAILED
    if status == TaskResultStatus.FAILED:
        updated = DraftRun.objects.filter(pk=run.pk, status__in=DraftRun.ACTIVE).update(
            status=DraftRun.Status.FAILED,
            finished_at=timezone.now(),
            error="Chương trình xử lý nền gặp lỗi khi soạn dự thảo; chưa có tệp nào được tạo.",
        )
        if updated:
            run.refresh_from_db()
    return run


def run_draft(campaign: Campaign, options: dict, user=None) -> DraftRun:
    """Draft now, in this process (the demo loader, scripts): the same run the
    background task makes."""
    run = DraftRun.objects.create(
        campaign=campaign, options=options, status=DraftRun.Status.PENDING, created_by=user
    )
    return execute_draft(run) or run


@dataclass
class PreviewSource:
    unit: str
    version: int | None
    section: str
    sentence: str
    file_name: str
    version_pk: int | None


@dataclass
class PreviewSpan:
    text: str
    sources: list[PreviewSource]
    footnote: str
    quote: bool


def preview(run: DraftRun) -> list[dict]:
    """The stored draft paragraph by paragraph; each span's sources with a link to the
    version they came from (one query)."""
    paragraphs = run.draft.get("paragraphs", []) if run.draft else []
    wanted = set()
    for p in paragraphs:
        for s in p["spans"]:
            for src in s.get("sources", []):
                if src.get("version") is not None and str(src.get("unit_id", "")).isdigit():
                    wanted.add((int(src["unit_id"]), src["version"]))
    versions = {}
    if wanted:
        for pk, unit_id, number in Version.objects.filter(
            submission__assignment__campaign=run.campaign,
            submission__assignment__unit_id__in={u for u, _ in wanted},
        ).values_list("pk", "submission__assignment__unit_id", "number"):
            versions[(unit_id, number)] = pk
    out = []
    for p in paragraphs:
        spans = []
        for s in p["spans"]:
            sources = [
                PreviewSource(
                    src.get("unit_name", ""),
                    src.get("version"),
                    ".".join(src.get("path") or []),
                    src.get("sentence", ""),
                    src.get("file_name", ""),
                    versions.get((int(src["unit_id"]), src.get("version")))
                    if str(src.get("unit_id", "")).isdigit()
                    else None,
                )
                for src in s.get("sources", [])
            ]
            spans.append(PreviewSpan(s["text"], sources, s.get("footnote", ""), s.get("quote")))
        out.append({"kind": p["kind"], "level": p.get("level", 0), "spans": spans})
    return out
