"""The office side of member letters: the secretariat drafts and edits, the DB's chair
approves; elections and the introduction letter. The public archive is views_public.py."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import require_network_reader
from members.models import Role
from members.permissions import permissions_for

from . import services
from .access import (
    get_election_for_manager,
    get_election_for_user,
    get_letter_for_approval,
    get_letter_for_drafter,
    get_letter_for_user,
    require_election_manager,
    require_letter_drafter,
    require_letter_reader,
)
from .constants import LetterKind
from .forms import ElectionForm, LetterForm
from .markup import proposal
from .models import Election
from .selectors import (
    approval_reach,
    cities_without_addressees,
    letters_for_office,
    proposal_period,
    unconfirmed_by_city,
)
from .services_addressees import addressee_requests_send


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    permissions = require_letter_reader(request)
    return render(
        request,
        "letters/letter_list.html",
        {
            "letters": letters_for_office(),
            "may_draft": permissions.may_draft_letters,
            "missing_addressees": cities_without_addressees(),
            "may_ask": permissions.may_ask_cities_for_addressees,
        },
    )


@require_http_methods(["GET", "POST"])
def letter_create(request: HttpRequest) -> HttpResponse:
    """GET: the period and what the apps propose; POST: the numbered draft."""
    require_letter_drafter(request)
    if request.method == "POST":
        try:
            letter = services.letter_draft(by=request.user)
        except ValidationError as error:
            _refused(request, error)
            return redirect("letters:list")
        messages.success(
            request, _("%(number)s has been drafted.") % {"number": letter.number_label}
        )
        return redirect("letters:edit", pk=letter.pk)
    since, until = proposal_period()
    sections, _body = proposal(since, until)
    return render(
        request,
        "letters/letter_create.html",
        {"since": since, "until": until, "sections": sections},
    )


@require_GET
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request, pk)
    permissions = permissions_for(request.user)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "letter": letter,
            "may_edit": permissions.may_draft_letters and letter.is_draft,
            "may_approve": permissions.may_approve_letters and letter.is_draft,
            "may_correct": permissions.may_draft_letters
            and letter.is_sent
            and letter.kind != LetterKind.ERRATUM,
        },
    )


@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_drafter(request, pk)
    form = LetterForm(
        request.POST or None,
        initial={"subject": letter.subject, "body_html": letter.body_html},
    )
    if not letter.is_draft and request.method == "GET":
        messages.error(request, _("This letter is no longer a draft and cannot be changed."))
        return redirect("letters:detail", pk=letter.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_update(
                by=request.user,
                letter=letter,
                subject=form.cleaned_data["subject"],
                body_html=form.cleaned_data["body_html"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/letter_edit.html", {"letter": letter, "form": form})


@require_http_methods(["GET", "POST"])
def letter_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what approving sends, and to whom; POST with ``confirm=yes``: approve (it is
    sent by the worker). A POST without the confirmation shows the page again, unchanged."""
    letter = get_letter_for_approval(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.letter_approve(by=request.user, letter=letter)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("%(number)s has been approved and is being sent.")
                % {"number": letter.number_label},
            )
        return redirect("letters:detail", pk=letter.pk)
    if not letter.is_draft:
        messages.error(request, _("This letter is no longer a draft."))
        return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/letter_approve.html",
        {"letter": letter, "reach": approval_reach(letter)},
    )


@require_POST
def letter_erratum(request: HttpRequest, pk: int) -> HttpResponse:
    require_letter_drafter(request)
    letter = get_letter_for_user(request, pk)
    try:
        erratum = services.letter_draft(by=request.user, kind=LetterKind.ERRATUM, corrects=letter)
    except ValidationError as error:
        _refused(request, error)
        return redirect("letters:detail", pk=letter.pk)
    messages.success(request, _("%(number)s has been drafted.") % {"number": erratum.number_label})
    return redirect("letters:edit", pk=erratum.pk)


# --- elections ------------------------------------------------------------------------


@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    permissions = require_letter_reader(request)
    return render(
        request,
        "letters/election_list.html",
        {
            "elections": Election.objects.all(),
            "may_manage": permissions.may_manage_elections,
        },
    )


@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest) -> HttpResponse:
    require_election_manager(request)
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_create(
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The election date has been saved."))
            return redirect(election)
    return render(request, "letters/election_form.html", {"form": form})


@require_GET
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    permissions = permissions_for(request.user)
    introduction = election.introductions.first()
    return render(
        request,
        "letters/election_detail.html",
        {
            "election": election,
            "cities": unconfirmed_by_city(election),
            "introduction": introduction,
            "may_manage": permissions.may_manage_elections,
            "missing_addressees": cities_without_addressees(),
            "may_ask": permissions.may_ask_cities_for_addressees,
        },
    )


@require_POST
def role_confirm(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    election = get_election_for_manager(request, pk)
    try:
        role = Role.objects.get(pk=role_pk)
        services.role_confirm(by=request.user, election=election, role=role)
    except ValidationError as error:
        _refused(request, error)
    except ObjectDoesNotExist as exc:  # an unknown role, or one of another kind
        raise Http404 from exc
    else:
        messages.success(request, _("The role has been confirmed."))
    return redirect(election)


@require_POST
def introduction_draft(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_manager(request, pk)
    try:
        letter = services.letter_draft(
            by=request.user, kind=LetterKind.INTRODUCTION, election=election
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect(election)
    messages.success(request, _("%(number)s has been drafted.") % {"number": letter.number_label})
    return redirect("letters:edit", pk=letter.pk)


@require_POST
def addressees_ask(request: HttpRequest) -> HttpResponse:
    """Ask the city contacts of the cities the letter does not reach to name their
    council clerk and college contact (a mail each; their dashboard shows the task)."""
    require_network_reader(request, lambda p: p.may_ask_cities_for_addressees)
    try:
        cities, mails = addressee_requests_send(by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(mails)s city contacts of %(cities)s cities have been asked by mail.")
            % {"mails": mails, "cities": cities},
        )
    next_url = request.POST.get("next", "")
    if next_url.startswith("/letters/") and "//" not in next_url:
        return redirect(next_url)
    return redirect("letters:list")
