"""The campaign down and up the tree.

Down: an intermediate unit (a committee) that received a campaign forwards it to its
own units as a *part*: a Campaign with `parent` (the campaign it received) and `upward`
(its own assignment there), owned by the committee, with its own deadline (no later
than its own) and instructions.  Its units' assignments and submissions belong to the
part, so every page that works on a campaign (dashboard, side by side, reminders,
consolidation, audit) works on a part for the committee's staff, over their subtree.

Up: the owner's acceptance locks a unit's report (submissions.services.accept); the
level above sees for each unit whether its own units were all accepted (`progress`);
any level above may send a report back down with a comment, accepted or not
(`return_down`); a reporter sees where their report stands along the chain (`chain_of`).
The committee's own report upward is its assignment in the parent campaign: made from
the part's consolidated draft (`use_draft`) or uploaded by hand, its figures the roll-up
of its units' figures unless it confirms others (`fill_from_rollup`, `differences`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from tonghop.numbers import vn_number
from tonghop.web.audit.models import Event, record
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem, TierDeadline
from tonghop.web.submissions.models import Review, Submission
from tonghop.web.units.models import Unit
from tonghop.web.units.services import tree_order

ROLLUP_REASON = "Tổng hợp từ báo cáo của các đơn vị trực thuộc"


class CascadeError(ValidationError):
    """A refused forwarding or return, with a Vietnamese message."""


def _vn_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


# --- down: forwarding -------------------------------------------------------------------


def part_of(assignment: Assignment) -> Campaign | None:
    """The part the assignment's unit forwarded, if any."""
    try:
        return assignment.part
    except Campaign.DoesNotExist:
        return None


def addressed_above(campaign: Campaign) -> set[int]:
    """Units already addressed by this campaign or any campaign it is a part of: never
    addressed twice along one chain."""
    ids: set[int] = set()
    c: Campaign | None = campaign
    while c is not None:
        ids |= set(c.assignments.values_list("unit_id", flat=True))
        c = c.parent
    return ids


def forwardable_units(assignment: Assignment) -> list[Unit]:
    """Open units below the assignment's unit not yet addressed along the chain (by the
    campaign itself, one above it, or the part already forwarded)."""
    taken = addressed_above(assignment.campaign)
    part = part_of(assignment)
    if part is not None:
        taken |= set(part.assignments.values_list("unit_id", flat=True))
    qs = assignment.unit.subtree(include_self=False).filter(closed_on__isnull=True)
    return sorted((u for u in qs if u.pk not in taken), key=tree_order)


def default_deadline(assignment: Assignment) -> dt.date:
    """The campaign's tier deadline for the level below the unit when it has one (and it
    is no later than the unit's own), else the unit's own deadline."""
    campaign = assignment.campaign
    depth = assignment.unit.depth - campaign.owner.depth + 1
    tier = campaign.tier_deadlines.filter(depth=depth).values_list("deadline", flat=True).first()
    own = assignment.due
    return min(tier, own) if tier else own


def check_forward(
    assignment: Assignment, units: list[Unit], deadline: dt.date | None, today: dt.date
) -> list[str]:
    """Every reason the forwarding is refused (empty: it may go)."""
    errors = []
    campaign = assignment.campaign
    if campaign.is_draft or campaign.is_locked:
        errors.append("Đợt báo cáo chưa công bố hoặc đã khóa: không chuyển tiếp được.")
    if deadline is None:
        errors.append("Hãy nhập hạn nộp cho các đơn vị trực thuộc.")
    else:
        if deadline > assignment.due:
            errors.append(
                f"Hạn nộp của đơn vị trực thuộc ({_vn_date(deadline)}) không được muộn hơn "
                f"hạn nộp của chính đơn vị ({_vn_date(assignment.due)})."
            )
        if deadline < today and not campaign.recorded_past:
            errors.append(f"Hạn nộp {_vn_date(deadline)} đã qua.")
    if not units:
        errors.append("Chưa chọn đơn vị trực thuộc nào.")
    allowed = {u.pk for u in forwardable_units(assignment)}
    outside = [u.name for u in units if u.pk not in allowed]
    if outside:
        errors.append(
            "Không chuyển tiếp được cho đơn vị ngoài phạm vi, đã đóng hoặc đã được giao: "
            + ", ".join(outside[:5])
            + "."
        )
    return errors


