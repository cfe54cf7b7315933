from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DashboardConfig(AppConfig):
    """Reading a campaign as a whole: status, coverage, side by side, search, export."""

    name = "tonghop.web.dashboard"
    label = "dashboard"
    verbose_name = "Theo dõi, tổng hợp"

    def ready(self) -> None:
        post_migrate.connect(_keep_search_index, sender=self)


def _keep_search_index(using: str = "default", **kwargs) -> None:
    # After every migrate: a migration of the answers table (SQLite rebuilds a table
    # to alter it) must not leave search with an index no longer kept in step.
    from django.db import connections

    from tonghop.web.dashboard import fts

    fts.ensure_triggers(connections[using])
