"""Logins (the address a login is reached by, invitations, login requests, erasure), the
second factor (who must use one, who may manage someone's), the security log and the
personal API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import holds_network_wide_role

if TYPE_CHECKING:
    from ..models import Person


def may_log_in_through_secretariat_provider(person: Person) -> bool:
    """The secretariat's own identity provider logs in whoever holds a current
    secretariat role (``accounts.oidc``); a city's provider, its city's people."""
    from ..constants import RoleKind
    from ..models import Role

    return Role.objects.current().filter(person=person, kind=RoleKind.SECRETARIAT).exists()


class Accounts:
    """Logins, the second factor, the security log and API tokens."""

    def may_manage_login_of(self, person: Person) -> bool:
        """Change the e-mail address of a person (the address a login is reached by),
        invite them to log in or send the invitation again: the secretariat; the contact
        of the person's city only for a colleague without a network-wide role
        (``NETWORK_WIDE_ROLES``, ``holds_network_wide_role``). Otherwise a city contact
        could point the login of a DB member to an address of their own."""
        if self.is_secretariat:
            return True
        return self.is_contact_for_city(person.city_id) and not holds_network_wide_role(person)

    def may_invite_person(self, person: Person) -> bool:
        """Invite a colleague by mail to log in (a login of their own), or again:
        ``may_manage_login_of``."""
        return self.may_manage_login_of(person)

    def may_handle_login_request(self, city_id: int | None) -> bool:
        """Someone the city's provider logged in but the city does not list asked to be
        added (accounts.LoginRequest): the city's contact handles it, or the secretariat
        (also a request no single city could be told for)."""
        return self.is_secretariat or self.is_contact_for_city(city_id)

    @property
    def may_erase_person(self) -> bool:
        """Erasing a person and their login (AVG art. 17): the secretariat only."""
        return self.is_secretariat

    # --- the API (api) ---------------------------------------------------------
    @property
    def may_hold_api_tokens(self) -> bool:
        """Personal API tokens (made on one's account page) act as their owner: for those
        who read the network (the one read policy). A token of someone who loses every
        role stops working at once, as the pages do (``api.access``)."""
        return self.may_read_network

    # --- the second factor -------------------------------------------------------
    @property
    def must_use_second_factor(self) -> bool:
        """Who needs a second factor (whenever ``MFA_REQUIRED`` is on, which
        ``accounts.services.mfa_required_for`` adds): the secretariat, DB members and
        anyone whose login enters the admin (staff)."""
        return self.is_secretariat or self.is_db_member or self.is_staff

    def may_manage_second_factor_of(self, user) -> bool:
        """Set up a second factor, make new recovery codes: for one's own login only."""
        return user is not None and self.user_id is not None and self.user_id == user.pk

    def may_disable_second_factor_of(self, user) -> bool:
        """Switch a second factor off: one's own (the account page refuses it to whom
        ``must_use_second_factor``), or the secretariat for someone who lost theirs."""
        return self.may_manage_second_factor_of(user) or (user is not None and self.is_secretariat)

    # --- the security log ----------------------------------------------------------
    @property
    def may_read_security_log(self) -> bool:
        """Logins, failed logins, second-factor changes: the secretariat."""
        return self.is_secretariat

    @property
    def may_handle_all_login_requests(self) -> bool:
        """Every city's login requests (``may_handle_login_request`` for each): the
        secretariat; a city contact handles their own city's."""
        return self.is_secretariat
