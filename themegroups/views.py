from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from g40.fragments import render_cached
from members.permissions import permissions_for
from pillars.models import Pillar

from . import services
from .access import (
    get_theme_group_for_decision,
    get_theme_group_for_management,
    get_theme_group_for_support,
    get_theme_group_for_user,
    require_proposer,
    require_reader,
    require_review_queue,
    require_support_overview,
)
from .constants import ReviewOutcome, ThemeGroupStatus
from .forms import (
    ApproveForm,
    DecideForm,
    MemberAddForm,
    ProposalForm,
    RefuseForm,
    SupportForm,
    ThemeGroupFilterForm,
)
from .history import group_history
from .models import Membership, ThemeGroup
from .selectors import attach_city_names, groups_with_details, next_meeting_start


def _not_now(request: HttpRequest, group: ThemeGroup, message: str) -> HttpResponse:
    """A form that cannot apply to the group as it stands: say why, show the group."""
    messages.info(request, message)
    return redirect(group)


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's error on the form: on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# The four reading pages below serve their shared part from a cached fragment
# (g40.fragments): the access check runs first and uncached on every request; the
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


def theme_group_list(request: HttpRequest) -> HttpResponse:
    permissions = require_reader(request)

    def context() -> dict:
        today = timezone.localdate()
        form = ThemeGroupFilterForm(request.GET or None)
        groups = groups_with_details(today, members=False, meetings=False)
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
        # The form (its choices: every pillar and member city, a quarter of the
        # rebuild) is a fragment of its own, which a change to a group leaves alone.
        filter_form = render_cached(
            request,
            "themegroups/_themegroup_filter.html",
            name="themegroups:list_filter",
            vary=filters,
            apps=FILTER_APPS,
            context=lambda: {"form": form},
        )
        return {
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
            "may_see_queue": permissions.may_decide_reviews or permissions.is_secretariat,
            "may_see_support": permissions.may_view_support_overview,
        },
    )


# A group's page reads the group, its members, support and decisions (themegroups),
# its pillars, people and cities (members), its digital meetings (networkdays) and its
# history (the audit trail: auditlog; who did it by the person of the account, from
# members). Nothing from accounts: names in decisions are stored as text.
DETAIL_APPS = ("themegroups", "pillars", "members", "networkdays", "auditlog")


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
            **flags,
            # "n meetings held so far" counts those started before now.
            "fragment_until": [m.starts_at for m in meetings if m.starts_at >= now],
        }

    content = render_cached(
        request,
        "themegroups/_themegroup_detail.html",
        name="themegroups:detail",
        vary=(group.pk, *sorted(flags.items())),
        apps=DETAIL_APPS,
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
            "may_read_audit": permissions.is_secretariat,
            **flags,
        },
    )


# The queue shows what a group's page shows, meetings held included.
QUEUE_APPS = DETAIL_APPS


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


def support_overview(request: HttpRequest) -> HttpResponse:
    permissions = require_support_overview(request)
    # Which pillars the page covers, and where it offers "assign support": both follow
    # from these values alone, so they are the key (with the pillar asked for).
    own_pillars_only = permissions.is_pillar_secretary and not (
        permissions.is_secretariat or permissions.is_db_member
    )
    secretary_of = tuple(sorted(permissions.pillars_as_secretary))
    assign_everywhere = permissions.is_secretariat
    chosen = request.GET.get("pillar")

    def context() -> dict:
        today = timezone.localdate()
        if own_pillars_only:
            pillars = list(Pillar.objects.filter(pk__in=secretary_of))
        else:
            pillars = list(Pillar.objects.all())
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
            "hours_per_city": services.support_hours_per_city(today=today),
            "today": today,
            "assign_everywhere": assign_everywhere,
            "assign_pillars": secretary_of,
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


@require_http_methods(["GET", "POST"])
def theme_group_propose(request: HttpRequest) -> HttpResponse:
    permissions = require_proposer(request)
    lead_pillars = (
        Pillar.objects.all()
        if permissions.is_secretariat
        else Pillar.objects.filter(pk__in=permissions.pillars_as_secretary)
    )
    form = ProposalForm(request.POST or None, lead_pillars=lead_pillars)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.theme_group_propose(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The proposal for %(name)s has been sent to the DB.") % {"name": group.name},
            )
            return redirect(group)
    return render(request, "themegroups/themegroup_propose.html", {"form": form})


