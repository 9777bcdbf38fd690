import pytest

from outbox.models import OutgoingMail


@pytest.fixture
def mails():
    """The recorded mails, newest last."""

    def _mails(prefix: str = ""):
        return list(OutgoingMail.objects.filter(key__startswith=prefix).order_by("pk"))

    return _mails
