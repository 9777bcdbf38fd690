"""The membership app in the permission matrix: both parts of the app."""

from .matrix_applications import ENTRIES as _APPLICATIONS
from .matrix_contributions import ENTRIES as _CONTRIBUTIONS

ENTRIES = [*_APPLICATIONS, *_CONTRIBUTIONS]
