"""A city contact cannot take over a login with network-wide roles (issue 22, item 2):
they change the address of, and invite, only colleagues bound to their city; a login's
new address is used only once the link sent to it has been followed."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.constants import SecurityEventKind
from accounts.models import EmailChange, SecurityEvent
from accounts.services import login_email_change_confirm, password_reset_send, person_invite
from members.constants import PILLAR_ROLES, BoardPosition, RoleKind
from members.permissions import CITY_BOUND_ROLES, NETWORK_WIDE_ROLES, permissions_for
from members.services import person_save
from tests.factories import PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "attacker@evil.example"


def _colleague(world, kind=RoleKind.DB_MEMBER, **person):
    """A person of city A (the contact's) with a role of ``kind`` and no login."""
    colleague = PersonFactory(city=world.city_a, **person)
    _role(world, colleague, kind)
    return colleague


def _role(world, person, kind, **dates):
    extra = {}
    if kind == RoleKind.DB_MEMBER:
        extra["board_position"] = BoardPosition.MEMBER
    if kind in PILLAR_ROLES:
        extra["pillar"] = world.pillar
    return RoleFactory(person=person, kind=kind, **extra, **dates)


def _path(message) -> str:
    link = re.search(r"https?://\S+", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def test_the_network_wide_roles_are_every_role_not_bound_to_a_city():
    assert set(RoleKind.values) == NETWORK_WIDE_ROLES | CITY_BOUND_ROLES
    assert {
        RoleKind.SECRETARIAT,
        RoleKind.DB_MEMBER,
        RoleKind.PILLAR_CHAIR,
        RoleKind.PILLAR_SECRETARY,
        RoleKind.LOBBY_COORDINATOR,
        RoleKind.EVENT_BUREAU,
    } <= NETWORK_WIDE_ROLES


@pytest.mark.parametrize("kind", sorted(NETWORK_WIDE_ROLES))
def test_a_contact_may_not_change_the_address_of_a_network_wide_colleague(
    world, kind, django_capture_on_commit_callbacks
):
    colleague = _colleague(world, kind=kind)
    contact = world.client("contact_a")
    edit = reverse("people:person_edit", kwargs={"pk": colleague.pk})
    response = contact.post(
        edit, {"name": colleague.name, "email": ATTACKER, "function": colleague.function}
    )
    assert response.status_code == 200
    assert "network_wide_person" in [
        e.code for e in response.context["form"].errors.as_data()["email"]
    ]
    colleague.refresh_from_db()
    assert colleague.email != ATTACKER

    with django_capture_on_commit_callbacks(execute=True):
        invite = contact.post(reverse("accounts:person_invite", kwargs={"pk": colleague.pk}))
    assert invite.status_code == 403
    assert mail.outbox == []
    colleague.refresh_from_db()
    assert colleague.user_id is None


def test_the_service_refuses_the_contact_too(world):
    colleague = _colleague(world, kind=RoleKind.PILLAR_CHAIR)
    contact = world.person("contact_a").user
    colleague.email = ATTACKER
    with pytest.raises(ValidationError) as refused:
        person_save(person=colleague, by=contact)
    assert refused.value.error_dict["email"][0].code == "network_wide_person"
    with pytest.raises(ValidationError) as refused:
        person_invite(person=colleague, by=contact)
    assert refused.value.code == "forbidden"


def test_a_role_that_starts_later_counts_and_one_that_ended_does_not(world):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    later = _colleague(world, kind=RoleKind.CITY_OFFICIAL)
    _role(world, later, RoleKind.DB_MEMBER, starts_on=today + datetime.timedelta(1))
    ended = _colleague(world, kind=RoleKind.CITY_OFFICIAL)
    _role(
        world,
        ended,
        RoleKind.DB_MEMBER,
        starts_on=today - datetime.timedelta(10),
        ends_on=today - datetime.timedelta(1),
    )
    permissions = permissions_for(world.person("contact_a").user)
    assert not permissions.may_manage_login_of(later)
    assert permissions.may_manage_login_of(ended)
    # The secretariat may, for everyone; another city's contact for no one.
    assert permissions_for(world.person("secretariat").user).may_manage_login_of(later)


def test_a_contact_still_manages_colleagues_bound_to_the_city(
    world, django_capture_on_commit_callbacks
):
    colleague = _colleague(world, kind=RoleKind.CITY_OFFICIAL)
    contact = world.client("contact_a")
    response = contact.post(
        reverse("people:person_edit", kwargs={"pk": colleague.pk}),
        {"name": colleague.name, "email": "nieuw@example.org", "function": colleague.function},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        contact.post(reverse("accounts:person_invite", kwargs={"pk": colleague.pk}))
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"]


def test_a_logins_new_address_is_used_only_once_confirmed(
    world, django_capture_on_commit_callbacks
):
    """The secretariat changes the address of a DB member with a login: the login keeps
    its address (reset, invitation, username) until the new one is confirmed."""
    user = UserFactory(username="oud@example.org", email="oud@example.org")
    colleague = _colleague(world, email="oud@example.org", user=user)
    secretariat = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            reverse("people:person_edit", kwargs={"pk": colleague.pk}),
            {"name": colleague.name, "email": "nieuw@example.org", "function": "ambtenaar"},
        )
    assert response.status_code == 302
    confirm, notice = sorted(mail.outbox, key=lambda m: m.to != ["nieuw@example.org"])
    assert confirm.to == ["nieuw@example.org"]
    assert notice.to == ["oud@example.org"] and "nieuw@example.org" in notice.body
    user.refresh_from_db()
    assert (user.username, user.email) == ("oud@example.org", "oud@example.org")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_CHANGE_REQUESTED).exists()
    change = EmailChange.objects.get()
    assert len(change.token_hash) == 64 and change.token_hash not in confirm.body

    # Before the confirmation, a reset for the new address sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        password_reset_send(email="nieuw@example.org")
    assert mail.outbox == []

    # A GET changes nothing (a mail scanner may follow the link); the POST does.
    visitor = Client()
    assert visitor.get(_path(confirm)).status_code == 200
    user.refresh_from_db()
    assert user.email == "oud@example.org"
    assert visitor.post(_path(confirm)).status_code == 302
    user.refresh_from_db()
    assert (user.username, user.email) == ("nieuw@example.org", "nieuw@example.org")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_CHANGED, user=user).exists()
    # Once only.
    assert visitor.get(_path(confirm)).status_code == 404


