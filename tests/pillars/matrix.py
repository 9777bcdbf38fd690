from tests.matrix import Entry

ENTRIES = [
    # The read policy: a signed-in account without a current role reads no network page.
    Entry("pillars:list", expect={"no_role": 403}),
    Entry("pillars:detail", kwargs=lambda w: {"slug": w.pillar.slug}, expect={"no_role": 403}),
    Entry(
        "pillars:detail",
        kwargs=lambda w: {"slug": "nope"},
        default=404,
        expect={"no_role": 403},
        label="unknown",
    ),
]
