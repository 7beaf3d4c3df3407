"""Access rows for the programme: who sees, edits and follows fiches actions, and every
page and API endpoint of the programme."""

from django.core.files.base import ContentFile
from django.utils import timezone

from maillage.core.roles import Visibility
from maillage.programme.models import Axis, ImportBatch, Objective
from maillage.programme.services import add_partner, create_action
from tests.access.table import Url
from tests.programme import factories


def _axis(world):  # type: ignore[no-untyped-def]
    return Axis.objects.get_or_create(
        territory=world.territory,
        number=1,
        defaults={"short_name": "Logement", "title": "Logement"},
    )[0]


def _objective(world):  # type: ignore[no-untyped-def]
    return Objective.objects.get_or_create(
        axis=_axis(world), code="1.1", defaults={"title": "Objectif"}
    )[0]


def _action(visibility, restricted=False):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return create_action(
            actor=None,
            territory=world.territory,
            title=f"Action {visibility}",
            code=f"A-{visibility}",
            objective=_objective(world),
            visibility=visibility,
            pilots=[world.org_member],
            restricted_to=[world.org_member] if restricted else None,
        )

    return build


def _members_with_partner(world):  # type: ignore[no-untyped-def]
    """A members-only fiche on which the partner's organisation is a partner (not pilot)."""
    action = create_action(
        actor=None,
        territory=world.territory,
        title="Action des membres, avec un partenaire",
        code="A-members-partner",
        objective=_objective(world),
        visibility=Visibility.MEMBERS,
        pilots=[world.org_member],
    )
    add_partner(actor=None, action=action, organisation=world.org_other, role="Orientation")
    return action


def _full(world):  # type: ignore[no-untyped-def]
    _objective(world)
    return factories.full_action(
        world.territory,
        world.org_other,
        code="A-full",
        objective=_objective(world),
        visibility=Visibility.PARTNERS,
        pilots=[world.org_member],
    )


def _import_batch(world):  # type: ignore[no-untyped-def]
    batch = ImportBatch(
        territory=world.territory,
        kind=ImportBatch.Kind.ACTIONS,
        filename="actions.csv",
        created_by=world.users["coordinator"],
    )
    batch.file.save("actions.csv", ContentFile("\ufeffCode;Intitulé\r\n".encode()), save=False)
    batch.save()
    return batch


SUBJECTS = {
    "axis": _axis,
    "objective": _objective,
    "action[public]": _action(Visibility.PUBLIC),
    "action[partners]": _action(Visibility.PARTNERS),
    "action[members]": _action(Visibility.MEMBERS),
    "action[members,partner]": _members_with_partner,
    "action[restricted]": _action(Visibility.RESTRICTED, restricted=True),
    "action[full]": _full,
    "programme_import": _import_batch,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "create_action"):             "N N N N N Y N N Y",
    ("territory", "manage_programme"):          "N N N N N Y N N Y",
    ("territory", "import_actions"):            "N N N N N Y N N Y",
    ("territory", "import_measurements"):       "N N Y Y N Y Y N Y",
    ("territory", "follow_actions"):            "N N Y Y Y Y Y N Y",
    ("territory", "view_programme_history"):    "N N Y Y Y Y Y N Y",
    ("axis", "view"):                           "Y Y Y Y Y Y Y Y Y",
    ("axis", "change"):                         "N N N N N Y N N Y",
    ("objective", "view"):                      "Y Y Y Y Y Y Y Y Y",
    ("objective", "change"):                    "N N N N N Y N N Y",
    ("action[public]", "view"):                 "Y Y Y Y Y Y Y Y Y",
    ("action[public]", "change"):               "N N N Y N Y N N Y",
    ("action[public]", "view_history"):         "N N Y Y Y Y Y N Y",
    ("action[partners]", "view"):               "N N Y Y Y Y Y N Y",
    ("action[partners]", "change"):             "N N N Y N Y N N Y",
    ("action[partners]", "view_history"):       "N N Y Y Y Y Y N Y",
    ("action[members]", "view"):                "N N N Y N Y N N Y",
    ("action[members]", "change"):              "N N N Y N Y N N Y",
    ("action[members]", "view_history"):        "N N N Y N Y N N Y",
    ("action[members,partner]", "view"):        "N N Y Y Y Y N N Y",
    ("action[members,partner]", "change"):      "N N N Y N Y N N Y",
    ("action[members,partner]", "view_history"): "N N Y Y Y Y N N Y",
    ("action[restricted]", "view"):             "N N N Y N N N N Y",
    ("action[restricted]", "change"):           "N N N Y N N N N Y",
    ("action[restricted]", "view_history"):     "N N N Y N N N N Y",
    ("action[full]", "view"):                   "N N Y Y Y Y Y N Y",
    ("action[full]", "change"):                 "N N N Y N Y N N Y",
    ("action[full]", "view_history"):           "N N Y Y Y Y Y N Y",
    ("programme_import", "view"):               "N N N N N Y N N Y",
    ("programme_import", "apply"):              "N N N N N Y N N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _axis_pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _full_kwargs(**parts):  # type: ignore[no-untyped-def]
    """kwargs of a URL on one part of the full action (its first partner, milestone…)."""

    def kwargs(world, obj):  # type: ignore[no-untyped-def]
        values = {"territory_slug": world.territory.slug, "pk": obj.pk}
        for name, getter in parts.items():
            values[name] = getter(obj)
        return values

    return kwargs


