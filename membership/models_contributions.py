"""Membership models: contributions."""

AUDITED: list = []
