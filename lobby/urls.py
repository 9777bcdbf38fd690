from django.urls import path

from . import views, views_actions

app_name = "lobby"

urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("new/", views_actions.dossier_create, name="dossier_create"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<id:pk>/", views.notice_detail, name="notice_detail"),
    path(
        "notices/<id:pk>/acknowledge/",
        views_actions.notice_acknowledge,
        name="notice_acknowledge",
    ),
    path("cities/<str:cbs_code>/", views.city_stance_page, name="city_stances"),
    path(
        "positions/<id:version_pk>/cities/<str:cbs_code>/",
        views_actions.stance_record,
        name="stance_record",
    ),
    path("<id:pk>/", views.dossier_detail, name="detail"),
    path("<id:pk>/edit/", views_actions.dossier_edit, name="dossier_edit"),
    path("<id:pk>/positions/new/", views_actions.version_propose, name="version_propose"),
    path(
        "<id:pk>/positions/<id:version_pk>/edit/", views_actions.version_edit, name="version_edit"
    ),
    path(
        "<id:pk>/positions/<id:version_pk>/route/",
        views_actions.version_route,
        name="version_route",
    ),
    path(
        "<id:pk>/positions/<id:version_pk>/agree/",
        views_actions.version_agree,
        name="version_agree",
    ),
    path("<id:pk>/moments/new/", views_actions.moment_propose, name="moment_propose"),
    path("<id:pk>/moments/<id:moment_pk>/edit/", views_actions.moment_edit, name="moment_edit"),
    path("<id:pk>/moments/<id:moment_pk>/plan/", views_actions.moment_plan, name="moment_plan"),
    path(
        "<id:pk>/moments/<id:moment_pk>/decide/", views_actions.moment_decide, name="moment_decide"
    ),
    path("<id:pk>/city-actions/new/", views_actions.city_action_record, name="city_action_record"),
]
