"""Across campaigns (issue 12): the same indicator in the previous campaign of the same
kind, beside this one, per unit and per node, with the change.

Staff link the two catalogues once; `propose` matches indicators by name and counted
noun.  Units are followed through the tree's changes: an earlier value stays with the
unit that made it (a renamed or moved unit is the same row); a merged unit's earlier
value is the sum of its predecessors', marked as such; a split unit's earlier value is
shown once, at the first unit it went into, the others naming where it is.
"""

from __future__ import annotations

import datetime as dt
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


# --- recording the tree's changes from the page (history/views.py) ---------------------


def _vn(day) -> str:
    return day.strftime("%d/%m/%Y")


def parse_new_units(text: str) -> list[tuple[str, str]]:
    """Lines "mã; tên" (or "mã - tên", "mã | tên") of units to create."""
    out, bad = [], []
    for n, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        for sep in (";", "|", " - ", "\t"):
            if sep in line:
                code, name = (x.strip() for x in line.split(sep, 1))
                break
        else:
            code, name = "", ""
        if not code or not name:
            bad.append(n)
        else:
            out.append((code, name))
    if bad:
        raise HistoryError(
            f"Dòng {', '.join(map(str, bad))}: mỗi đơn vị mới ghi một dòng «mã; tên đơn vị», "
            "ví dụ «YH-B; Đảng ủy xã Yên Hòa Bắc»."
        )
    return out


def _check_new(root: Unit, rows: list[tuple[str, str]]) -> None:
    codes = [c for c, _ in rows]
    taken = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
    dup = {c for c in codes if codes.count(c) > 1}
    if taken or dup:
        raise HistoryError(
            f"Mã đơn vị đã có hoặc bị trùng: {', '.join(sorted(taken | dup))}. "
            "Mỗi đơn vị một mã riêng."
        )


def _check_units(root: Unit, units: list[Unit], on) -> None:
    outside = [u.name for u in units if not u.tree_path.startswith(root.tree_path) or u == root]
    if outside:
        raise HistoryError(f"Ngoài phạm vi bạn quản lý: {', '.join(outside)}.")
    closed = [u.name for u in units if u.closed_on]
    if closed:
        raise HistoryError(f"Đơn vị đã đóng: {', '.join(closed)}.")
    late = [u.name for u in units if u.opened_on and u.opened_on > on]
    if late:
        raise HistoryError(f"Ngày thay đổi trước ngày thành lập của {', '.join(late)}.")


def _create(actor, root: Unit, parent: Unit, like: Unit, code: str, name: str, on) -> Unit:
    from tonghop.web.units import services as units

    return units.create_unit(
        actor, root, code=code, name=name, parent=parent, kind=like.kind, opened_on=on
    )


def _close_with_children_to(actor, root: Unit, unit: Unit, target: Unit, on) -> int:
    """Move the unit's open units to `target`, then close it; how many were moved."""
    from tonghop.web.units import services as units

    children = list(unit.children.filter(closed_on__isnull=True))
    for child in children:
        units.move_unit(actor, root, child, target, on)
    units.close_unit(actor, root, Unit.objects.get(pk=unit.pk), on)
    return len(children)


@dataclass
class Plan:
    """What a change will do, in sentences shown before it is confirmed."""

    lines: list[str]


def merge_plan(sources: list[Unit], target: Unit | None, new: tuple[str, str] | None, on):
    into = target.name if target else f"{new[1]} [{new[0]}] (đơn vị mới)"
    gone = [u for u in sources if target is None or u.pk != target.pk]
    lines = [f"Sáp nhập {', '.join(u.name for u in sources)} thành {into}, ngày {_vn(on)}."]
    lines.append(f"Đóng {', '.join(u.name for u in gone)} từ ngày {_vn(on)}; các đơn vị "
                 f"trực thuộc của chúng (nếu có) chuyển về {into}.")  # fmt: skip
    lines.append(
        f"So sánh với các đợt trước: số liệu trước của {into} là tổng số liệu của "
        f"{', '.join(u.name for u in sources)}."
    )
    return Plan(lines)


