from tests.matrix import Entry

ENTRIES = [
    # The secretariat only; every other role (and none) is refused.
    Entry("audit:log", default=403, expect={"secretariat": 200}),
]