def forward(
    actor,
    assignment: Assignment,
    units: list[Unit],
    deadline: dt.date | None,
    instructions: str = "",
    *,
    today: dt.date | None = None,
    at=None,
) -> Campaign:
    """Forward the campaign the assignment's unit received to `units` of its subtree:
    create its part (or add units to it), open at once.  The outline is the parent's;
    the catalogue of indicators is copied so the part's roll-up has the same keys.
    Raises CascadeError listing what is wrong; then nothing is stored."""
    today = today or timezone.localdate()
    errors = check_forward(assignment, units, deadline, today)
    if errors:
        raise CascadeError(errors)
    parent = assignment.campaign
    with transaction.atomic():
        Assignment.objects.select_for_update().get(pk=assignment.pk)
        part = part_of(assignment)
        created = part is None
        if created:
            part = Campaign.objects.create(
                title=parent.title,
                summary=parent.summary,
                owner=assignment.unit,
                parent=parent,
                upward=assignment,
                instructions=(instructions or "").strip(),
                period_from=parent.period_from,
                period_to=parent.period_to,
                period_text=parent.period_text,
                deadline=deadline,
                receiver=assignment.unit.name,
                email=assignment.unit.email,
                template=parent.template,
                recorded_past=parent.recorded_past,
                status=Campaign.Status.OPEN,
                published_at=at or timezone.now(),
                created_by=actor,
            )
            OutlineItem.objects.bulk_create(
                OutlineItem(
                    campaign=part,
                    code=i.code,
                    title=i.title,
                    level=i.level,
                    parent_code=i.parent_code,
                    order=i.order,
                )
                for i in parent.outline.all()
            )
            # The parent's tiers below the unit, counted from the part's owner, never
            # later than the part's own deadline.
            shift = assignment.unit.depth - parent.owner.depth
            TierDeadline.objects.bulk_create(
                TierDeadline(
                    campaign=part, depth=t.depth - shift, deadline=min(t.deadline, deadline)
                )
                for t in parent.tier_deadlines.filter(depth__gt=shift + 1)
            )
        else:
            if instructions and instructions.strip() != part.instructions:
                part.instructions = instructions.strip()
                part.save(update_fields=["instructions"])
        tiers = dict(part.tier_deadlines.values_list("depth", "deadline"))
        base = part.owner.depth
        Assignment.objects.bulk_create(
            Assignment(
                campaign=part,
                unit=u,
                parent_at_time_id=u.parent_id,
                deadline=None if u.depth - base == 1 else tiers.get(u.depth - base),
            )
            for u in units
        )
        message = (
            f"{assignment.unit.name} chuyển tiếp đợt báo cáo cho {len(units)} đơn vị trực thuộc, "
            f"hạn nộp {_vn_date(part.deadline)}"
        )
        for c in (parent, part):
            record(
                Event.Action.FORWARD,
                actor=actor,
                campaign=c,
                unit=assignment.unit,
                message=message[:500],
                part=part.pk,
                units=[u.pk for u in units],
                created=created,
            )
    if created and _has_catalogue(parent):
        from tonghop.web.consolidation import services as consolidation

        consolidation.copy_catalogue(part, parent, actor)
    return part


def _has_catalogue(campaign: Campaign) -> bool:
    return campaign.indicators.exists()


# --- up: approval along the chain -------------------------------------------------------


@dataclass
class Progress:
    """How a part stands: its units' reports, and whether all of them (and, below, all of
    their own units') are accepted."""

    part: Campaign
    expected: int = 0
    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    below_done: bool = True  # every part under this one is all accepted
    below_returned: bool = False  # a report further down was sent back

    @property
    def has_returned(self) -> bool:
        """A report of this part's units, or of any level below them, was sent back: the
        owner's own report upward is not the last word until they submit again."""
        return self.returned > 0 or self.below_returned

    @property
    def all_accepted(self) -> bool:
        return self.expected > 0 and self.accepted == self.expected and self.below_done

    @property
    def label(self) -> str:
        if self.all_accepted:
            return "Đã tiếp nhận đủ báo cáo của các đơn vị trực thuộc"
        return (
            f"Đã tiếp nhận {self.accepted}/{self.expected} báo cáo của đơn vị trực thuộc"
            + ("" if self.below_done else "; cấp dưới chưa tiếp nhận đủ")
            + ("; có báo cáo cấp dưới bị trả lại" if self.has_returned else "")
        )


