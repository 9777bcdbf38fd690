"""A city's page: the membership app's applications section."""


def sections(request, city) -> list[dict]:
    return []
