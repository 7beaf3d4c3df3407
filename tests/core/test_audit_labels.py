"""The journal in French (issue 11): every action a service records has a French name,
field names and values read as a French reader reads them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from maillage.core import audit
from maillage.core.models import AuditEntry
from maillage.core.queue import _TASKS

ROOT = Path(__file__).resolve().parents[2] / "maillage"
DOTTED = re.compile(r"^[a-z][a-z_]*(\.[a-z_]+)+$")


def _recorded_actions() -> set[str]:
    """The dotted names written in every module that records audit entries, less the
    task names, model labels and module paths that look the same."""
    from django.apps import apps

    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.name == "audit_labels.py":
            continue
        source = path.read_text()
        if "record(" not in source:
            continue
        tree = ast.parse(source)
        # A signing salt ("community.unsubscribe") looks like an action and is none.
        salts = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id.endswith("SALT") for t in node.targets)
        }
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and id(node) not in salts and DOTTED.match(node.value):
                found.add(node.value)
    models = {model._meta.label_lower for model in apps.get_models()}
    return {
        name
        for name in found
        if name not in _TASKS
        and name not in models
        and not name.startswith("maillage.")
        and name.split(".")[-1] not in {"html", "txt", "csv", "pdf", "json", "xlsx", "ics"}
    }


def test_every_recorded_action_has_a_french_name():
    actions = _recorded_actions()
    assert len(actions) > 80, sorted(actions)
    missing = sorted(actions - audit.known_actions())
    assert not missing, missing
    for action in audit.known_actions():
        assert audit.action_label(action) != action


def _entry(object_type: str, action: str, changes: dict) -> AuditEntry:
    return AuditEntry(object_type=object_type, action=action, changes=changes)


@pytest.mark.django_db
def test_values_read_in_french(world):
    entry = _entry(
        "network.networksettings",
        "network.rules.update",
        {"reminders_enabled": [False, True], "update_required_after_months": [None, 12]},
    )
    rows = {label: (old, new) for label, old, new in audit.describe(entry)}
    assert rows["Relancer les organisations"] == ("Non", "Oui")
    assert rows["Mise à jour requise après (mois)"] == ("", "12")

    entry = _entry(
        "territories.membership",
        "membership.create",
        {"role": [None, "partner"], "territory": [None, world.territory.pk]},
    )
    rows = {label: new for label, _old, new in audit.describe(entry)}
    assert rows == {"Rôle": "Partenaire", "Territoire": "Commune d’essai"}


@pytest.mark.django_db
def test_dates_lists_and_data_inclusion_codes_read_in_french():
    entry = _entry(
        "network.service",
        "network.service.update",
        {
            "publics": [["familles"], ["familles", "seniors"]],
            "date_maj": ["2026-01-05", "2026-11-24"],
            "modes_accueil": [None, ["en-presentiel"]],
        },
    )
    rows = {label: (old, new) for label, old, new in audit.describe(entry)}
    assert rows["Publics"] == ("Familles", "Familles, Séniors")
    assert rows["Modes d’accueil"] == ("", "En présentiel")
    assert "05/01/2026" in rows["Dernière mise à jour"][0]


@pytest.mark.django_db
def test_a_related_object_the_reader_may_not_see_is_not_named(world):
    from tests.access.table import build, discover

    hidden = build(world, discover(), "action[restricted]")
    entry = _entry("governance.decision", "decision.update", {"action": [None, hidden.pk]})
    [(label, _old, new)] = audit.describe(entry, world.user("partner"))
    assert label == "Fiche action liée"
    assert hidden.title not in new and new == "une fiche non visible"
    [(_label, _old, new)] = audit.describe(entry, world.user("admin"))
    assert hidden.title in new


def test_attendance_and_minutes_read_as_sentences():
    rows = audit.describe(
        _entry("governance.meeting", "meeting.attendance", {"Jeanne Essai": [None, "excused"]})
    )
    assert rows == [("Présence de Jeanne Essai", "", "Excusé·e")]
    rows = audit.describe(
        _entry("governance.meeting", "meeting.minutes", {"general": [0, 1], "Budget": [3, 120]})
    )
    assert rows == [
        ("Relevé général", "vide", "1 caractère"),
        ("Point « Budget »", "3 caractères", "120 caractères"),
    ]
