"""Who may see and do what.  Every view asks these functions, never the role
directly, so the permission matrix is decided in one place.

- staff: run campaigns they own, for units in the subtree of their unit;
- reporter: only their own unit's tasks, files, figures and search hits;
- leader: read dashboards and results for their subtree, change nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tonghop.web.accounts.models import Profile
from tonghop.web.units.models import Unit


def profile(user) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role(user) -> str | None:
    p = profile(user)
    return p.role if p else None


def is_staff(user) -> bool:
    return role(user) == Profile.Role.STAFF


def is_leader(user) -> bool:
    return role(user) == Profile.Role.LEADER


def is_reporter(user) -> bool:
    return role(user) == Profile.Role.REPORTER


def visible_units(user) -> QuerySet[Unit]:
    """Units whose reports this user may read."""
    p = profile(user)
    if p is None:
        return Unit.objects.none()
    if p.role == Profile.Role.REPORTER:
        return Unit.objects.filter(pk=p.unit_id)
    return p.unit.subtree()


def can_read_unit(user, unit: Unit) -> bool:
    p = profile(user)
    if p is None:
        return False
    if p.role == Profile.Role.REPORTER:
        return unit.pk == p.unit_id
    return unit.tree_path.startswith(p.unit.tree_path)


def can_manage_campaign(user, campaign) -> bool:
    """Staff of the owning unit or above it."""
    p = profile(user)
    return bool(
        p and p.role == Profile.Role.STAFF and campaign.owner.tree_path.startswith(p.unit.tree_path)
    )


def can_read_campaign(user, campaign) -> bool:
    p = profile(user)
    if p is None:
        return False
    if p.role == Profile.Role.REPORTER:
        # A draft is the department's alone: its units see it once it is published.
        return not campaign.is_draft and campaign.assignments.filter(unit_id=p.unit_id).exists()
    return campaign.owner.tree_path.startswith(p.unit.tree_path) or p.unit.tree_path.startswith(
        campaign.owner.tree_path
    )


def can_change_campaign(user, campaign) -> bool:
    """Edit, publish or delete a draft; extend a published campaign's deadline."""
    return can_manage_campaign(user, campaign)


def can_read_dashboard(user, campaign) -> bool:
    """Dashboards, the matrix, side-by-side reading and their export: the staff running
    the campaign, or leaders who may read it (over the units they may read)."""
    return can_manage_campaign(user, campaign) or (
        is_leader(user) and can_read_campaign(user, campaign)
    )


def can_search_campaign(user, campaign) -> bool:
    """Search: staff and leaders over every unit they may read, a reporter their own."""
    return can_manage_campaign(user, campaign) or (
        (is_leader(user) or is_reporter(user)) and can_read_campaign(user, campaign)
    )


def reads_own_unit_only(user) -> bool:
    """A reporter's searches and lists cover their own unit alone."""
    return is_reporter(user)


# One unit's report in a campaign ------------------------------------------------------


def can_read_assignment(user, assignment) -> bool:
    """The unit's own reporter (once published); staff and leaders over the unit or the
    campaign's owner."""
    p = profile(user)
    if p is None:
        return False
    if p.role == Profile.Role.REPORTER:
        return assignment.unit_id == p.unit_id and not assignment.campaign.is_draft
    return can_read_unit(user, assignment.unit) or assignment.campaign.owner.tree_path.startswith(
        p.unit.tree_path
    )


def can_report(user, assignment) -> bool:
    """Upload, confirm figures and submit: the unit's own reporter, and the staff of the
    unit itself (a committee's department writes the committee's report upward)."""
    p = profile(user)
    return bool(
        p
        and p.role in (Profile.Role.REPORTER, Profile.Role.STAFF)
        and p.unit_id == assignment.unit_id
    )


def can_review(user, assignment) -> bool:
    """Accept or send back a unit's report: the staff running its campaign."""
    return can_manage_campaign(user, assignment.campaign)


# The campaign down and up the tree (campaigns/cascade.py) -------------------------------


def can_forward(user, assignment) -> bool:
    """Forward a campaign received to the unit's own units: the staff of that unit, while
    the campaign is open."""
    p = profile(user)
    return bool(
        p
        and p.role == Profile.Role.STAFF
        and p.unit_id == assignment.unit_id
        and assignment.campaign.is_open
    )


def can_read_chain(user, campaign) -> bool:
    """The chain page (each unit's report, its own units' progress, figures beside their
    roll-up): staff and leaders who may read the campaign, over their own subtree."""
    return not is_reporter(user) and can_read_campaign(user, campaign)


def can_return_down(user, assignment) -> bool:
    """Send a report back down, accepted or not: staff of the campaign's owner or of any
    level above it (`can_manage_campaign`)."""
    return can_manage_campaign(user, assignment.campaign)


