"""Due and overdue follow from the dates; no group without a review date."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from themegroups.constants import ReviewState, ThemeGroupStatus
from themegroups.models import ThemeGroup

from .factories import ThemeGroupFactory, days, today


@pytest.mark.django_db
def test_not_due_before_the_window(settings):
    settings.THEME_GROUP_DUE_WEEKS = 8
    group = ThemeGroupFactory(review_due_on=days(8 * 7 + 1))
    assert group.review_state == ReviewState.NOT_DUE
    assert not ThemeGroup.objects.due().exists()


@pytest.mark.django_db
def test_due_from_the_set_number_of_weeks_before(settings):
    settings.THEME_GROUP_DUE_WEEKS = 8
    group = ThemeGroupFactory(review_due_on=days(8 * 7))
    assert group.review_state == ReviewState.DUE
    assert list(ThemeGroup.objects.due()) == [group]
    settings.THEME_GROUP_DUE_WEEKS = 4
    assert group.review_state == ReviewState.NOT_DUE
    assert not ThemeGroup.objects.due().exists()


@pytest.mark.django_db
def test_due_on_the_review_date_itself_overdue_the_day_after():
    group = ThemeGroupFactory(review_due_on=today())
    assert group.review_state == ReviewState.DUE
    assert group.review_state_on(today() + datetime.timedelta(days=1)) == ReviewState.OVERDUE
    group.review_due_on = days(-1)
    group.save()
    assert group.is_overdue
    assert list(ThemeGroup.objects.overdue()) == [group]
    assert not ThemeGroup.objects.due().exists()


@pytest.mark.django_db
def test_ended_and_proposed_groups_are_never_due_or_overdue():
    ThemeGroupFactory(
        review_due_on=days(-10),
        status=ThemeGroupStatus.ENDED,
        ended_on=days(-5),
        end_reason="Klaar.",
    )
    ThemeGroupFactory(review_due_on=days(-10), status=ThemeGroupStatus.PROPOSED, started_on=None)
    assert not ThemeGroup.objects.due_or_overdue().exists()


@pytest.mark.django_db
def test_no_group_without_a_review_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeGroupFactory(review_due_on=None)


@pytest.mark.django_db
def test_review_date_after_start_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeGroupFactory(started_on=days(0), review_due_on=days(-1))


@pytest.mark.django_db
def test_ended_group_needs_date_and_reason_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeGroupFactory(status=ThemeGroupStatus.ENDED, ended_on=days(0), end_reason="")