def _indicator(obj):  # type: ignore[no-untyped-def]
    return obj.indicators.first().pk


def _today(world, obj):  # type: ignore[no-untyped-def]
    return timezone.localdate().isoformat()


REDIRECT = frozenset({302})

URLS: dict = {
    "programme:overview": Url("territory", "view", kwargs=_t),
    "programme:as_of": Url("territory", "view_programme_history", kwargs=_t),
    "programme:late": Url("territory", "view", kwargs=_t),
    "programme:programme_pdf": Url("territory", "view", kwargs=_t),
    "programme:axis_create": Url("territory", "manage_programme", kwargs=_t),
    "programme:axis_update": Url("axis", "change", kwargs=_axis_pk),
    "programme:axis_delete": Url("axis", "change", kwargs=_axis_pk),
    "programme:objective_create": Url("territory", "manage_programme", kwargs=_t),
    "programme:objective_update": Url("objective", "change", kwargs=_axis_pk),
    "programme:objective_delete": Url("objective", "change", kwargs=_axis_pk),
    "programme:actions": Url("territory", "view", kwargs=_t),
    "programme:my_actions": Url("territory", "follow_actions", kwargs=_t),
    "programme:action_create": Url("territory", "create_action", kwargs=_t),
    "programme:export_actions": Url("territory", "view", kwargs=_t),
    "programme:export_measurements": Url("territory", "view", kwargs=_t),
    "programme:import": Url("territory", "import_measurements", kwargs=_t),
    "programme:import_preview": Url("programme_import", "view", kwargs=_pk),
    "programme:import_file": Url("programme_import", "view", kwargs=_pk),
    "programme:action": Url("action[partners]", "view", kwargs=_pk),
    "programme:action_update": Url("action[partners]", "change", kwargs=_pk),
    "programme:action_status": Url("action[members]", "change", kwargs=_pk),
    "programme:action_pdf": Url("action[members,partner]", "view", kwargs=_pk),
    "programme:partner_add": Url(
        "action[full]",
        "change",
        kwargs=_pk,
        method="post",
        ok=REDIRECT,
        data=lambda w, o: {"organisation": w.org_dept.pk, "role": "Financement"},
    ),
    "programme:partner_remove": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(link=lambda o: o.partner_links.first().pk),
        method="post",
        ok=REDIRECT,
    ),
    "programme:means_add": Url(
        "action[full]",
        "change",
        kwargs=_pk,
        method="post",
        ok=REDIRECT,
        data=lambda w, o: {
            "kind": "staff",
            "organisation": w.org_member.pk,
            "year": "2025",
            "amount": "0,5",
        },
    ),
    "programme:means_remove": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(line=lambda o: o.means.first().pk),
        method="post",
        ok=REDIRECT,
    ),
    "programme:milestone_add": Url(
        "action[full]",
        "change",
        kwargs=_pk,
        method="post",
        ok=REDIRECT,
        data=lambda w, o: {"title": "Bilan", "planned_on": "2026-12-15"},
    ),
    "programme:milestone_update": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(milestone=lambda o: o.milestones.first().pk),
    ),
    "programme:milestone_delete": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(milestone=lambda o: o.milestones.first().pk),
        method="post",
        ok=REDIRECT,
    ),
    "programme:journal_add": Url(
        "action[full]",
        "change",
        kwargs=_pk,
        method="post",
        ok=REDIRECT,
        data=lambda w, o: {"text": "Comité technique tenu."},
    ),
    "programme:journal_delete": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(entry=lambda o: o.journal.first().pk),
        method="post",
        ok=REDIRECT,
    ),
    "programme:attachment": Url(
        "action[full]",
        "view",
        kwargs=_full_kwargs(attachment=lambda o: o.journal.first().attachments.first().pk),
    ),
    "programme:indicator_create": Url("action[full]", "change", kwargs=_pk),
    "programme:indicator_update": Url(
        "action[full]", "change", kwargs=_full_kwargs(indicator=_indicator)
    ),
    "programme:indicator_delete": Url(
        "action[full]", "change", kwargs=_full_kwargs(indicator=_indicator)
    ),
    "programme:measurement_add": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(indicator=_indicator),
        method="post",
        ok=REDIRECT,
        data=lambda w, o: {"measured_on": _today(w, o), "value": "1 234,5"},
    ),
    "programme:indicator_history": Url(
        "action[full]", "view", kwargs=_full_kwargs(indicator=_indicator)
    ),
    "programme:indicator_measurements": Url(
        "action[full]", "change", kwargs=_full_kwargs(indicator=_indicator)
    ),
    "programme:measurement_update": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(
            indicator=_indicator,
            measurement=lambda o: o.indicators.first().measurements.first().pk,
        ),
    ),
    "programme:measurement_delete": Url(
        "action[full]",
        "change",
        kwargs=_full_kwargs(
            indicator=_indicator,
            measurement=lambda o: o.indicators.first().measurements.first().pk,
        ),
        method="post",
        ok=REDIRECT,
    ),
    "programme:versions": Url("action[public]", "view_history", kwargs=_pk),
    "programme:compare": Url("action[full]", "view_history", kwargs=_pk),
    "programme:version": Url(
        "action[members,partner]",
        "view_history",
        kwargs=_full_kwargs(number=lambda o: 1),
    ),
}


