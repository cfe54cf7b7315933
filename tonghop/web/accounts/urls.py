from django.urls import path

from tonghop.web.accounts import views

urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("dang-nhap/bi-khoa/", views.lockouts, name="lockouts"),
    path("dang-nhap/mo-khoa/", views.unlock, name="unlock"),
]