@require_http_methods(["GET", "POST"])
def theme_group_approve(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_decision(request, slug)
    if request.method == "GET" and group.status != ThemeGroupStatus.PROPOSED:
        return _not_now(request, group, _("This theme group is not a proposal (any more)."))
    form = ApproveForm(request.POST or None, initial={"review_due_on": group.review_due_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_group_approve(user=request.user, group_id=group.pk, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has started.") % {"name": group.name})
            return redirect(group)
    return render(request, "themegroups/themegroup_approve.html", {"group": group, "form": form})


@require_http_methods(["GET", "POST"])
def theme_group_refuse(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_decision(request, slug)
    if request.method == "GET" and group.status != ThemeGroupStatus.PROPOSED:
        return _not_now(request, group, _("This theme group is not a proposal (any more)."))
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_group_refuse(
                user=request.user, group_id=group.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The proposal %(name)s has been refused.") % {"name": group.name}
            )
            return redirect(group)
    return render(request, "themegroups/themegroup_refuse.html", {"group": group, "form": form})


@require_http_methods(["GET", "POST"])
def theme_group_decide(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_decision(request, slug)
    if request.method == "GET" and group.status != ThemeGroupStatus.ACTIVE:
        return _not_now(request, group, _("Only an active theme group can be reviewed."))
    today = timezone.localdate()
    form = DecideForm(
        request.POST or None,
        initial={"review_due_on": group.review_due_on, "ends_on": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.theme_group_decide(
                user=request.user,
                group_id=group.pk,
                review_due_on=data["review_due_on"],
                outcome=data["outcome"],
                reason=data["reason"],
                new_review_due_on=data["new_review_due_on"],
                ends_on=data["ends_on"],
                today=today,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if decision.outcome == ReviewOutcome.EXTEND:
                messages.success(
                    request,
                    _("%(name)s has been extended; the next review is on %(date)s.")
                    % {
                        "name": group.name,
                        "date": date_format(decision.new_review_due_on, "j F Y"),
                    },
                )
            else:
                messages.success(request, _("%(name)s has been ended.") % {"name": group.name})
            return redirect("themegroups:review_queue")
    group = groups_with_details(today, decisions=True).get(pk=group.pk)
    return render(
        request,
        "themegroups/themegroup_decide.html",
        {"group": group, "form": form, "today": today},
    )


@require_http_methods(["GET", "POST"])
def support_assign(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_support(request, slug)
    if request.method == "GET" and group.is_read_only:
        return _not_now(request, group, _("This theme group can no longer be changed."))
    form = SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_assign(user=request.user, group_id=group.pk, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Support for %(name)s has been assigned to %(person)s.")
                % {"name": group.name, "person": form.cleaned_data["person"].name},
            )
            return redirect(group)
    return render(request, "themegroups/support_assign.html", {"group": group, "form": form})


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_management(request, slug)
    if request.method == "GET" and group.is_read_only:
        return _not_now(request, group, _("This theme group can no longer be changed."))
    form = MemberAddForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(user=request.user, group_id=group.pk, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s has joined %(name)s.")
                % {"person": form.cleaned_data["person"].name, "name": group.name},
            )
            return redirect(group)
    return render(request, "themegroups/member_add.html", {"group": group, "form": form})


@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_theme_group_for_management(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person"), pk=pk, theme_group=group
    )
    try:
        services.membership_remove(
            user=request.user, group_id=group.pk, membership_id=membership.pk
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(person)s has left %(name)s.")
            % {"person": membership.person.name, "name": group.name},
        )
    return redirect(group)


@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_theme_group_for_management(request, slug)
    membership = get_object_or_404(Membership, pk=pk, theme_group=group)
    try:
        services.membership_set_role(
            user=request.user,
            group_id=group.pk,
            membership_id=membership.pk,
            role=request.POST.get("role", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role has been changed."))
    return redirect(group)