# --------------------------------------------------------------------------- the API

JSON = "application/json"


def _api_t(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _api_action(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "action_id": obj.pk}


def _api_full(**parts):  # type: ignore[no-untyped-def]
    def kwargs(world, obj):  # type: ignore[no-untyped-def]
        values = {"slug": world.territory.slug, "action_id": obj.pk}
        for name, getter in parts.items():
            values[name] = getter(obj)
        return values

    return kwargs


def _api_write(subject, verb, kwargs, data, method="post", ok=201):  # type: ignore[no-untyped-def]
    return Url(
        subject,
        verb,
        kwargs=kwargs,
        api=True,
        method=method,
        data=data,
        content_type=JSON,
        ok=frozenset({ok}),
    )


_first_indicator = _indicator


def _first_measurement(obj):  # type: ignore[no-untyped-def]
    return obj.indicators.first().measurements.first().pk


URLS.update(
    {
        "api-v1:programme_list_axes": Url("territory", "view", kwargs=_api_t, api=True),
        "api-v1:programme_create_axis": _api_write(
            "territory",
            "manage_programme",
            _api_t,
            lambda w, o: {"number": 7, "short_name": "Santé", "title": "Santé"},
        ),
        "api-v1:programme_update_axis": _api_write(
            "axis",
            "change",
            lambda w, o: {"slug": w.territory.slug, "axis_id": o.pk},
            lambda w, o: {"colour": "#18753C"},
            method="patch",
            ok=200,
        ),
        "api-v1:programme_list_objectives": Url("territory", "view", kwargs=_api_t, api=True),
        "api-v1:programme_create_objective": _api_write(
            "territory",
            "manage_programme",
            _api_t,
            lambda w, o: {"axis_id": _axis(w).pk, "code": "1.9", "title": "Nouvel objectif"},
        ),
        "api-v1:programme_update_objective": _api_write(
            "objective",
            "change",
            lambda w, o: {"slug": w.territory.slug, "objective_id": o.pk},
            lambda w, o: {"title": "Objectif renommé"},
            method="patch",
            ok=200,
        ),
        "api-v1:programme_list_actions": Url("territory", "view", kwargs=_api_t, api=True),
        "api-v1:programme_create_action": _api_write(
            "territory",
            "create_action",
            _api_t,
            lambda w, o: {"title": "Action créée par l’API", "pilot_ids": [w.org_member.pk]},
        ),
        "api-v1:programme_get_action": Url(
            "action[members,partner]", "view", kwargs=_api_action, api=True
        ),
        "api-v1:programme_update_action": _api_write(
            "action[partners]",
            "change",
            _api_action,
            lambda w, o: {"summary": "Mise à jour par l’API"},
            method="patch",
            ok=200,
        ),
        "api-v1:programme_change_status": _api_write(
            "action[members]",
            "change",
            _api_action,
            lambda w, o: {"status": "ongoing", "reason": "Lancement"},
        ),
        "api-v1:programme_list_milestones": Url(
            "action[full]", "view", kwargs=_api_action, api=True
        ),
        "api-v1:programme_create_milestone": _api_write(
            "action[full]",
            "change",
            _api_action,
            lambda w, o: {"title": "Bilan", "planned_on": "2030-06-30"},
        ),
        "api-v1:programme_update_milestone": _api_write(
            "action[full]",
            "change",
            _api_full(milestone_id=lambda o: o.milestones.first().pk),
            lambda w, o: {"done_on": _today(w, o)},
            method="patch",
            ok=200,
        ),
        "api-v1:programme_delete_milestone": _api_write(
            "action[full]",
            "change",
            _api_full(milestone_id=lambda o: o.milestones.first().pk),
            None,
            method="delete",
            ok=204,
        ),
        "api-v1:programme_list_indicators": Url(
            "action[full]", "view", kwargs=_api_action, api=True
        ),
        "api-v1:programme_create_indicator": _api_write(
            "action[full]",
            "change",
            _api_action,
            lambda w, o: {
                "name": "Heures d’insertion",
                "unit": "heures",
                "targets": [{"year": 2027, "value": 1000}],
            },
        ),
        "api-v1:programme_update_indicator": _api_write(
            "action[full]",
            "change",
            _api_full(indicator_id=_first_indicator),
            lambda w, o: {"unit": "foyers"},
            method="patch",
            ok=200,
        ),
        "api-v1:programme_list_measurements": Url(
            "action[full]",
            "view",
            kwargs=_api_full(indicator_id=_first_indicator),
            api=True,
        ),
        "api-v1:programme_create_measurement": _api_write(
            "action[full]",
            "change",
            _api_full(indicator_id=_first_indicator),
            lambda w, o: {"measured_on": _today(w, o), "value": "31.5"},
        ),
        "api-v1:programme_update_measurement": _api_write(
            "action[full]",
            "change",
            _api_full(indicator_id=_first_indicator, measurement_id=_first_measurement),
            lambda w, o: {"value": 22},
            method="patch",
            ok=200,
        ),
        "api-v1:programme_delete_measurement": _api_write(
            "action[full]",
            "change",
            _api_full(indicator_id=_first_indicator, measurement_id=_first_measurement),
            None,
            method="delete",
            ok=204,
        ),
    }
)
