from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("invisible/", views.invisible_cities, name="invisible"),
    path("invisible/rule/", views.rule_edit, name="rule_edit"),
    path("cities/<str:cbs_code>/", views.city_participation, name="city"),
    path("cities/<str:cbs_code>/note/", views.note_edit, name="note_edit"),
]
