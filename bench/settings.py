"""Settings of the benchmark server: production settings plus the reference page.

Only the URL configuration differs (``bench.urls`` = the app's URLs and
``/bench/reference/``), so that the app's own URLs, middleware and templates are
measured exactly as they run in production, and the reference page and the bare write
never exist there.
"""

from g40.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The API's rate limit counts every request (in Redis, as in production) but never
# stops the load's clients, who all come from 127.0.0.1.
API_RATE_PER_ADDRESS = "1000000/s"
API_RATE_PER_TOKEN = "1000000/s"
