"""The personal token as a DRF authentication: ``Authorization: Bearer g40_…``
(RFC 6750). A token that is unknown, revoked or expired, or whose login is switched
off, is refused with 401 at once; what its owner may see is asked of
``members.permissions`` on every request (a role that ended counts at the next one)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken
from .services import token_hash, token_touch

KEYWORD = b"bearer"
REFUSED = _("This token is unknown, revoked or expired, or its login is switched off.")


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # no token: the open endpoints answer, the others say 401
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the token as: Authorization: Bearer g40_…"))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(REFUSED) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()
        if token is None or not token.is_usable() or not token.user.is_active:
            raise AuthenticationFailed(REFUSED)
        token_touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
