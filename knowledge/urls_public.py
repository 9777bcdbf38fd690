from django.urls import path

from . import views_public

app_name = "kennisproducten"

urlpatterns = [
    path("", views_public.public_list, name="list"),
    path("feed/", views_public.feed, name="feed"),
    path("<id:pk>/", views_public.public_detail, name="detail"),
    path("bestanden/<id:pk>/", views_public.public_download, name="download"),
]
