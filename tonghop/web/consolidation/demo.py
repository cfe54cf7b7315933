"""The demo's consolidation: reporters confirm the figures read from their reports, the
department starts the KL01 catalogue, adopts the strongest proposals, corrects one
value with its reason and drafts the consolidated report, so a new user finds the
indicator pages filled and a draft to download.  Called by tonghop.web.demo."""

from __future__ import annotations

from tonghop.numbers import vn_number
from tonghop.web.consolidation import services
from tonghop.web.consolidation.models import IndicatorValue

ADOPTED = 3  # proposals taken into the catalogue
CORRECTION = "Đơn vị gửi văn bản bổ sung: số liệu trong báo cáo chưa đủ các chi bộ trực thuộc."


def confirm_figures(version, user) -> None:
    """The reporter confirms every figure as read (what most reporters do)."""
    from tonghop.web.submissions import services as submissions

    data = {f.pk: vn_number(f.proposed_value) for f in version.figures.all()}
    if data:
        submissions.confirm_figures(version, data, user=user)


def load(campaign, staff) -> None:
    services.start_from_template(campaign, staff)
    for candidate in services.candidates(campaign)[:ADOPTED]:
        services.adopt(campaign, candidate.indicator.key, staff)
    value = (
        IndicatorValue.objects.filter(indicator__campaign=campaign, indicator__retired=False)
        .select_related("indicator", "assignment__unit")
        .order_by("indicator__order", "assignment__unit__tree_path")
        .first()
    )
    if value is not None:
        services.set_value(value.indicator, value.assignment, value.value + 1, staff, CORRECTION)
    services.run_draft(campaign, {}, staff)
