"""The lobby's forms. Each calls its access helper first; the service asks the same
permission again and refuses with a coded ``ValidationError``, shown on the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from infra.forms import add_service_error
from members.models import City
from members.permissions import permissions_for
from pillars.models import Pillar

from . import services, services_moments, services_stances
from .access import (
    get_city_for_stance_recording,
    get_dossier_for_city_action,
    get_dossier_for_edit,
    get_dossier_for_text,
    get_moment_for_decision,
    get_moment_for_planning,
    get_moment_for_user,
    get_notice_for_acknowledgement,
    get_version_for_decision,
    get_version_for_routing,
    get_version_for_text,
    require_dossier_opening,
)
from .constants import VersionStatus
from .forms import (
    AcknowledgeForm,
    AgreeForm,
    CityActionForm,
    DossierForm,
    MomentDecideForm,
    MomentForm,
    MomentPlanForm,
    StanceForm,
    VersionForm,
)
from .selectors import unanswered_cities


def _form_page(
    request,
    form,
    *,
    title: str,
    submit: str,
    dossier=None,
    intro: str = "",
    extra: dict | None = None,
) -> HttpResponse:
    context = {"form": form, "title": title, "submit": submit, "dossier": dossier, "intro": intro}
    context.update(extra or {})
    return render(request, "lobby/form_page.html", context)


def _refused(request, dossier, exc: ValidationError) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return redirect(dossier)


@require_http_methods(["GET", "POST"])
def dossier_create(request: HttpRequest) -> HttpResponse:
    permissions = require_dossier_opening(request)
    pillars = Pillar.objects.filter(
        pk__in=[p.pk for p in Pillar.objects.only("pk") if permissions.may_open_dossier_for(p.pk)]
    )
    form = DossierForm(request.POST or None, pillars=pillars)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_open(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The dossier has been opened."))
            return redirect(dossier)
    return _form_page(request, form, title=_("Open a lobby dossier"), submit=_("Open the dossier"))


@require_http_methods(["GET", "POST"])
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_edit(request, pk)
    initial = {
        "subject": dossier.subject,
        "status": dossier.status,
        "vng_alignment": dossier.vng_alignment,
        "vng_note": dossier.vng_note,
        "coordinator": dossier.coordinator_id,
        "carriers": list(dossier.carriers.values_list("pk", flat=True)),
        "targets": list(dossier.targets.values_list("pk", flat=True)),
    }
    form = DossierForm(
        request.POST or None,
        initial=initial,
        editing=True,
        may_word=permissions_for(request.user).may_word_dossier_of(dossier.pillar_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_edit(by=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The dossier has been saved."))
            return redirect(dossier)
    return _form_page(request, form, title=_("Edit the dossier"), submit=_("Save"), dossier=dossier)


@require_http_methods(["GET", "POST"])
def version_propose(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_text(request, pk)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_propose(by=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The new version has been proposed; the cities are asked for their stance."),
            )
            return redirect(dossier)
    return _form_page(
        request,
        form,
        title=_("Propose a new version of the position"),
        submit=_("Propose"),
        dossier=dossier,
        intro=_(
            "A new version never changes an earlier one. Each member city's contact "
            "is asked for the city's stance by the date you give."
        ),
    )


@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = get_version_for_text(request, pk, version_pk)
    initial = {"title": version.title, "summary": version.summary, "text": version.text}
    form = VersionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_text_edit(by=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The proposal has been reworded."))
            return redirect(version.dossier)
    return _form_page(
        request, form, title=_("Reword the proposal"), submit=_("Save"), dossier=version.dossier
    )


@require_POST
def version_route(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = get_version_for_routing(request, pk, version_pk)
    try:
        services.version_route(by=request.user, version=version)
    except ValidationError as exc:
        return _refused(request, version.dossier, exc)
    messages.success(request, _("The version has been sent to the DB."))
    return redirect(version.dossier)


@require_http_methods(["GET", "POST"])
def version_agree(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """GET: what agreeing makes final and who has not answered (with a reason to give
    when the deadline has not passed or cities are unanswered); POST with
    ``confirm=yes``: agree. A POST without the confirmation shows the page again."""
    version = get_version_for_decision(request, pk, version_pk)
    form = AgreeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("confirm") == "yes" and form.is_valid():
        try:
            services.version_agree(
                by=request.user, version=version, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if set(getattr(exc, "error_dict", {})) != {"reason"}:
                return _refused(request, version.dossier, exc)
            add_service_error(form, exc)
        else:
            messages.success(request, _("The position has been agreed."))
            return redirect(version.dossier)
    unanswered = unanswered_cities(version)
    early = timezone.localdate() < version.stances_due_on
    return render(
        request,
        "lobby/version_agree.html",
        {
            "version": version,
            "dossier": version.dossier,
            "form": form,
            "unanswered": unanswered,
            "early": early,
            "reason_needed": early or bool(unanswered),
            "member_count": City.objects.members().count(),
            "agreed": version.dossier.versions.filter(status=VersionStatus.AGREED).first(),
        },
    )


@require_http_methods(["GET", "POST"])
def moment_propose(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_text(request, pk)
    form = MomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_moments.moment_propose(by=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The moment has been proposed to the coordinator."))
            return redirect(dossier)
    return _form_page(
        request, form, title=_("Propose a moment"), submit=_("Propose"), dossier=dossier
    )


@require_http_methods(["GET", "POST"])
def moment_edit(request: HttpRequest, pk: int, moment_pk: int) -> HttpResponse:
    moment = get_moment_for_user(request, pk, moment_pk)
    get_dossier_for_text(request, pk)
    form = MomentForm(
        request.POST or None, initial={"title": moment.title, "text": moment.text}, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_moments.moment_text_edit(by=request.user, moment=moment, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The moment has been reworded."))
            return redirect(moment.dossier)
    return _form_page(
        request, form, title=_("Reword the moment"), submit=_("Save"), dossier=moment.dossier
    )


@require_http_methods(["GET", "POST"])
def moment_plan(request: HttpRequest, pk: int, moment_pk: int) -> HttpResponse:
    moment = get_moment_for_planning(request, pk, moment_pk)
    form = MomentPlanForm(request.POST or None, initial={"takes_place_on": moment.takes_place_on})
    if request.method == "POST" and form.is_valid():
        try:
            services_moments.moment_plan(by=request.user, moment=moment, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The moment has been planned."))
            return redirect(moment.dossier)
    return _form_page(
        request,
        form,
        title=_("Plan a moment"),
        submit=_("Save"),
        dossier=moment.dossier,
        intro=_(
            "Schedule it, send it to the DB when it needs a decision, or record "
            "its outcome. Its text stays the pillar's."
        ),
        extra={"moment": moment},
    )


@require_http_methods(["GET", "POST"])
def moment_decide(request: HttpRequest, pk: int, moment_pk: int) -> HttpResponse:
    moment = get_moment_for_decision(request, pk, moment_pk)
    form = MomentDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_moments.moment_decide(by=request.user, moment=moment, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The DB's decision has been recorded."))
            return redirect(moment.dossier)
    return _form_page(
        request,
        form,
        title=_("Decide on a moment"),
        submit=_("Record the decision"),
        dossier=moment.dossier,
        extra={"moment": moment},
    )


@require_http_methods(["GET", "POST"])
def stance_record(request: HttpRequest, version_pk: int, cbs_code: str) -> HttpResponse:
    version, city = get_city_for_stance_recording(request, version_pk, cbs_code)
    form = StanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_stances.stance_record(
                by=request.user, version=version, city=city, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The stance of %(city)s has been recorded.") % {"city": city.name}
            )
            return redirect("lobby:city_stances", cbs_code=city.cbs_code)
    return render(
        request, "lobby/stance_record.html", {"form": form, "version": version, "city": city}
    )


@require_http_methods(["GET", "POST"])
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_notice_for_acknowledgement(request, pk)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_stances.notice_acknowledge(by=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The notice has been acknowledged."))
            return redirect("dashboard")
    return render(request, "lobby/notice_acknowledge.html", {"form": form, "notice": notice})


@require_http_methods(["GET", "POST"])
def city_action_record(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_city_action(request, pk)
    permissions = permissions_for(request.user)
    cities = City.objects.members()
    if not permissions.may_record_city_actions_for_all_cities:
        cities = cities.filter(pk=permissions.city_id)
    form = CityActionForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            services_stances.city_action_record(
                by=request.user, dossier=dossier, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The city's action has been recorded."))
            return redirect(dossier)
    return _form_page(
        request,
        form,
        title=_("Record a city's own action"),
        submit=_("Record"),
        dossier=dossier,
        intro=_(
            "An action without a deviation notice filed before it is unexpected: "
            "the DB and the coordinator are told. An action dated ahead waits for the "
            "city's notice until its date."
        ),
    )
