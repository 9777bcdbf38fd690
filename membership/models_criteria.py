"""Membership models: criteria."""

AUDITED: list = []
