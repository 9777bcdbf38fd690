"""Settings of the benchmark server: production settings plus the reference page.

Only the URL configuration differs (``bench.urls`` = the app's URLs and
``/bench/reference/``), so that the app's own URLs, middleware and templates are
measured exactly as they run in production, and the reference page never exists there.
"""

from g40.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
