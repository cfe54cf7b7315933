from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "tonghop.web.units"
    label = "units"
    verbose_name = "Đơn vị"
