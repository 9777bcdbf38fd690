"""The API's fixed facts: its version, the shape of a personal token, the limits that
are policy rather than configuration."""

# The version of /api/v1 (semantic versioning, ADR /core/semver): the major number is in
# the URI, the full number in the document (info.version) and in the API-Version header
# of every answer. A compatible addition raises the minor number, a fix the patch;
# anything incompatible is /api/v2 (docs/api.md: versions and deprecation).
API_VERSION = "1.0.0"
API_MAJOR = "v1"

# A personal token: "g40_" + 43 characters (32 random bytes, URL-safe base64). Only its
# SHA-256 is stored; the first characters are kept to tell one's tokens apart.
TOKEN_PREFIX = "g40_"
TOKEN_BYTES = 32
TOKEN_SHOWN_CHARS = 8  # after the prefix: "g40_AbCdEfGh…"
# A token lives at most a year; one person holds at most this many usable tokens.
TOKEN_MAX_DAYS = 365
TOKEN_MAX_ACTIVE = 10
# The last use is written at most this often per token (seconds): a busy token costs
# no write per request.
TOKEN_LAST_USED_GRANULARITY = 5 * 60

# Pagination of the lists: ?page=2&pageSize=50.
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# An id in a path or a body: at most 18 digits, as infra.converters.IdConverter (a larger
# number is a 400, never an overflow in the database).
MAX_ID = 999_999_999_999_999_999
