from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("<id:pk>/edit/", views.person_edit, name="person_edit"),
]
