"""Told: the member letter proposes the new public products; a follower of a pillar or
group gets one mail a week at most with what is new."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge import member_letter
from knowledge.constants import MakerKind
from knowledge.mails import weekly_digests_send
from knowledge.models import Follow
from outbox.models import OutgoingMail

from ..themegroups.factories import ThemeGroupFactory
from .factories import make_product

SINCE = datetime.date(2026, 9, 1)
UNTIL = datetime.date(2026, 12, 1)


def test_the_letter_proposes_new_public_products_only(world, django_assert_num_queries):
    make_product(title="Openbaar en nieuw", is_public=True, published_on=datetime.date(2026, 10, 1))
    make_product(title="Alleen leden", is_public=False, published_on=datetime.date(2026, 10, 1))
    make_product(title="Openbaar en oud", is_public=True, published_on=datetime.date(2026, 8, 1))
    with django_assert_num_queries(1):
        result = member_letter.sections(SINCE, UNTIL)
    (section,) = result
    (item,) = section.items
    assert "Openbaar en nieuw" in item and "/kennisproducten/" in item


def test_the_letters_draft_includes_the_products(world):
    from letters.markup import proposal

    make_product(
        title="Handreiking voor de brief", is_public=True, published_on=datetime.date(2026, 10, 1)
    )
    _sections, html = proposal(SINCE, UNTIL)
    assert "Handreiking voor de brief" in html


def _follow(world, persona, **target):
    return Follow.objects.create(
        person=world.person(persona),
        notified_until=timezone.now() - datetime.timedelta(days=1),
        **target,
    )


def test_a_follower_gets_one_mail_a_week_with_what_is_new(
    world, django_capture_on_commit_callbacks
):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    _follow(world, "official_a", theme_group=group)
    _follow(world, "official_b", pillar=world.other_pillar)
    make_product(title="Nieuw van de groep", maker_kind=MakerKind.THEME_GROUP, theme_group=group)
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_digests_send() == 1
    mail = OutgoingMail.objects.get()
    assert mail.to == [world.person("official_a").email]
    assert "Nieuw van de groep" in mail.body
    # Another product the same week: no second mail.
    make_product(title="Nog een", maker_kind=MakerKind.THEME_GROUP, theme_group=group)
    assert weekly_digests_send() == 0
    assert OutgoingMail.objects.count() == 1


def test_nothing_new_means_no_mail(world):
    _follow(world, "official_a", pillar=world.pillar)
    assert weekly_digests_send() == 0


def test_following_through_the_page(world):
    client = world.client("official_a")
    response = client.post(reverse("knowledge:follows"), {"pillar": world.pillar.pk})
    assert response.status_code == 302
    follow = Follow.objects.get(person=world.person("official_a"))
    again = client.post(reverse("knowledge:follows"), {"pillar": world.pillar.pk})
    assert again.status_code == 400
    assert "Dit volgt u al" in again.content.decode(), again.context["form"].errors
    both = client.post(reverse("knowledge:follows"), {})
    assert both.status_code == 400
    assert client.post(reverse("knowledge:unfollow", args=[follow.pk])).status_code == 302
    assert not Follow.objects.exists()


def test_one_may_not_stop_anothers_follow(world):
    follow = _follow(world, "official_b", pillar=world.pillar)
    response = world.client("official_a").post(reverse("knowledge:unfollow", args=[follow.pk]))
    assert response.status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


@pytest.mark.parametrize("persona", ["no_role"])
def test_no_role_may_not_follow(world, persona):
    assert world.client(persona).get(reverse("knowledge:follows")).status_code == 403
