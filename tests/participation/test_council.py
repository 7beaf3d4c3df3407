"""The Conseil citoyen (docs/participation.md): colleges and mandates on the body page, the
reproducible draw by lot, avis on fiches actions, interpellations of the comité
stratégique, and its members named moderators."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.core.roles import Visibility
from maillage.governance import services as governance_services
from maillage.governance.models import AgendaItem, Body, Meeting
from maillage.participation import draw as lot
from maillage.participation import services
from maillage.participation.models import Avis, CouncilMember, Draw, Interpellation, Moderator
from tests.conftest import login_verified
from tests.governance import builders as governance
from tests.participation.council import SOURCE, council
from tests.programme import factories as programme
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 1, 1)


# --------------------------------------------------------------------------- the draw


def test_the_same_list_and_public_value_give_the_same_draw():
    first = lot.run(SOURCE, public_value="Loto du 12 mars : 4 17 23 31 42", seats=8)
    # The same lines in another order, with other spaces and a BOM: the same canonical list.
    lines = SOURCE.splitlines()
    shuffled = "\ufeff" + "\n".join([lines[0], *reversed(lines[1:])]).replace(";", " ; ")
    again = lot.run(shuffled, public_value="Loto du 12 mars :  4 17 23 31 42 ", seats=8)
    assert again == first
    assert len(first.drawn) == 8
    assert [line["rank"] for line in first.drawn] == list(range(1, 9))
    # The documented algorithm, written out here.
    import hashlib

    canonical = "".join(
        f"H{n:03d}\tHabitant {n}\t{('Bas-Clichy', 'Chêne-Pointu', 'Haut-Clichy')[n % 3]}\t"
        f"{'F' if n % 2 else 'M'}\n"
        for n in range(1, 31)
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    assert first.list_hash == digest
    seed = hashlib.sha256(
        f"maillage-tirage-v1\nLoto du 12 mars : 4 17 23 31 42\n{digest}".encode()
    ).hexdigest()
    assert first.seed == seed
    ranked = sorted(
        (f"H{n:03d}" for n in range(1, 31)),
        key=lambda i: hashlib.sha256(f"{seed}\t{i}".encode()).hexdigest(),
    )
    assert [line["id"] for line in first.drawn] == ranked[:8]


def test_a_changed_list_or_value_changes_the_hash_or_the_seed():
    base = lot.run(SOURCE, public_value="2025-03-12", seats=5)
    changed = lot.run(
        SOURCE.replace("Habitant 7;", "Habitant 77;"), public_value="2025-03-12", seats=5
    )
    assert changed.list_hash != base.list_hash
    assert changed.seed != base.seed
    other_value = lot.run(SOURCE, public_value="2025-03-13", seats=5)
    assert other_value.list_hash == base.list_hash
    assert other_value.seed != base.seed


def test_balancing_by_quartier_gives_each_quartier_its_share():
    outcome = lot.run(SOURCE, public_value="x", seats=9, balance_by="quartier")
    quartiers = [line["quartier"] for line in outcome.drawn]
    assert sorted(quartiers.count(q) for q in set(quartiers)) == [3, 3, 3]
    uneven = lot.run(SOURCE, public_value="x", seats=7, balance_by="quartier")
    counts = sorted(
        [line["quartier"] for line in uneven.drawn].count(q)
        for q in ("Bas-Clichy", "Chêne-Pointu", "Haut-Clichy")
    )
    assert counts == [2, 2, 3]
    assert lot.run(SOURCE, public_value="x", seats=7, balance_by="quartier") == uneven


def test_the_result_never_shows_the_gender_column():
    outcome = lot.run(SOURCE, public_value="x", seats=3, balance_by="genre")
    assert all(set(line) == {"rank", "id", "nom", "quartier"} for line in outcome.drawn)


@pytest.mark.parametrize(
    ("source", "seats", "message"),
    [
        ("", 2, "La liste est vide."),
        ("id;nom\n", 2, "aucune ligne après l’en-tête"),
        ("nom;quartier\nAli;Bas\n", 1, "une colonne « id »"),
        ("id;nom\nA1;Ali\nA2;Lina;Bas\n", 1, "Ligne 3 : 3 colonnes au lieu de 2"),
        ("id;nom\nA1;Ali\nA1;Lina\n", 1, "l’id « A1 » est en double"),
        ("id;nom\nA1;Ali\nA2;Lina\n", 3, "3 sièges pour 2 candidatures"),
        ("id;nom\nA1;Ali\n;Lina\n", 1, "Ligne 3 : l’id est vide"),
    ],
)
def test_bad_input_is_refused_in_french_and_saves_nothing(place, source, seats, message):
    body = council(place.territory, place.coordinator)
    with pytest.raises(ValidationError) as refused:
        services.run_draw(
            actor=place.coordinator,
            body=body,
            source=source,
            public_value="Loto",
            seats=seats,
            mandate_start=TODAY,
        )
    assert message in " ".join(refused.value.messages)
    assert not Draw.objects.exists()
    assert not CouncilMember.objects.filter(college="residents").exists()


def test_a_draw_page_and_its_check(place, client):
    body = council(place.territory, place.coordinator)
    login_verified(client, place.coordinator)
    url = reverse("participation:draw_create", args=[place.territory.slug, body.pk])
    refused = client.post(
        url,
        {"source": SOURCE, "public_value": "Loto", "seats": 40, "mandate_start": "2025-01-01"},
    )
    assert refused.status_code == 400
    assert "40 sièges pour 30 candidatures" in refused.content.decode()
    assert not Draw.objects.exists()
    upload = io.BytesIO(SOURCE.encode("utf-8-sig"))
    upload.name = "volontaires.csv"
    response = client.post(
        url,
        {
            "source_file": upload,
            "public_value": "Loto du 12 mars",
            "seats": 6,
            "balance_by": "quartier",
            "mandate_start": "2025-01-01",
            "mandate_end": "2028-01-01",
        },
    )
    made = Draw.objects.get()
    assert response.status_code == 302
    assert response["Location"] == made.get_absolute_url()
    assert made.list_hash == lot.run(SOURCE, public_value="x", seats=1).list_hash
    assert made.algorithm == "maillage-tirage-v1"
    assert CouncilMember.objects.filter(draw=made, ended_on=datetime.date(2028, 1, 1)).count() == 6

    client.logout()
    page = client.get(made.get_absolute_url()).content.decode()
    assert made.seed in page and made.list_hash in page and "maillage-tirage-v1" in page
    drawn = {line["nom"] for line in made.result}
    for n in range(1, 31):
        name = f"Habitant {n}"
        assert (f"<td>{name}</td>" in page) == (name in drawn)

    verify = reverse("participation:draw_verify", args=[place.territory.slug, made.pk])
    same = client.post(verify, {"source": SOURCE})
    assert same.status_code == 200
    assert "Le tirage est confirmé" in same.content.decode()
    other = client.post(verify, {"source": SOURCE.replace("Habitant 2;", "Habitant 22;")})
    assert "Ce n’est pas la même liste" in other.content.decode()
    bad = client.post(verify, {"source": "id;nom\nA1;Ali;x\n"})
    assert bad.status_code == 400
    assert "Ligne 2 : 3 colonnes au lieu de 2" in bad.content.decode()
    assert Draw.objects.count() == 1


def test_the_management_command_checks_a_draw(place, tmp_path):
    body = council(place.territory, place.coordinator)
    made = services.run_draw(
        actor=place.coordinator,
        body=body,
        source=SOURCE,
        public_value="Loto",
        seats=4,
        mandate_start=TODAY,
    )
    listing = tmp_path / "liste.csv"
    listing.write_text(SOURCE, encoding="utf-8")
    out = io.StringIO()
    call_command("verify_draw", str(listing), draw=made.pk, stdout=out)
    assert "Tirage confirmé" in out.getvalue()
    assert made.seed in out.getvalue()
    listing.write_text(SOURCE.replace("H001", "H999"), encoding="utf-8")
    with pytest.raises(CommandError, match="la liste n’est pas la même"):
        call_command("verify_draw", str(listing), draw=made.pk, stdout=io.StringIO())
    out = io.StringIO()
    call_command("verify_draw", str(listing), public_value="Loto", seats=2, stdout=out)
    assert "graine" in out.getvalue()


# --------------------------------------------------------------------------- mandates


def test_the_body_page_shows_the_colleges_and_keeps_past_mandates(place, client):
    body = council(place.territory, place.coordinator, member=place.moderator)
    gone = services.add_council_member(
        actor=place.coordinator,
        body=body,
        college="residents",
        display_name="Karim T.",
        started_on=datetime.date(2020, 1, 1),
    )
    services.end_council_member(actor=place.coordinator, member=gone, on=datetime.date(2023, 1, 1))
    page = client.get(body.get_absolute_url()).content.decode()
    assert "Collège des habitants" in page
    assert "Collège des associations et acteurs locaux" in page
    assert "Nadia B." in page and "Association des locataires" in page
    assert "Mandats passés et à venir" in page
    assert "Karim T. (Collège des habitants) : du 1 janvier 2020 au 1 janvier 2023" in page
    assert CouncilMember.objects.filter(pk=gone.pk).exists()
    with pytest.raises(ValidationError):
        services.add_council_member(
            actor=place.coordinator,
            body=body,
            college="residents",
            display_name="Dates à l’envers",
            started_on=datetime.date(2024, 1, 1),
            ended_on=datetime.date(2023, 1, 1),
        )


def test_only_a_citizen_council_has_colleges(place, client):
    other = governance.body(place.territory, name="Comité technique Famille")
    with pytest.raises(ValidationError):
        services.add_council_member(
            actor=place.coordinator,
            body=other,
            college="residents",
            display_name="Nadia B.",
            started_on=TODAY,
        )
    assert "Conseil citoyen" not in client.get(other.get_absolute_url()).content.decode()
    url = reverse("participation:council_member_add", args=[place.territory.slug, other.pk])
    login_verified(client, place.coordinator)
    assert client.get(url).status_code == 404


def test_the_coordinator_names_a_member_moderator(place, client):
    resident = place.resident2
    body = council(place.territory, place.coordinator, member=resident)
    member = CouncilMember.objects.get(user=resident)
    login_verified(client, place.coordinator)
    page = client.get(body.get_absolute_url()).content.decode()
    assert "Nommer Nadia B. modérateur ou modératrice" in page
    url = reverse("participation:council_moderator", args=[place.territory.slug, member.pk])
    assert client.post(url).status_code == 302
    assert Moderator.objects.filter(territory=place.territory, user=resident).exists()
    again = client.post(url, follow=True)
    assert "Cette personne modère déjà ce territoire." in again.content.decode()
    association = CouncilMember.objects.get(body=body, college="associations")
    with pytest.raises(ValidationError):
        services.name_moderator(actor=place.coordinator, member=association)


# --------------------------------------------------------------------------- avis


def test_a_member_writes_an_avis_shown_on_the_action_page(place, client):
    body = council(place.territory, place.coordinator, member=place.resident)
    action = programme.action(
        place.territory, "2.2.1", title="Garderie éphémère", visibility=Visibility.PUBLIC
    )
    login_verified(client, place.resident)
    url = reverse("participation:avis_create", args=[place.territory.slug, body.pk])
    response = client.post(
        url,
        {
            "action": action.pk,
            "title": "Ouvrir aussi le samedi",
            "text": "Le Conseil demande une ouverture le samedi matin.",
            "approved_on": "2025-01-01",
        },
    )
    avis = Avis.objects.get()
    assert response.status_code == 302
    assert avis.state == "draft" and avis.author == place.resident
    client.logout()
    assert "Ouvrir aussi le samedi" not in client.get(action.get_absolute_url()).content.decode()
    assert client.get(avis.get_absolute_url()).status_code in (302, 404)

    login_verified(client, place.resident)
    publish = reverse("participation:avis_publish", args=[place.territory.slug, avis.pk])
    assert client.post(publish).status_code == 302
    client.logout()
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Avis du Conseil citoyen" in page and "Ouvrir aussi le samedi" in page
    assert "Ouvrir aussi le samedi" in client.get(body.get_absolute_url()).content.decode()


def test_an_avis_on_a_hidden_action_stays_hidden(place, client):
    body = council(place.territory, place.coordinator, member=place.resident)
    hidden = programme.action(
        place.territory, "3.1.1", title="Fiche interne", visibility=Visibility.PARTNERS
    )
    avis = Avis.objects.create(
        body=body,
        action=hidden,
        title="Avis sur une fiche interne",
        text="Texte",
        approved_on=TODAY,
        state="published",
    )
    assert client.get(avis.get_absolute_url()).status_code in (302, 404)
    assert "Avis sur une fiche interne" not in client.get(body.get_absolute_url()).content.decode()
    # A member may not write on a fiche they do not see.
    with pytest.raises(ValidationError):
        services.create_avis(
            actor=place.resident,
            body=body,
            action=hidden,
            title="x",
            text="y",
            approved_on=TODAY,
        )


def test_only_members_in_mandate_write(place):
    body = council(place.territory, place.coordinator, member=place.resident)
    action = programme.action(place.territory, "2.2.1", visibility=Visibility.PUBLIC)
    from django.core.exceptions import PermissionDenied

    for outsider in (place.resident2, place.coordinator):
        with pytest.raises(PermissionDenied):
            services.create_avis(
                actor=outsider, body=body, action=action, title="x", text="y", approved_on=TODAY
            )
    CouncilMember.objects.filter(user=place.resident).update(ended_on=datetime.date(2024, 6, 1))
    with pytest.raises(PermissionDenied):
        services.interpellate(actor=place.resident, body=body, subject="x", text="y")


# --------------------------------------------------------------------------- interpellations


def test_an_interpellation_becomes_a_subject_of_the_strategic_committee(place, client):
    body = council(place.territory, place.coordinator, member=place.resident)
    committee = Body.objects.get(kind=Body.Kind.STRATEGIC)
    login_verified(client, place.resident)
    url = reverse("participation:interpellation_create", args=[place.territory.slug, body.pk])
    response = client.post(
        url,
        {
            "target": committee.pk,
            "subject": "Les horaires des crèches",
            "text": "Les parents qui travaillent tôt n’ont pas de solution.",
        },
    )
    assert response.status_code == 302
    interpellation = Interpellation.objects.get()
    item = AgendaItem.objects.get(body=committee)
    assert interpellation.item == item and item.meeting is None
    assert "Les horaires des crèches" in item.title
    detail = reverse("participation:interpellation", args=[place.territory.slug, interpellation.pk])
    assert detail in item.description
    assert "En attente d’une séance" in client.get(body.get_absolute_url()).content.decode()
    # The comité puts it on a meeting's agenda, then holds the meeting.
    meeting = governance.meeting(committee, days=-1, items=())
    governance_services.schedule_item(actor=None, item=item, meeting=meeting)
    assert "Inscrite à l’ordre du jour" in client.get(body.get_absolute_url()).content.decode()
    governance_services.hold_meeting(actor=None, meeting=Meeting.objects.get(pk=meeting.pk))
    page = client.get(detail).content.decode()
    assert "Traitée en séance" in page


def test_an_interpellation_needs_a_strategic_committee(place):
    body = council(place.territory, place.coordinator, member=place.resident)
    Body.objects.filter(kind=Body.Kind.STRATEGIC).delete()
    with pytest.raises(ValidationError) as refused:
        services.interpellate(actor=place.resident, body=body, subject="x", text="y")
    assert "pas de comité stratégique" in " ".join(refused.value.messages)
    assert not Interpellation.objects.exists()


# --------------------------------------------------------------------------- query counts


def test_the_council_page_and_the_action_page_keep_their_query_counts(place, client):
    body = council(place.territory, place.coordinator, member=place.resident)
    action = programme.action(place.territory, "2.2.1", visibility=Visibility.PUBLIC)

    def grow(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            services.add_council_member(
                actor=place.coordinator,
                body=body,
                college="associations",
                display_name=f"Association {i}",
                started_on=TODAY,
            )
            services.create_avis(
                actor=place.resident,
                body=body,
                action=action,
                title=f"Avis {i}",
                text="Texte",
                approved_on=TODAY,
                publish=True,
            )
            services.interpellate(actor=place.resident, body=body, subject=f"Sujet {i}", text="t")
            services.run_draw(
                actor=place.coordinator,
                body=body,
                source=SOURCE,
                public_value=f"valeur {i}",
                seats=2,
                mandate_start=TODAY,
            )

    grow(1)
    login_verified(client, place.resident)
    assert_constant_queries(client, body.get_absolute_url(), grow, factor=4)
    assert_constant_queries(client, action.get_absolute_url(), grow, factor=3)
