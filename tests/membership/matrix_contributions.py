"""The permission matrix of the contributions part (m2 fills this in)."""

ENTRIES: list = []