def test_an_invitation_resent_goes_to_the_confirmed_address(
    world, django_capture_on_commit_callbacks
):
    """A pending invitation (a login without a password): a contact changes a city
    colleague's address; the invitation sent again still goes to the old address until
    the new one is confirmed."""
    colleague = _colleague(world, kind=RoleKind.CITY_OFFICIAL, email="oud@example.org")
    contact = world.person("contact_a").user
    import datetime

    from django.utils import timezone

    now = timezone.now()
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        person_invite(person=colleague, by=contact)
        colleague.refresh_from_db()
        colleague.email = "ander@example.org"
        person_save(person=colleague, by=contact)
    mail.outbox.clear()
    with (
        time_machine.travel(now + datetime.timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        person_invite(person=colleague, by=contact)
    (message,) = mail.outbox
    assert message.to == ["oud@example.org"]


def test_a_stale_or_unknown_link_is_refused(world, django_capture_on_commit_callbacks):
    user = UserFactory(username="oud@example.org", email="oud@example.org")
    colleague = _colleague(world, email="oud@example.org", user=user)
    secretariat = world.person("secretariat").user
    with django_capture_on_commit_callbacks(execute=True):
        colleague.email = "eerste@example.org"
        person_save(person=colleague, by=secretariat)
    first = next(m for m in mail.outbox if m.to == ["eerste@example.org"])
    token = _path(first).rstrip("/").rsplit("/", 1)[1]
    colleague.email = "tweede@example.org"
    person_save(person=colleague, by=secretariat)  # replaces the pending change
    for bad in (token, "no-such-token"):
        with pytest.raises(ValidationError) as refused:
            login_email_change_confirm(token=bad)
        assert refused.value.code == "email_change_invalid"
    user.refresh_from_db()
    assert user.email == "oud@example.org"


def test_the_admin_goes_through_the_confirmation(world, django_capture_on_commit_callbacks):
    user = UserFactory(username="oud@example.org", email="oud@example.org")
    colleague = _colleague(world, email="oud@example.org", user=user)
    admin = world.client("secretariat")
    url = reverse("admin:members_person_change", args=[colleague.pk])
    page = admin.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        {
            "name": colleague.name,
            "email": "nieuw@example.org",
            "city": colleague.city_id,
            "function": colleague.function,
            "user": user.pk,
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.email == "oud@example.org"
    assert EmailChange.objects.filter(user=user, email="nieuw@example.org").exists()
    assert get_user_model().objects.filter(email="nieuw@example.org").count() == 0
