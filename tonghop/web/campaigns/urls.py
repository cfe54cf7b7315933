from django.urls import path

from tonghop.web.campaigns import cascade_views, views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("tao/", views.create, name="create"),
    path("tao/han-nop/", views.deadline_note, name="deadline_note"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/khoa/", views.lock, name="lock"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/cong-bo/", views.publish, name="publish"),
    path("<int:pk>/xoa/", views.delete, name="delete"),
    path("<int:pk>/gia-han/", views.extend, name="extend"),
    path("<int:pk>/huong-dan/", views.guideline, name="guideline"),
    # The campaign down and up the tree (cascade_views).
    path("<int:pk>/cac-cap/", cascade_views.chain, name="chain"),
    path("<int:pk>/lay-so-tong-hop/", cascade_views.fill, name="fill"),
    path("<int:pk>/dung-du-thao/", cascade_views.use_draft, name="use_draft"),
    path("giao/<int:pk>/chuyen-tiep/", cascade_views.forward, name="forward"),
    path("giao/<int:pk>/tra-lai/", cascade_views.return_down, name="return_down"),
]
