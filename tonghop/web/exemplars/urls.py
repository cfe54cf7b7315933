from django.urls import path

from tonghop.web.exemplars import views

app_name = "exemplars"

urlpatterns = [
    path("dot/<int:pk>/don-vi/", views.unit, name="unit"),
    path("dot/<int:pk>/them/", views.new, name="new"),
    path("dot/<int:pk>/", views.campaign, name="campaign"),
    path("dot/<int:pk>/chon/", views.select, name="select"),
    path("dot/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("ho-so/<int:pk>/", views.nominee, name="nominee"),
    path("ho-so/<int:pk>/sua/", views.edit, name="edit"),
    path("ho-so/<int:pk>/gui/", views.submit, name="submit"),
    path("ho-so/<int:pk>/rut-lai/", views.withdraw, name="withdraw"),
    path("ho-so/<int:pk>/xoa/", views.delete, name="delete"),
    path("ho-so/<int:pk>/anh/", views.photo, name="photo"),
    path("ho-so/<int:pk>/ky-luat/", views.discipline, name="discipline"),
    path("ho-so/<int:pk>/tai-ve/", views.dossier, name="dossier"),
    path("chuong-trinh/<int:pk>/<slug:kind>/", views.programme_export, name="export"),
]
