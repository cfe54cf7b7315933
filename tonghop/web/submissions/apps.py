from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "tonghop.web.submissions"
    label = "submissions"
    verbose_name = "Báo cáo của đơn vị"