def check_merge(root, sources, target, new, on) -> None:
    if len(sources) < 2 and not (target and sources and target.pk not in {u.pk for u in sources}):
        raise HistoryError("Sáp nhập: hãy chọn ít nhất hai đơn vị cũ.")
    if target is None and new is None:
        raise HistoryError(
            "Hãy chọn đơn vị sau sáp nhập trong cây, hoặc nhập mã và tên đơn vị mới."
        )
    _check_units(root, sources + ([target] if target else []), on)
    if new is not None:
        _check_new(root, [new])
    if target is not None:
        inside = [u.name for u in sources if u.pk != target.pk and
                  target.tree_path.startswith(u.tree_path)]  # fmt: skip
        if inside:
            raise HistoryError(
                f"{target.name} trực thuộc {', '.join(inside)}: không sáp nhập được vào "
                "đơn vị cấp dưới của chính nó."
            )


def merge_units(actor, root: Unit, sources: list[Unit], target: Unit | None,
                new: tuple[str, str] | None, on) -> Unit:  # fmt: skip
    """Several units become one (an existing one, which may be one of them, or a new one
    under the first one's parent): the others close, their own units move to it, and the
    merger is recorded for the comparison across campaigns and in the audit log."""
    check_merge(root, sources, target, new, on)
    with transaction.atomic():
        if target is None:
            target = _create(actor, root, sources[0].parent, sources[0], new[0], new[1], on)
        gone = [u for u in sources if u.pk != target.pk]
        moved = sum(_close_with_children_to(actor, root, u, target, on) for u in gone)
        record_change(UnitChange.Kind.MERGE, gone, [target], on)
        record(
            Event.Action.UNIT,
            actor=actor,
            unit=target,
            message=(
                f"Sáp nhập {', '.join(u.name for u in sources)} thành {target.name} "
                f"(ngày {_vn(on)})" + (f"; chuyển {moved} đơn vị trực thuộc" if moved else "")
            )[:500],
            change="merge",
            sources=[u.pk for u in gone],
            on=on.isoformat(),
        )
    return target


def split_plan(source: Unit, pieces: list[Unit], new: list[tuple[str, str]], on) -> Plan:
    names = [u.name for u in pieces] + [f"{n} [{c}] (đơn vị mới)" for c, n in new]
    lines = [f"Chia tách {source.name} thành {', '.join(names)}, ngày {_vn(on)}."]
    if source.children.filter(closed_on__isnull=True).exists():
        lines.append(
            f"{source.name} còn đơn vị trực thuộc: đơn vị này chưa đóng; hãy chuyển các đơn vị "
            "trực thuộc sang các đơn vị mới (Cây đơn vị › Chuyển) rồi đóng nó."
        )
    else:
        lines.append(f"Đóng {source.name} từ ngày {_vn(on)}.")
    lines.append(
        f"So sánh với các đợt trước: số liệu trước của {source.name} ghi một lần, ở dòng "
        f"{source.name}, bên cạnh tổng số liệu năm nay của các đơn vị tách ra."
    )
    return Plan(lines)


def check_split(root, source, pieces, new, on) -> None:
    if source is None:
        raise HistoryError("Chia tách: hãy chọn đơn vị cũ.")
    if len(pieces) + len(new) < 2:
        raise HistoryError("Chia tách: một đơn vị cũ thành ít nhất hai đơn vị.")
    if any(u.pk == source.pk for u in pieces):
        raise HistoryError("Đơn vị cũ không thể là một trong các đơn vị sau chia tách.")
    _check_units(root, [source, *pieces], on)
    _check_new(root, new)


