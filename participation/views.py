"""The participation pages: every member city (the DB and the secretariat), one city
(its own people too), and the "onzichtbaar" cities with the DB's rule and notes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from infra.bounds import NETWORK
from members.permissions import permissions_for

from .access import (
    get_city_for_note,
    get_city_for_participation,
    require_invisibility_reader,
    require_participation_reader,
    require_rule_setter,
)
from .forms import CityNoteForm, InvisibilityRuleForm
from .measures import available_measures
from .models import CityNote, RuleMatch
from .selectors import city_context, invisible_context, network_context, rule_for
from .services import city_note_save, invisibility_rule_set


def _asked_year(request) -> int:
    """``?year=``, within the network's dates; anything else is this year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if NETWORK.earliest.year <= year <= NETWORK.latest.year else this_year


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    permissions = require_participation_reader(request)
    context = network_context(_asked_year(request), request.GET.get("measure"))
    context["may_view_invisible"] = permissions.may_view_invisible_cities
    return render(request, "participation/overview.html", context)


@require_GET
def city_participation(request: HttpRequest, cbs_code: str) -> HttpResponse:
    city = get_city_for_participation(request, cbs_code)
    permissions = permissions_for(request.user)
    context = city_context(city)
    context["may_view_overview"] = permissions.may_view_participation
    if permissions.may_view_invisible_cities:
        context["note"] = CityNote.objects.filter(city=city).first()
        context["may_write_note"] = permissions.may_write_participation_notes
    return render(request, "participation/city.html", context)


@require_GET
def invisible_cities(request: HttpRequest) -> HttpResponse:
    permissions = require_invisibility_reader(request)
    year = _asked_year(request)
    context = invisible_context(rule_for(year), year)
    context["may_set_rule"] = permissions.may_set_invisibility_rule
    context["may_write_note"] = permissions.may_write_participation_notes
    return render(request, "participation/invisible.html", context)


@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest) -> HttpResponse:
    require_rule_setter(request)
    year = _asked_year(request)
    rule = rule_for(year)
    form = InvisibilityRuleForm(
        request.POST or None, measures=available_measures(), rule=rule, year=year
    )
    if request.method == "POST" and form.is_valid():
        try:
            invisibility_rule_set(
                year=form.cleaned_data["year"] or year,
                match=form.cleaned_data["match"] or RuleMatch.ALL,
                period_years=form.cleaned_data["period_years"],
                conditions=form.conditions(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rule has been saved."))
            return redirect(
                reverse("participation:invisible") + f"?year={form.cleaned_data['year'] or year}"
            )
    return render(request, "participation/rule_form.html", {"form": form, "rule": rule})


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, cbs_code: str) -> HttpResponse:
    city = get_city_for_note(request, cbs_code)
    note = CityNote.objects.filter(city=city).first()
    form = CityNoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            city_note_save(city=city, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect("participation:city", cbs_code=city.cbs_code)
    return render(
        request, "participation/note_form.html", {"form": form, "city": city, "note": note}
    )
