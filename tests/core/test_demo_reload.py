"""Loading the demo a second time changes nothing, in any table of the project.

One reload for the whole demo, counting the rows of every model of every capability (and
the accounts): each app's demo test checks what its part of the demo shows, this one that
``make demo`` run again on a loaded database (as ``make demo`` does on every start) adds,
duplicates or loses nothing — audit entries and on-commit work (the ABS edition) included."""

from __future__ import annotations

import pytest
from django.apps import apps

from maillage.core.demo import load_all

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for config in apps.get_app_configs()
        if config.name.startswith("maillage.")
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_loading_the_demo_twice_changes_nothing(demo, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    first = _counts()
    assert first["programme.Action"] and first["community.Post"] and first["accounts.User"]
    with django_capture_on_commit_callbacks(execute=True):
        load_all(log=lambda _line: None)
    second = _counts()
    assert {label: (n, second[label]) for label, n in first.items() if second[label] != n} == {}
