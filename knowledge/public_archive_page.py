"""A section on the letters' public archive (letters asks through infra.registry): the
way to the network's public knowledge products, beside its member letters. Links only,
no query: the archive's validators (ETag) stay those of the letters."""

from __future__ import annotations

from infra.registry import PageSection


def sections() -> list[PageSection]:
    return [PageSection("knowledge/_public_archive_section.html")]
