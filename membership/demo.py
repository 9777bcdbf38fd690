"""Demo content of the membership app: applications first (an admission makes a
member city), then rates, statements and the budget."""

from . import demo_applications, demo_contributions


def load() -> list[tuple[str, str]]:
    return [*demo_applications.load(), *demo_contributions.load()]
