"""The reading pages of theme groups: the list, a group's page, the DB's review queue
and the support overview. Each calls its access helper first (the read policy), then
serves its shared part from a cached fragment."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from infra.fragments import query_is_clean, render_cached
from infra.registry import app_hooks, hook_apps, page_sections
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
from .history import group_history
from .models import ThemeGroup
from .selectors import (
    attach_city_names,
    groups_with_details,
    next_meeting_start,
    support_hours_per_city,
)

# The four reading pages below serve their shared part from a cached fragment
# (infra.fragments): the access check runs first and uncached on every request; the
# fragment's key holds everything besides the data that its HTML depends on (the
# filter, the viewer's permission flags, the group) and the generations of every app
# whose tables it reads, so any write to them makes it unreachable. What changes by
# the clock alone within a day (a digital meeting that starts, and so counts as
# held) ends it through ``fragment_until``; the date is in every key.

# Reading the list: groups and their support (themegroups), pillars, people and
# cities (members: names, the city filter). No digital meetings: the list does not
# show them.
LIST_APPS = ("themegroups", "pillars", "members")
LIST_FILTERS = ("pillar", "status", "city")
# The filter form alone: its choices are pillars and member cities.
FILTER_APPS = ("pillars", "members")


@require_GET
def theme_group_list(request: HttpRequest) -> HttpResponse:
    permissions = require_reader(request)

    def context() -> dict:
        today = timezone.localdate()
        form = ThemeGroupFilterForm(request.GET or None)
        groups = groups_with_details(today, members=False, meetings=False)
        status = ""
        # Stored only for a query of known parameters with values the form accepts (an
        # existing pillar and member city, a listed status): a bounded set of keys.
        storable = query_is_clean(request, LIST_FILTERS) and (not form.is_bound or form.is_valid())
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
        # The form (its choices: every pillar and member city, a quarter of the
        # rebuild) is a fragment of its own, which a change to a group leaves alone.
        filter_form = render_cached(
            request,
            "themegroups/_themegroup_filter.html",
            name="themegroups:list_filter",
            vary=filters,
            apps=FILTER_APPS,
            context=lambda: {"form": form, "fragment_store": storable},
        )
        return {
            "fragment_store": storable,
            "filter_form": filter_form,
            "groups": attach_city_names(list(groups.order_by("name"))),
            "today": today,
        }

    # The filter form and the table are the same for every reader: only the filter
    # varies (raw, and whether the form is bound at all). The buttons that depend on
    # the viewer's roles stay outside, in the page.
    filters = (bool(request.GET), *(request.GET.get(name) for name in LIST_FILTERS))
    content = render_cached(
        request,
        "themegroups/_themegroup_list.html",
        name="themegroups:list",
        vary=filters,
        apps=LIST_APPS,
        context=context,
    )
    return render(
        request,
        "themegroups/themegroup_list.html",
        {
            "content": content,
            "may_propose": permissions.may_propose_theme_groups,
            "may_see_queue": permissions.may_see_review_queue,
            "may_see_support": permissions.may_view_support_overview,
        },
    )


# A group's page reads the group, its members, support and decisions (themegroups),
# its pillars, people and cities (members), its digital meetings (networkdays) and its
# history (the audit trail: auditlog; who did it by the person of the account, from
# members). Nothing from accounts: names in decisions are stored as text.
DETAIL_APPS = ("themegroups", "pillars", "members", "networkdays", "auditlog", "contenttypes")


@require_GET
def theme_group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_user(request, slug)
    permissions = permissions_for(request.user)
    writable = not group.is_read_only
    # From the group as it is now (read by the access check, uncached): the buttons,
    # and the member forms that only managers see.
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
        today = timezone.localdate()
        now = timezone.now()
        detailed = groups_with_details(today, decisions=True, now=now).get(pk=group.pk)
        meetings = list(
            detailed.digital_meetings.only("theme_group", "title", "starts_at").order_by(
                "-starts_at"
            )
        )
        return {
            "group": detailed,
            "today": today,
            "supports": detailed.supports.select_related("person__city").order_by("-starts_on"),
            "meetings": meetings,
            "events": group_history(detailed),
            # Other apps' sections (knowledge: the group's products), through a hook.
            "sections": page_sections("theme_group_page", detailed),
            **flags,
            # "n meetings held so far" counts those started before now.
            "fragment_until": [m.starts_at for m in meetings if m.starts_at >= now],
        }

    content = render_cached(
        request,
        "themegroups/_themegroup_detail.html",
        name="themegroups:detail",
        vary=(group.pk, *sorted(flags.items())),
        apps=(*DETAIL_APPS, *hook_apps("theme_group_page", "sections")),
        context=context,
    )
    # The flags go to the page too: what this request was allowed, for whoever inspects
    # the response (the fragment's own context is only there on a miss).
    return render(
        request,
        "themegroups/themegroup_detail.html",
        {
            "group": group,
            "content": content,
            # Outside the fragment: the secretariat's link to the full audit trail.
            "may_read_audit": permissions.may_read_audit,
            **flags,
        },
    )


# The queue shows what a group's page shows, meetings held included, and what other
# apps offer per group (knowledge: what it produced since its last review).
QUEUE_APPS = (*DETAIL_APPS, *hook_apps("theme_group_page", "review_sections"))


def attach_review_sections(groups: list) -> None:
    """``group.review_sections``: the rendered sections other apps offer for a group
    under review (``<app>.theme_group_page.review_sections(groups)`` → {pk: [section]})."""
    from django.template.loader import render_to_string

    for group in groups:
        group.review_sections = []
    by_pk = {group.pk: group for group in groups}
    for _app, hook in app_hooks("theme_group_page", "review_sections"):
        for pk, sections in hook(groups).items():
            by_pk[pk].review_sections.extend(
                render_to_string(s["template"], {"section": s["context"]}) for s in sections
            )


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    permissions = require_review_queue(request)
    # The DB decides from the queue; the secretariat looks along, without the buttons.
    may_decide = permissions.may_decide_reviews

    def context() -> dict:
        today = timezone.localdate()
        now = timezone.now()
        groups = list(
            groups_with_details(today, decisions=True, now=now)
            .due_or_overdue(today)
            .order_by("review_due_on", "name")
        )
        attach_review_sections(groups)
        # A proposal shows its name, lead pillar and first review date: nothing to prefetch.
        proposals = list(
            ThemeGroup.objects.filter(status=ThemeGroupStatus.PROPOSED)
            .select_related("lead_pillar")
            .order_by("proposed_at")
        )
        return {
            "overdue": [g for g in groups if g.review_due_on < today],
            "due": [g for g in groups if g.review_due_on >= today],
            "proposals": proposals,
            "today": today,
            "may_decide": may_decide,
            # Each group shows its meetings held so far.
            "fragment_until": [next_meeting_start([g.pk for g in groups], now)],
        }

    content = render_cached(
        request,
        "themegroups/_review_queue.html",
        name="themegroups:review_queue",
        vary=(may_decide,),
        apps=QUEUE_APPS,
        context=context,
    )
    return render(request, "themegroups/review_queue.html", {"content": content})


# The support page: groups and their support (themegroups), pillars, people and
# cities (members). It shows no digital meetings.
SUPPORT_APPS = ("themegroups", "pillars", "members")


@require_GET
def support_overview(request: HttpRequest) -> HttpResponse:
    permissions = require_support_overview(request)
    # Which pillars the page covers, and where it offers "assign support": both follow
    # from these values alone, so they are the key (with the pillar asked for).
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
        # A slug that is not one of these pillars shows them all, and is not stored.
        storable = not chosen or any(p.slug == chosen for p in pillars)
        if chosen:
            pillars = [p for p in pillars if p.slug == chosen] or pillars
        pillar_ids = [p.pk for p in pillars]
        groups = list(
            groups_with_details(today, members=False, meetings=False)
            .open()
            .filter(lead_pillar_id__in=pillar_ids)
            .order_by("name")
        )
        return {
            "pillars": pillars,
            "lacking": [g for g in groups if g.needs_support_flag],
            "ending": [g for g in groups if g.support_ending_soon],
            "groups": groups,
            "hours_per_city": support_hours_per_city(today=today),
            "today": today,
            "assign_everywhere": assign_everywhere,
            "assign_pillars": secretary_of,
            "fragment_store": storable,
        }

    content = render_cached(
        request,
        "themegroups/_support_overview.html",
        name="themegroups:support_overview",
        vary=(chosen, own_pillars_only, assign_everywhere, secretary_of),
        apps=SUPPORT_APPS,
        context=context,
    )
    return render(request, "themegroups/support_overview.html", {"content": content})
