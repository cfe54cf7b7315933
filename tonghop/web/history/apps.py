from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "tonghop.web.history"
    label = "history"
    verbose_name = "So sánh giữa các đợt báo cáo"
