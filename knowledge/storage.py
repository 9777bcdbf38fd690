"""Where the files live: ``STORAGES["knowledge"]`` (g40/settings.py): the local disk by
default, an S3-compatible bucket (MinIO, AWS, …) when ``KNOWLEDGE_S3_BUCKET`` is set.

The field's storage is a proxy that asks ``storages["knowledge"]`` at every use, so that
a changed setting (a test's own directory or bucket) takes effect without a restart,
and the migration holds no choice."""

from django.core.files.storage import Storage, storages

_OWN = {"__class__", "__dict__", "__reduce__", "__reduce_ex__", "__repr__", "deconstruct"}


class KnowledgeStorage(Storage):
    def __getattribute__(self, name):
        if name in _OWN:
            return object.__getattribute__(self, name)
        return getattr(storages["knowledge"], name)


_STORAGE = KnowledgeStorage()


def knowledge_storage():
    return _STORAGE
