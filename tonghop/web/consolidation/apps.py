from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "tonghop.web.consolidation"
    label = "consolidation"
    verbose_name = "Tổng hợp số liệu"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from tonghop.web.consolidation.services import units_changed
        from tonghop.web.units.models import Unit

        post_save.connect(units_changed, sender=Unit, dispatch_uid="consolidation-units")
