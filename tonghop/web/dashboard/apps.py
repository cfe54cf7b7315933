from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Reading a campaign as a whole: status, coverage, side by side, search, export."""

    name = "tonghop.web.dashboard"
    label = "dashboard"
    verbose_name = "Theo dõi, tổng hợp"
