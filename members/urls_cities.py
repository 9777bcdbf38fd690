from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.city_list, name="city_list"),
    path("<str:cbs_code>/", views.city_detail, name="city_detail"),
    path("<str:cbs_code>/people/new/", views.person_create, name="person_create"),
]
