"""Mails the worker renders: a *builder*, registered under a name, rebuilds a mail's
template, context and attachments from a few primary keys.

A feature records such a mail with ``mail_queue(key=…, to=…, builder=name, args={…})``:
the row holds the builder's name and its arguments (JSON: names and numbers), and the
worker that sends the mail calls the builder, renders and sends. Nothing but the name
and the numbers passes through the database and the broker — never a pickled object
(a pickle is code execution for whoever can write to the broker) — and the request that
recorded the mail renders nothing (docs/benchmarks.md, issue 16: a registration's mail
and calendar were a fifth of its time).

A builder reads the database as it is when the mail is rendered, a few seconds after
the commit: what it must keep from the moment of recording (whom the mail addresses,
whom it names) is an argument. Only registered names can be called: the name in a row
selects among them, it does not import anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MailContent:
    """What a builder returns: the template pair ``<template>_subject.txt`` and
    ``<template>_body.txt``, its context, and the attachments (``Attachment``s)."""

    template: str
    context: dict
    attachments: list = field(default_factory=list)


Builder = Callable[..., MailContent]

_BUILDERS: dict[str, Builder] = {}


def register(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under ``name`` (``"<app>.<what>"``). The app imports the
    module that registers it in its ``AppConfig.ready()``, so that the worker has it."""

    def decorator(function: Builder) -> Builder:
        if _BUILDERS.get(name, function) is not function:
            raise ValueError(f"Two mail builders are named {name!r}")
        _BUILDERS[name] = function
        return function

    return decorator


def is_registered(name: str) -> bool:
    return name in _BUILDERS


def build(name: str, args: dict) -> MailContent:
    """The content of a mail recorded with builder ``name`` and ``args``."""
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise LookupError(f"No mail builder is registered as {name!r}") from None
    return builder(**args)
