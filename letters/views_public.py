"""The public archive of member letters (no account): the list, each letter as sent,
its PDF, the Atom feed; subscribing (double opt-in) and unsubscribing. Nothing personal
is shown: no drafter, no approver, no recipients. A link in a mail changes nothing when
opened (GET): the page asks to press a button (POST)."""

import datetime
import functools
import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    condition,
    require_GET,
    require_http_methods,
    require_safe,
)
from django_ratelimit.core import is_ratelimited

from infra.client import client_address
from infra.registry import PUBLIC_ARCHIVE_PAGE, page_sections

from . import tokens
from .access import get_sent_letter
from .feeds import LetterFeed
from .forms import SubscribeForm
from .pdf import stored_letter_pdf
from .selectors import sent_letters
from .services_sending import subscription_cancel, subscription_confirm, subscription_request
from .tasks import store_letter_pdfs

logger = logging.getLogger(__name__)

_letter_feed = LetterFeed()


# --- HTTP caching of the archive -----------------------------------------------------
# A sent letter is final (its text, its PDF); the archive changes only when a letter is
# sent (a new one, or an erratum that a letter's page then links). So the archive's
# pages, its feed and its PDFs carry validators made from the sent letters' count and
# the last moment one was sent (one indexed query), and conditional GETs answer 304.
# To the public they say ``Cache-Control: public``: any cache may keep them, asking
# again (``no-cache``) for the pages and the feed, a day without asking for a PDF. A
# signed-in reader's answer shows their menu: it stays ``no-store`` (PrivateAnswers).


def _archive_state(request) -> dict:
    """The count of sent letters and the last ``sent_at``, once per request."""
    state = getattr(request, "_g40_archive_state", None)
    if state is None:
        state = sent_letters().order_by().aggregate(count=Count("pk"), latest=Max("sent_at"))
        request._g40_archive_state = state
    return state


def _archive_etag(request, *args, **kwargs) -> str:
    state = _archive_state(request)
    latest = state["latest"].isoformat() if state["latest"] else "-"
    # The language and whether the reader is signed in change the HTML too.
    signed_in = bool(getattr(request, "user", None) and request.user.is_authenticated)
    raw = f"{state['count']}|{latest}|{translation.get_language()}|{signed_in}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _archive_last_modified(request, *args, **kwargs) -> datetime.datetime | None:
    return _archive_state(request)["latest"]


def public_archive(max_age: int | None = None):
    """Validators (``ETag``, ``Last-Modified``, 304) on an archive view, and for an
    anonymous reader ``Cache-Control: public`` (``no-cache``, or ``max-age``)."""

    def decorate(view):
        conditional = condition(etag_func=_archive_etag, last_modified_func=_archive_last_modified)(
            view
        )

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if len(getattr(request, "_messages", ())):
                # A message to show ("you have been unsubscribed") is this reader's
                # alone and shown once: no validators, no copy kept anywhere.
                response = view(request, *args, **kwargs)
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
                return response
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304) and not request.user.is_authenticated:
                if max_age is None:
                    patch_cache_control(response, public=True, no_cache=True)
                else:
                    patch_cache_control(response, public=True, max_age=max_age)
            patch_vary_headers(response, ["Cookie", "Accept-Language"])
            return response

        return wrapped

    return decorate


@login_not_required
@require_safe
@public_archive()
def feed(request: HttpRequest) -> HttpResponse:
    """The Atom feed. A browser that navigates to it (it asks for HTML first) gets the
    same document as ``application/xml``: Chromium shows ``application/atom+xml`` as
    plain text and applies no stylesheet to it. Feed readers get Atom's own type."""
    response = _letter_feed(request)
    accept = request.headers.get("Accept", "")
    if accept.startswith("text/html") or "application/xhtml+xml" in accept.split(",")[0]:
        response["Content-Type"] = "application/xml; charset=utf-8"
    patch_vary_headers(response, ["Accept"])
    return response


@login_not_required
@require_GET
def feed_stylesheet(request: HttpRequest) -> HttpResponse:
    """The XSL stylesheet with which a browser shows the feed as a page (its words in
    the reader's language; the data comes from the feed)."""
    months = [date_format(datetime.date(2000, month, 1), "N") for month in range(1, 13)]
    return render(
        request,
        "letters/feed.xsl",
        {"months": months},
        content_type="text/xsl; charset=utf-8",
    )


@login_not_required
@require_safe
@public_archive()
def archive_list(request: HttpRequest) -> HttpResponse:
    # Other apps' sections (knowledge: the way to its public products), links only.
    sections = page_sections(PUBLIC_ARCHIVE_PAGE)
    return render(
        request, "letters/archive_list.html", {"letters": sent_letters(), "sections": sections}
    )


