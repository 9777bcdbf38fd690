"""A group's mandate and pillars, and ending its support early: the app's own pages for
what was the admin's alone. Each calls its access helper first; the service asks again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from infra.forms import add_service_error

from .access import get_lead_pillars_for_edit, get_support_for_ending, get_theme_group_for_edit
from .forms import SupportEndForm, ThemeGroupEditForm
from .services_edit import theme_group_edit as edit_service
from .services_support import support_end as support_end_service
from .views_actions import _not_now


@require_http_methods(["GET", "POST"])
def theme_group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_theme_group_for_edit(request, slug)
    if request.method == "GET" and group.is_read_only:
        return _not_now(request, group, _("This theme group can no longer be changed."))
    initial = {
        "goal": group.goal,
        "expected_result": group.expected_result,
        "lead_pillar": group.lead_pillar_id,
        "other_pillars": list(group.other_pillars.values_list("pk", flat=True)),
    }
    form = ThemeGroupEditForm(
        request.POST or None,
        initial=initial,
        lead_pillars=get_lead_pillars_for_edit(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            edit_service(by=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": group.name})
            return redirect(group)
    return render(request, "themegroups/themegroup_edit.html", {"group": group, "form": form})


@require_http_methods(["GET", "POST"])
def support_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, support = get_support_for_ending(request, slug, pk)
    if request.method == "GET" and group.is_read_only:
        return _not_now(request, group, _("This theme group can no longer be changed."))
    form = SupportEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            support_end_service(
                by=request.user,
                support=support,
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The support of %(person)s for %(name)s has been ended early.")
                % {"person": support.person.name, "name": group.name},
            )
            return redirect(group)
    return render(
        request,
        "themegroups/support_end.html",
        {"group": group, "support": support, "form": form},
    )
