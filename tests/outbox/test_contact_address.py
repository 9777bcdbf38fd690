"""Every mail names a real contact address (issue 23, item 11): the sender is noreply@,
so the footer names NETWORK_CONTACT_EMAIL and answers go there (Reply-To)."""

import pytest
from django.core import mail

from outbox.services import mail_queue


@pytest.mark.django_db
def test_every_mail_names_the_contact_address_and_replies_go_there(
    settings, django_capture_on_commit_callbacks
):
    settings.NETWORK_CONTACT_EMAIL = "bureau@g40.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(
            key="test:contact",
            to=["a@example.org"],
            template="registration/mail/password_reset",
            context={"user": {"username": "a"}, "link": "x"},
        )
    (sent,) = mail.outbox
    assert "noreply" in sent.from_email
    assert sent.reply_to == ["bureau@g40.example.org"]
    assert "bureau@g40.example.org" in sent.body
    assert sent.body.rstrip().endswith("bureau@g40.example.org")


@pytest.mark.django_db
def test_the_calendar_organiser_is_the_contact_address(settings):
    from networkdays.calendar import _organizer

    settings.NETWORK_CONTACT_EMAIL = "bureau@g40.example.org"
    assert str(_organizer()) == "mailto:bureau@g40.example.org"
