"""The values of the API's choice fields, named once (drf-spectacular's
``ENUM_NAME_OVERRIDES`` refers to these, so each enum has one name in the document)."""

from contributions.models import StatementKind
from letters.constants import LetterKind
from networkdays.constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus
from themegroups.constants import ReviewState, ThemeGroupStatus

NETWORK_DAY_KINDS = NetworkDayKind.values
OPEN_NETWORK_DAY_STATUSES = [NetworkDayStatus.PUBLISHED.value, NetworkDayStatus.CANCELLED.value]
OPEN_THEME_GROUP_STATUSES = [ThemeGroupStatus.ACTIVE.value, ThemeGroupStatus.ENDED.value]
THEME_GROUP_STATUSES = ThemeGroupStatus.values
REVIEW_STATES = [state for state in ReviewState.values if state]
LETTER_KINDS = LetterKind.values
REGISTRATION_STATUSES = RegistrationStatus.values
STATEMENT_KINDS = StatementKind.values
