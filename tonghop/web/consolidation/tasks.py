"""Background work of consolidation, run by `tonghop worker` (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def draft_report(run_id: int) -> str:
    """Draft the consolidated report of a queued DraftRun; returns its status."""
    from tonghop.web.consolidation import services

    run = services.execute_draft(run_id)
    return run.status if run is not None else "skipped"


@task()
def recompute_totals(campaign_id: int) -> dict:
    """Add a large campaign's totals up again after a change (see services.store_totals)."""
    from tonghop.web.campaigns.models import Campaign
    from tonghop.web.consolidation import services

    campaign = Campaign.objects.select_related("owner").filter(pk=campaign_id).first()
    if campaign is None:
        return {}
    return services.store_totals(campaign)
