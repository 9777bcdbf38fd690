"""What waits for the DB (issue 23, item 2): a typed registry that the feature apps fill
in their ``AppConfig.ready()`` — the core never imports them. Each provider answers for
one kind of item in one query, so the DB's dashboard and the daily digest run a fixed
number of queries, whatever the number of items."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class WaitingItem:
    """One thing the DB has to act on."""

    kind: str  # what is asked of the DB ("advice on an application"), translated
    title: str  # what it is about ("Purmerend")
    url: str  # where the DB acts
    since: datetime.datetime  # when it was put before the DB
    due: datetime.date | None = None  # by when, where there is a date


Provider = Callable[[object], Iterable[WaitingItem]]  # permissions → items

_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register (or replace) the provider ``name``; called from an app's ``ready()``."""
    _providers[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def waiting_for_db(permissions) -> list[WaitingItem]:
    """Everything that waits for the DB that ``permissions`` may see, oldest first."""
    if not permissions.may_see_waiting_for_db:
        return []
    items = [item for provider in _providers.values() for item in provider(permissions)]
    return sorted(items, key=lambda item: (item.since, item.title))


def day_start(day: datetime.date) -> datetime.datetime:
    """A date as the moment its day begins (local time), for ``since``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
