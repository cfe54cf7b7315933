from django.urls import path

from tonghop.web.consolidation import views

app_name = "consolidation"
urlpatterns = [
    path("<int:pk>/", views.catalogue, name="catalogue"),  # a campaign
    path("<int:pk>/them/", views.create, name="create"),
    path("<int:pk>/theo-mau/", views.start_template, name="template"),
    path("<int:pk>/sao-chep/", views.copy, name="copy"),
    path("<int:pk>/cap-nhat/", views.refresh, name="refresh"),
    path("<int:pk>/de-xuat/", views.candidates, name="candidates"),
    path("<int:pk>/de-xuat/ap-dung/", views.adopt, name="adopt"),
    path("<int:pk>/cong-don/", views.roll_up, name="rollup"),
    path("<int:pk>/kiem-tra/", views.checks, name="checks"),
    path("<int:pk>/xuat-excel/", views.export, name="export"),
    path("<int:pk>/du-thao/", views.draft, name="draft"),
    path("chi-tieu/<int:pk>/", views.indicator, name="indicator"),
    path("chi-tieu/<int:pk>/sua/", views.edit, name="edit"),
    path("chi-tieu/<int:pk>/gop/", views.merge, name="merge"),
    path("chi-tieu/<int:pk>/ngung/", views.retire, name="retire"),
    path("chi-tieu/<int:pk>/gia-tri/", views.set_value, name="set_value"),
    path("du-thao/<int:pk>/trang-thai/", views.draft_status, name="draft_status"),
    path("du-thao/<int:pk>/soan-lai/", views.draft_retry, name="draft_retry"),
    path("du-thao/<int:pk>/<str:kind>/", views.draft_file, name="draft_file"),
]
