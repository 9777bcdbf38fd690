"""Reads the pages share: the list with its filters, the search, a group's products
since its last review, the public archive's products.

The search: on PostgreSQL full-text search with the ``dutch`` configuration (stemming:
"handreikingen" finds "handreiking") over ``search_text`` (title, summary and the text
of the current files), ranked, with a GIN index on the same expression (migration
0002); on SQLite (the embedded default) every word must occur in that text
(``icontains``), without stemming (README, docs/knowledge.md)."""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Window

from .models import FileVersion, KnowledgeFile, KnowledgeProduct

SEARCH_CONFIG = "dutch"


def owner_pillar_id(product: KnowledgeProduct) -> int | None:
    """The pillar whose secretary looks after a product: its own, its group's lead
    pillar, its session's (or the session's group's lead pillar)."""
    if product.pillar_id:
        return product.pillar_id
    if product.theme_group_id:
        return product.theme_group.lead_pillar_id
    if product.session_id:
        session = product.session
        if session.pillar_id:
            return session.pillar_id
        if session.theme_group_id:
            return session.theme_group.lead_pillar_id
    return None


def pillar_filter(pillar_id: int) -> Q:
    return (
        Q(pillar_id=pillar_id)
        | Q(theme_group__lead_pillar_id=pillar_id)
        | Q(session__pillar_id=pillar_id)
        | Q(session__theme_group__lead_pillar_id=pillar_id)
    )


def products_for_list() -> QuerySet[KnowledgeProduct]:
    return KnowledgeProduct.objects.select_related(
        "theme_group", "pillar", "session__network_day"
    ).defer("search_text", "search_vector")


def with_files(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch(
            "files",
            queryset=KnowledgeFile.objects.prefetch_related(
                Prefetch("versions", queryset=FileVersion.objects.defer("text"))
            ),
        )
    )


def filter_products(
    queryset: QuerySet, *, kind="", audience="", pillar=None, group=None, year=None
):
    if kind:
        queryset = queryset.filter(kind=kind)
    if audience:
        queryset = queryset.filter(audience=audience)
    if pillar is not None:
        queryset = queryset.filter(pillar_filter(pillar.pk))
    if group is not None:
        queryset = queryset.filter(Q(theme_group=group) | Q(session__theme_group=group))
    if year:
        queryset = queryset.filter(
            published_on__gte=datetime.date(year, 1, 1),
            published_on__lt=datetime.date(year + 1, 1, 1),
        )
    return queryset


def search(queryset: QuerySet, text: str) -> QuerySet:
    text = " ".join(text.split())[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-published_on", "-pk")
        )
    for word in text.split():
        queryset = queryset.filter(search_text__icontains=word)
    return queryset


def page_of_search(queryset: QuerySet, number, size: int) -> Page:
    """The shown page of a search and the number found in one query (``COUNT(*) OVER
    ()``): the count was a second pass over every match (issue 24: on PostgreSQL each
    match's text vector read again). A page past the last (or below the first) falls
    back to the paginator's own two queries, which show the last page, as it did."""
    paginator = Paginator(queryset, size)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        return paginator.get_page(number)
    offset = (number - 1) * size
    rows = list(queryset.annotate(found=Window(Count("pk")))[offset : offset + size])
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].found if rows else 0
    return Page(rows, number, paginator)


def products_since(group, since: datetime.date | None) -> QuerySet[KnowledgeProduct]:
    """What a group produced since a date (its last review): its own products and its
    sessions' presentations."""
    queryset = products_for_list().filter(Q(theme_group=group) | Q(session__theme_group=group))
    if since is not None:
        queryset = queryset.filter(published_on__gte=since)
    return queryset


def public_products() -> QuerySet[KnowledgeProduct]:
    return products_for_list().filter(is_public=True)


# The decisions the review queue and the decide page have read with their groups
# (themegroups.selectors.groups_with_details(decisions=True)): no need to ask again.
PREFETCHED_DECISIONS = "decisions_newest_first"


def last_review_dates(groups) -> dict[int, datetime.date | None]:
    """Each group's last review: the date of its latest decision, else its start
    (through the reverse relation ``decisions``; one query, none when every group comes
    with its decisions read)."""
    from django.db.models import Max

    if all(hasattr(g, PREFETCHED_DECISIONS) for g in groups):
        return {
            g.pk: max((d.decided_on for d in getattr(g, PREFETCHED_DECISIONS)), default=None)
            or g.started_on
            for g in groups
        }
    group_model = KnowledgeProduct._meta.get_field("theme_group").related_model
    rows = group_model.objects.filter(pk__in=[g.pk for g in groups]).annotate(
        last=Max("decisions__decided_on")
    )
    return {row.pk: row.last or row.started_on for row in rows}


def products_of_groups(group_ids, since: dict) -> dict[int, list[KnowledgeProduct]]:
    """Products of these groups (their own and their sessions'), each since its date.
    The earliest date is asked in the query, so that what the groups made before every
    last review is never read (issue 24: what grows with the years stays out)."""
    result: dict[int, list[KnowledgeProduct]] = {}
    if not group_ids:
        return result
    rows = products_for_list().filter(
        Q(theme_group_id__in=group_ids) | Q(session__theme_group_id__in=group_ids)
    )
    days = [since.get(group_id) for group_id in group_ids]
    if None not in days:
        # Nothing older than the earliest of the dates: each group's own date below.
        rows = rows.filter(published_on__gte=min(days))
    for product in rows:
        group_id = product.theme_group_id or product.session.theme_group_id
        day = since.get(group_id)
        if day is None or product.published_on >= day:
            result.setdefault(group_id, []).append(product)
    return result