def is_above_owner(user, campaign) -> bool:
    """Staff of a level strictly above the campaign's owner."""
    p = profile(user)
    return bool(
        p
        and p.role == Profile.Role.STAFF
        and p.unit_id != campaign.owner_id
        and campaign.owner.tree_path.startswith(p.unit.tree_path)
    )


def can_report_upward(user, part) -> bool:
    """Make the part owner's report upward from the part's draft, take the roll-up as
    its figures: the owner's staff, who run the part (its reporter uploads by hand)."""
    return (
        part.upward_id is not None
        and is_staff(user)
        and profile(user).unit_id == part.owner_id
        and can_report(user, part.upward)
    )


def can_record_unit_changes(user) -> bool:
    """Record mergers, splits, renames and moves of units and read the tree's history
    (history app): staff of the top of the tree, who keep the organisation's record."""
    p = profile(user)
    return bool(p and p.role == Profile.Role.STAFF and p.unit.parent_id is None)


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied("Bạn không có quyền truy cập nội dung này.")


# Consolidation (indicators, values, roll-up, drafts) ------------------------------------


def can_edit_consolidation(user, campaign) -> bool:
    """The catalogue, corrections of values and drafting: the staff running the campaign."""
    return can_manage_campaign(user, campaign)


def can_read_consolidation(user, campaign) -> bool:
    """Indicator pages, the roll-up, exports and drafts: those running the campaign and
    leaders who may read it (over the units they may read)."""
    return can_manage_campaign(user, campaign) or (
        is_leader(user) and can_read_campaign(user, campaign)
    )


def can_read_unit_values(user, assignment) -> bool:
    """One unit's values and broken rules: its own reporter (no other unit's), staff and
    leaders over the unit, and those who read the campaign's consolidation."""
    p = profile(user)
    if p is None:
        return False
    if p.role == Profile.Role.REPORTER:
        return assignment.unit_id == p.unit_id
    return can_read_unit(user, assignment.unit) or can_read_consolidation(user, assignment.campaign)


# Exemplars (nominees, their photos and dossiers, programme exports) ----------------------


def can_export_nominations(user, campaign) -> bool:
    """Programme exports and the board: the staff running the campaign, and leaders who
    may read it (over their own units' nominees only: `nominee_units`)."""
    return can_manage_campaign(user, campaign) or (
        is_leader(user) and can_read_campaign(user, campaign)
    )


def nominee_units(user, campaign) -> QuerySet[Unit] | None:
    """Units whose submitted nominees this user may see in a campaign: None for every
    unit (the staff running it); else the units the user may read, so a branch's leader
    or staff never sees another branch's nominees, photos or dossiers."""
    if can_manage_campaign(user, campaign):
        return None
    return visible_units(user)


def may_nominate(user) -> bool:
    """Only a unit's reporter nominates; the others read the department's board."""
    return is_reporter(user)


def nominating_unit(user, campaign) -> Unit | None:
    """The unit a reporter nominates for in a campaign that addresses it, else None."""
    p = profile(user)
    if p is None or p.role != Profile.Role.REPORTER:
        return None
    if not campaign.assignments.filter(unit_id=p.unit_id).exists():
        return None
    return p.unit


def can_edit_nominee(user, nominee) -> bool:
    """Edit or send a nominee: its own unit's reporter (whether still a draft is the
    service's business)."""
    p = profile(user)
    return bool(p and p.role == Profile.Role.REPORTER and p.unit_id == nominee.unit_id)


def can_read_nominee(user, nominee) -> bool:
    """A reporter: their own unit's nominees, drafts too.  Anyone else: a submitted nominee
    of a unit they may read, or any submitted nominee of a campaign they run."""
    p = profile(user)
    if p is None:
        return False
    if p.role == Profile.Role.REPORTER:
        return nominee.unit_id == p.unit_id
    if nominee.is_draft:  # a unit's draft is its own until it sends it
        return False
    return can_manage_campaign(user, nominee.campaign) or can_read_unit(user, nominee.unit)


def can_download_dossier(user, nominee) -> bool:
    """The .docx dossier: its own unit's reporter, and those who may export (within what
    they may read)."""
    return can_read_nominee(user, nominee) and (
        is_reporter(user) or can_export_nominations(user, nominee.campaign)
    )


# Login lock-outs ------------------------------------------------------------------------


def can_unlock_logins(user) -> bool:
    """Department staff unlock the accounts of their own units (`lockable_usernames`)."""
    return is_staff(user)


def lockable_usernames(user) -> QuerySet:
    """User names of the accounts whose lock-outs this user may see and lift."""
    from django.contrib.auth import get_user_model

    if not can_unlock_logins(user):
        return get_user_model().objects.none().values_list("username", flat=True)
    return (
        get_user_model()
        .objects.filter(profile__unit__in=visible_units(user))
        .values_list("username", flat=True)
    )
