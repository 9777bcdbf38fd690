"""Demo content: applications (fictional figures, marked as demo data)."""


def load() -> list[tuple[str, str]]:
    return []
