"""The applications part of the membership matrix (m1 fills it)."""

ENTRIES: list = []
