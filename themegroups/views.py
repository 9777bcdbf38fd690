"""The reading pages of theme groups: the list, a group's page, the DB's review queue
and the support overview. Each calls its access helper first (the read policy), then
renders from a fixed number of queries."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from infra.registry import (
    THEME_GROUP_PAGE,
    THEME_GROUP_REVIEW,
    app_hooks,
    checked,
    page_sections,
    render_section,
)
from members.permissions import permissions_for
from pillars.models import Pillar

from .access import (
    get_theme_group_for_user,
    require_reader,
    require_review_queue,
    require_support_overview,
)
from .constants import ThemeGroupStatus
from .forms import (
    ThemeGroupFilterForm,
)
from .history import group_history, with_text
from .models import ThemeGroup
from .rows import SlugUrl, list_cells, with_badges
from .selectors import (
    attach_city_names,
    groups_with_details,
    support_hours_per_city,
)

THEME_GROUPS_PER_PAGE = 50
# The long texts that only a group's page and the review queue show: the list and the
# support page do not read them.
MANDATE_TEXTS = ("goal", "expected_result", "end_reason", "refusal_reason")


def page_with_count(groups, number) -> Page:
    """A page of the groups, and how many there are in all, from one query: the count
    is a window over the rows the filter keeps (``Paginator`` asks a COUNT first).
    A page past the end shows the last page, as ``Paginator.get_page`` does."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    paginator = Paginator(groups, THEME_GROUPS_PER_PAGE)
    start = (number - 1) * THEME_GROUPS_PER_PAGE
    rows = list(
        groups.annotate(rows_in_all=Window(Count("pk")))[start : start + THEME_GROUPS_PER_PAGE]
    )
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].rows_in_all if rows else 0
    return paginator._get_page(rows, number, paginator)


@require_GET
def theme_group_list(request: HttpRequest) -> HttpResponse:
    permissions = require_reader(request)

    def context() -> dict:
        today = timezone.localdate()
        form = ThemeGroupFilterForm(request.GET or None)
        # Today's support only: the list shows who supports each group now.
        groups = groups_with_details(
            today, members=False, meetings=False, open_supports=False, current_supports=True
        ).defer(*MANDATE_TEXTS)
        status = ""
        if form.is_valid():
            status = form.cleaned_data["status"]
            pillar = form.cleaned_data["pillar"]
            city = form.cleaned_data["city"]
            if pillar:
                groups = groups.filter(
                    pk__in=ThemeGroup.objects.filter(
                        Q(lead_pillar=pillar) | Q(other_pillars=pillar)
                    ).values("pk")
                )
            if city:
                groups = groups.filter(
                    pk__in=ThemeGroup.objects.filter(memberships__person__city=city).values("pk")
                )
        if status == "active":
            groups = groups.filter(status=ThemeGroupStatus.ACTIVE)
        elif status == "due":
            groups = groups.due(today)
        elif status == "overdue":
            groups = groups.overdue(today)
        elif status == "no_support":
            groups = groups.open().filter(has_current_support=False)
        elif status in ThemeGroupStatus.values:
            groups = groups.filter(status=status)
        elif status != "all":
            groups = groups.open()
        page = page_with_count(groups.order_by("name"), request.GET.get("page"))
        fields = [
            (form[name], width) for name, width in (("pillar", 4), ("status", 3), ("city", 3))
        ]
        return {
            # The filter form's fields (``_themegroup_filter.html``, included).
            "fields": fields,
            # A page at a time: ten years bring hundreds of groups ("all", "ended").
            "groups": list_cells(with_badges(attach_city_names(list(page.object_list)), today)),
            "page": page,
            "today": today,
        }

    # The filter form and the table are the same for every reader; the buttons that
    # depend on the viewer's roles are in the page.
    # One render: the page includes the table (``_themegroup_list.html``).
    return render(
        request,
        "themegroups/themegroup_list.html",
        {
            **context(),
            "may_propose": permissions.may_propose_theme_groups,
            "may_see_queue": permissions.may_see_review_queue,
            "may_see_support": permissions.may_view_support_overview,
        },
    )


@require_GET
def theme_group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    now = timezone.now()
    # The group with its details, read once (its support: the full list below).
    group = get_theme_group_for_user(
        request,
        slug,
        groups_with_details(today, decisions=True, open_supports=False, meetings=False, now=now),
    )
    permissions = permissions_for(request.user)
    with_badges([group], today)
    writable = not group.is_read_only
    # The buttons, and the member forms that only managers see.
    flags = {
        "may_decide": writable
        and permissions.may_decide_reviews
        and group.status == ThemeGroupStatus.ACTIVE,
        "may_approve": permissions.may_decide_reviews and group.status == ThemeGroupStatus.PROPOSED,
        "may_assign_support": writable and permissions.may_assign_support(group.lead_pillar_id),
        "may_manage": writable and permissions.may_manage_theme_group(group.lead_pillar_id),
        "may_edit": writable and permissions.may_edit_theme_group(group.lead_pillar_id),
    }

    def context() -> dict:
        meetings = list(
            group.digital_meetings.only("theme_group", "title", "starts_at").order_by("-starts_at")
        )
        # The page lists them all: the number held is counted here, not by a subquery.
        group.meetings_held = sum(1 for meeting in meetings if meeting.starts_at < now)
        return {
            "group": group,
            "today": today,
            "supports": group.supports.select_related("person__city").order_by("-starts_on"),
            "meetings": meetings,
            "events": with_text(group_history(group)),
            # Other apps' sections (knowledge: the group's products), through a hook.
            "sections": page_sections(THEME_GROUP_PAGE, group),
            **flags,
        }

    # One render: the page includes its main part (``_themegroup_detail.html``).
    return render(
        request,
        "themegroups/themegroup_detail.html",
        {
            **context(),
            # The secretariat's link to the full audit trail.
            "may_read_audit": permissions.may_read_audit,
        },
    )


