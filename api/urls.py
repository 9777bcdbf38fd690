"""/api/v1 (ADR: the major version in the path, no trailing slashes, kebab-case). Every
view marks itself ``login_not_required`` for the site's login middleware: the API has
its own authentication (the personal token) and answers 401, never a login page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from . import views, views_pages, views_private

app_name = "api"


def api(view_class):
    return login_not_required(view_class.as_view())


urlpatterns = [
    # The root resource ends in a slash (ADR /core/no-trailing-slash: the one exception).
    path("v1/", api(views.IndexView), name="index"),
    path("v1/openapi.json", api(views_pages.OpenApiView), name="openapi"),
    path("v1/docs", views_pages.documentation, name="docs"),
    # Open data.
    path("v1/cities", api(views.CityListView), name="city_list"),
    path("v1/cities/<str:code>", api(views.CityDetailView), name="city_detail"),
    path("v1/network-days", api(views.NetworkDayListView), name="network_day_list"),
    path("v1/network-days/<id:pk>", api(views.NetworkDayDetailView), name="network_day_detail"),
    path("v1/theme-groups", api(views.ThemeGroupListView), name="theme_group_list"),
    path("v1/theme-groups/<slug:slug>", api(views.ThemeGroupDetailView), name="theme_group_detail"),
    path("v1/member-letters", api(views.LetterListView), name="letter_list"),
    path("v1/member-letters/<str:number>", api(views.LetterDetailView), name="letter_detail"),
    # With a personal token.
    path("v1/me", api(views_private.MeView), name="me"),
    path("v1/people", api(views_private.PeopleView), name="people"),
    path("v1/registrations", api(views_private.RegistrationListView), name="registration_list"),
    path(
        "v1/registrations/<id:pk>",
        api(views_private.RegistrationDetailView),
        name="registration_detail",
    ),
    path(
        "v1/registrations/<id:pk>/cancellation",
        api(views_private.RegistrationCancellationView),
        name="registration_cancel",
    ),
    path("v1/review-queue", api(views_private.ReviewQueueView), name="review_queue"),
    path("v1/support-overview", api(views_private.SupportOverviewView), name="support_overview"),
    path(
        "v1/contribution-statements",
        api(views_private.StatementListView),
        name="statement_list",
    ),
    path(
        "v1/contribution-statements/<id:pk>",
        api(views_private.StatementDetailView),
        name="statement_detail",
    ),
    # Anything else under /api/ (another version, a trailing slash): a 404 as a problem.
    re_path(r"^(?P<rest>.*)$", api(views_pages.NotFoundView), name="not_found"),
]
