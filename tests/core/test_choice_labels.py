"""``core.models.ChoiceLabels``: ``get_FOO_display()`` from labels translated once per
field and language must answer exactly what Django's own does, for every field with
choices of every model that uses it, every value, an unknown value and every language
the platform offers."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from maillage.core.i18n import available_languages
from maillage.core.models import ChoiceLabels


def _fields_with_choices() -> list[tuple[type[models.Model], models.Field]]:
    return [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, ChoiceLabels)
        for field in model._meta.concrete_fields
        if field.choices
    ]


def test_the_models_with_status_labels_use_it() -> None:
    names = {model.__name__ for model, _field in _fields_with_choices()}
    assert {"Action", "Decision", "FollowUpTask", "Meeting", "Signal"} <= names


@pytest.mark.parametrize("language", ["fr", *[code for code, _name in available_languages()]])
def test_labels_are_those_django_gives(language: str) -> None:
    checked = 0
    with translation.override(language):
        for model, field in _fields_with_choices():
            values = [value for value, _label in field.flatchoices] + ["valeur-inconnue", None]
            for value in values:
                instance = model(**{field.attname: value})
                ours = getattr(instance, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(instance, field)
                assert ours == django, (model.__name__, field.name, value)
                assert type(ours) is type(django), (model.__name__, field.name, value)
                checked += 1
    assert checked > 100


def test_a_language_switch_changes_the_labels() -> None:
    from maillage.territories.models import GeoUnit

    place = GeoUnit(kind="quartier")
    with translation.override("fr"):
        assert place.get_kind_display() == "Quartier"
    with translation.override("en"):
        assert place.get_kind_display() == "Neighbourhood"
    with translation.override("fr"):
        assert place.get_kind_display() == "Quartier"
