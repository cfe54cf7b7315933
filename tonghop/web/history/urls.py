from django.urls import path

from tonghop.web.history import views

app_name = "history"
urlpatterns = [
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/ghep/", views.link, name="link"),
    path("chi-tieu/<int:pk>/", views.indicator, name="indicator"),
    path("don-vi/", views.unit_changes, name="units"),
]
