"""Access rows for the veille (docs/watch.md). A signal is never public, never shown to
residents, anonymous visitors or a partner of another territory.

The world's cellule de veille has ``org_member`` as its member organisation, so the
``member`` actor triages. Signals are reported by the ``departement`` actor (``org_dept``,
a Département service partner of the commune):

- ``signal[cell]``: for the cellule only — seen by the cellule, the coordinators and the
  reporting organisation;
- ``signal[partners]``: for every partner of the territory;
- ``corroboration``: ``org_member`` corroborates a signal for the partners;
- ``orientation[proposed]``: a cellule member without programme rights proposed a draft
  fiche action; a coordinator decides.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.core.roles import Visibility
from maillage.watch import services
from maillage.watch.models import Orientation, Signal
from tests.access.table import Url
from tests.watch import builders


def _cached(name):  # type: ignore[no-untyped-def]
    def wrap(build):  # type: ignore[no-untyped-def]
        def cached(world):  # type: ignore[no-untyped-def]
            if name not in world.cache:
                world.cache[name] = build(world)
            return world.cache[name]

        return cached

    return wrap


@_cached("watch:cell")
def _cell(world):  # type: ignore[no-untyped-def]
    return builders.cell(world.territory, members=[world.org_member])


@_cached("territory[watch]")
def _territory(world):  # type: ignore[no-untyped-def]
    _cell(world)
    return world.territory


def _signal(world, title: str, audience: str) -> Signal:  # type: ignore[no-untyped-def]
    _cell(world)
    return builders.signal(
        world.territory,
        author=world.users["departement"],
        organisation=world.org_dept,
        title=title,
        audience=audience,
    )


@_cached("signal[cell]")
def _signal_cell(world):  # type: ignore[no-untyped-def]
    return _signal(world, "Accidents domestiques répétés", Signal.Audience.CELL)


@_cached("signal[partners]")
def _signal_partners(world):  # type: ignore[no-untyped-def]
    return _signal(world, "Parents sans mode de garde en horaires décalés", Visibility.PARTNERS)


@_cached("corroboration")
def _corroboration(world):  # type: ignore[no-untyped-def]
    signal = _signal(world, "Impayés de loyer en hausse", Signal.Audience.PARTNERS)
    return services.corroborate(
        actor=world.users["member"],
        signal=signal,
        organisation=world.org_member,
        situations_count=4,
        note="Surtout des familles monoparentales.",
    )


@_cached("orientation[proposed]")
def _orientation(world):  # type: ignore[no-untyped-def]
    signal = _signal(world, "Retards de langage en maternelle", Signal.Audience.CELL)
    orientation = services.orient(
        actor=world.users["member"],
        signal=signal,
        kind=Orientation.Kind.ACTION,
        title="Parcours de prévention précoce",
    )
    assert orientation.state == Orientation.State.PROPOSED
    return orientation


@_cached("watch_settings")
def _settings(world):  # type: ignore[no-untyped-def]
    return services.update_settings(
        actor=None, territory=world.territory, closed_retention_months=24
    )


SUBJECTS = {
    "territory[watch]": _territory,
    "signal[cell]": _signal_cell,
    "signal[partners]": _signal_partners,
    "corroboration": _corroboration,
    "orientation[proposed]": _orientation,
    "watch_settings": _settings,
}

# anonymous resident partner member elected coordinator departement foreign admin
TABLE = {
    ("territory[watch]", "use_watch"): "N N Y Y Y Y Y N Y",
    ("territory[watch]", "report_signal"): "N N Y Y Y Y Y N Y",
    ("territory[watch]", "triage_signals"): "N N N Y N Y N N Y",
    ("territory[watch]", "manage_watch"): "N N N N N Y N N Y",
    ("signal[cell]", "view"): "N N N Y N Y Y N Y",
    ("signal[cell]", "corroborate"): "N N N Y N Y N N Y",
    ("signal[cell]", "triage"): "N N N Y N Y N N Y",
    ("signal[partners]", "view"): "N N Y Y Y Y Y N Y",
    ("signal[partners]", "corroborate"): "N N Y Y Y Y N N Y",
    ("signal[partners]", "triage"): "N N N Y N Y N N Y",
    ("corroboration", "view"): "N N Y Y Y Y Y N Y",
    ("orientation[proposed]", "view"): "N N N Y N Y Y N Y",
    ("orientation[proposed]", "decide"): "N N N N N Y N N Y",
    ("watch_settings", "view"): "N N N N N Y N N Y",
    ("watch_settings", "change"): "N N N N N Y N N Y",
}


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _s(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _org(world, actor: str):  # type: ignore[no-untyped-def]
    return {
        "partner": world.org_other,
        "elected": world.org_other,
        "coordinator": world.org_other,
        "departement": world.org_dept,
    }.get(actor, world.org_member)


def _report(world, obj, actor):  # type: ignore[no-untyped-def]
    return {
        "title": "Hausse des demandes d’aide alimentaire",
        "description": "Les distributions voient arriver davantage de familles en fin de mois.",
        "thematique": "equipement-et-alimentation--alimentation",
        "observed_since": "2024-10-01",
        "trend": "rising",
        "situations_count": "30",
        "organisation": _org(world, actor).pk,
        "audience": "cell",
    }


IMPORT_CSV = (
    "Intitulé;Description;Thématique;Publics;Lieu;Observé depuis;Tendance;"
    "Situations observées;Visibilité\n"
    "Hausse des demandes d’aide alimentaire;Davantage de familles en fin de mois.;"
    "equipement-et-alimentation--alimentation;familles;;01/10/2024;en hausse;30;cellule\n"
).encode("utf-8-sig")


def _import(world, obj, actor):  # type: ignore[no-untyped-def]
    return {
        "organisation": _org(world, actor).pk,
        "file": SimpleUploadedFile("signalements.csv", IMPORT_CSV, content_type="text/csv"),
    }


def _corroborate(world, obj, actor):  # type: ignore[no-untyped-def]
    return {"organisation": _org(world, actor).pk, "situations_count": "3", "note": ""}


URLS: dict[str, Any] = {
    "watch:signals": Url("territory[watch]", "use_watch", kwargs=_t),
    "watch:signals_export_csv": Url("territory[watch]", "use_watch", kwargs=_t),
    "watch:inbox": Url("territory[watch]", "triage_signals", kwargs=_t),
    "watch:mine": Url("territory[watch]", "use_watch", kwargs=_t),
    "watch:signal_create": Url(
        "territory[watch]",
        "report_signal",
        kwargs=_t,
        method="post",
        data_as=_report,
        ok=frozenset({302}),
    ),
    "watch:signal_import": Url(
        "territory[watch]",
        "report_signal",
        kwargs=_t,
        method="post",
        data_as=_import,
        ok=frozenset({302}),
    ),
    "watch:similar": Url(
        "territory[watch]",
        "report_signal",
        kwargs=_t,
        data=lambda w, o: {"title": "accidents domestiques"},
    ),
    "watch:settings": Url(
        "territory[watch]",
        "manage_watch",
        kwargs=_t,
        post=lambda w, o: {
            "closed_retention_months": "24",
            "unconfirmed_retention_months": "3",
            "controller": "La commune",
            "dpo_contact": "",
        },
    ),
    "watch:signal": Url("signal[cell]", "view", kwargs=_s),
    "watch:corroborate": Url(
        "signal[cell]",
        "corroborate",
        kwargs=_s,
        method="post",
        data_as=_corroborate,
        ok=frozenset({302}),
    ),
    "watch:status": Url(
        "signal[cell]",
        "triage",
        kwargs=_s,
        post=lambda w, o: {"status": "qualifying", "reason": "to_qualify"},
    ),
    "watch:unconfirmed": Url(
        "signal[cell]", "triage", kwargs=_s, method="post", ok=frozenset({302})
    ),
    "watch:merge": Url(
        "signal[cell]",
        "triage",
        kwargs=_s,
        post=lambda w, o: {"into": _signal_partners(w).pk},
    ),
    "watch:orient": Url(
        "signal[cell]",
        "triage",
        kwargs=_s,
        post=lambda w, o: {"kind": "backlog", "body": _cell(w).pk, "title": "", "note": ""},
    ),
    "watch:decide": Url(
        "orientation[proposed]",
        "decide",
        kwargs=_s,
        method="post",
        data=lambda w, o: {"decision": "decline"},
        ok=frozenset({302}),
    ),
}


# --------------------------------------------------------------------------- API

JSON = "application/json"


def _api_t(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _api_s(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "signal_id": obj.pk}


def _api_report(world, obj, actor):  # type: ignore[no-untyped-def]
    return {
        "title": "Hausse des demandes d’aide alimentaire",
        "description": "Les distributions voient arriver davantage de familles.",
        "topic": "equipement-et-alimentation--alimentation",
        "observed_since": "2024-10-01",
        "trend": "rising",
        "situations_count": 30,
        "organisation_id": _org(world, actor).pk,
    }


URLS.update(
    {
        "api-v1:list_signals": Url("territory[watch]", "use_watch", kwargs=_api_t, api=True),
        "api-v1:create_signal": Url(
            "territory[watch]",
            "report_signal",
            kwargs=_api_t,
            api=True,
            method="post",
            content_type=JSON,
            data_as=_api_report,
            ok=frozenset({201}),
        ),
        "api-v1:get_signal": Url("signal[cell]", "view", kwargs=_api_s, api=True),
        "api-v1:change_signal_status": Url(
            "signal[cell]",
            "triage",
            kwargs=_api_s,
            api=True,
            method="post",
            content_type=JSON,
            data=lambda w, o: {"status": "qualifying", "reason": "to_qualify"},
        ),
        "api-v1:merge_signal": Url(
            "signal[cell]",
            "triage",
            kwargs=_api_s,
            api=True,
            method="post",
            content_type=JSON,
            data=lambda w, o: {"into_id": _signal_partners(w).pk},
        ),
        "api-v1:list_corroborations": Url("signal[cell]", "view", kwargs=_api_s, api=True),
        "api-v1:corroborate_signal": Url(
            "signal[cell]",
            "corroborate",
            kwargs=_api_s,
            api=True,
            method="post",
            content_type=JSON,
            data_as=lambda w, o, actor: {
                "organisation_id": _org(w, actor).pk,
                "situations_count": 2,
            },
            ok=frozenset({201}),
        ),
        "api-v1:list_orientations": Url("signal[cell]", "view", kwargs=_api_s, api=True),
        "api-v1:orient_signal": Url(
            "signal[cell]",
            "triage",
            kwargs=_api_s,
            api=True,
            method="post",
            content_type=JSON,
            data=lambda w, o: {"kind": "backlog", "body_id": _cell(w).pk},
            ok=frozenset({201}),
        ),
        "api-v1:decide_orientation": Url(
            "orientation[proposed]",
            "decide",
            kwargs=lambda w, o: {"slug": w.territory.slug, "orientation_id": o.pk},
            api=True,
            method="post",
            content_type=JSON,
            data=lambda w, o: {"accept": False},
        ),
    }
)
