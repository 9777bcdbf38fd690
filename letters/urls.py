from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("new/", views.letter_create, name="create"),
    path("<id:pk>/", views.letter_detail, name="detail"),
    path("<id:pk>/edit/", views.letter_edit, name="edit"),
    path("<id:pk>/approve/", views.letter_approve, name="approve"),
    path("<id:pk>/erratum/", views.letter_erratum, name="erratum"),
    path("addressees/ask/", views.addressees_ask, name="addressees_ask"),
    path("elections/", views.election_list, name="election_list"),
    path("elections/new/", views.election_create, name="election_create"),
    path("elections/<id:pk>/", views.election_detail, name="election_detail"),
    path(
        "elections/<id:pk>/confirm/<id:role_pk>/",
        views.role_confirm,
        name="role_confirm",
    ),
    path(
        "elections/<id:pk>/introduction/",
        views.introduction_draft,
        name="introduction_draft",
    ),
]
