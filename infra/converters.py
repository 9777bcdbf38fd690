class IdConverter:
    """A database id in a URL: at most 18 digits, so that a typed-in huge number is a
    404 instead of an overflow in the database (a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
