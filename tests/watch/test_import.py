"""Importing signals from a CSV file: every line through the personal-data gate and the
report service, in one transaction — one refused line and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.audit import AuditEntry
from maillage.territories.models import GeoUnit
from maillage.watch import services_import
from maillage.watch.models import Signal
from tests.factories import GeoUnitFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "intitule;description;thematique;publics;lieu;observe_depuis;tendance;situations;visibilite"
)
GOOD = [
    "Parents sans mode de garde en horaires atypiques;Des familles commencent à 5 h sans "
    "solution de garde.;famille--garde-denfants;;Bas Clichy;01/09/2025;en hausse;12;cellule",
    "Impayés de loyer en hausse;Des ménages jusque-là sans difficulté, 15 % de plus qu’en "
    "2024.;Réduire les impayés de loyer;;QBC;2025-06-01;récurrent;30;partenaires",
]


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8-sig")


@pytest.fixture
def place(world):
    return GeoUnitFactory(
        territory=world.territory, kind=GeoUnit.Kind.QUARTIER, code="QBC", name="Bas Clichy"
    )


def _post(client, world, content, organisation):
    return client.post(
        reverse("watch:signals_import", args=[world.territory.slug]),
        {
            "organisation": organisation.pk,
            "file": SimpleUploadedFile("signalements.csv", content, content_type="text/csv"),
        },
    )


def test_a_clean_file_reports_every_line(world, place, client_for):
    client = client_for(world.user("member"))
    page = client.get(reverse("watch:signals_import", args=[world.territory.slug]))
    assert page.status_code == 200
    assert "observe_depuis" in page.content.decode()
    response = _post(client, world, _csv(*GOOD), world.org_member)
    assert response.status_code == 302
    assert response["Location"] == reverse("watch:mine", args=[world.territory.slug])
    signals = list(Signal.objects.order_by("pk"))
    assert [s.title for s in signals] == [
        "Parents sans mode de garde en horaires atypiques",
        "Impayés de loyer en hausse",
    ]
    first, second = signals
    assert first.place == place and second.place == place
    assert first.trend == Signal.Trend.RISING and second.trend == Signal.Trend.RECURRING
    assert second.thematique == "logement-hebergement--reduire-les-impayes-de-loyer"
    assert second.audience == Signal.Audience.PARTNERS
    assert first.organisation == world.org_member
    assert first.author == world.user("member")
    assert AuditEntry.objects.filter(action="signal.create").count() == 2
    followed = client.get(response["Location"])
    assert "2 signalements importés" in followed.content.decode()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Garde;Joindre la maman au 06 12 34 56 78.;famille--garde-denfants;;;01/09/2025;"
            "ponctuel;1;cellule",
            "« 06 12 34 56 78 » ressemble à un(e) numéro de téléphone",
        ),
        (
            "Mme Benali sans garde;Pas de solution.;famille--garde-denfants;;;01/09/2025;"
            "ponctuel;1;cellule",
            "Ligne 4, colonne « intitulé » : « Mme Benali »",
        ),
        (
            "Logement;La famille vit au 12 rue Victor Hugo.;famille--garde-denfants;;;"
            "01/09/2025;ponctuel;1;cellule",
            "« 12 rue Victor Hugo »",
        ),
        (
            "Crèche;Un enfant en danger selon la crèche.;famille--garde-denfants;;;01/09/2025;"
            "ponctuel;1;cellule",
            "119 « Allô enfance en danger »",
        ),
    ],
)
def test_one_stopped_line_and_nothing_is_stored(world, place, client_for, line, expected):
    client = client_for(world.user("member"))
    response = _post(client, world, _csv(*GOOD, line), world.org_member)
    assert response.status_code == 400
    html = response.content.decode()
    assert expected in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "Ligne 4" in html
    assert Signal.objects.count() == 0
    assert not AuditEntry.objects.filter(action="signal.create").exists()


def test_unreadable_lines_are_named(world, place):
    content = _csv(
        "Titre;Texte;thématique inconnue;;;32/13/2025;parfois;beaucoup;tout le monde",
        "Titre;Texte;famille--garde-denfants;;12 rue de la Paix;01/09/2025;ponctuel;3;cellule",
    )
    with pytest.raises(ValidationError) as raised:
        services_import.import_signals(
            actor=world.user("member"),
            territory=world.territory,
            organisation=world.org_member,
            content=content,
        )
    messages = raised.value.message_dict["file"]
    assert any("Ligne 2 : thématique inconnue" in m for m in messages)
    assert any("Ligne 2 : date « 32/13/2025 » illisible" in m for m in messages)
    assert any("Ligne 2 : tendance « parfois » inconnue" in m for m in messages)
    assert any("Ligne 2 : le nombre de situations" in m for m in messages)
    assert any("Ligne 2 : visibilité « tout le monde »" in m for m in messages)
    assert any("Ligne 3 : lieu « 12 rue de la Paix » inconnu" in m for m in messages)
    assert Signal.objects.count() == 0


def test_missing_columns_and_empty_files(world):
    for content, expected in (
        (b"", "Le fichier est vide."),
        (b"titre;description\nA;B\n", "Colonnes manquantes"),
        ((HEADER + "\n").encode(), "aucune ligne"),
    ):
        with pytest.raises(ValidationError) as raised:
            services_import.import_signals(
                actor=world.user("member"),
                territory=world.territory,
                organisation=world.org_member,
                content=content,
            )
        assert expected in raised.value.message_dict["file"][0]


def test_a_refusal_of_the_service_rolls_back_the_lines_before(world, place):
    """The report service refuses an organisation the person does not work for: the
    message names the line and nothing is kept."""
    with pytest.raises(ValidationError) as raised:
        services_import.import_signals(
            actor=world.user("member"),
            territory=world.territory,
            organisation=world.org_other,
            content=_csv(*GOOD),
        )
    assert raised.value.message_dict["file"][0].startswith("Ligne 2 : ")
    assert Signal.objects.count() == 0


def test_windows_encoded_file_with_commas(world, place):
    content = (
        "intitule,description,thematique,observe_depuis,tendance,situations\n"
        "Démarches en ligne,Personnes âgées sans équipement.,"
        "numerique--acceder-a-des-services-en-ligne,01/03/2025,récurrent,8\n"
    ).encode("cp1252")
    created = services_import.import_signals(
        actor=world.user("member"),
        territory=world.territory,
        organisation=world.org_member,
        content=content,
    )
    assert [s.title for s in created] == ["Démarches en ligne"]
    assert created[0].description == "Personnes âgées sans équipement."
    assert created[0].audience == Signal.Audience.CELL


def test_a_non_csv_file_is_refused(world, client_for):
    response = client_for(world.user("member")).post(
        reverse("watch:signals_import", args=[world.territory.slug]),
        {
            "organisation": world.org_member.pk,
            "file": SimpleUploadedFile("photo.png", b"\x89PNG", content_type="image/png"),
        },
    )
    assert response.status_code == 400
    assert "Choisissez un fichier CSV" in response.content.decode()
    assert Signal.objects.count() == 0
