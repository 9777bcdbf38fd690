from django.urls import path

from . import views, views_oidc, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("", views.account_overview, name="overview"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/setup/", views_two_factor.totp_setup, name="totp_setup"),
    path("two-factor/qr.svg", views_two_factor.totp_qr, name="totp_qr"),
    path("two-factor/verify/", views_two_factor.otp_verify, name="otp_verify"),
    path(
        "two-factor/recovery-codes/", views_two_factor.recovery_codes_new, name="recovery_codes_new"
    ),
    path("two-factor/off/", views_two_factor.second_factor_off, name="second_factor_off"),
    path("my-data/", views.my_data, name="my_data"),
    path("security-log/", views.security_log, name="security_log"),
    path("people/<id:pk>/erase/", views.person_erase, name="person_erase"),
    path("people/<id:pk>/invite/", views.person_invite, name="person_invite"),
    path("email/<str:token>/", views.email_confirm, name="email_confirm"),
    path(
        "invitation/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    # Logging in with the city's own account (OpenID Connect, issue 26).
    path("oidc/start/", views_oidc.oidc_start, name="oidc_start"),
    path("oidc/callback/", views_oidc.oidc_callback, name="oidc_callback"),
    path("oidc/unknown/", views_oidc.oidc_unknown, name="oidc_unknown"),
    path(
        "login-requests/<id:pk>/handled/",
        views_oidc.login_request_handled,
        name="login_request_handled",
    ),
]
