"""The territory's pages: partners (filters, search, htmx), an organisation and its members,
the switcher, the audit log, and the organisation form."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maillage.core import write_generation
from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.territories import services
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    foreign = TerritoryFactory(name="Montfermeil", slug="montfermeil", insee_code="93047")
    ville = OrganisationFactory(
        name="Ville de Clichy-sous-Bois", kind="communes", partner_of=[territory]
    )
    habitat = OrganisationFactory(
        name="Maison de l’Habitat", acronym="MdH", kind="association", partner_of=[territory]
    )
    bailleur = OrganisationFactory(
        name="Élogie bailleur", kind="bailleur-social", partner_of=[territory]
    )
    secret = OrganisationFactory(
        name="Cellule réservée",
        kind="association",
        visibility=Visibility.PARTNERS,
        partner_of=[territory],
    )
    elsewhere = OrganisationFactory(name="Association de Montfermeil", partner_of=[foreign])
    partner = member(
        territory,
        Role.PARTNER,
        habitat,
        email="conseillere@habitat.test",
        phone="01 11 22 33 44",
        full_name="Inès Conseil",
    )
    coordinator = member(territory, Role.COORDINATOR, ville, email="coordination@ville.test")
    resident = member(territory, Role.RESIDENT, email="habitant@exemple.test")
    return {
        "territory": territory,
        "foreign": foreign,
        "ville": ville,
        "habitat": habitat,
        "bailleur": bailleur,
        "secret": secret,
        "elsewhere": elsewhere,
        "partner": partner,
        "coordinator": coordinator,
        "resident": resident,
    }


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.name for o in response.context["page"].object_list]


def partners_url(scene) -> str:  # type: ignore[no-untyped-def]
    return reverse("territories:partners", args=[scene["territory"].slug])


# --------------------------------------------------------------------------- partners page


def test_partners_page_lists_the_territory_partners_a_visitor_may_see(client, scene):
    response = client.get(partners_url(scene))
    assert response.status_code == 200
    assert _names(response) == [
        "Élogie bailleur",
        "Maison de l’Habitat",
        "Ville de Clichy-sous-Bois",
    ]
    assert "Cellule réservée" not in response.content.decode()
    assert "Association de Montfermeil" not in response.content.decode()


def test_partners_page_shows_partners_only_organisations_to_partners(client_for, scene):
    response = client_for(scene["partner"]).get(partners_url(scene))
    assert "Cellule réservée" in _names(response)
    # A resident reads what the public reads.
    response = client_for(scene["resident"]).get(partners_url(scene))
    assert "Cellule réservée" not in _names(response)


def test_partners_filter_by_kind(client, scene):
    response = client.get(partners_url(scene), {"kind": "bailleur-social"})
    assert _names(response) == ["Élogie bailleur"]
    # The choices are the kinds present among the partners, with their French labels.
    choices = dict(response.context["form"].fields["kind"].choices)
    assert choices["bailleur-social"] == "Bailleur social"
    assert "mission-locale" not in choices


def test_partners_unknown_kind_shows_everything_with_the_error(client, scene):
    response = client.get(partners_url(scene), {"kind": "inconnu"})
    assert response.status_code == 200
    assert len(_names(response)) == 3
    assert response.context["form"].errors["kind"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("maison habitat", ["Maison de l’Habitat"]),
        ("MAISON DE L'HABITAT", ["Maison de l’Habitat"]),
        ("elogie", ["Élogie bailleur"]),
        ("ÉLOGIE", ["Élogie bailleur"]),
        ("mdh", ["Maison de l’Habitat"]),
        ("montfermeil", []),
    ],
)
def test_partners_search_ignores_case_and_accents(client, scene, query, expected):
    response = client.get(partners_url(scene), {"q": query})
    assert _names(response) == expected


def test_partners_search_and_kind_combine(client, scene):
    response = client.get(partners_url(scene), {"q": "maison", "kind": "bailleur-social"})
    assert _names(response) == []
    assert "Aucune organisation ne correspond à votre recherche." in response.content.decode()


def test_partners_htmx_request_gets_the_results_fragment(client, scene):
    response = client.get(partners_url(scene), {"q": "habitat"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "territories/partials/partner_results.html"
    assert "<html" not in body and "Maison de l’Habitat" in body
    assert "1 organisation" in body


def test_partners_are_paginated(client, scene):
    for index in range(35):
        OrganisationFactory(name=f"Association {index:02d}", partner_of=[scene["territory"]])
    first = client.get(partners_url(scene))
    assert len(first.context["page"].object_list) == 30
    second = client.get(partners_url(scene), {"page": 2})
    assert len(second.context["page"].object_list) == 8
    assert client.get(partners_url(scene), {"page": "abc"}).status_code == 200


def test_hidden_parent_is_never_named(client, scene):
    scene["bailleur"].parent = scene["secret"]
    scene["bailleur"].save()
    response = client.get(partners_url(scene))
    assert "Cellule réservée" not in response.content.decode()
    detail = client.get(reverse("territories:organisation", args=["clichy", scene["bailleur"].pk]))
    assert "Cellule réservée" not in detail.content.decode()


def test_unknown_territory_answers_404(client, scene):
    assert client.get(reverse("territories:partners", args=["nulle-part"])).status_code == 404


# --------------------------------------------------------------------------- organisation page


def org_url(scene, organisation) -> str:  # type: ignore[no-untyped-def]
    return reverse("territories:organisation", args=[scene["territory"].slug, organisation.pk])


def test_organisation_page_lists_members_without_contacts_for_the_public(client, scene):
    response = client.get(org_url(scene, scene["habitat"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Inès Conseil" in body and "Chargée de mission" in body
    assert "conseillere@habitat.test" not in body and "01 11 22 33 44" not in body
    assert "Les coordonnées des membres sont réservées aux partenaires du territoire." in body


@pytest.mark.parametrize("who", ["partner", "coordinator"])
def test_organisation_page_shows_contacts_to_partners(client_for, scene, who):
    body = client_for(scene[who]).get(org_url(scene, scene["habitat"])).content.decode()
    assert "conseillere@habitat.test" in body and "01 11 22 33 44" in body


def test_organisation_page_hides_contacts_from_residents(client_for, scene):
    body = client_for(scene["resident"]).get(org_url(scene, scene["habitat"])).content.decode()
    assert "Inès Conseil" in body
    assert "conseillere@habitat.test" not in body


def test_organisation_page_pages_a_long_member_list(client_for, scene):
    for i in range(55):
        member(
            scene["territory"],
            Role.PARTNER,
            scene["habitat"],
            full_name=f"Agent {i:02d}",
            email=f"agent{i:02d}@habitat.test",
        )
    client = client_for(scene["partner"])
    first = client.get(org_url(scene, scene["habitat"])).content.decode()
    second = client.get(org_url(scene, scene["habitat"]), {"page": 2}).content.decode()
    assert "Agent 00" in first and "Agent 49" in first and "Agent 50" not in first
    assert "Agent 50" in second and "Agent 54" in second and "Inès Conseil" in second
    assert "Agent 49" not in second
    assert "1 / 2" in first and "(56)" in first


def test_organisation_page_never_lists_residents(client_for, scene):
    body = client_for(scene["coordinator"]).get(org_url(scene, scene["ville"])).content.decode()
    assert "habitant@exemple.test" not in body


def test_organisation_of_another_territory_answers_404_page_and_api(client_for, scene):
    for user in (None, scene["partner"], scene["coordinator"]):
        client = client_for(user)
        assert client.get(org_url(scene, scene["elsewhere"])).status_code == 404
        api = f"/api/v1/territories/clichy/organisations/{scene['elsewhere'].pk}"
        assert client.get(api).status_code == 404
        assert client.get(f"{api}/members").status_code == 404
    missing = reverse("territories:organisation", args=["clichy", 999_999])
    assert client_for(None).get(missing).status_code == 404


def test_partners_only_organisation_answers_404_to_the_public(client, client_for, scene):
    assert client.get(org_url(scene, scene["secret"])).status_code == 404
    assert client_for(scene["partner"]).get(org_url(scene, scene["secret"])).status_code == 200


def test_children_shown_when_visible(client, client_for, scene):
    child = OrganisationFactory(
        name="Service habitat indigne", parent=scene["ville"], partner_of=[scene["territory"]]
    )
    scene["secret"].parent = scene["ville"]
    scene["secret"].save()
    body = client.get(org_url(scene, scene["ville"])).content.decode()
    assert child.name in body and "Cellule réservée" not in body
    body = client_for(scene["partner"]).get(org_url(scene, scene["ville"])).content.decode()
    assert "Cellule réservée" in body
    child_page = client.get(org_url(scene, child)).content.decode()
    assert "Rattachée à Ville de Clichy-sous-Bois" in child_page


# --------------------------------------------------------------------------- removing a member


def test_coordinator_removes_a_member_who_loses_access_on_the_next_request(client_for, scene):
    partner_client = client_for(scene["partner"])
    assert partner_client.get(org_url(scene, scene["secret"])).status_code == 200
    membership = scene["partner"].memberships.get()
    url = reverse("territories:membership_end", args=["clichy", scene["habitat"].pk, membership.pk])
    response = client_for(scene["coordinator"]).post(url)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="membership.end", object_id=str(membership.pk)).exists()
    # Same session, next request: no longer a partner.
    assert partner_client.get(org_url(scene, scene["secret"])).status_code == 404
    assert (
        partner_client.get(
            f"/api/v1/territories/clichy/organisations/{scene['secret'].pk}"
        ).status_code
        == 404
    )
    body = partner_client.get(org_url(scene, scene["habitat"])).content.decode()
    assert "conseillere@habitat.test" not in body


def test_only_coordinators_remove_members(client_for, scene):
    membership = scene["partner"].memberships.get()
    url = reverse("territories:membership_end", args=["clichy", scene["habitat"].pk, membership.pk])
    assert client_for(scene["partner"]).post(url).status_code == 403
    # The membership must belong to the organisation named in the address.
    wrong = reverse("territories:membership_end", args=["clichy", scene["ville"].pk, membership.pk])
    assert client_for(scene["coordinator"]).post(wrong).status_code == 404
    assert scene["partner"].memberships.active().exists()


# --------------------------------------------------------------------------- switcher


def test_switcher_remembers_the_current_territory(client_for, scene):
    user = scene["partner"]
    services.add_membership(
        actor=None,
        user=user,
        territory=scene["foreign"],
        role=Role.PARTNER,
        organisation=scene["elsewhere"],
    )
    client = client_for(user)
    page = client.get(partners_url(scene)).content.decode()
    assert 'id="territory-switcher"' in page and "Montfermeil" in page
    response = client.post(reverse("territories:switch"), {"territory": "montfermeil"})
    assert response.status_code == 302 and response["Location"] == "/territoires/montfermeil/"
    user.refresh_from_db()
    assert user.current_territory == scene["foreign"]
    assert AuditEntry.objects.filter(action="user.switch_territory", actor=user).count() == 1
    # Visiting another territory's page (a GET) writes nothing: only the switcher does.
    client.get(reverse("territories:home", args=["clichy"]))
    user.refresh_from_db()
    assert user.current_territory == scene["foreign"]


def test_switcher_follows_a_safe_next_only(client_for, scene):
    client = client_for(scene["partner"])
    safe = client.post(
        reverse("territories:switch"),
        {"territory": "clichy", "next": "/territoires/clichy/partenaires/"},
    )
    assert safe["Location"] == "/territoires/clichy/partenaires/"
    unsafe = client.post(
        reverse("territories:switch"), {"territory": "clichy", "next": "https://ailleurs.test/"}
    )
    assert unsafe["Location"] == "/territoires/clichy/"


def test_switcher_refuses_a_territory_one_may_not_see(client_for, scene):
    scene["foreign"].visibility = Visibility.PARTNERS
    scene["foreign"].save()
    client = client_for(scene["partner"])
    assert (
        client.post(reverse("territories:switch"), {"territory": "montfermeil"}).status_code == 404
    )
    assert client.post(reverse("territories:switch"), {}).status_code == 404
    assert client.get(reverse("territories:switch")).status_code == 405


def test_switcher_hidden_with_a_single_territory(client_for, scene):
    page = client_for(scene["resident"]).get(partners_url(scene)).content.decode()
    assert 'id="territory-switcher"' not in page


def test_sign_in_leads_back_to_the_current_territory(client, scene):
    user = scene["partner"]
    user.current_territory = scene["territory"]
    user.save()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "mot-de-passe-de-test-1"},
    )
    assert response.status_code == 302 and response["Location"] == "/territoires/clichy/"


# --------------------------------------------------------------------------- audit log


def test_coordinator_reads_the_log_of_their_territory_only(client_for, scene):
    coordinator = scene["coordinator"]
    services.update_organisation(
        actor=coordinator,
        organisation=scene["habitat"],
        territory=scene["territory"],
        phone="01 02 03 04 05",
    )
    services.update_organisation(
        actor=None,
        organisation=scene["elsewhere"],
        territory=scene["foreign"],
        phone="09 09 09 09 09",
    )
    response = client_for(coordinator).get(reverse("territories:audit_log", args=["clichy"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Organisation modifiée" in body and "Maison de l’Habitat" in body
    assert "Téléphone" in body and "01 02 03 04 05" in body
    assert "Association de Montfermeil" not in body


def test_audit_log_is_for_coordinators(client, client_for, scene):
    url = reverse("territories:audit_log", args=["clichy"])
    assert client_for(scene["partner"]).get(url).status_code == 403
    assert client.get(url).status_code == 302


# --------------------------------------------------------------------------- organisation form


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def _form(**overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "name": "Centre social Toucouleurs",
        "kind": "centre-social",
        "visibility": "public",
        "siret": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_an_organisation_with_a_logo(client_for, scene):
    url = reverse("territories:organisation_create", args=["clichy"])
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = client_for(scene["coordinator"]).post(
        url, _form(logo=logo, siret="443 061 841 00047")
    )
    organisation = Organisation.objects.get(name="Centre social Toucouleurs")
    assert response.status_code == 302
    assert response["Location"] == org_url(scene, organisation)
    assert organisation.logo.name.startswith("logos/") and organisation.siret == "44306184100047"
    assert scene["territory"] in organisation.territories.all()
    assert (
        AuditEntry.objects.filter(
            action="organisation.create", territory=scene["territory"]
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: SimpleUploadedFile(
                "logo.png", b"%PDF-1.7 pas une image", content_type="image/png"
            ),
            "Le logo doit être une image PNG, JPEG, WebP ou GIF.",
        ),
        (
            lambda: SimpleUploadedFile(
                "logo.png", _png() + b"\0" * (2 * 1024 * 1024 + 1), content_type="image/png"
            ),
            "la limite est de 2 Mo.",
        ),
    ],
)
def test_bad_logo_is_refused_in_french_and_nothing_saved(client_for, scene, upload, message):
    url = reverse("territories:organisation_create", args=["clichy"])
    response = client_for(scene["coordinator"]).post(url, _form(logo=upload()))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Centre social Toucouleurs").exists()
    assert not AuditEntry.objects.exists()


def test_invalid_siret_is_refused_in_french(client_for, scene):
    url = reverse("territories:organisation_create", args=["clichy"])
    response = client_for(scene["coordinator"]).post(url, _form(siret="44306184100048"))
    assert response.status_code == 400
    assert (
        "Ce SIRET n’est pas valide : la clé de contrôle ne correspond pas."
        in response.content.decode()
    )
    assert not Organisation.objects.filter(name="Centre social Toucouleurs").exists()


def test_member_updates_their_organisation_and_a_bad_logo_keeps_the_old_one(client_for, scene):
    habitat = scene["habitat"]
    habitat.logo = SimpleUploadedFile("ancien.png", _png(), content_type="image/png")
    habitat.save()
    old_logo = habitat.logo.name
    url = reverse("territories:organisation_update", args=["clichy", habitat.pk])
    client = client_for(scene["partner"])
    same = {"name": habitat.name, "acronym": "MdH", "kind": "association", "city": habitat.city}
    bad = SimpleUploadedFile("logo.gif", b"GIF89a tronque", content_type="image/gif")
    response = client.post(url, _form(**same, logo=bad, phone="01 00 00 00 01"))
    assert response.status_code == 400
    habitat.refresh_from_db()
    assert habitat.logo.name == old_logo and habitat.phone == ""
    response = client.post(url, _form(**same, phone="01 00 00 00 01"))
    assert response.status_code == 302
    habitat.refresh_from_db()
    assert habitat.phone == "01 00 00 00 01" and habitat.logo.name == old_logo
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.changes == {"phone": ["", "01 00 00 00 01"]}


def test_other_partners_may_not_edit_an_organisation(client_for, scene):
    url = reverse("territories:organisation_update", args=["clichy", scene["ville"].pk])
    assert client_for(scene["partner"]).get(url).status_code == 403
    assert client_for(scene["resident"]).post(url, _form()).status_code == 403


def test_organisation_form_parent_is_limited_to_the_territory_partners(client_for, scene):
    url = reverse("territories:organisation_create", args=["clichy"])
    response = client_for(scene["coordinator"]).post(url, _form(parent=scene["elsewhere"].pk))
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors


def test_user_with_no_current_territory_is_not_changed_by_anonymous_visits(client, scene):
    client.get(reverse("territories:home", args=["clichy"]))
    assert not UserFactory._meta.model.objects.filter(current_territory__isnull=False).exists()


def test_partner_territories_listed_only_when_visible(client, client_for, scene):
    hidden = TerritoryFactory(name="Territoire réservé", visibility=Visibility.PARTNERS)
    public = TerritoryFactory(name="Coubron")
    services.add_partnership(actor=None, territory=hidden, organisation=scene["habitat"])
    services.add_partnership(actor=None, territory=public, organisation=scene["habitat"])
    body = client.get(org_url(scene, scene["habitat"])).content.decode()
    assert "Coubron" in body and "Territoire réservé" not in body


def test_members_in_a_reserved_territory_are_not_named_to_others(client, client_for, scene):
    hidden = TerritoryFactory(name="Territoire réservé", visibility=Visibility.PARTNERS)
    services.add_partnership(actor=None, territory=hidden, organisation=scene["habitat"])
    member(hidden, Role.PARTNER, scene["habitat"], full_name="Personne Réservée")
    assert "Personne Réservée" not in client.get(org_url(scene, scene["habitat"])).content.decode()
    api = client.get(
        f"/api/v1/territories/clichy/organisations/{scene['habitat'].pk}/members"
    ).json()["items"]
    assert "Personne Réservée" not in [m["name"] for m in api]


def test_counts_leave_out_what_the_visitor_may_not_see(client, client_for, scene):
    assert client.get("/territoires/clichy/").context["counts"]["organisations"] == 3
    assert (
        client_for(scene["partner"]).get("/territoires/clichy/").context["counts"]["organisations"]
        == 4
    )
    home = {t.slug: t.partner_count for t in client.get("/").context["territories"]}
    assert home["clichy"] == 3 and home["montfermeil"] == 1


def test_cached_counts_follow_memberships_partnerships_and_accounts(client, client_for, scene):
    """The home's counts are cached per territory; every write to what they count forgets
    them, so the next page counts again."""
    territory = scene["territory"]

    def counts(user=None):  # type: ignore[no-untyped-def]
        reader = client_for(user) if user else client
        return reader.get("/territoires/clichy/").context["counts"]

    before = counts(scene["partner"])
    assert counts(scene["partner"]) == before  # read from the cache
    newcomer = member(territory, Role.PARTNER, scene["habitat"], email="nouvelle@habitat.test")
    assert counts(scene["partner"])["people"] == before["people"] + 1
    services.end_membership(
        actor=None, membership=newcomer.memberships.get(territory=territory), on=None
    )
    assert counts(scene["partner"])["people"] == before["people"]
    # A resident whose account is deactivated stops counting.
    scene["resident"].is_active = False
    scene["resident"].save()
    assert counts(scene["partner"])["residents"] == before["residents"] - 1
    # A new partner, public: both the partner and the anonymous visitor count it.
    public_before = counts()["organisations"]
    services.add_partnership(actor=None, territory=territory, organisation=scene["elsewhere"])
    assert counts(scene["partner"])["organisations"] == before["organisations"] + 1
    assert counts()["organisations"] == public_before + 1
    # A partner made reserved leaves the anonymous count, not the partner's.
    services.update_organisation(
        actor=None, organisation=scene["elsewhere"], visibility=Visibility.PARTNERS
    )
    assert counts()["organisations"] == public_before
    assert counts(scene["partner"])["organisations"] == before["organisations"] + 1
    # Removing the partnership forgets it too.
    scene["elsewhere"].partnerships.filter(territory=territory).delete()
    assert counts(scene["partner"])["organisations"] == before["organisations"]


def test_partners_page_count_and_kinds_follow_the_cached_counts(client, client_for, scene):
    """The unfiltered partners page takes its count and its kinds from the territory's
    cached counts, per kind of reader; a new partner, a kind changed or a partner made
    reserved shows on the next page."""
    territory = scene["territory"]

    def read(user=None):  # type: ignore[no-untyped-def]
        response = (client_for(user) if user else client).get(partners_url(scene))
        kinds = [value for value, _ in response.context["form"].fields["kind"].choices if value]
        return response.context["page"].paginator.count, kinds

    assert read() == (3, ["association", "bailleur-social", "communes"])
    assert read(scene["partner"]) == (4, ["association", "bailleur-social", "communes"])
    services.add_partnership(actor=None, territory=territory, organisation=scene["elsewhere"])
    scene["elsewhere"].kind = "mission-locale"
    scene["elsewhere"].save(update_fields=["kind"])
    assert read() == (4, ["association", "bailleur-social", "communes", "mission-locale"])
    services.update_organisation(
        actor=None, organisation=scene["elsewhere"], visibility=Visibility.PARTNERS
    )
    assert read() == (3, ["association", "bailleur-social", "communes"])
    assert read(scene["partner"])[0] == 5
    # A partner of another territory reads this one's partners counted live.
    outsider = member(scene["foreign"], Role.PARTNER, scene["elsewhere"], email="x@ml.test")
    count, kinds = read(outsider)
    assert count == 4 and "mission-locale" in kinds
    assert count == len(client_for(outsider).get(partners_url(scene)).context["page"].object_list)


def test_a_partner_elsewhere_reads_kinds_kept_until_the_next_write(scene):
    """A partner of another territory sees the public partners and those that are also
    partners where they work: the kinds of those are computed once, kept for every reader
    who works in the same territories (core.write_generation.kept_until_written), computed
    for a reader working elsewhere, and computed again after a write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.territories import selectors

    territory, foreign = scene["territory"], scene["foreign"]
    shared = OrganisationFactory(
        name="Mission partagée",
        kind="mission-locale",
        visibility=Visibility.PARTNERS,
        partner_of=[territory, foreign],
    )
    outsider = member(foreign, Role.PARTNER, scene["elsewhere"], email="x@ml.test")
    colleague = member(foreign, Role.PARTNER, scene["elsewhere"], email="y@ml.test")
    third = TerritoryFactory(name="Coubron", slug="coubron", insee_code="93015")
    stranger = member(
        third, Role.PARTNER, OrganisationFactory(partner_of=[third]), email="z@t.test"
    )
    public_kinds = ["association", "bailleur-social", "communes"]

    assert selectors.partner_kinds(outsider, territory) == [*public_kinds, "mission-locale"]
    with CaptureQueriesContext(connection) as again:
        assert selectors.partner_kinds(colleague, territory) == [*public_kinds, "mission-locale"]
    assert not [q for q in again if "DISTINCT" in q["sql"].upper()]
    assert selectors.partner_kinds(stranger, territory) == public_kinds
    shared.kind = "caf"
    shared.save(update_fields=["kind"])
    assert selectors.partner_kinds(colleague, territory) == sorted([*public_kinds, "caf"])


