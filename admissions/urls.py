from django.urls import path

from . import views

app_name = "admissions"

# /membership/ … : the criteria and applications (g40/urls.py mounts both admissions
# and contributions under /membership/).
urlpatterns = [
    path("", views.membership_index, name="index"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<id:pk>/", views.application_detail, name="application_detail"),
    path("applications/<id:pk>/application.pdf", views.application_pdf, name="application_pdf"),
    path("applications/<id:pk>/letter.pdf", views.application_letter, name="application_letter"),
    path("applications/<id:pk>/advice/", views.application_advice, name="application_advice"),
    path("applications/<id:pk>/decision/", views.application_decision, name="application_decision"),
    path("applications/<id:pk>/notes/", views.application_notes, name="application_notes"),
    path(
        "applications/<id:pk>/correction/",
        views.application_step_correct,
        name="application_step_correct",
    ),
    path("indicator-values/new/", views.indicator_value_create, name="indicator_value_create"),
    path("indicator-values/import/", views.indicator_values_import, name="indicator_values_import"),
]