def progress(campaign: Campaign) -> dict[int, Progress]:
    """For each assignment of `campaign` whose unit forwarded it: its part's progress,
    by assignment id.  One query per level of the chain below, whatever the units."""
    counted = dict(
        submitted=Count(
            "assignments",
            filter=Q(assignments__submission__status__in=("submitted", "accepted")),
        ),
        accepted=Count("assignments", filter=Q(assignments__submission__status="accepted")),
        returned=Count("assignments", filter=Q(assignments__submission__status="returned")),
        expected=Count("assignments"),
    )
    levels: list[list[Progress]] = []
    parents = [campaign.pk]
    while parents:
        rows = [
            Progress(c, c.expected, c.submitted, c.accepted, c.returned)
            for c in Campaign.objects.filter(parent_id__in=parents).annotate(**counted)
        ]
        if not rows:
            break
        levels.append(rows)
        parents = [p.part.pk for p in rows]
    # From the bottom up: a part is done below when every part under it is all accepted;
    # a return anywhere below shows at every level above it.
    for upper, lower in zip(levels[-2::-1], levels[:0:-1], strict=False):
        done: dict[int, bool] = {}
        returned: set[int] = set()
        for p in lower:
            if not p.all_accepted:
                done[p.part.parent_id] = False
            if p.has_returned:
                returned.add(p.part.parent_id)
        for p in upper:
            p.below_done = done.get(p.part.pk, True)
            p.below_returned = p.part.pk in returned
    return {p.part.upward_id: p for p in levels[0]} if levels else {}


def _locked_submission(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("assignment__campaign__owner", "assignment__unit")
        .get(pk=submission.pk)
    )


def upward_locked(campaign: Campaign) -> bool:
    """A part whose owner's own report was accepted by the level above: what it was made
    from stays locked for the owner (the level above may still send it back)."""
    if campaign.upward_id is None:
        return False
    return Submission.objects.filter(
        assignment_id=campaign.upward_id, status=Submission.Status.ACCEPTED
    ).exists()


def accepted_beyond_reach(campaign: Campaign, user) -> Assignment | None:
    """The first report upward made from `campaign` (directly or further up) accepted by
    a level above the user's: unlocking below it would leave that acceptance untrue, and
    it is not the user's to reopen."""
    p = getattr(user, "profile", None)
    reach = p.unit.tree_path if p else ""
    seen = 0
    while campaign.upward_id is not None and seen < 20:
        upward = Assignment.objects.select_related("campaign__owner", "unit").get(
            pk=campaign.upward_id
        )
        if not upward.campaign.owner.tree_path.startswith(reach) and (
            Submission.objects.filter(assignment=upward, status=Submission.Status.ACCEPTED).exists()
        ):
            return upward
        campaign = upward.campaign
        seen += 1
    return None


def _return_accepted(s: Submission, user, campaign, unit, why: str, message: str, **details):
    """An accepted report returned: its status, the review its reporter reads, and the
    unlock in the audit log (`details` go with the event)."""
    s.status = Submission.Status.RETURNED
    s.save(update_fields=["status"])
    Review.objects.create(
        submission=s,
        version=s.submitted_version,
        action=Review.Action.RETURN,
        comment=why,
        by=user,
    )
    record(
        Event.Action.UNLOCK_REPORT,
        actor=user,
        campaign=campaign,
        unit=unit,
        message=message[:500],
        version=s.submitted_version_id,
        **details,
    )


def return_down(submission: Submission, user, comment: str, *, from_above: bool) -> bool:
    """Send a unit's report back down with a comment: a submitted one as the owner's
    send-back does, an accepted one unlocked and returned.  `from_above`: the user is
    above the campaign's owner (the owner itself may not unlock what its own accepted
    report upward was made from).  Every unlock and return goes to the audit log."""
    from tonghop.web.submissions import services as submissions

    comment = (comment or "").strip()
    if not comment:
        raise CascadeError("Hãy ghi ý kiến khi trả lại báo cáo, để đơn vị biết cần sửa những gì.")
    with transaction.atomic():
        s = _locked_submission(submission)
        campaign = s.assignment.campaign
        if s.status == Submission.Status.SUBMITTED:
            done = submissions.send_back(s, user, comment)
            if done and from_above:
                reopen_above(s.assignment, user, comment)
            return done
        if s.status == Submission.Status.RETURNED:
            return False
        if s.status != Submission.Status.ACCEPTED:
            raise CascadeError("Đơn vị chưa nộp báo cáo: không có gì để trả lại.")
        if not from_above and upward_locked(campaign):
            raise CascadeError(
                "Báo cáo tổng hợp của đơn vị đã được cấp trên tiếp nhận: chỉ cấp trên trả lại "
                "được báo cáo của đơn vị trực thuộc."
            )
        beyond = accepted_beyond_reach(campaign, user)
        if beyond is not None:
            raise CascadeError(
                f"Báo cáo tổng hợp của {beyond.unit.name} đã được {beyond.campaign.owner.name} "
                f"tiếp nhận: chỉ {beyond.campaign.owner.name} trả lại được báo cáo cấp dưới."
            )
        _return_accepted(
            s,
            user,
            campaign,
            s.assignment.unit,
            comment,
            f"Mở khóa và trả lại báo cáo đã tiếp nhận (phiên bản "
            f"{s.submitted_version.number}): {comment}",
            comment=comment,
            from_above=from_above,
        )
        if from_above:
            reopen_above(s.assignment, user, comment)
    submission.refresh_from_db()
    return True