def test_organisation_page_names_the_territories_it_partners_the_reader_may_see(
    client, client_for, scene, monkeypatch
):
    """An organisation partner of many territories: the first ones by name, as far as the
    reader may see them, and how many in all."""
    from maillage.territories import selectors

    habitat = scene["habitat"]
    services.add_partnership(actor=None, territory=scene["foreign"], organisation=habitat)
    reserved = TerritoryFactory(
        name="Épinay réservé", slug="epinay-reserve", visibility=Visibility.PARTNERS
    )
    services.add_partnership(actor=None, territory=reserved, organisation=habitat)

    def names(reader):  # type: ignore[no-untyped-def]
        response = reader.get(org_url(scene, habitat))
        return [t.name for t in response.context["other_territories"]], response

    shown, response = names(client)
    assert shown == ["Clichy-sous-Bois", "Montfermeil"]
    assert "Épinay réservé" not in response.content.decode()
    member(reserved, Role.PARTNER, habitat, email="equipe@habitat.test")
    insider = client_for(scene["partner"].__class__.objects.get(email="equipe@habitat.test"))
    assert names(insider)[0] == ["Clichy-sous-Bois", "Épinay réservé", "Montfermeil"]
    monkeypatch.setattr(selectors, "TERRITORIES_SHOWN", 2)
    # The page kept for the reader (core/kept_parts.py) was made with the former setting.
    write_generation.replace()
    shown, response = names(insider)
    assert shown == ["Clichy-sous-Bois", "Épinay réservé"]
    assert "3 territoires en tout, dont les 2 premiers" in response.content.decode()