def split_unit(actor, root: Unit, source: Unit, pieces: list[Unit],
               new: list[tuple[str, str]], on) -> list[Unit]:  # fmt: skip
    """One unit becomes several (existing ones or new ones beside it); it closes when
    none of its own units remain (else staff move them first)."""
    from tonghop.web.units import services as units

    check_split(root, source, pieces, new, on)
    with transaction.atomic():
        made = [_create(actor, root, source.parent, source, c, n, on) for c, n in new]
        pieces = [*pieces, *made]
        record_change(UnitChange.Kind.SPLIT, [source], pieces, on)
        if not source.children.filter(closed_on__isnull=True).exists():
            units.close_unit(actor, root, source, on)
        record(
            Event.Action.UNIT,
            actor=actor,
            unit=source,
            message=(
                f"Chia tách {source.name} thành {', '.join(u.name for u in pieces)} "
                f"(ngày {_vn(on)})"
            )[:500],
            change="split",
            units=[u.pk for u in pieces],
            on=on.isoformat(),
        )
    return pieces


def rename_unit(actor, root: Unit, unit: Unit, name: str, on) -> Unit:
    """A new name: the same unit, its earlier values stay with it."""
    name = (name or "").strip()
    if not name:
        raise HistoryError("Hãy nhập tên mới của đơn vị.")
    _check_units(root, [unit], on)
    if name == unit.name:
        raise HistoryError(f"Tên mới trùng tên hiện tại «{unit.name}».")
    with transaction.atomic():
        old = unit.name
        unit.name = name
        unit.save(update_fields=["name"])
        record(
            Event.Action.UNIT,
            actor=actor,
            unit=unit,
            message=f"Đổi tên {old} thành {name} (ngày {_vn(on)})"[:500],
            change="rename",
            old_name=old,
            new_name=name,
            on=on.isoformat(),
        )
    return unit


@dataclass
class Change:
    """One line of the tree's history."""

    on: object
    kind: str
    text: str


def changes_within(root: Unit) -> list[Change]:
    """Mergers, splits, renames and moves of units in the root's subtree, newest first."""
    from tonghop.web.units.models import UnitMove

    inside = Q(unit__tree_path__startswith=root.tree_path)
    out: list[Change] = []
    merged: dict[tuple, list[UnitChange]] = defaultdict(list)
    split: dict[tuple, list[UnitChange]] = defaultdict(list)
    for ch in UnitChange.objects.filter(inside).select_related("unit", "source"):
        if ch.kind == UnitChange.Kind.MERGE:
            merged[(ch.unit_id, ch.on)].append(ch)
        else:
            split[(ch.source_id, ch.on)].append(ch)
    for (_, on), chs in merged.items():
        names = ", ".join(c.source.name for c in chs)
        out.append(Change(on, "Sáp nhập", f"{names} → {chs[0].unit.name}"))
    for (_, on), chs in split.items():
        names = ", ".join(c.unit.name for c in sorted(chs, key=lambda c: c.unit.code))
        out.append(Change(on, "Chia tách", f"{chs[0].source.name} → {names}"))
    for mv in UnitMove.objects.filter(inside).select_related("unit", "old_parent", "new_parent"):
        old = mv.old_parent.name if mv.old_parent else "(gốc)"
        new = mv.new_parent.name if mv.new_parent else "(gốc)"
        out.append(Change(mv.moved_on, "Chuyển", f"{mv.unit.name}: từ {old} sang {new}"))
    for e in Event.objects.filter(
        action=Event.Action.UNIT,
        detail__change="rename",
        unit__tree_path__startswith=root.tree_path,
    ):
        on = dt.date.fromisoformat(e.detail.get("on") or e.at.date().isoformat())
        out.append(Change(on, "Đổi tên", f"{e.detail['old_name']} → {e.detail['new_name']}"))
    out.sort(key=lambda c: (c.on, c.kind), reverse=True)
    return out


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


