"""django-auditlog's middleware, with this project's client address and its own
correlation id, so that every entry says who, from where and from which request."""

import uuid

from auditlog.cid import correlation_id
from auditlog.context import set_extra_data
from auditlog.middleware import AuditlogMiddleware

from infra.client import client_address

REQUEST_ID_HEADER = "X-Request-ID"


class AuditMiddleware(AuditlogMiddleware):
    """Placed after authentication. The library would take the first address of
    X-Forwarded-For (which any client can write) and a correlation id from a request
    header; here the address is the one the login throttle uses (TRUSTED_PROXY_COUNT)
    and the correlation id is new for every request. The response carries it, so a
    user's report of a problem can be matched to the entries of that request."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None  # only a client-written header would tell

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        token = correlation_id.set(request_id)
        try:
            with set_extra_data(context_data=self.get_extra_data(request)):
                response = self.get_response(request)
        finally:
            correlation_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response
