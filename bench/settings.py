"""Settings of the benchmark server: production settings plus the reference page.

Only the URL configuration differs (``bench.urls`` = the app's URLs and
``/bench/reference/``), so that the app's own URLs, middleware and templates are
measured exactly as they run in production, and the reference page never exists there —
and one counting middleware, outermost, that tells per response how many of its cached
parts the cache answered (``bench.middleware``: a header, a few microseconds, on every
page and the reference alike).
"""

from g40.settings import *  # noqa: F403
from g40.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.CacheCountMiddleware", *MIDDLEWARE]

# The API's rate limit counts every request (in Redis, as in production) but never
# stops the load's clients, who all come from 127.0.0.1.
API_RATE_PER_ADDRESS = "1000000/s"
API_RATE_PER_TOKEN = "1000000/s"
