"""The app's URLs plus the reference page; used only by ``bench.settings``."""

from django.urls import path

from g40.urls import handler404, handler500  # noqa: F401
from g40.urls import urlpatterns as app_urlpatterns

from .views import reference

urlpatterns = [
    path("bench/reference/", reference, name="bench_reference"),
    *app_urlpatterns,
]
