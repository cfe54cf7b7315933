"""Across campaigns (issue 12): the same indicator in the previous campaign of the same
kind, beside this one, per unit and per node, with the change.

Staff link the two catalogues once; `propose` matches indicators by name and counted
noun.  Units are followed through the tree's changes: an earlier value stays with the
unit that made it (a renamed or moved unit is the same row); a merged unit's earlier
value is the sum of its predecessors', marked as such; a split unit's earlier value is
shown once, at the first unit it went into, the others naming where it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from tonghop.consolidate import model as m
from tonghop.numbers import vn_number
from tonghop.text import fold
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns.models import Campaign
from tonghop.web.history.models import CatalogueLink, IndicatorLink, UnitChange
from tonghop.web.units.models import Unit

MATCH = 0.6  # share of name words in common for a proposal (same counted noun)


class HistoryError(Exception):
    """A refused link, with a Vietnamese message."""


def _words(text: str) -> set[str]:
    return set(fold(text).split())


def previous_candidates(campaign: Campaign):
    """Earlier top-level campaigns of the same owner: the one it was copied from first,
    then those of the same template, newest first."""
    qs = Campaign.objects.filter(
        owner=campaign.owner, parent__isnull=True, created_at__lt=campaign.created_at
    ).exclude(pk=campaign.pk)
    same = qs.filter(Q(pk=campaign.copied_from_id) | Q(template=campaign.template))
    return list(same.order_by("-created_at")) or list(qs.order_by("-created_at"))


@dataclass
class Pair:
    indicator: object
    previous: object | None
    score: float


def propose(campaign: Campaign, previous: Campaign) -> list[Pair]:
    """For each indicator in use: the previous campaign's indicator with the same counted
    noun whose name shares most words (at least MATCH), each used once."""
    from tonghop.web.consolidation.services import indicators_of

    mine, theirs = indicators_of(campaign), indicators_of(previous)
    scored = []
    for i in mine:
        wi = _words(i.name)
        for j in theirs:
            if fold(i.unit) != fold(j.unit) or i.aggregation != j.aggregation:
                continue
            wj = _words(j.name)
            score = len(wi & wj) / len(wi | wj) if wi | wj else 0.0
            if i.key == j.key:
                score = max(score, 0.99)
            if score >= MATCH:
                scored.append((score, i.pk, j.pk, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    taken_i, taken_j, best = set(), set(), {}
    for score, ipk, jpk, i, j in scored:
        if ipk in taken_i or jpk in taken_j:
            continue
        taken_i.add(ipk)
        taken_j.add(jpk)
        best[ipk] = Pair(i, j, score)
    return [best.get(i.pk, Pair(i, None, 0.0)) for i in mine]


def link(campaign: Campaign, previous: Campaign, pairs: dict[int, int], user) -> CatalogueLink:
    """Store the link (replacing an earlier one): {indicator pk: previous indicator pk}."""
    from tonghop.web.consolidation.models import Indicator

    if previous.pk == campaign.pk:
        raise HistoryError("Hãy chọn một đợt báo cáo khác để so sánh.")
    mine = set(Indicator.objects.filter(campaign=campaign).values_list("pk", flat=True))
    theirs = set(Indicator.objects.filter(campaign=previous).values_list("pk", flat=True))
    bad = [k for k, v in pairs.items() if k not in mine or v not in theirs]
    if bad:
        raise HistoryError("Có chỉ tiêu không thuộc hai đợt báo cáo được so sánh.")
    if len(set(pairs.values())) != len(pairs):
        raise HistoryError("Mỗi chỉ tiêu của đợt trước chỉ ghép được với một chỉ tiêu.")
    with transaction.atomic():
        CatalogueLink.objects.filter(campaign=campaign).delete()
        cl = CatalogueLink.objects.create(campaign=campaign, previous=previous, created_by=user)
        IndicatorLink.objects.bulk_create(
            IndicatorLink(link=cl, indicator_id=k, previous_id=v) for k, v in pairs.items()
        )
        record(
            Event.Action.INDICATOR,
            actor=user,
            campaign=campaign,
            unit=campaign.owner,
            message=(f"Ghép {len(pairs)} chỉ tiêu với đợt báo cáo trước «{previous.title[:200]}»"),
            previous=previous.pk,
        )
    return cl


def record_change(kind: str, sources: list[Unit], units: list[Unit], on) -> None:
    """A merger (several sources, one unit) or a split (one source, several units)."""
    if kind == UnitChange.Kind.MERGE and len(units) != 1:
        raise HistoryError("Sáp nhập: nhiều đơn vị cũ thành một đơn vị.")
    if kind == UnitChange.Kind.SPLIT and len(sources) != 1:
        raise HistoryError("Chia tách: một đơn vị cũ thành nhiều đơn vị.")
    UnitChange.objects.bulk_create(
        UnitChange(kind=kind, unit=u, source=s, on=on) for u in units for s in sources
    )


@dataclass
class Beside:
    """One row: a unit (or node) of this campaign, this value and the earlier one."""

    node: str
    name: str
    depth: int
    addressed: bool
    now: Decimal | None
    before: Decimal | None
    note: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before

    @property
    def now_text(self) -> str:
        return vn_number(self.now) if self.now is not None else "—"

    @property
    def before_text(self) -> str:
        return vn_number(self.before) if self.before is not None else "—"

    @property
    def change_text(self) -> str:
        d = self.change
        if d is None:
            return ""
        text = ("+" if d > 0 else "") + vn_number(d)
        if self.before:
            pct = (d / self.before * 100).quantize(Decimal("0.1"))
            text += f" ({'+' if pct > 0 else ''}{vn_number(pct)}%)"
        return text


def _earlier(prev: dict[str, Decimal], ids: set[str], names: dict[str, str]):
    """node id -> (earlier value, note), following mergers and splits."""
    out: dict[str, tuple[Decimal | None, str]] = {}
    changes = list(
        UnitChange.objects.filter(Q(unit_id__in=[int(i) for i in ids if i])).select_related(
            "source", "unit"
        )
    )
    merged: dict[str, list[UnitChange]] = defaultdict(list)
    split: dict[str, UnitChange] = {}
    for ch in changes:
        if ch.kind == UnitChange.Kind.MERGE:
            merged[str(ch.unit_id)].append(ch)
        else:
            split[str(ch.unit_id)] = ch
    # A split source's value goes to its first piece (by code) among today's units.
    pieces: dict[int, list[UnitChange]] = defaultdict(list)
    for ch in split.values():
        pieces[ch.source_id].append(ch)
    first = {s: min(chs, key=lambda c: c.unit.code).unit_id for s, chs in pieces.items()}
    for node in ids:
        if node in prev:
            out[node] = (prev[node], "")
        elif node in merged:
            parts = [c for c in merged[node] if str(c.source_id) in prev]
            if parts:
                total = sum((prev[str(c.source_id)] for c in parts), Decimal(0))
                names_ = ", ".join(c.source.name for c in parts)
                out[node] = (total, f"tổng của các đơn vị trước khi sáp nhập: {names_}")
        elif node in split:
            ch = split[node]
            if str(ch.source_id) not in prev:
                continue
            if first[ch.source_id] == ch.unit_id:
                out[node] = (prev[str(ch.source_id)], f"của {ch.source.name} trước khi chia tách")
            else:
                at = names.get(str(first[ch.source_id]), "")
                out[node] = (None, f"tách từ {ch.source.name}; số liệu năm trước ghi ở {at}")
    return out


def beside(campaign: Campaign, indicator, units=None) -> list[Beside]:
    """Every node of this campaign's roll-up (units and the nodes above them), this
    value and the linked indicator's in the previous campaign, by unit of today."""
    from tonghop.web.consolidation import services as consolidation

    pair = IndicatorLink.objects.filter(link__campaign=campaign, indicator=indicator).first()
    now = consolidation.rollup(campaign, [indicator], units)
    rows = [now.tree.rows[n] for n in now.tree.order]
    prev: dict[str, Decimal] = {}
    if pair is not None:
        before = consolidation.rollup(pair.link.previous, [pair.previous])
        for (node, key), total in before.totals.items():
            if key == pair.previous.key and total.value is not None:
                prev[node] = total.value
    names = {r.id: r.name for r in rows}
    earlier = _earlier(prev, {r.id for r in rows} | {consolidation.CAMPAIGN}, names)
    out = []
    whole = now.total(consolidation.CAMPAIGN, indicator.key)
    value, note = earlier.get(consolidation.CAMPAIGN, (None, ""))
    out.append(
        Beside(consolidation.CAMPAIGN, "Toàn đợt báo cáo", 0, False,
               whole.value if whole else None, value, note)
    )  # fmt: skip
    for r in rows:
        total = now.total(r.id, indicator.key)
        value, note = earlier.get(r.id, (None, ""))
        out.append(
            Beside(r.id, r.name, r.depth, r.assignment_id is not None,
                   total.value if total else None, value, note)
        )  # fmt: skip
    return out


def linked(campaign: Campaign) -> CatalogueLink | None:
    return CatalogueLink.objects.filter(campaign=campaign).select_related("previous").first()


def sums_only(rows) -> list:
    return [i for i in rows if i.aggregation == m.SUM]
