from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from accounts.forms import QueuedPasswordResetForm
from accounts.views_oidc import LoginView, LogoutView
from infra import views as infra_views
from infra.converters import IdConverter
from members.views import dashboard

# <id:pk> for database ids everywhere (see infra/converters.py).
register_converter(IdConverter, "id")

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("health/", infra_views.health, name="health"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The password login, and logging in with the city's own account (accounts).
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", include("accounts.urls")),
    # One's own API tokens, among the account pages (the api app).
    path("account/tokens/", include("api.urls_tokens")),
    path("audit/", include("audit.urls")),
    path("cities/", include("members.urls_cities")),
    path("people/", include("members.urls_people")),
    path("pillars/", include("members.urls_pillars")),
    path("theme-groups/", include("themegroups.urls")),
    path("network-days/", include("networkdays.urls")),
    # /membership/: the criteria and applications, then contributions and the budget.
    path("membership/", include("admissions.urls")),
    path("membership/", include("contributions.urls")),
    path("letters/", include("letters.urls")),
    # The public archive of member letters, its feed and subscriptions: no login.
    path("ledenbrieven/", include("letters.urls_public")),
    path("knowledge/", include("knowledge.urls")),
    # The public knowledge products, beside the letters' archive: no login.
    path("kennisproducten/", include("knowledge.urls_public")),
    path("participation/", include("participation.urls")),
    path("lobby/", include("lobby.urls")),
    path("admin/", admin.site.urls),
    # The API (docs/api.md): /api/v1 and its documents; anything else under /api/ is a
    # 404 as problem details.
    path("api/", include("api.urls")),
]

handler404 = "infra.views.page_not_found"
handler500 = "infra.views.server_error"

admin.site.site_header = "G40 Netwerk"
admin.site.site_title = "G40 Netwerk"
