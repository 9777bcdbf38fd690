"""How long the generated sequences run (the Hypothesis state machines over network days
and theme groups): ``default`` keeps ``make test`` short; ``HYPOTHESIS_PROFILE=long``
runs thousands of examples (see docs/development.md).

The profiles are plain settings objects, not loaded globally, so the other Hypothesis
tests (``tests/test_fuzz.py``) keep their own settings. A machine runs with
``machine_settings()``::

    run_state_machine_as_test(Machine, settings=machine_settings())
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILES = {
    "default": {"max_examples": 15, "stateful_step_count": 20},
    "long": {"max_examples": 2000, "stateful_step_count": 50},
}


def profile_name() -> str:
    name = os.environ.get("HYPOTHESIS_PROFILE", "default")
    if name not in PROFILES:
        raise ValueError(f"HYPOTHESIS_PROFILE must be one of {sorted(PROFILES)}, not {name!r}")
    return name


def machine_settings(**overrides) -> settings:
    """Settings for a state machine under the chosen profile: no deadline (a step runs
    services in a database transaction), no example database in the work tree, and the
    function-scoped fixtures (``world``) shared by all examples on purpose."""
    values = {
        **PROFILES[profile_name()],
        "deadline": None,
        "database": None,
        "suppress_health_check": [
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
        ],
    }
    values.update(overrides)
    return settings(**values)
