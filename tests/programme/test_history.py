"""Every version of a fiche, who changed what, the difference between two versions, and the
programme as it stood on a date."""

import datetime

import pytest
from django.urls import reverse

from maillage.programme import history, services
from tests.factories import OrganisationFactory
from tests.programme import factories

pytestmark = pytest.mark.django_db


def test_versions_record_who_changed_what(scene, client_for):
    action = scene["garderie"]
    coordinator = scene["coordinator"]
    services.update_action(
        actor=coordinator,
        action=action,
        summary="Une garderie pour les parents en démarches",
        pilots=[scene["centre"], scene["caf"]],
    )
    services.change_status(actor=coordinator, action=action, status="ongoing", reason="Ouverture")
    versions = list(action.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]  # create, indicator, update, status
    assert versions[2].author == coordinator
    assert versions[2].changed_fields == ["summary", "pilots"]
    assert versions[3].changed_fields == ["status"]
    page = client_for(scene["pilot"]).get(reverse("programme:versions", args=["clichy", action.pk]))
    html = page.content.decode()
    assert "Résumé, Organisations pilotes" in html
    assert coordinator.full_name in html


def test_compare_two_versions(scene, client_for):
    action = scene["garderie"]
    services.update_action(actor=None, action=action, summary="Les parents suivent un atelier")
    services.update_action(
        actor=None,
        action=action,
        summary="Les parents suivent une formation",
        pilots=[scene["centre"], scene["caf"]],
    )
    before, after = action.versions.order_by("-number")[1], action.versions.order_by("-number")[0]
    changes = {c.name: c for c in history.compare(before.data, after.data)}
    assert set(changes) == {"summary", "pilots"}
    assert changes["pilots"].added == ["Caisse d’allocations familiales"]
    assert changes["pilots"].removed == []
    assert str(changes["summary"].text_diff) == (
        "Les parents suivent <del>un atelier</del> <ins>une formation</ins>"
    )
    page = client_for(scene["coordinator"]).get(
        reverse("programme:compare", args=["clichy", action.pk])
        + f"?de={before.number}&a={after.number}"
    )
    assert page.status_code == 200
    assert "<ins>une formation</ins>" in page.content.decode()
    missing = client_for(scene["coordinator"]).get(
        reverse("programme:compare", args=["clichy", action.pk]) + "?de=1&a=99"
    )
    assert missing.status_code == 404


def test_word_diff_escapes_html():
    diff = history.word_diff("a <b>", "a <i>")
    assert str(diff) == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins>"


def test_the_programme_as_it_stood_on_a_date(scene, client_for):
    territory = scene["territory"]
    old = factories.action(
        territory, "1.1.1", title="Prévention des expulsions", on=datetime.date(2016, 3, 1)
    )
    services.change_status(
        actor=None, action=old, status="ongoing", reason="Lancement", on=datetime.date(2017, 1, 9)
    )
    services.update_action(
        actor=None,
        action=old,
        objective=factories.objective(territory, "3.1", axis_number=3),
        on=datetime.date(2019, 5, 1),
    )
    in_2016 = history.as_of(scene["coordinator"], territory, datetime.date(2016, 12, 31))
    assert [(axis.number, [s.data["code"] for s in axis.actions]) for axis in in_2016] == [
        (1, ["1.1.1"])
    ]
    assert in_2016[0].actions[0].status == "idea"
    in_2018 = history.as_of(scene["coordinator"], territory, datetime.date(2018, 6, 30))
    assert in_2018[0].actions[0].status == "ongoing"
    assert in_2018[0].counts == {"ongoing": 1}
    in_2020 = history.as_of(scene["coordinator"], territory, datetime.date(2020, 1, 1))
    assert [axis.number for axis in in_2020] == [3]
    # Today, the scene's own actions are there too; but never what one may not see.
    today = history.as_of(scene["outsider"], territory, datetime.date.today())
    codes = {s.data["code"] for axis in today for s in axis.actions}
    assert codes == {"1.1.1", "2.1.1", "2.2.1"}
    hidden = factories.action(territory, "8.8.8", visibility="members", pilots=[scene["centre"]])
    today = history.as_of(scene["outsider"], territory, datetime.date.today())
    assert hidden.code not in {s.data["code"] for axis in today for s in axis.actions}
    page = client_for(scene["outsider"]).get(
        reverse("programme:as_of", args=["clichy"]) + "?on=2018-06-30"
    )
    assert "Prévention des expulsions" in page.content.decode()
    assert "2.2.1" not in page.content.decode()
    bad = client_for(scene["outsider"]).get(reverse("programme:as_of", args=["clichy"]) + "?on=x")
    assert bad.status_code == 400


def test_old_versions_keep_old_names(scene):
    organisation = OrganisationFactory(name="Ancien nom", partner_of=[scene["territory"]])
    action = factories.action(scene["territory"], "6.1.1", pilots=[organisation])
    organisation.name = "Nouveau nom"
    organisation.save()
    assert action.versions.get().data["pilots"] == ["Ancien nom"]
