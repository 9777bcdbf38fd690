"""The ten-year set's loader with its numbers changed as ``bench.run`` changes them:
a small set (``--small``) with many burst officials (``--burst-clients 300``) once
failed with ``ValueError`` in ``rng.sample`` (the theme groups' members were drawn
from the people left over after the officials, too few of them)."""

from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model

from bench import data
from themegroups.models import Membership


@pytest.mark.django_db(transaction=True)
def test_a_small_set_with_many_officials_loads():
    data.load_ten_year(size=replace(data.SMALL, burst_officials=300))

    officials = get_user_model().objects.filter(username__startswith=data.BURST_USERNAME_PREFIX)
    assert officials.count() == 300
    # Every group but the refused ones has members, none of them a burst official.
    assert Membership.objects.exists()
    assert not Membership.objects.filter(person__user__in=officials).exists()
