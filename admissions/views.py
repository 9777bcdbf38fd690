"""The membership pages on criteria and applications: the membership page (criteria,
applications by status), an application's evidence (printable, and as a PDF), its
letter, the steps (the DB's advice, the AB's decision), the notes per criterion, and
the secretariat's forms for applications and indicator values. Each view calls its
access helper first; the service asks the same question again."""

import datetime

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from infra.forms import add_service_error
from members.permissions import permissions_for

from . import services
from .access import (
    get_application_for_advice,
    get_application_for_correction,
    get_application_for_decision,
    get_application_for_notes,
    get_application_for_user,
    require_application_recording,
    require_membership_reader,
    require_value_entry,
)
from .constants import (
    OPEN_STATUSES,
    PENDING_LETTER_HOURS,
    PENDING_LETTER_SALT,
    Outcome,
)
from .forms import (
    AdviceForm,
    ApplicationForm,
    DecisionForm,
    IndicatorValueForm,
    IndicatorValuesImportForm,
    NotesForm,
    StepCorrectionForm,
)
from .models import ApplicationLetter, Indicator, PendingLetter
from .selectors import (
    applications_by_status,
    criteria_sets,
    evidence,
    evidence_date,
)


@require_GET
def membership_index(request: HttpRequest) -> HttpResponse:
    permissions = require_membership_reader(request)
    context = {
        "criteria_sets": list(criteria_sets()),
        "may_view_applications": permissions.may_view_applications,
        "may_view_contributions": permissions.may_view_contributions,
        "may_record_applications": permissions.may_record_applications,
        "may_enter_indicator_values": permissions.may_enter_indicator_values,
        "this_year": timezone.localdate().year,
    }
    if permissions.may_view_applications:
        context["application_groups"] = applications_by_status()
    return render(request, "admissions/index.html", context)


def _detail_context(request, application) -> dict:
    permissions = permissions_for(request.user)
    return {
        "application": application,
        "evidence": evidence(application),
        "evidence_on": evidence_date(application),
        "evidence_frozen": application.status not in OPEN_STATUSES,
        "corrections": list(application.corrections.all()),
        "may_correct": permissions.may_correct_application_steps,
        "may_advise": permissions.may_advise_on_applications,
        "may_record_decision": permissions.may_record_decisions,
        "may_write_notes": permissions.may_record_applications,
    }


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    return render(
        request, "admissions/application_detail.html", _detail_context(request, application)
    )


@require_GET
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    from weasyprint import HTML

    html = render_to_string(
        "admissions/application_print.html", _detail_context(request, application), request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="aanvraag-{application.cbs_code}-{application.received_on:%Y%m%d}.pdf"'
    )
    return response


