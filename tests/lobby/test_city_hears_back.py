"""The city hears back (issue 23, item 4): a late notice is "onverwacht" on the city's own
pages; when the DB acknowledges a notice, the city's contacts get the response by mail."""

import pytest
from django.urls import reverse

from lobby import services_stances
from lobby.constants import UnexpectedReason
from outbox.models import OutgoingMail

from .factories import NoticeFactory

pytestmark = pytest.mark.django_db


def test_a_late_notice_is_onverwacht_on_the_citys_own_pages(lobby_world):
    notice = NoticeFactory(
        stance__city=lobby_world.city_a,
        stance__version__dossier__pillar=lobby_world.pillar,
        unexpected=UnexpectedReason.LATE_NOTICE,
    )
    client = lobby_world.client("contact_a")
    city_page = client.get(
        reverse("lobby:city_stances", kwargs={"cbs_code": lobby_world.city_a.cbs_code})
    )
    assert "onverwacht" in city_page.content.decode()
    assert "onverwacht" in client.get(notice.get_absolute_url()).content.decode()


def test_the_citys_contact_gets_the_dbs_response_once(
    lobby_world, django_capture_on_commit_callbacks, mailoutbox
):
    notice = NoticeFactory(
        stance__city=lobby_world.city_a,
        stance__version__dossier__pillar=lobby_world.pillar,
        unexpected=UnexpectedReason.LATE_NOTICE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services_stances.notice_acknowledge(
            by=lobby_world.person("db_member").user,
            notice=notice,
            response="Het DB neemt er kennis van.",
        )
    mail = OutgoingMail.objects.get(key=f"lobby-notice-acknowledged:{notice.pk}")
    assert mail.to == [lobby_world.person("contact_a").email]
    sent = [m for m in mailoutbox if m.to == mail.to]
    assert sent and "Het DB neemt er kennis van." in sent[0].body
    assert "onverwacht" in sent[0].body
