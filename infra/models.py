"""infra has no models of its own (its first migration made the page cache's epoch,
removed with the page cache in issue 24)."""
