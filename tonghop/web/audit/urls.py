from django.urls import path

from tonghop.web.audit import views

app_name = "audit"
urlpatterns = [
    path("dot-bao-cao/<int:pk>/", views.campaign_log, name="campaign"),
]
