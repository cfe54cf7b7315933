"""Background work of consolidation, run by `tonghop worker` (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def draft_report(run_id: int) -> str:
    """Draft the consolidated report of a queued DraftRun; returns its status."""
    from tonghop.web.consolidation import services

    run = services.execute_draft(run_id)
    return run.status if run is not None else "skipped"
