"""What one registration costs the request (issue 16): the statements it runs, and no
template or calendar — its mail is rendered by the worker, from primary keys, after the
commit (outbox.builders)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import networkdays.calendar
import networkdays.mails
from networkdays.mails import build_registration_mail
from networkdays.models import Registration
from outbox.models import MailStatus, OutgoingMail

from .factories import NetworkDayFactory

# The statements of a registration, counted on PostgreSQL (13; 12 on SQLite): the
# session and the user, the viewer's permissions (the person and the roles, computed on
# every request since issue 24 removed their cache: 12 before), the day's access check,
# and the transaction — BEGIN, the lock's time-out, the lock (which also asks for an
# existing registration), the count, the insert, its audit entry, its mail's record,
# COMMIT. Before issue 16's second round: 17
# (the form asked whom else one may register, and the request rendered the mail, read
# the city for it and stored it); before its third: 14 (the person chosen was read
# although it is the user's own, and the existing registration had a statement of its
# own).
STATEMENTS = 13


@pytest.mark.django_db(transaction=True)
def test_a_registration_renders_nothing_and_runs_a_fixed_set_of_statements(
    world, monkeypatch, django_capture_on_commit_callbacks, rendered_templates
):
    from outbox import services as outbox_services

    day = NetworkDayFactory(host_city=world.city_a, capacity=10)
    client = world.client("official_a")
    client.get(day.get_absolute_url())  # the session, as the day's page leaves it
    # The audit entry names the registration's content type: a server reads it once and
    # keeps it; a test after a flush (transaction=True) finds Django's cache emptied.
    ContentType.objects.get_for_model(Registration)
    rendered_templates.clear()
    calendars = []
    real_ics = networkdays.calendar.network_day_ics
    monkeypatch.setattr(
        networkdays.mails,
        "network_day_ics",
        lambda *a, **k: calendars.append(1) or real_ics(*a, **k),
    )
    # The batch is handed to the broker after the commit; here it is only counted.
    queued = []
    monkeypatch.setattr(outbox_services, "outgoing_mail_batch_due", lambda: queued.append(1))
    with CaptureQueriesContext(connection) as statements:
        response = client.post(
            reverse("networkdays:register", kwargs={"pk": day.pk}),
            {"person": world.person("official_a").pk},
        )
    assert response.status_code == 302
    assert rendered_templates == [] and calendars == []
    assert queued == [1]
    mail = OutgoingMail.objects.get()
    assert mail.builder == "networkdays.registration" and mail.body == ""
    assert len(statements) <= STATEMENTS, [q["sql"][:80] for q in statements]


@pytest.mark.django_db
def test_the_worker_renders_the_day_as_it_is_then(world):
    day = NetworkDayFactory(host_city=world.city_a, capacity=10, venue="Oude zaal")
    registration = Registration.objects.create(network_day=day, person=world.person("official_a"))
    day.venue = "Nieuwe zaal"
    day.save()
    content = build_registration_mail(
        kind="confirmed",
        registration=registration.pk,
        day=day.pk,
        person=world.person("official_a").pk,
        method="PUBLISH",
    )
    assert content.context["day"].venue == "Nieuwe zaal"
    assert "Nieuwe zaal" in content.attachments[0].content


@pytest.mark.django_db
def test_a_registration_deleted_before_its_mail_is_rendered_still_gets_it(world):
    day = NetworkDayFactory(host_city=world.city_a, capacity=10, title="Netwerkdag Deventer")
    registration = Registration.objects.create(network_day=day, person=world.person("official_a"))
    pk = registration.pk
    registration.delete()
    content = build_registration_mail(
        kind="cancelled",
        registration=pk,
        day=day.pk,
        person=world.person("official_a").pk,
        method="CANCEL",
    )
    assert content.context["person"] == world.person("official_a")
    assert content.context["day"].title == "Netwerkdag Deventer"
    assert "METHOD:CANCEL" in content.attachments[0].content
    assert OutgoingMail.objects.filter(status=MailStatus.UNSENT).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "choice_shown"),
    [("official_a", False), ("contact_a", True)],  # a contact registers colleagues too
)
def test_a_posted_form_with_an_error_offers_whom_it_offered_before(world, persona, choice_shown):
    day = NetworkDayFactory(host_city=world.city_a, capacity=10)
    url = reverse("networkdays:register", kwargs={"pk": day.pk})
    client = world.client(persona)
    shown = client.get(url).content.decode()
    response = client.post(url, {"person": world.person(persona).pk, "dietary_needs": "x" * 301})
    assert response.status_code == 200
    content = response.content.decode()
    assert "niet meer dan 300 tekens" in content
    for page in (shown, content):
        assert ('<select name="person"' in page) is choice_shown
        assert ('type="hidden" name="person"' in page) is not choice_shown
        assert ("Meld mij aan" in page) is not choice_shown


@pytest.mark.django_db
def test_registering_oneself_reads_no_person_and_another_is_still_checked(
    world, django_assert_num_queries
):
    """The signed-in person comes with the permissions: choosing oneself asks nothing;
    anyone else is looked up among those the user may register, and refused if not."""
    from members.permissions import permissions_for
    from networkdays.forms import RegistrationForm
    from networkdays.selectors import people_user_may_register

    official = world.person("official_a")
    permissions = permissions_for(official.user)

    def form(person):
        return RegistrationForm(
            {"person": person.pk},
            people=people_user_may_register(permissions),
            me=permissions.person,
        )

    with django_assert_num_queries(0):
        mine = form(official)
        assert mine.is_valid()
    assert mine.cleaned_data["person"] == official
    colleague = form(world.person("official_b"))
    assert not colleague.is_valid()
    assert colleague.errors["person"][0].startswith("U kunt uzelf aanmelden")
