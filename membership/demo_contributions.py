"""Demo content: contributions (fictional figures, marked as demo data)."""


def load() -> list[tuple[str, str]]:
    return []
