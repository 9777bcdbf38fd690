from tests.matrix import Entry


def _city_a(world) -> dict:
    return {"cbs_code": world.city_a.cbs_code}


def _official_a(world) -> dict:
    return {"pk": world.person("official_a").pk}


def _person_data(world) -> dict:
    return {"name": "Nieuwe Collega", "email": "nieuw@example.org", "function": "ambtenaar"}


def _edit_data(world) -> dict:
    person = world.person("official_a")
    return {"name": "Hernoemd", "email": person.email, "function": person.function}


ENTRIES = [
    Entry("dashboard"),
    Entry("health"),
    Entry("login"),
    Entry("password_reset"),
    Entry("password_reset_done"),
    Entry(
        "password_reset_confirm",
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        label="invalid link",
    ),
    Entry("password_reset_complete"),
    Entry(
        "set_language",
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
        default=302,
    ),
    Entry("logout", method="post", default=302),
    # The read policy: a signed-in account without a current role reads no network page.
    Entry("members:city_list", expect={"no_role": 403}),
    Entry("members:city_detail", kwargs=_city_a, expect={"no_role": 403}),
    Entry(
        "members:city_detail",
        kwargs=lambda w: {"cbs_code": "GM9999"},
        default=404,
        expect={"no_role": 403},
        label="unknown code",
    ),
    Entry(
        "members:person_create",
        kwargs=_city_a,
        default=404,
        expect={"secretariat": 200, "contact_a": 200, "no_role": 403},
    ),
    Entry(
        "members:person_create",
        method="post",
        kwargs=_city_a,
        data=_person_data,
        default=404,
        expect={"secretariat": 302, "contact_a": 302, "no_role": 403},
    ),
    Entry(
        "people:person_edit",
        kwargs=_official_a,
        default=404,
        expect={"secretariat": 200, "contact_a": 200},
    ),
    Entry(
        "people:person_edit",
        method="post",
        kwargs=_official_a,
        data=_edit_data,
        default=404,
        expect={"secretariat": 302, "contact_a": 302},
    ),
]

ENTRIES += [
    Entry(
        "accounts:person_erase",
        kwargs=_official_a,
        default=404,
        expect={"secretariat": 200, "contact_a": 403},
    ),
    Entry(
        "accounts:person_erase",
        method="post",
        kwargs=_official_a,
        default=404,
        expect={"secretariat": 302, "contact_a": 403},
    ),
    # official_a can log in already: the invitation is refused with a message (302).
    Entry(
        "accounts:person_invite",
        method="post",
        kwargs=_official_a,
        default=404,
        expect={"secretariat": 302, "contact_a": 302},
    ),
    Entry(
        "accounts:invitation_accept",
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        label="invalid link",
    ),
]
