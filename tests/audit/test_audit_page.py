"""/audit/: the secretariat reads the audit trail, filtered per object, user and
request; nobody else does. Retention: a scheduled purge. Erasure scrubs names."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_log_purge
from audit.tasks import purge_audit_log
from members.models import City

from ..conftest import PERSONAS
from ..factories import PersonFactory
from ..themegroups.factories import ThemeGroupFactory

URL = reverse("audit:log")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("secretariat", "anonymous")])
def test_only_the_secretariat_reads_the_audit_trail(world, persona):
    assert world.client(persona).get(URL).status_code == 403
    assert world.client("secretariat").get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_login(world):
    assert world.client("anonymous").get(URL).status_code == 302


def _edit_people(count: int, city) -> None:
    for person in PersonFactory.create_batch(count, city=city):
        person.phone = "0612345678"
        person.save()


@pytest.mark.parametrize("size", [2, 40])
def test_the_page_costs_the_same_number_of_queries_at_any_size(
    world, django_assert_max_num_queries, size
):
    _edit_people(size, world.city_a)
    client = world.client("secretariat")
    client.get(URL)  # the viewer's permissions and content types, once
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"type": "members.person"})
    assert response.status_code == 200
    recorded = LogEntry.objects.filter(content_type__model="person").count()
    assert recorded >= 2 * size
    assert len(response.context["rows"]) == min(recorded, 50)


def test_filter_per_object_type_and_id_user_and_request(world):
    person = world.person("official_a")
    client = world.client("contact_a")
    response = client.post(
        reverse("people:person_edit", kwargs={"pk": person.pk}),
        {"name": "Hernoemd", "email": person.email, "function": person.function},
    )
    ThemeGroupFactory(lead_pillar=world.pillar)
    secretariat = world.client("secretariat")

    def shown(**query):
        rows = secretariat.get(URL, query).context["rows"]
        return {(row["entry"].content_type.model, row["entry"].object_id) for row in rows}

    assert shown(type="members.person", object_id=person.pk) == {("person", person.pk)}
    assert shown(username=world.person("contact_a").user.username) == {("person", person.pk)}
    assert shown(request_id=response["X-Request-ID"]) == {("person", person.pk)}
    assert ("themegroup", ThemeGroupFactory._meta.model.objects.get().pk) in shown()
    # A filter that cannot be read shows nothing rather than everything.
    assert shown(type="auth.user") == set()
    page = secretariat.get(URL, {"type": "members.person", "object_id": person.pk})
    content = page.content.decode()
    assert "Hernoemd" in content and "192.0.2" not in content


def test_the_admin_history_button_opens_the_audit_trail(world):
    city = world.city_a
    response = world.client("secretariat").get(
        reverse("admin:members_city_history", args=[city.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?type=members.city&object_id={city.pk}"


def test_the_group_page_links_the_secretariat_to_the_groups_audit_trail(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    link = f"{URL}?type=themegroups.themegroup&amp;object_id={group.pk}"
    assert link in world.client("secretariat").get(group.get_absolute_url()).content.decode()
    assert link not in world.client("db_member").get(group.get_absolute_url()).content.decode()


# --- retention ---------------------------------------------------------------------------


def test_retention_default_is_two_years():
    assert settings.RETENTION_DAYS["audit_log"] == 730
    assert settings.CELERY_BEAT_SCHEDULE["audit-purge-log"]["task"] == "audit.purge_audit_log"


def test_purge_deletes_entries_past_retention_only(world, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "audit_log": 10}
    city = world.city_a
    city.population += 1
    city.save()
    old = LogEntry.objects.get_for_object(city).latest("pk")
    LogEntry.objects.filter(pk=old.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=11)
    )
    city.population += 1
    city.save()
    recent = LogEntry.objects.get_for_object(city).latest("pk")
    assert purge_audit_log() >= 1  # the scheduled task
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=recent.pk).exists()
    assert audit_log_purge() == 0  # again: nothing more


# --- erasure -----------------------------------------------------------------------------


def test_erasing_a_person_scrubs_them_from_the_audit_trail(world):
    from accounts.services import person_erase
    from members.actors import SYSTEM

    person = world.person("official_a")
    name, email, user_id = person.name, person.email, person.user_id
    # Entries about the person (an edit by their contact, which also changes the
    # address: the old one is still theirs) and made by them.
    world.client("contact_a").post(
        reverse("people:person_edit", kwargs={"pk": person.pk}),
        {"name": name, "email": "new@example.org", "function": person.function},
    )
    edit = reverse("people:person_edit", kwargs={"pk": world.person("official_b").pk})
    world.client("secretariat").post(
        edit,
        {"name": "B", "email": "b@example.org", "function": "ambtenaar", "phone": "0611111111"},
    )
    LogEntry.objects.filter(object_id=world.person("official_b").pk).update(
        actor_id=user_id, actor_email=email
    )
    assert LogEntry.objects.filter(changes__icontains=email).exists()
    assert LogEntry.objects.filter(actor_email=email).exists()
    person_erase(by=SYSTEM, person=person)
    for entry in LogEntry.objects.all():
        text = f"{entry.object_repr} {entry.changes} {entry.additional_data} {entry.actor_email}"
        assert name not in text and email not in text and "new@example.org" not in text
    # The erasure itself writes no entry naming the person.
    assert not LogEntry.objects.filter(object_repr__icontains=name).exists()
    assert City.objects.count() == 2


def test_related_objects_and_choices_are_shown_by_name(world):
    from django.utils import translation

    from themegroups.constants import ThemeGroupStatus

    group = ThemeGroupFactory(lead_pillar=world.pillar)
    response = world.client("secretariat").get(
        URL, {"type": "themegroups.themegroup", "object_id": group.pk}
    )
    content = response.content.decode()
    assert world.pillar.name in content  # stored as an id, shown by name
    with translation.override("nl"):
        assert str(ThemeGroupStatus(group.status).label) in content


def test_actions_dates_and_yes_no_read_as_dutch(world):
    # Issue 22, item 16: auditlog's own words ("create") and ISO dates are raw values.
    import datetime

    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=datetime.date(2027, 3, 9))
    response = world.client("secretariat").get(
        URL, {"type": "themegroups.themegroup", "object_id": group.pk}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    content = response.content.decode()
    assert "<td>aangemaakt</td>" in content
    assert "9 mrt. 2027" in content and "2027-03-09" not in content
    assert "<td>create</td>" not in content


def test_a_changed_value_is_shown_as_a_person_reads_it():
    import datetime
    from decimal import Decimal

    from django.utils import translation

    from audit.display import shown

    with translation.override("nl"):
        assert shown(datetime.date(2026, 12, 28)) == "28 dec. 2026"
        assert shown(True) == "ja" and shown(False) == "nee"
        assert shown(Decimal("1.5")) == "1,5"
        assert shown("tekst") == "tekst" and shown(None) is None
