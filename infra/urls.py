"""A URL with one varying argument, reversed once for a whole list (issue 24: a
``{% url %}`` or ``reverse()`` per row was much of a long list's cost)."""

from django.urls import reverse


class UrlFor:
    """``reverse(name, kwargs={argument: value, **fixed})`` for many values: reversed
    once with ``sample`` (a value the argument's converter accepts and that occurs once
    in the URL), then each value put in its place. ``UrlFor(...)(value)`` is the URL."""

    def __init__(self, name: str, argument: str, sample, **fixed) -> None:
        url = reverse(name, kwargs={argument: sample, **fixed})
        if url.count(str(sample)) != 1:
            raise ValueError(f"{sample!r} does not occur once in {url!r}")
        self.head, _sample, self.tail = url.partition(str(sample))

    def __call__(self, value) -> str:
        return f"{self.head}{value}{self.tail}"
