from django.db import models


class CacheEpoch(models.Model):
    """A write whose generation the cache did not take (it could not be reached) adds a
    row here, in the write's own transaction; the newest value is part of every
    fragment's key (``infra.generations.epoch``), so nothing cached before the write can
    be served after it — not during the outage, and not when the cache comes back with
    its old generations. Rows are only ever added while the cache is failing."""

    # The clock in nanoseconds, not a counter: a restored database cannot bring back a
    # value that keys were made with before.
    value = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cache epoch"

    def __str__(self) -> str:
        return str(self.value)
