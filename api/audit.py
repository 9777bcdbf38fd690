"""Writes through the API in the audit trail with their token: the entries a service
writes in this block carry the token's owner as actor, the client address, and the
token's id and name in ``additional_data`` ({"api_token": {"id": …, "name": …}})."""

from __future__ import annotations

import contextlib

from auditlog.context import auditlog_value, set_extra_data

from infra.client import client_address


@contextlib.contextmanager
def token_in_audit_trail(request):
    token = request.auth
    outer = auditlog_value.get(None)
    with set_extra_data(
        context_data={
            "actor": request.user,
            "remote_addr": client_address(request),
            "additional_data": {"api_token": {"id": token.pk, "name": token.name}},
        }
    ):
        yield
    if outer is not None:
        # The request's own context (audit.middleware) for anything after this block.
        auditlog_value.set(outer)
