"""Writes for applications and their steps, which cannot be skipped:

    received → DB advice (with reasons) → AB decision (admit from a date / decline /
    defer, with reasons) → on admission the municipality is a member from that date.

Each step runs in ``locked_transaction()`` and locks the application's row first, so two
people acting at once are served one after the other: the second finds the step taken
and is refused (``already_advised`` / ``already_decided``). The one-to-one relations
(one advice, one decision per application) hold the same in the database. A step out of
order is ``step_out_of_order``; missing reasons ``reasons_required``. Nothing is written
when a step is refused. ``by`` is the acting user or
``members.actors.SYSTEM`` (the demo loader, a command). A service takes the application
itself and locks its row again (``select_for_update``) before it reads or writes.

Membership is a dated fact (``members.models.MembershipPeriod``): an application never
changes it; an admission adds a period from ``admitted_from``, beside the periods a
former member already has. A mistaken step is corrected by the secretariat with a
recorded reason (``application_step_correct``) before anything depends on it.
"""

from .applications import (
    PURGED,
    application_contacts_purge,
    application_notes_save,
    application_problems,
    application_record,
    criteria_set_in_force,
    pending_letter_keep,
    pending_letters_purge,
)
from .steps import (
    advice_record,
    application_step_correct,
    decision_record,
)
from .values import (
    IMPORT_COLUMNS,
    city_figures_copy,
    criteria_2018_ensure,
    indicator_value_record,
    indicator_values_import,
)

__all__ = [
    "IMPORT_COLUMNS",
    "PURGED",
    "advice_record",
    "application_contacts_purge",
    "application_notes_save",
    "application_problems",
    "application_record",
    "application_step_correct",
    "city_figures_copy",
    "criteria_2018_ensure",
    "criteria_set_in_force",
    "decision_record",
    "indicator_value_record",
    "indicator_values_import",
    "pending_letter_keep",
    "pending_letters_purge",
]
