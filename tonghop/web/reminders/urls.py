from django.urls import path

from tonghop.web.reminders import views

app_name = "reminders"
urlpatterns = [
    path("<int:pk>/", views.log, name="log"),
    path("<int:pk>/gui/", views.send, name="send"),
]