@login_not_required
@require_safe
@public_archive()
def archive_detail(request: HttpRequest, number: str) -> HttpResponse:
    letter = get_sent_letter(number)
    errata = sent_letters().filter(corrects=letter).order_by("sent_at")
    return render(request, "letters/archive_detail.html", {"letter": letter, "errata": errata})


@login_not_required
@require_safe
@public_archive(max_age=24 * 60 * 60)
def archive_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The stored PDF of a sent letter in the reader's language. A letter sent before
    PDFs were kept (or whose task was lost) gets its task queued once (per ten minutes)
    and a 503 with Retry-After until the worker has made it; the request never renders
    (without a broker the task runs in-process, as every task does there)."""
    letter = get_sent_letter(number)
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    content = stored_letter_pdf(letter, language)
    if content is None:
        if cache.add(f"letters:pdf-queued:{letter.pk}", True, 600):
            store_letter_pdfs.delay(letter.pk)
        content = stored_letter_pdf(letter, language)
    if content is None:
        response = HttpResponse(
            _("This PDF is being prepared. Please try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ledenbrief-{letter.slug}.pdf"'
    return response


def _too_many_requests(request: HttpRequest) -> bool:
    """Whether this client has asked for more subscriptions than
    ``LETTERS_SUBSCRIBE_RATE`` (e.g. "10/h") allows; counted per client address in the
    cache (django-ratelimit). A cache that cannot be reached limits nothing: the page
    works, each address still gets at most one mail per request period."""
    try:
        return is_ratelimited(
            request,
            group="letters.subscribe",
            key=lambda _group, request: client_address(request) or "unknown",
            rate=settings.LETTERS_SUBSCRIBE_RATE,
            method="POST",
            increment=True,
        )
    except Exception:
        logger.warning("the subscription limit could not be counted", exc_info=True)
        return False


@login_not_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and _too_many_requests(request):
        # Each address gets one mail per request period already; this bounds how many
        # addresses one client can have mailed (the sender's name is the network's).
        form.is_valid()
        form.add_error(
            None,
            ValidationError(
                _(
                    "Too many subscription requests came from your connection. Please try "
                    "again in an hour."
                ),
                code="too_many_requests",
            ),
        )
        return render(request, "letters/subscribe.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            _subscriber, _mailed = subscription_request(email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
        else:
            # One answer for a new, a pending and a confirmed address: the page never
            # tells whether an address is subscribed (issue 22, item 4); the mail does.
            messages.success(
                request,
                _(
                    "Thank you. A mail about your subscription is on its way to this "
                    "address, unless one was sent shortly before: please check your mail "
                    "(and its spam folder)."
                ),
            )
            return redirect("ledenbrieven:subscribe")
    return render(request, "letters/subscribe.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    valid = tokens.read(token, tokens.CONFIRM_SALT, max_age=tokens.confirm_max_age())
    if request.method == "POST":
        try:
            subscription_confirm(token=token)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you: you will receive the member letters."))
            return redirect("ledenbrieven:list")
    return render(
        request,
        "letters/subscription_confirm.html",
        {"valid": valid is not None, "already": valid is not None and valid.confirmed_at},
        status=200 if valid is not None else 404,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    valid = tokens.read(token, tokens.UNSUBSCRIBE_SALT)
    if request.method == "POST":
        try:
            subscription_cancel(token=token)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("You have been unsubscribed; your address has been deleted."),
            )
            return redirect("ledenbrieven:list")
    return render(
        request,
        "letters/unsubscribe.html",
        {"valid": valid is not None},
        status=200 if valid is not None else 404,
    )


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_one_click(request: HttpRequest, token: str) -> HttpResponse:
    """The address of a letter's ``List-Unsubscribe`` header (RFC 8058): a mail program
    posts ``List-Unsubscribe=One-Click`` here, without a cookie or a form's token — the
    signed link is the key, as on the page. Opened in a browser (GET), it shows the
    page with the button, where nothing happens without pressing it."""
    if request.method == "GET":
        return redirect("ledenbrieven:unsubscribe", token=token)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse(
            _("Send List-Unsubscribe=One-Click to unsubscribe."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        subscription_cancel(token=token)
    except ValidationError as error:  # not_subscribed: an altered link, or done before
        return HttpResponse(
            " ".join(error.messages), status=404, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(
        _("You have been unsubscribed; your address has been deleted."),
        content_type="text/plain; charset=utf-8",
    )
