"""/account/tokens/: one's own API tokens (part of the account pages)."""

from django.urls import path

from . import views_tokens

app_name = "api_tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("<id:pk>/revoke/", views_tokens.token_revoke_view, name="revoke"),
]
