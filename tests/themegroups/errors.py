"""What a refusal says, by code: the tests assert codes, never the Dutch text."""

from django.core.exceptions import ValidationError


def codes(error: ValidationError) -> set[str | None]:
    """Every code in a ValidationError, whether it is a list or a dict of fields."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def field_codes(error: ValidationError) -> dict[str, set[str | None]]:
    """The codes per field of a dict-shaped ValidationError."""
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}
