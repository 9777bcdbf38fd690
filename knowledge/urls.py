from django.urls import path

from . import views, views_follow

app_name = "knowledge"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("add/", views.product_create, name="create"),
    path("<id:pk>/", views.product_detail, name="detail"),
    path("<id:pk>/edit/", views.product_edit, name="edit"),
    path("<id:pk>/files/add/", views.file_add, name="file_add"),
    path("<id:pk>/files/<id:file_pk>/correct/", views.version_add, name="version_add"),
    path("files/<id:pk>/", views.download, name="download"),
    path("following/", views_follow.follows, name="follows"),
    path("following/<id:pk>/stop/", views_follow.unfollow, name="unfollow"),
]
