"""The membership app's admin, one module per part."""

from . import admin_contributions  # noqa: F401
