"""What the governance forms share: widgets, choice fields, service errors."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from dsfr.utils import dsfr_input_class_attr

from maillage.core.forms import QuickSelect
from maillage.core.forms_errors import apply_validation_error
from maillage.core.search_select import SearchSelect
from maillage.governance import selectors
from maillage.territories.models import Territory


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def person_label(user: Any) -> str:
    return user.full_name or user.email


def action_label(action: Any) -> str:
    return f"{action.code} — {action.title}"


class ModelChoice(forms.ModelChoiceField):
    """A choice of rows, its queryset set by the form for the territory at hand.

    Rendered by ``QuickSelect`` (the same HTML, built in Python): the people of a
    territory run into thousands, and Django's two templates per option made the
    « présenté par » choice of a body's page 80 % of its time (bench/README.md)."""

    widget = QuickSelect


class ModelMultipleChoice(forms.ModelMultipleChoiceField):
    """Several rows, their queryset set by the form."""


class OrganisationChoiceField(ModelChoice):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class PersonChoiceField(ModelChoice):
    """One of the territory's people (thousands): the first ones, and a search."""

    widget = SearchSelect

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class ActionChoiceField(ModelChoice):
    """One of the fiches the reader sees (thousands in a long programme)."""

    widget = SearchSelect

    def label_from_instance(self, obj: Any) -> str:
        return action_label(obj)


def offer_people(field: forms.Field, territory: Territory) -> None:
    """``field`` chooses among the people who may chair, present or be given a task."""
    field.queryset = selectors.people(territory)  # type: ignore[attr-defined]
    field.widget.search_url = reverse("governance:choose_person", args=[territory.slug])


def offer_actions(field: forms.Field, user: Any, territory: Territory) -> None:
    """``field`` chooses among the fiches ``user`` sees."""
    field.queryset = selectors.visible_actions(user, territory)  # type: ignore[attr-defined]
    field.widget.search_url = reverse("governance:choose_action", args=[territory.slug])


def _style(form: forms.BaseForm) -> None:
    """Design-system classes for fields added after the form was built."""
    for bound in form.visible_fields():
        dsfr_input_class_attr(bound)


class ServiceErrorsMixin:
    """Show a service's ValidationError on this form, renaming model fields to the form's
    own (a meeting's ``ends_at`` is the form's end time)."""

    field_map: dict[str, str] = {}

    def add_service_error(self, error: ValidationError) -> None:
        # core's mapping reads ``field_map``; kept for the few views outside the form loop.
        form: forms.BaseForm = self  # type: ignore[assignment]
        apply_validation_error(form, error)


def month_from(value: str | None) -> datetime.date:
    """``2026-03`` → 1 March 2026; anything else → the current month."""
    today = timezone.localdate()
    # Anything that is not "YYYY-MM" in range falls back to the current month.
    with contextlib.suppress(ValueError):
        year, month = (int(part) for part in (value or "").split("-", 1))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return today.replace(day=1)