def reopen_above(assignment: Assignment, user, comment: str) -> list[Assignment]:
    """A level above sent a unit's report back: every report upward made from it (the
    part owner's, and so on up) that the same level, or one between, had accepted is no
    longer true.  As DHIS2 unapproves the levels above before a lower one, each such
    acceptance is reopened: the report is returned to its unit with a comment naming the
    unit below, unlocked and in the audit log, so the chain never shows a report
    accepted over one being corrected.  Only acceptances within the user's reach (the
    campaigns they run) are reopened; returns the reopened assignments."""
    p = getattr(user, "profile", None)
    if p is None:
        return []
    reach = p.unit.tree_path
    reopened = []
    campaign = assignment.campaign
    seen = 0
    while campaign.upward_id is not None and seen < 20:
        upward = Assignment.objects.select_related("campaign__owner", "unit").get(
            pk=campaign.upward_id
        )
        if not upward.campaign.owner.tree_path.startswith(reach):
            break  # accepted above the user's level: not theirs to reopen
        s = (
            # of=self: PostgreSQL locks no row of a nullable outer join (the version)
            Submission.objects.select_for_update(of=("self",))
            .select_related("submitted_version")
            .filter(assignment=upward, status=Submission.Status.ACCEPTED)
            .first()
        )
        if s is not None:
            why = (
                f"Báo cáo của {assignment.unit.name} (cấp dưới) đã bị trả lại để sửa: {comment} "
                "— báo cáo tổng hợp được mở khóa để lập lại khi đơn vị nộp lại."
            )
            _return_accepted(
                s,
                user,
                upward.campaign,
                upward.unit,
                why,
                f"Mở khóa báo cáo tổng hợp đã tiếp nhận (phiên bản "
                f"{s.submitted_version.number}) vì báo cáo của {assignment.unit.name} "
                f"bị trả lại: {comment}",
                comment=comment,
                because_of=assignment.pk,
                from_above=True,
            )
            reopened.append(upward)
        campaign = upward.campaign
        seen += 1
    return reopened


@dataclass
class Step:
    """One level of a report's way up: who, what, and how it stands."""

    who: str
    what: str
    state: str  # "done", "waiting", "returned", "none"


@dataclass
class Chain:
    steps: list[Step] = field(default_factory=list)


_STATE = {
    Submission.Status.ACCEPTED: "done",
    Submission.Status.SUBMITTED: "waiting",
    Submission.Status.RETURNED: "returned",
    Submission.Status.DRAFT: "none",
}


def _step_of(assignment: Assignment) -> list[Step]:
    s = Submission.objects.filter(assignment=assignment).first()
    status = s.status if s else Submission.Status.DRAFT
    unit, owner = assignment.unit.name, assignment.campaign.owner.name
    if status == Submission.Status.DRAFT:
        return [Step(unit, "chưa nộp báo cáo", "none")]
    steps = [Step(unit, "đã nộp báo cáo", "done")]
    what = {
        Submission.Status.SUBMITTED: "đang xem xét, chưa tiếp nhận",
        Submission.Status.ACCEPTED: "đã tiếp nhận (báo cáo đã khóa)",
        Submission.Status.RETURNED: "đã trả lại để sửa",
    }[status]
    steps.append(Step(owner, what, _STATE[status]))
    return steps


def chain_of(assignment: Assignment) -> Chain:
    """Where a unit's report stands along the chain: its own submission and review,
    then, for each part above, the owner's own report upward and its review."""
    chain = Chain(_step_of(assignment))
    campaign = assignment.campaign
    seen = 0
    while campaign.upward_id is not None and seen < 20:
        upward = Assignment.objects.select_related("campaign__owner", "unit").get(
            pk=campaign.upward_id
        )
        for step in _step_of(upward):
            if step.who == upward.unit.name:
                step.what = step.what.replace("báo cáo", "báo cáo tổng hợp lên cấp trên")
            chain.steps.append(step)
        campaign = upward.campaign
        seen += 1
    return chain


