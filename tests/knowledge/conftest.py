import pytest


@pytest.fixture(autouse=True)
def knowledge_storage(settings, tmp_path):
    """Every test's files in its own directory (the local-disk storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "knowledge": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "knowledge")},
        },
    }
    return tmp_path / "knowledge"


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
