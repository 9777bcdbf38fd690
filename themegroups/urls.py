from django.urls import path

from . import views, views_actions, views_edit

app_name = "themegroups"

# Fixed pages first: their names are reserved and never a group's slug.
urlpatterns = [
    path("", views.theme_group_list, name="list"),
    path("review/", views.review_queue, name="review_queue"),
    path("support/", views.support_overview, name="support_overview"),
    path("propose/", views_actions.theme_group_propose, name="propose"),
    path("<slug:slug>/", views.theme_group_detail, name="detail"),
    path("<slug:slug>/approve/", views_actions.theme_group_approve, name="approve"),
    path("<slug:slug>/refuse/", views_actions.theme_group_refuse, name="refuse"),
    path("<slug:slug>/decide/", views_actions.theme_group_decide, name="decide"),
    path("<slug:slug>/edit/", views_edit.theme_group_edit, name="edit"),
    path("<slug:slug>/support/", views_actions.support_assign, name="support_assign"),
    path("<slug:slug>/support/<id:pk>/end/", views_edit.support_end, name="support_end"),
    path("<slug:slug>/members/add/", views_actions.member_add, name="member_add"),
    path("<slug:slug>/members/<id:pk>/remove/", views_actions.member_remove, name="member_remove"),
    path("<slug:slug>/members/<id:pk>/role/", views_actions.member_role, name="member_role"),
]
