from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "tonghop.web.consolidation"
    label = "consolidation"
    verbose_name = "Tổng hợp số liệu"