def test_a_filtered_partners_list_counts_at_most_its_cap(client_for, scene, monkeypatch):
    """Filtered, the list counts at most the cap (1,000 in production) and says so."""
    import functools

    from maillage.core.pagination import paginate_bounded
    from maillage.territories import views

    monkeypatch.setattr(views, "paginate_bounded", functools.partial(paginate_bounded, cap=1))
    client = client_for(scene["partner"])
    response = client.get(partners_url(scene), {"kind": "association"})
    assert "Plus de 1 000 organisations : affinez avec les filtres." in response.content.decode()
    response = client.get(partners_url(scene), {"kind": "bailleur-social"})
    assert "1 organisation" in response.content.decode()


def test_the_members_rows_name_contacts_and_forms_as_the_reader_may(client_for, scene):
    """The members table (its rows written in Python, territories/member_rows.py): names
    escaped; the contacts for those who may see them; the « Retirer » form, with the
    page's CSRF token, for a coordinator and only on a membership of this territory — one
    held elsewhere names its territory."""
    member(scene["territory"], Role.PARTNER, scene["habitat"], full_name="Léa <b>Gras</b>")
    member(scene["foreign"], Role.PARTNER, scene["habitat"], full_name="Paul Ailleurs")
    url = org_url(scene, scene["habitat"])
    coordinator = client_for(scene["coordinator"]).get(url).content.decode()
    assert "Léa &lt;b&gt;Gras&lt;/b&gt;" in coordinator and "<b>Gras" not in coordinator
    assert '<a href="mailto:conseillere@habitat.test">' in coordinator
    assert "01 11 22 33 44" in coordinator
    membership = scene["partner"].memberships.get()
    action = reverse(
        "territories:membership_end", args=["clichy", scene["habitat"].pk, membership.pk]
    )
    assert f'<form method="post" action="{action}">' in coordinator
    assert 'name="csrfmiddlewaretoken" value="' in coordinator
    assert 'Retirer<span class="fr-sr-only"> Inès Conseil</span>' in coordinator
    row = coordinator[coordinator.index("Paul Ailleurs") :]
    row = row[: row.index("</tr>")]
    assert "(Montfermeil)" in row and "<form" not in row
    assert coordinator.count('<form method="post" action="/territoires/clichy/partenaires/') == 2
    partner = client_for(scene["partner"]).get(url).content.decode()
    assert "mailto:conseillere@habitat.test" in partner and "Retirer" not in partner
    resident = client_for(scene["resident"]).get(url).content.decode()
    assert "Inès Conseil" in resident
    assert "mailto:" not in resident and "01 11 22 33 44" not in resident
