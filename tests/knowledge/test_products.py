"""A product with its files and versions; downloads through a view that checks access."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from knowledge import services
from knowledge.constants import SUMMARY_MAX_LENGTH, MakerKind
from knowledge.models import FileVersion, KnowledgeProduct

from ..themegroups.factories import ThemeGroupFactory
from .factories import make_product, pdf_bytes, upload


def test_a_summary_over_the_limit_is_refused_by_the_database(world):
    product = make_product()
    with pytest.raises(IntegrityError):
        KnowledgeProduct.objects.filter(pk=product.pk).update(
            summary="x" * (SUMMARY_MAX_LENGTH + 1)
        )


def test_the_form_says_how_long_a_summary_may_be_and_counts(world):
    page = world.client("secretariat").get(reverse("knowledge:create")).content.decode()
    assert f'maxlength="{SUMMARY_MAX_LENGTH}"' in page
    assert f'data-count-max="{SUMMARY_MAX_LENGTH}"' in page
    assert "knowledge/counter.js" in page
    assert f"Hoogstens {SUMMARY_MAX_LENGTH} tekens" in page  # noqa: RUF027


def test_a_maker_must_fit_its_kind(world):
    with pytest.raises(ValidationError) as excinfo:
        make_product(maker_kind=MakerKind.THEME_GROUP)
    assert "maker_mismatch" in {e.code for es in excinfo.value.error_dict.values() for e in es}
    assert not KnowledgeProduct.objects.exists()


def test_a_corrected_file_replaces_the_old_one_visibly_and_keeps_history(world):
    secretariat = world.person("secretariat").user
    product = make_product(by=secretariat, upload_content=pdf_bytes("eerste versie"))
    file = product.files.get()
    services.version_add(
        by=secretariat, file=file, upload=upload(pdf_bytes("tweede")), note="Tabel 2 hersteld"
    )
    first, second = FileVersion.objects.order_by("number")
    page = world.client("official_a").get(product.get_absolute_url()).content.decode()
    assert reverse("knowledge:download", args=[second.pk]) in page
    assert "Tabel 2 hersteld" in page and "versie 2" in page
    assert "Eerdere versies" in page and reverse("knowledge:download", args=[first.pk]) in page
    assert "vervangen" in page


def test_a_pillar_secretary_adds_only_for_their_own_pillar(world):
    own = ThemeGroupFactory(lead_pillar=world.pillar)
    other = ThemeGroupFactory(lead_pillar=world.other_pillar)
    secretary = world.person("pillar_secretary").user
    make_product(by=secretary, maker_kind=MakerKind.THEME_GROUP, theme_group=own)
    with pytest.raises(ValidationError) as excinfo:
        make_product(by=secretary, maker_kind=MakerKind.THEME_GROUP, theme_group=other)
    assert excinfo.value.code == "forbidden"
    with pytest.raises(ValidationError) as excinfo:
        make_product(by=secretary)  # the knowledge partner's: the secretariat's
    assert excinfo.value.code == "forbidden"


def test_a_download_is_an_attachment_never_sniffed(world):
    product = make_product(upload_content=pdf_bytes())
    version = FileVersion.objects.get(file__product=product)
    response = world.client("official_b").get(reverse("knowledge:download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("persona", ["anonymous", "no_role"])
def test_members_only_files_are_refused_to_outsiders(world, persona):
    product = make_product(upload_content=pdf_bytes(), is_public=False)
    version = FileVersion.objects.get(file__product=product)
    client = world.client(persona)
    assert client.get(reverse("knowledge:download", args=[version.pk])).status_code in (302, 403)
    assert client.get(reverse("kennisproducten:download", args=[version.pk])).status_code == 404
    assert client.get(reverse("kennisproducten:detail", args=[product.pk])).status_code == 404


def test_the_list_filters_and_pages(world, django_assert_max_num_queries):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    make_product(title="Factsheet", kind="factsheet")
    make_product(title="Van de groep", maker_kind=MakerKind.THEME_GROUP, theme_group=group)
    client = world.client("official_a")
    page = client.get(reverse("knowledge:list"), {"group": group.pk}).content.decode()
    assert "Van de groep" in page and ">Factsheet<" not in page
    page = client.get(reverse("knowledge:list"), {"pillar": world.pillar.pk}).content.decode()
    assert "Van de groep" in page
    page = client.get(
        reverse("knowledge:list"), {"kind": "factsheet", "year": 2026}
    ).content.decode()
    assert ">Factsheet<" in page and "Van de groep" not in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_asks_the_same_number_of_queries(world, rows, django_assert_max_num_queries):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    for i in range(rows):
        make_product(title=f"Product {i}", maker_kind=MakerKind.THEME_GROUP, theme_group=group)
    client = world.client("official_a")
    client.get(reverse("knowledge:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("knowledge:list"), {"q": "Product"})
    assert response.status_code == 200


def test_the_edit_form_saves_and_is_audited(world):
    from auditlog.models import LogEntry

    product = make_product()
    client = world.client("secretariat")
    data = {
        "title": "Nieuwe titel",
        "summary": product.summary,
        "kind": product.kind,
        "audience": product.audience,
        "maker_kind": product.maker_kind,
        "maker_name": product.maker_name,
        "published_on": "2026-03-01",
        "is_public": "on",
    }
    assert client.post(reverse("knowledge:edit", args=[product.pk]), data).status_code == 302
    product.refresh_from_db()
    assert product.title == "Nieuwe titel" and product.is_public
    assert LogEntry.objects.get_for_object(product).count() >= 2


def test_upload_view_adds_a_second_file(world):
    product = make_product(upload_content=pdf_bytes())
    response = world.client("secretariat").post(
        reverse("knowledge:file_add", args=[product.pk]),
        {"label": "Bijlage", "upload": SimpleUploadedFile("b.pdf", pdf_bytes("bijlage"))},
    )
    assert response.status_code == 302
    assert product.files.count() == 2
