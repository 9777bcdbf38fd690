"""Language: Dutch unless the user chose English (a cookie set by /i18n/setlang/).

Django's LocaleMiddleware would also follow the browser's Accept-Language; the network
works in Dutch, so a browser set to English still gets Dutch until its user chooses."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulBytesMiddleware:
    """A NUL byte has no place in a path, a query or a form field, and PostgreSQL refuses
    it in text; answer 400 before it reaches a view or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._in(request.GET):
            return self._refuse()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The form's fields, once the view is known: a view marked ``bounded_upload``
        (knowledge's uploads) sets its own upload handlers before the body is read, and
        its forms drop control characters themselves (``CleanFormMixin``)."""
        if getattr(view_func, "bounded_upload", False):
            return None
        if request.method == "POST" and self._in(request.POST):
            return self._refuse()
        return None

    @staticmethod
    def _refuse():
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest("Bad request: NUL byte")

    @staticmethod
    def _in(data) -> bool:
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in data.lists()
        )


class PrivateAnswersMiddleware:
    """Every answer to a signed-in user is about the network's people (names, contact
    details, registrations, needs, the security log, a second factor's secret): neither
    the browser nor a proxy may keep it. ``Cache-Control: no-store`` (Django's
    ``never_cache``: "max-age=0, no-cache, no-store, must-revalidate, private") on every
    such answer, unless its view chose its own ``Cache-Control``. One mechanism rather
    than a decorator per view, so a new page cannot forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            from django.utils.cache import add_never_cache_headers

            add_never_cache_headers(response)
        return response


class OwnNotFoundPageMiddleware:
    """With ``DEBUG`` on (the ``make run`` demo) Django answers a 404 with its technical
    page — in English, listing the URL patterns — and never calls ``handler404``. The
    demo is tried by the network's people, so they get the app's own Dutch page: a 404
    that is not that page (an HTML answer not marked by ``infra.views.page_not_found``)
    is replaced by it. Without ``DEBUG`` this does nothing (``handler404`` applies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "g40_own_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from .views import page_not_found

            return page_not_found(request)
        return response
