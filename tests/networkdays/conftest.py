import pytest
from django.db import connection
from django.template.base import Template

from outbox.models import OutgoingMail


def run_commit_callbacks() -> None:
    """Run what waits for a commit that, inside a test's transaction, never comes (as
    ``django_capture_on_commit_callbacks(execute=True)`` does, callbacks that queue
    further callbacks included)."""
    while connection.run_on_commit:
        callbacks = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _savepoints, callback, _robust in callbacks:
            callback()


@pytest.fixture
def mails():
    """The recorded mails, newest last. A mail is rendered once its transaction
    commits: the services' commit callbacks run first."""

    def _mails(prefix: str = ""):
        run_commit_callbacks()
        return list(OutgoingMail.objects.filter(key__startswith=prefix).order_by("pk"))

    return _mails


@pytest.fixture
def rendered_templates(monkeypatch) -> list[str]:
    """The names of the templates rendered from now on, in order."""
    names: list[str] = []
    real_render = Template.render
    monkeypatch.setattr(
        Template,
        "render",
        lambda self, context: names.append(self.name) or real_render(self, context),
    )
    return names
