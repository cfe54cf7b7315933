from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "tonghop.web.exemplars"
    label = "exemplars"
    verbose_name = "Giới thiệu và tuyển chọn điển hình"
