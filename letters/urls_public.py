"""/ledenbrieven/: the public archive and subscriptions (no login; every view is marked
``login_not_required``)."""

from django.urls import path

from . import views_public

app_name = "ledenbrieven"

urlpatterns = [
    path("", views_public.archive_list, name="list"),
    path("feed/", views_public.feed, name="feed"),
    path("feed.xsl", views_public.feed_stylesheet, name="feed_stylesheet"),
    path("aanmelden/", views_public.subscribe, name="subscribe"),
    path("aanmelden/<str:token>/", views_public.confirm, name="confirm"),
    path("afmelden/<str:token>/", views_public.unsubscribe, name="unsubscribe"),
    path(
        "afmelden/<str:token>/een-klik/",
        views_public.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
    path("<str:number>/", views_public.archive_detail, name="detail"),
    path("<str:number>.pdf", views_public.archive_pdf, name="pdf"),
]