@require_GET
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    letter = ApplicationLetter.objects.filter(application=application).first()
    if letter is None:
        raise Http404
    response = HttpResponse(bytes(letter.content), content_type="application/pdf")
    file_name = letter.file_name.replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _chosen_letter(request, form) -> tuple[str, bytes, PendingLetter | None]:
    """The letter of this round: a file chosen now, else the one kept from an earlier
    round (its signed token, the same user, not expired), else none."""
    upload = form.cleaned_data.get("letter") if hasattr(form, "cleaned_data") else None
    if upload:
        return upload.name, upload.read(), None
    if "letter" in form.errors:
        return "", b"", None
    token = request.POST.get("letter_token", "")
    if not token:
        return "", b"", None
    try:
        pk = signing.loads(
            token, salt=PENDING_LETTER_SALT, max_age=datetime.timedelta(hours=PENDING_LETTER_HOURS)
        )
    except signing.BadSignature:
        return "", b"", None
    pending = PendingLetter.objects.filter(pk=pk, uploaded_by=request.user).first()
    if pending is None:
        return "", b"", None
    return pending.file_name, bytes(pending.content), pending


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    """Record an application. A form with errors shows every error at once (the form's
    and the service's) and keeps the chosen letter for the next round (issue 23)."""
    require_application_recording(request)
    posted = request.method == "POST"
    # An empty POST is a bound form too: it answers with what is required.
    form = ApplicationForm(request.POST if posted else None, request.FILES if posted else None)
    if posted:
        valid = form.is_valid()
        letter_name, letter_content, pending = _chosen_letter(request, form)
        if valid:
            data = dict(form.cleaned_data)
            data.pop("letter", None)
            data.pop("letter_token", None)
            try:
                application = services.application_record(
                    by=request.user, letter_name=letter_name, letter_content=letter_content, **data
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                if pending is not None:
                    pending.delete()
                messages.success(
                    request,
                    _("The application of %(city)s has been recorded.")
                    % {"city": application.city.name},
                )
                return redirect(application)
        else:
            data = form.cleaned_data
            problems = services.application_problems(
                city=data.get("city"),
                received_on=data.get("received_on"),
                motivation=data.get("motivation"),
                letter_content=letter_content,
            )
            for field, errors in problems.items():
                if field not in form.errors:
                    form.add_error(field, errors)
        if letter_content and "letter" not in form.errors:
            if pending is None:
                pending = services.pending_letter_keep(
                    by=request.user, file_name=letter_name, content=letter_content
                )
            form.keep_letter(signing.dumps(pending.pk, salt=PENDING_LETTER_SALT), pending.file_name)
    return render(request, "admissions/application_create.html", {"form": form})


def _step(request, application, form, service, success: str, template: str, confirm=None):
    """A step's form. With ``confirm`` (its confirmation's template) a valid form is
    first checked by the service (``check_only``: written, then rolled back), so that
    every refusal shows on the form in one round; then the confirmation says what
    becomes final, and only its POST (``confirm=yes``) records the step."""
    if request.method == "POST" and form.is_valid():
        checking = confirm is not None and request.POST.get("confirm") != "yes"
        extra = {"check_only": True} if checking else {}
        try:
            service(by=request.user, application=application, **form.cleaned_data, **extra)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            if not checking:
                messages.success(request, success)
                return redirect(application)
            return render(
                request,
                confirm,
                {
                    **_detail_context(request, application),
                    "form": form,
                    **form.cleaned_data,
                    "outcome_label": Outcome(form.cleaned_data["outcome"]).label,
                },
            )
    return render(
        request,
        template,
        {**_detail_context(request, application), "form": form},
    )


@require_http_methods(["GET", "POST"])
def application_advice(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_advice(request, pk)
    form = AdviceForm(request.POST or None, initial={"advised_on": timezone.localdate()})
    return _step(
        request,
        application,
        form,
        services.advice_record,
        _("The DB's advice has been recorded."),
        "admissions/application_advice.html",
        confirm="admissions/application_advice_confirm.html",
    )


@require_http_methods(["GET", "POST"])
def application_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_decision(request, pk)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    return _step(
        request,
        application,
        form,
        services.decision_record,
        _("The AB's decision has been recorded."),
        "admissions/application_decision.html",
        confirm="admissions/application_decision_confirm.html",
    )


@require_http_methods(["GET", "POST"])
def application_step_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat takes back a mistaken advice or decision, with the reason."""
    application = get_application_for_correction(request, pk)
    form = StepCorrectionForm(request.POST or None)
    return _step(
        request,
        application,
        form,
        services.application_step_correct,
        _("The step has been taken back; the correction is in the application's history."),
        "admissions/application_correction.html",
    )


@require_http_methods(["GET", "POST"])
def application_notes(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_notes(request, pk)
    criteria = list(
        application.criteria_set.criterion_notes.order_by("order").values_list(
            "criterion", flat=True
        )
    )
    initial = dict(application.notes.values_list("criterion", "text"))
    form = NotesForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_notes_save(
                by=request.user, application=application, notes=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The notes have been saved."))
            return redirect(application)
    return render(
        request, "admissions/application_notes.html", {"application": application, "form": form}
    )


@require_http_methods(["GET", "POST"])
def indicator_value_create(request: HttpRequest) -> HttpResponse:
    require_value_entry(request)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            value = services.indicator_value_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(indicator)s of %(city)s for %(year)s has been recorded.")
                % {"indicator": value.indicator.name, "city": value.city.name, "year": value.year},
            )
            return redirect("admissions:index")
    return render(request, "admissions/application_value_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def indicator_values_import(request: HttpRequest) -> HttpResponse:
    """Many values at once, from a CSV (the secretariat): the whole file or nothing, the
    first fault named by row and column (``services.indicator_values_import``)."""
    require_value_entry(request)
    form = IndicatorValuesImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.indicator_values_import(
                by=request.user, text=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d indicator value has been imported.",
                    "%(count)d indicator values have been imported.",
                    count,
                )
                % {"count": count},
            )
            return redirect("admissions:index")
    return render(
        request,
        "admissions/indicator_values_import.html",
        {
            "form": form,
            "columns": services.IMPORT_COLUMNS,
            "indicators": Indicator.objects.order_by("order", "name"),
        },
    )
