"""The hook ``members.services.person_save`` calls when a person's e-mail address
changes (``infra.registry.app_hooks("login_address", "person_email_changed")``): a
login takes a new address only once it is confirmed (issue 22, item 2)."""


def person_email_changed(*, by, person) -> None:
    from .services import login_email_change_request

    login_email_change_request(person=person, by=by)
