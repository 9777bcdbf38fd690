"""The settings' data: Django REST framework and drf-spectacular for /api/v1 (issue 27;
docs/api.md).

Plain values, imported by name by ``g40/settings.py`` (the one settings module); nothing
here reads the environment."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.RateLimit"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    # No ?format=: JSON is the one format (406 for anything else).
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_METADATA_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "G40 Netwerk API",
    # The document describes /api/v1 relative to its server, /api/v1 (api.schema).
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": "/api/v1"}],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # Descriptions come from the operations (translated), never from the code's docstrings.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    # Ids in paths (infra.converters.IdConverter): 1 to 18 digits.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 999999999999999999}
    },
    # One name per set of values in the document.
    "ENUM_NAME_OVERRIDES": {
        "NetworkDayKindEnum": "api.enums.NETWORK_DAY_KINDS",
        "OpenNetworkDayStatusEnum": "api.enums.OPEN_NETWORK_DAY_STATUSES",
        "OpenThemeGroupStatusEnum": "api.enums.OPEN_THEME_GROUP_STATUSES",
        "ThemeGroupStatusEnum": "api.enums.THEME_GROUP_STATUSES",
        "ReviewStateEnum": "api.enums.REVIEW_STATES",
        "LetterKindEnum": "api.enums.LETTER_KINDS",
        "RegistrationStatusEnum": "api.enums.REGISTRATION_STATUSES",
        "StatementKindEnum": "api.enums.STATEMENT_KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.postprocess",
    ],
}
