from django.urls import include, path

from tonghop.web import source
from tonghop.web.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("tonghop.web.accounts.urls")),
    path("don-vi/", include("tonghop.web.units.urls")),
    path("dot-bao-cao/", include("tonghop.web.campaigns.urls")),
    path("bao-cao/", include("tonghop.web.submissions.urls")),
    path("theo-doi/", include("tonghop.web.dashboard.urls")),
    path("nhac-nho/", include("tonghop.web.reminders.urls")),
    path("nhat-ky/", include("tonghop.web.audit.urls")),
    path("dien-hinh/", include("tonghop.web.exemplars.urls")),
    path("tong-hop/", include("tonghop.web.consolidation.urls")),
    path("so-sanh/", include("tonghop.web.history.urls")),
    path("ma-nguon/", source.download, name="source"),
]

handler403 = "tonghop.web.accounts.views.forbidden"
handler404 = "tonghop.web.accounts.views.not_found"