def attach_review_sections(groups: list) -> None:
    """``group.review_sections``: the rendered sections other apps offer for a group
    under review (``<app>.theme_group_page.review_sections(groups)`` → {pk: [section]})."""

    for group in groups:
        group.review_sections = []
    by_pk = {group.pk: group for group in groups}
    for app, hook in app_hooks(THEME_GROUP_REVIEW.module, THEME_GROUP_REVIEW.function):
        for pk, sections in hook(groups).items():
            by_pk[pk].review_sections.extend(
                render_section(s) for s in checked(THEME_GROUP_REVIEW, app, sections)
            )


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    permissions = require_review_queue(request)
    # The DB decides from the queue; the secretariat looks along, without the buttons.
    may_decide = permissions.may_decide_reviews

    def context() -> dict:
        today = timezone.localdate()
        now = timezone.now()
        # The groups under review and the proposals, in one query (a proposal shows its
        # name, lead pillar and first review date; its few details come along unread).
        details = groups_with_details(today, decisions=True, pillars=False, now=now)
        rows = list(
            (
                details.due_or_overdue(today) | details.filter(status=ThemeGroupStatus.PROPOSED)
            ).order_by("review_due_on", "name")
        )
        groups = [g for g in rows if g.status != ThemeGroupStatus.PROPOSED]
        proposals = sorted(
            (g for g in rows if g.status == ThemeGroupStatus.PROPOSED),
            key=lambda g: g.proposed_at,
        )
        with_badges(groups, today)
        attach_review_sections(groups)
        # The buttons' URLs, reversed once for all rows.
        detail = SlugUrl("themegroups:detail")
        decide, approve, refuse = (
            SlugUrl(f"themegroups:{name}") for name in ("decide", "approve", "refuse")
        )
        for group in groups:
            group.decide_url = decide(group.slug)
        for group in proposals:
            group.url = detail(group.slug)
            group.approve_url = approve(group.slug)
            group.refuse_url = refuse(group.slug)
        return {
            "overdue": [g for g in groups if g.review_due_on < today],
            "due": [g for g in groups if g.review_due_on >= today],
            "proposals": proposals,
            "today": today,
            "may_decide": may_decide,
        }

    # One render: the page includes the queue (``_review_queue.html``).
    return render(request, "themegroups/review_queue.html", context())


@require_GET
def support_overview(request: HttpRequest) -> HttpResponse:
    permissions = require_support_overview(request)
    # Which pillars the page covers, and where it offers "assign support".
    own_pillars_only = not permissions.may_view_support_of_all_pillars
    secretary_of = tuple(sorted(permissions.pillars_as_secretary))
    assign_everywhere = permissions.may_assign_support_everywhere
    chosen = request.GET.get("pillar")

    def context() -> dict:
        today = timezone.localdate()
        if own_pillars_only:
            pillars = list(Pillar.objects.filter(pk__in=secretary_of))
        else:
            pillars = list(Pillar.objects.all())
        # A slug that is not one of these pillars shows them all.
        if chosen:
            pillars = [p for p in pillars if p.slug == chosen] or pillars
        pillar_ids = [p.pk for p in pillars]
        # The page shows each group's lead pillar only: the other pillars are not read.
        groups = list(
            groups_with_details(today, members=False, meetings=False, pillars=False)
            .open()
            .filter(lead_pillar_id__in=pillar_ids)
            .defer(*MANDATE_TEXTS)
            .order_by("name")
        )
        with_badges(groups, today)
        # "Assign support" where the viewer may: the URL, reversed once for all rows.
        assign = SlugUrl("themegroups:support_assign")
        for group in groups:
            may_assign = assign_everywhere or group.lead_pillar_id in secretary_of
            group.assign_url = assign(group.slug) if may_assign else ""
        return {
            "pillars": pillars,
            "lacking": [g for g in groups if g.needs_support_flag],
            "ending": [g for g in groups if g.support_ending_soon],
            "groups": groups,
            "hours_per_city": support_hours_per_city(today=today),
            "today": today,
        }

    # One render: the page includes the overview (``_support_overview.html``).
    return render(request, "themegroups/support_overview.html", context())