# --- up: the report upward and its figures ----------------------------------------------


@dataclass
class Difference:
    key: str
    name: str
    reported: Decimal | None
    rolled: Decimal | None
    from_rollup: bool  # the reported value was taken from the roll-up

    @property
    def delta(self) -> Decimal | None:
        if self.reported is None or self.rolled is None:
            return None
        return self.reported - self.rolled

    @property
    def reported_text(self) -> str:
        return vn_number(self.reported) if self.reported is not None else "—"

    @property
    def rolled_text(self) -> str:
        return vn_number(self.rolled) if self.rolled is not None else "—"

    @property
    def delta_text(self) -> str:
        d = self.delta
        if d is None or d == 0:
            return "" if d == 0 else "—"
        return ("+" if d > 0 else "") + vn_number(d)


def rolled_totals(part: Campaign) -> dict[str, Decimal]:
    """The part's whole roll-up of its units' values, by indicator key (sums only)."""
    from tonghop.consolidate import model as m
    from tonghop.web.consolidation import services as consolidation

    rows = [i for i in consolidation.indicators_of(part) if i.aggregation == m.SUM]
    if not rows:
        return {}
    r = consolidation.rollup(part, rows)
    out = {}
    for i in rows:
        total = r.total(consolidation.CAMPAIGN, i.key)
        if total is not None and total.value is not None:
            out[i.key] = total.value
    return out


def differences(part: Campaign) -> list[Difference]:
    """For each indicator of the parent's catalogue: the value in the owner's report
    upward beside the roll-up of its units' values."""
    from tonghop.consolidate import model as m
    from tonghop.web.consolidation import services as consolidation
    from tonghop.web.consolidation.models import IndicatorValue

    parent_rows = [i for i in consolidation.indicators_of(part.parent) if i.aggregation == m.SUM]
    if not parent_rows:
        return []
    rolled = rolled_totals(part)
    reported = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            indicator__in=parent_rows, assignment_id=part.upward_id
        )
    }
    out = []
    for i in parent_rows:
        v = reported.get(i.pk)
        out.append(
            Difference(
                i.key,
                i.name,
                v.value if v else None,
                rolled.get(i.key),
                bool(v and v.origin == IndicatorValue.Origin.MANUAL and v.reason == ROLLUP_REASON),
            )
        )
    return out


def fill_from_rollup(part: Campaign, user) -> int:
    """The owner's figures upward are its units' roll-up unless it confirmed others: every
    indicator its report gives no value for (or whose value came from an earlier roll-up)
    takes the roll-up.  Returns how many values were set."""
    from tonghop.web.consolidation import services as consolidation
    from tonghop.web.consolidation.models import IndicatorValue

    upward = Assignment.objects.select_related("campaign", "unit").get(pk=part.upward_id)
    by_key = {i.key: i for i in consolidation.indicators_of(part.parent)}
    consolidation.refresh_values(part.parent)
    n = 0
    for d in differences(part):
        if d.rolled is None or (d.reported is not None and not d.from_rollup):
            continue
        if d.reported == d.rolled:
            continue
        indicator = by_key[d.key]
        if d.reported is None:
            consolidation.set_value(indicator, upward, d.rolled, user, reason=ROLLUP_REASON)
        else:
            IndicatorValue.objects.filter(indicator=indicator, assignment=upward).update(
                value=d.rolled
            )
            consolidation.touch(part.parent)
            record(
                Event.Action.VALUE,
                actor=user,
                campaign=part.parent,
                unit=upward.unit,
                message=f"Cập nhật «{indicator.name}» theo số tổng hợp: {vn_number(d.rolled)}",
                indicator=d.key,
                old=str(d.reported),
                new=str(d.rolled),
            )
        n += 1
    return n


def use_draft(part: Campaign, run, user):
    """The part's consolidated draft becomes the next version of the owner's report
    upward (to be read, edited in Word and uploaded again if need be, then submitted)."""
    from tonghop.web.submissions import services as submissions

    if run.campaign_id != part.pk or not run.docx:
        raise CascadeError("Dự thảo này chưa có tệp Word hoặc không thuộc phần việc này.")
    upward = Assignment.objects.select_related("campaign__owner", "unit").get(pk=part.upward_id)
    with run.docx.open("rb") as f:
        data = f.read()
    return submissions.store_upload(upward, data, f"bao-cao-tong-hop-{part.owner.code}.docx", user)
