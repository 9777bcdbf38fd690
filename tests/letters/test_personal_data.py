"""A person's subscription is in their data export and goes with their erasure."""

import datetime

from letters import personal_data
from letters.models import Election, RoleConfirmation, Subscriber

from .factories import make_addressee, make_subscriber


def test_export_and_erasure(world):
    role = make_addressee(city=world.city_a, email="griffie@zwolle.example")
    make_subscriber("griffie@zwolle.example")
    make_subscriber("iemand-anders@example.org")
    election = Election.objects.create(held_on=datetime.date(2026, 3, 18), name="GR 2026")
    RoleConfirmation.objects.create(election=election, role=role)
    data = personal_data.collect(role.person)
    assert data["letter_subscription"]["email"] == "griffie@zwolle.example"
    assert data["role_confirmations"][0]["election"] == "GR 2026"
    personal_data.erase(role.person)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["iemand-anders@example.org"]
    assert personal_data.collect(role.person)["letter_subscription"] is None