@dataclass
class SplitSource:
    """A unit split since the earlier campaign: its earlier value, shown once, on a row of
    its own above the units it went into."""

    source: Unit
    before: Decimal
    pieces: list[str]  # node ids of today's units it went into


def _earlier(prev: dict[str, Decimal], ids: set[str]):
    """node id -> (earlier value, note), following mergers and splits; and the split
    sources whose earlier value is shown at their own row."""
    out: dict[str, tuple[Decimal | None, str]] = {}
    changes = list(
        UnitChange.objects.filter(Q(unit_id__in=[int(i) for i in ids if i.isdigit()]))
        .select_related("source", "unit")
        .order_by("unit__code", "source__code")
    )
    merged: dict[str, list[UnitChange]] = defaultdict(list)
    split: dict[str, UnitChange] = {}
    for ch in changes:
        if ch.kind == UnitChange.Kind.MERGE:
            merged[str(ch.unit_id)].append(ch)
        else:
            split[str(ch.unit_id)] = ch
    sources: dict[int, SplitSource] = {}
    for node in ids:
        parts = [c for c in merged.get(node, []) if str(c.source_id) in prev]
        if parts:
            # A merger (the unit may have absorbed the others: its own value counts too).
            own = prev.get(node)
            total = sum((prev[str(c.source_id)] for c in parts), own or Decimal(0))
            names = ([_name_of(node, changes)] if own is not None else []) + [
                c.source.name for c in parts
            ]
            out[node] = (total, f"tổng của các đơn vị trước khi sáp nhập: {', '.join(names)}")
        elif node in prev:
            out[node] = (prev[node], "")
        elif node in split and str(split[node].source_id) in prev:
            ch = split[node]
            if str(ch.source_id) in ids:  # the source is still a row of its own
                continue
            out[node] = (None, f"tách từ {ch.source.name}; số liệu đợt trước ghi ở dòng "
                               f"{ch.source.name}")  # fmt: skip
            src = sources.setdefault(
                ch.source_id, SplitSource(ch.source, prev[str(ch.source_id)], [])
            )
            src.pieces.append(node)
    return out, sources


def _name_of(node: str, changes: list[UnitChange]) -> str:
    for c in changes:
        if str(c.unit_id) == node:
            return c.unit.name
    return ""


def beside(campaign: Campaign, indicator, units=None) -> list[Beside]:
    """Every node of this campaign's roll-up (units and the nodes above them), this
    value and the linked indicator's in the previous campaign, by unit of today.  A
    split unit's earlier value is shown once, on a row of its own just above the units
    it went into, beside the sum of their values now."""
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
    earlier, sources = _earlier(prev, {r.id for r in rows} | {consolidation.CAMPAIGN})
    pos = {r.id: i for i, r in enumerate(rows)}
    for src in sources.values():  # the first piece in the tree's order
        src.pieces.sort(key=pos.__getitem__)
    first_piece = {src.pieces[0]: src for src in sources.values()}
    out = []
    whole = now.total(consolidation.CAMPAIGN, indicator.key)
    value, note = earlier.get(consolidation.CAMPAIGN, (None, ""))
    out.append(
        Beside(consolidation.CAMPAIGN, "Toàn đợt báo cáo", 0, False,
               whole.value if whole else None, value, note)
    )  # fmt: skip
    for r in rows:
        total = now.total(r.id, indicator.key)
        src = first_piece.get(r.id)
        if src is not None:
            values = [now.total(n, indicator.key) for n in src.pieces]
            values = [t.value for t in values if t is not None and t.value is not None]
            names = ", ".join(rows[pos[n]].name for n in src.pieces)
            out.append(
                Beside(f"tach-{src.source.pk}", f"{src.source.name} (trước khi chia tách)",
                       r.depth, False, sum(values, Decimal(0)) if values else None, src.before,
                       f"đã chia tách thành {names}: đợt này là tổng của các đơn vị đó")
            )  # fmt: skip
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
