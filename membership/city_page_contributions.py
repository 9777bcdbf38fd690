"""A city's page: the membership app's contributions section."""


def sections(request, city) -> list[dict]:
    return []
