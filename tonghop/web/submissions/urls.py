from django.urls import path

from tonghop.web.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("<int:pk>/", views.detail, name="detail"),  # an assignment: one unit in one campaign
    path("<int:pk>/tai-len/", views.upload, name="upload"),
    path("<int:pk>/nop/", views.submit, name="submit"),
    path("<int:pk>/tiep-nhan/", views.accept, name="accept"),
    path("<int:pk>/tra-lai/", views.send_back, name="send_back"),
    path("phien-ban/<int:pk>/", views.read, name="read"),  # a version: the whole text
    path("phien-ban/<int:pk>/tai-ve/", views.download, name="download"),
    path("phien-ban/<int:pk>/so-lieu/", views.figures, name="figures"),
]
