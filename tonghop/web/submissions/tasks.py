"""Background work of submissions, run by `tonghop worker` (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task(takes_context=True)
def read_pending_upload(context, pending_id: int) -> int | None:
    """Read an upload kept as a PendingUpload and store its version; returns the
    version's id (None when an earlier run stored it or a newer run replaced this one)."""
    from tonghop.web.submissions import background

    return background.run(pending_id, str(context.task_result.id))
