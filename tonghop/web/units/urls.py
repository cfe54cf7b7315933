from django.urls import path

from tonghop.web.units import views

app_name = "units"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("them/", views.create, name="create"),
    path("nhap/", views.import_file, name="import"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/chuyen/", views.move, name="move"),
    path("<int:pk>/dong/", views.close, name="close"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
]
