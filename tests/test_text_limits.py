"""Free text has a length limit (issue 22, item 3): a 112,000-character DB advice, a
93,000-character note and a 580,000-character letter were all accepted. Every text
field of the project's models says its ``max_length`` (a TextField too), and it holds
for every writer: ``full_clean()`` and each save (``infra.text.clean_text_fields``)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from infra.text import UNBOUNDED_TEXT_APPS, MaxLinesValidator, max_lines
from letters import services as letter_services
from participation import services as participation_services
from participation.models import CityNote
from pillars.models import Pillar
from tests.helpers import codes
from tests.letters.factories import make_letter


def _text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in settings.G40_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                yield f"{model._meta.label_lower}.{field.name}", model, field


@pytest.mark.parametrize(
    ("label", "model", "field"), list(_text_fields()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_text_field_has_a_limit(label, model, field):
    if model._meta.app_label in UNBOUNDED_TEXT_APPS:
        return
    if not field.editable:
        # What the system writes (extracted text), bounded where it is written.
        return
    assert field.max_length is not None, f"{label}: give it a max_length"
    assert any(getattr(v, "limit_value", None) == field.max_length for v in field.validators)
    assert any(isinstance(v, MaxLinesValidator) for v in field.validators)


@pytest.mark.django_db
def test_full_clean_and_save_refuse_more(world):
    pillar = Pillar.objects.first()
    pillar.description = "a" * 10_001
    with pytest.raises(ValidationError) as excinfo:
        pillar.full_clean()
    assert codes(excinfo.value) == {"max_length"}
    with pytest.raises(ValidationError) as excinfo:
        pillar.save()  # without full_clean: refused all the same
    assert codes(excinfo.value) == {"max_length"}
    pillar.refresh_from_db()
    assert len(pillar.description) < 10_001


@pytest.mark.django_db
def test_the_issues_texts_are_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        letter_services.letter_update(
            by=world.person("secretariat").user,
            letter=make_letter(),
            subject="Ledenbrief",
            body_html="<p>" + "a" * 580_000 + "</p>",
        )
    assert codes(excinfo.value) == {"max_length"}
    with pytest.raises(ValidationError) as excinfo:
        participation_services.city_note_save(
            city=world.city_a, text="a" * 93_000, by=world.person("secretariat").user
        )
    assert codes(excinfo.value) == {"max_length"}
    assert not CityNote.objects.exists()


@pytest.mark.django_db
def test_lines_count_too(world):
    """The issue's motivation of "a\\n" * 20000 made a 200-page PDF; a field holds at
    most ``max_lines`` lines (its max_length / 100), on full_clean and on save."""
    pillar = Pillar.objects.first()
    limit = max_lines(Pillar._meta.get_field("description").max_length)
    pillar.description = "a\n" * limit
    with pytest.raises(ValidationError) as excinfo:
        pillar.full_clean()
    assert codes(excinfo.value) == {"max_lines"}
    with pytest.raises(ValidationError) as excinfo:
        pillar.save()
    assert codes(excinfo.value) == {"max_lines"}
    pillar.description = "a\n" * (limit - 1) + "a"
    pillar.full_clean()
    pillar.save()
