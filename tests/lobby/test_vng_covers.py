"""An active dossier left to the VNG (issue 23, item 5): who and why are recorded, and the
owning pillar's chair and secretary are told by mail."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from lobby import services
from lobby.constants import DossierStatus, VngAlignment
from lobby.models import Dossier
from outbox.models import OutgoingMail

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_leaving_an_active_dossier_to_the_vng_needs_a_reason(lobby_world):
    dossier = DossierFactory(pillar=lobby_world.pillar, status=DossierStatus.ACTIVE)
    with pytest.raises(ValidationError) as excinfo:
        services.dossier_edit(
            by=lobby_world.person("lobby_coordinator").user,
            dossier=dossier,
            vng_alignment=VngAlignment.COVERED,
            vng_note="",
        )
    assert excinfo.value.error_dict["vng_note"][0].code == "vng_reason_required"
    assert Dossier.objects.get(pk=dossier.pk).vng_alignment == VngAlignment.COMPLEMENTARY


def test_who_and_why_are_recorded_and_the_pillar_is_told(
    lobby_world, django_capture_on_commit_callbacks
):
    # The why is the owning pillar's word (issue 22, item 6: the coordinator may not write
    # the note); the coordinator, who moves the alignment, is recorded as who.
    dossier = DossierFactory(
        pillar=lobby_world.pillar,
        status=DossierStatus.ACTIVE,
        vng_note="De VNG voert deze lobby al namens alle gemeenten.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_edit(
            by=lobby_world.person("lobby_coordinator").user,
            dossier=dossier,
            vng_alignment=VngAlignment.COVERED,
        )
    dossier.refresh_from_db()
    assert dossier.vng_covered_by.startswith(lobby_world.person("lobby_coordinator").name)
    assert dossier.vng_covered_at is not None
    entry = LogEntry.objects.get_for_object(dossier).order_by("-timestamp").first()
    assert "vng_covered_by" in entry.changes_dict
    mail = OutgoingMail.objects.get(key__startswith=f"lobby-vng-covered:{dossier.pk}:")
    assert lobby_world.person("pillar_secretary").email in mail.to
