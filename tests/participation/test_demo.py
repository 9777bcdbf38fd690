"""The demo: answers and attendance for the demo's digital meetings, an onzichtbaar
rule and a note; loading twice adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from networkdays.models import MeetingInvitation
from participation.models import CityNote, InvisibilityRule


@pytest.mark.django_db
def test_the_demo_has_answers_attendance_a_rule_and_a_note(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    counts = (
        MeetingInvitation.objects.count(),
        MeetingInvitation.objects.exclude(answer="").count(),
        MeetingInvitation.objects.filter(attended=True).count(),
        InvisibilityRule.objects.count(),
        CityNote.objects.count(),
    )
    assert all(counts), counts
    call_command("load_demo", stdout=StringIO())
    assert counts == (
        MeetingInvitation.objects.count(),
        MeetingInvitation.objects.exclude(answer="").count(),
        MeetingInvitation.objects.filter(attended=True).count(),
        InvisibilityRule.objects.count(),
        CityNote.objects.count(),
    )
