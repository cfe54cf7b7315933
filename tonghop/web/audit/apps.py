from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tonghop.web.audit"
    label = "audit"
    verbose_name = "Nhật ký"
