"""The app's URLs plus the reference page and the bare write; used only by
``bench.settings``."""

from django.urls import path

from g40.urls import handler404, handler500  # noqa: F401
from g40.urls import urlpatterns as app_urlpatterns

from .views import bare_write, reference

urlpatterns = [
    path("bench/reference/", reference, name="bench_reference"),
    path("bench/bare-write/<int:pk>/", bare_write, name="bench_bare_write"),
    *app_urlpatterns,
]
