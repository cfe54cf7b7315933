from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "tonghop.web.reminders"
    label = "reminders"
    verbose_name = "Nhắc nhở"
