"""The admissions app's models: who may join.

- ``CriteriaSet``: a version of the admission criteria (2018 = version 1), in force
  from a date, with its text and a note per criterion (``CriterionNote``), one of which
  is the defining criterion (urbanisation).
- ``Indicator``: a named measure with unit, source, direction and the criterion it
  evidences; a set lists its indicators.
- ``IndicatorValue``: an indicator's value for a municipality (members.City) in a year,
  with its source and reference date.
- ``Application`` with its two steps, ``Advice`` (the DB) and ``Decision`` (the AB),
  each at most once per application (one-to-one), and ``ApplicationNote`` (the
  interpretation per criterion).
- ``StepCorrection``: a step taken back by the secretariat, as it was.
"""

from .applications import (
    Advice,
    Application,
    ApplicationLetter,
    ApplicationNote,
    Decision,
    PendingLetter,
)
from .corrections import CorrectedStep, StepCorrection
from .criteria import CriteriaSet, CriterionNote, Indicator, IndicatorValue

__all__ = [
    "Advice",
    "Application",
    "ApplicationLetter",
    "ApplicationNote",
    "CorrectedStep",
    "CriteriaSet",
    "CriterionNote",
    "Decision",
    "Indicator",
    "IndicatorValue",
    "PendingLetter",
    "StepCorrection",
]

# The audit trail (audit app): every model a user changes.
AUDITED: list = [
    CriteriaSet,
    CriterionNote,
    Indicator,
    IndicatorValue,
    Application,
    ApplicationNote,
    Advice,
    Decision,
    StepCorrection,
]
