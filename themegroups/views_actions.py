"""The forms of theme groups: proposing, the DB's approvals, refusals and review
decisions, support and members. Each calls its access helper first; the service asks
the same permission again and refuses with a coded ``ValidationError``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from infra.forms import add_service_error

from . import services, services_members
from .access import (
    get_lead_pillars_for_proposal,
    get_theme_group_for_decision,
    get_theme_group_for_management,
    get_theme_group_for_support,
)
from .constants import ReviewOutcome, ThemeGroupStatus
from .forms import (
    ApproveForm,
    DecideForm,
    MemberAddForm,
    ProposalForm,
    RefuseForm,
    SupportForm,
)
from .models import Membership, ThemeGroup
from .rows import with_badges
from .selectors import (
    groups_with_details,
)
from .views import attach_review_sections


def _not_now(request: HttpRequest, group: ThemeGroup, message: str) -> HttpResponse:
    """A form that cannot apply to the group as it stands: say why, show the group."""
    messages.info(request, message)
    return redirect(group)


@require_http_methods(["GET", "POST"])
def theme_group_propose(request: HttpRequest) -> HttpResponse:
    lead_pillars = get_lead_pillars_for_proposal(request)
    form = ProposalForm(request.POST or None, lead_pillars=lead_pillars)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.theme_group_propose(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
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
            services.theme_group_approve(by=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
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
                by=request.user, group=group, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The proposal %(name)s has been refused.") % {"name": group.name}
            )
            return redirect(group)
    return render(request, "themegroups/themegroup_refuse.html", {"group": group, "form": form})


def _end_needs_confirmation(request: HttpRequest, group: ThemeGroup, form) -> bool:
    """Ending a group cannot be undone: a valid "end" without ``confirm=yes`` shows a
    confirmation page first (no script). Not when the service will refuse anyway (the
    review was decided meanwhile, a date is wrong): the form shows why at once."""
    data = form.cleaned_data
    if data["outcome"] != ReviewOutcome.END or request.POST.get("confirm") == "yes":
        return False
    if "back" in request.POST:
        return False
    if group.status != ThemeGroupStatus.ACTIVE or data["review_due_on"] != group.review_due_on:
        return False
    try:
        services.theme_group_decision_dates_check(
            outcome=data["outcome"],
            new_review_due_on=data["new_review_due_on"],
            ends_on=data["ends_on"],
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        add_service_error(form, exc)
        return False
    return True


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
    valid = request.method == "POST" and form.is_valid()
    if valid and _end_needs_confirmation(request, group, form):
        return render(
            request,
            "themegroups/themegroup_end_confirm.html",
            {"group": group, "form": form, "ends_on": form.cleaned_data["ends_on"]},
        )
    if valid and not form.errors and "back" not in request.POST:
        data = form.cleaned_data
        try:
            decision = services.theme_group_decide(
                by=request.user,
                group=group,
                review_due_on=data["review_due_on"],
                outcome=data["outcome"],
                reason=data["reason"],
                new_review_due_on=data["new_review_due_on"],
                ends_on=data["ends_on"],
                today=today,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
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
    group = groups_with_details(today, decisions=True, pillars=False).get(pk=group.pk)
    with_badges([group], today)
    attach_review_sections([group])
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
            services_members.support_assign(by=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
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
            services_members.membership_add(by=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
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
        services_members.membership_remove(by=request.user, membership=membership)
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
        services_members.membership_set_role(
            by=request.user,
            membership=membership,
            role=request.POST.get("role", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role has been changed."))
    return redirect(group)
