"""Every membership URL, every persona: the applications' and the contributions' rows."""

from .matrix_applications import ENTRIES as APPLICATIONS
from .matrix_contributions import ENTRIES as CONTRIBUTIONS

ENTRIES = [*APPLICATIONS, *CONTRIBUTIONS]
