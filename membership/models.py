"""The membership app's models, in two modules: who may join (criteria, indicator
values, applications) and what members pay (rates, statements, the budget)."""

from .models_contributions import *  # noqa: F403
from .models_contributions import AUDITED as _AUDITED_CONTRIBUTIONS
from .models_corrections import *  # noqa: F403
from .models_corrections import AUDITED as _AUDITED_CORRECTIONS
from .models_criteria import *  # noqa: F403  # noqa: F403
from .models_criteria import AUDITED as _AUDITED_CRITERIA

AUDITED = [*_AUDITED_CRITERIA, *_AUDITED_CONTRIBUTIONS, *_AUDITED_CORRECTIONS]
