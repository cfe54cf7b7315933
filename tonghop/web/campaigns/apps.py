from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "tonghop.web.campaigns"
    label = "campaigns"
    verbose_name = "Đợt báo cáo"
