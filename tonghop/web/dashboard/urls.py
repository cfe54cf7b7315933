from django.urls import path

from tonghop.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("<int:pk>/", views.campaign_dashboard, name="campaign"),
    path("<int:pk>/ma-tran/", views.matrix, name="matrix"),
    path("<int:pk>/xuat-excel/", views.export, name="export"),
    path("<int:pk>/doc-theo-muc/", views.item_pick, name="item_pick"),
    path("<int:pk>/doc-theo-muc/<str:code>/", views.item, name="item"),
    path("<int:pk>/tim-kiem/", views.search, name="search"),
]
