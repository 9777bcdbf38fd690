"""The demo: two sent letters in the public archive and one draft awaiting the chair,
clerks and college contacts for some cities, an election with some of them confirmed.
Twice loaded is once loaded; the pages render with it."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from letters import demo
from letters.constants import LetterStatus
from letters.models import Election, Letter, RoleConfirmation
from letters.selectors import unconfirmed_roles
from members import demo as members_demo
from members.constants import LETTER_ADDRESSEE_ROLES
from members.models import Role
from networkdays import demo as networkdays_demo
from themegroups import demo as themegroups_demo

User = get_user_model()


@pytest.mark.django_db
def test_demo_loads_twice_as_once_and_the_pages_render(mailoutbox):
    members_demo.load()
    themegroups_demo.load()
    networkdays_demo.load()
    demo.load()
    counts = (Letter.objects.count(), Role.objects.count(), RoleConfirmation.objects.count())
    demo.load()
    assert (Letter.objects.count(), Role.objects.count(), RoleConfirmation.objects.count()) == (
        counts
    )
    assert Letter.objects.filter(status=LetterStatus.SENT).count() == 2
    draft = Letter.objects.get(status=LetterStatus.DRAFT)
    assert "<h2>" in draft.body_html  # proposed from the other apps' demos
    assert Role.objects.filter(kind__in=LETTER_ADDRESSEE_ROLES).count() >= 5
    election = Election.objects.get()
    assert unconfirmed_roles(election).exists()
    assert not mailoutbox  # loading the demo sends nothing
    # A city without a council clerk (issue 23): Tilburg has only its college contact.
    from letters.selectors import cities_without_addressees

    missing = {row.city.name: row.missing for row in cities_without_addressees()}
    assert missing["Tilburg"] == ["griffier"]

    anonymous = Client()
    assert anonymous.get(reverse("ledenbrieven:list")).status_code == 200
    for letter in Letter.objects.filter(status=LetterStatus.SENT):
        assert anonymous.get(letter.get_absolute_url()).status_code == 200
    chair = Client()
    chair.force_login(User.objects.get(username="db-voorzitter"))
    page = chair.get(reverse("dashboard")).content.decode()
    assert draft.number_label in page
    assert chair.get(reverse("letters:detail", args=[draft.pk])).status_code == 200
