from django.urls import path

from tonghop.web.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("<int:pk>/", views.detail, name="detail"),  # an assignment: one unit in one campaign
    path("<int:pk>/tai-len/", views.upload, name="upload"),
    path("<int:pk>/dang-doc/<int:pending>/", views.pending_status, name="pending"),
    path("<int:pk>/dang-doc/<int:pending>/doc-lai/", views.pending_retry, name="pending_retry"),
    path("<int:pk>/dang-doc/<int:pending>/tai-ve/", views.pending_download, name="pending_file"),
    path("<int:pk>/nop/", views.submit, name="submit"),
    path("<int:pk>/tiep-nhan/", views.accept, name="accept"),
    path("<int:pk>/tra-lai/", views.send_back, name="send_back"),
    path("phien-ban/<int:pk>/", views.read, name="read"),  # a version: the whole text
    path("phien-ban/<int:pk>/tai-ve/", views.download, name="download"),
    path("phien-ban/<int:pk>/so-lieu/", views.figures, name="figures"),
]
