from tests.matrix import Entry

ENTRIES = [
    Entry("pillars:list"),
    Entry("pillars:detail", kwargs=lambda w: {"slug": w.pillar.slug}),
    Entry("pillars:detail", kwargs=lambda w: {"slug": "nope"}, default=404, label="unknown"),
]
