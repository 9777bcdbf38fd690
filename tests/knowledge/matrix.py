"""Every knowledge URL, every persona. Products and their files are for those who read
the network (members-only files of every kind refused to anonymous visitors and to
accounts without a role); adding and changing are for the secretariat and the product's
pillar secretary (the product here is a theme group's of the persona
``pillar_secretary``'s pillar). The public products, their files and feed are open to
everyone (tests/matrix.py PUBLIC_URL_NAMES); a members-only product is not there (404)."""

from knowledge.constants import MakerKind
from knowledge.models import FileVersion
from members.actors import SYSTEM
from tests.matrix import Entry

from ..themegroups.factories import ThemeGroupFactory
from .factories import docx_bytes, make_product, pdf_bytes, pptx_bytes

READERS = {"no_role": 403}
ADDERS = {
    persona: 403
    for persona in (
        "no_role",
        "db_member",
        "contact_a",
        "official_a",
        "official_b",
        "event_bureau",
        "lobby_coordinator",
    )
}
EDITORS = {**ADDERS, "other_pillar_secretary": 403}


def _setup(world):
    if "product" in world.extra:
        return
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    product = make_product(
        maker_kind=MakerKind.THEME_GROUP, theme_group=group, upload_content=pdf_bytes()
    )
    from knowledge import services

    from .factories import upload

    services.file_add(by=SYSTEM, product=product, upload=upload(docx_bytes(), "a.docx"), label="W")
    services.file_add(by=SYSTEM, product=product, upload=upload(pptx_bytes(), "a.pptx"), label="P")
    world.extra["product"] = product
    world.extra["public"] = make_product(
        title="Openbaar", is_public=True, upload_content=pdf_bytes()
    )


def _product(world):
    return {"pk": world.extra["product"].pk}


def _public(world):
    return {"pk": world.extra["public"].pk}


def _version_of(kind):
    def kwargs(world):
        return {
            "pk": FileVersion.objects.get(file__product=world.extra["product"], file_kind=kind).pk
        }

    return kwargs


def _public_version(world):
    return {"pk": FileVersion.objects.get(file__product=world.extra["public"]).pk}


def _follow(world):
    from knowledge.models import Follow

    follow, _created = Follow.objects.get_or_create(
        person=world.person("official_a"), pillar=world.pillar
    )
    return {"pk": follow.pk}


def _file(world):
    product = world.extra["product"]
    return {"pk": product.pk, "file_pk": product.files.first().pk}


ENTRIES = [
    Entry("knowledge:list", expect=READERS, setup=_setup),
    Entry("knowledge:create", expect=ADDERS, setup=_setup),
    Entry("knowledge:detail", expect=READERS, kwargs=_product, setup=_setup),
    Entry("knowledge:edit", expect=EDITORS, kwargs=_product, setup=_setup),
    Entry("knowledge:file_add", expect=EDITORS, kwargs=_product, setup=_setup),
    Entry("knowledge:version_add", expect=EDITORS, kwargs=_file, setup=_setup),
    *[
        Entry(
            "knowledge:download", expect=READERS, kwargs=_version_of(kind), setup=_setup, label=kind
        )
        for kind in ("pdf", "docx", "pptx")
    ],
    # A members-only product is not in the public archive, for anyone.
    Entry(
        "kennisproducten:detail",
        default=404,
        kwargs=_product,
        setup=_setup,
        label="members-only",
        expect={"anonymous": 404},
    ),
    *[
        Entry(
            "kennisproducten:download",
            default=404,
            kwargs=_version_of(kind),
            setup=_setup,
            label=f"members-only-{kind}",
            expect={"anonymous": 404},
        )
        for kind in ("pdf", "docx", "pptx")
    ],
    Entry("knowledge:follows", expect=READERS, setup=_setup),
    Entry(
        "knowledge:unfollow",
        method="post",
        kwargs=_follow,
        setup=_setup,
        default=404,
        expect={"no_role": 403, "official_a": 302},
        owners=("official_a",),
    ),
    Entry("kennisproducten:list", setup=_setup),
    Entry("kennisproducten:detail", kwargs=_public, setup=_setup),
    Entry("kennisproducten:download", kwargs=_public_version, setup=_setup),
    Entry("kennisproducten:feed", setup=_setup),
]
