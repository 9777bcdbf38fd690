"""The demo: products of two theme groups, an ended group's handreiking, the
presentations of a past network day; loaded twice is loaded once; searchable."""

import pytest

from knowledge import demo
from knowledge.constants import MakerKind, ProductKind
from knowledge.models import KnowledgeProduct
from members import demo as members_demo
from networkdays import demo as networkdays_demo
from themegroups import demo as themegroups_demo
from themegroups.constants import ThemeGroupStatus


@pytest.mark.django_db
def test_the_demo_has_what_the_issue_asks_and_loads_twice_as_once():
    members_demo.load()
    themegroups_demo.load()
    networkdays_demo.load()
    demo.load()
    count = KnowledgeProduct.objects.count()
    demo.load()
    assert KnowledgeProduct.objects.count() == count
    groups = KnowledgeProduct.objects.filter(
        maker_kind=MakerKind.THEME_GROUP, theme_group__status=ThemeGroupStatus.ACTIVE
    ).values_list("theme_group", flat=True)
    assert len(set(groups)) == 2
    assert KnowledgeProduct.objects.filter(
        theme_group__status=ThemeGroupStatus.ENDED, kind=ProductKind.HANDREIKING
    ).exists()
    presentations = KnowledgeProduct.objects.filter(
        maker_kind=MakerKind.SESSION, kind=ProductKind.PRESENTATION
    )
    assert presentations.exists()
    assert len({p.session.network_day_id for p in presentations}) == 1
    # The files' text is in the search.
    assert KnowledgeProduct.objects.filter(search_text__icontains="bestuurlijke").exists()
