"""The réseau's pages and forms: publishing and editing, bad input, procedures with
steps, the guide in PDF, the cooperation map, the API, and the demo."""

from __future__ import annotations

from django.urls import reverse

from maillage.core.roles import Visibility
from maillage.network.models import ContactPoint, Procedure, Service
from maillage.programme.services.actions import add_partner
from tests.governance.builders import body as make_body
from tests.network.builders import make_contact, make_procedure, make_service
from tests.programme.factories import action as make_action
from tests.queries import assert_constant_queries


def _service_form(world, **changes):  # type: ignore[no-untyped-def]
    data = {
        "name": "Permanence logement",
        "organisation": world.org_member.pk,
        "description": "Accueil des familles en difficulté avec leur loyer.",
        "thematiques": ["logement-hebergement--se-maintenir-dans-le-logement"],
        "publics": ["familles"],
        "telephone": "01 23 45 67 89",
        "visibility": "public",
        "confirm": "on",
    }
    data.update(changes)
    return data


def test_a_partner_publishes_a_service_for_their_organisation(world, client_for):
    client = client_for(world.users["member"])
    url = reverse("network:service_create", args=[world.territory.slug])
    response = client.post(url, _service_form(world))
    assert response.status_code == 302
    service = Service.objects.get(name="Permanence logement")
    assert service.organisation == world.org_member
    assert service.facets.filter(facet="categorie", value="logement-hebergement").exists()
    # Not for another organisation.
    response = client.post(url, _service_form(world, organisation=world.org_other.pk))
    assert response.status_code == 400


def test_bad_service_input_is_refused_in_french(world, client_for):
    client = client_for(world.users["member"])
    url = reverse("network:service_create", args=[world.territory.slug])
    cases = {
        "telephone": ("appelez-nous", "Numéro de téléphone invalide"),
        "courriel": ("pas-un-courriel", "Adresse électronique invalide"),
        "publics": (["tous-publics", "jeunes"], "ne peut pas être utilisé avec d’autres valeurs"),
        "code_postal": ("9339", "Le code postal compte 5 chiffres"),
        "zone_eligibilite": ("93014, 1234567", "Code géographique invalide « 1234567 »"),
        "thematiques": (["logement-hebergement--inexistante"], "inexistante"),
    }
    for field, (value, message) in cases.items():
        response = client.post(url, _service_form(world, **{field: value}))
        assert response.status_code == 400, field
        assert message in response.content.decode(), field
    assert not Service.objects.exists()


def test_editing_a_service_and_its_htmx_free_page(world, client_for):
    service = make_service(world.territory, world.org_member)
    client = client_for(world.users["member"])
    url = reverse("network:service_update", args=[world.territory.slug, service.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _service_form(
            world, name="Permanence logement du mardi", horaires_accueil="Tu 14:00-17:00"
        ),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Permanence logement du mardi"
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Tu 14:00-17:00" in page and "data·inclusion" in page
    assert client_for(world.users["partner"]).post(url, _service_form(world)).status_code == 403


def test_contact_points_and_procedures_through_the_forms(world, client_for):
    client = client_for(world.users["member"])
    response = client.post(
        reverse("network:contact_point_create", args=[world.territory.slug]),
        {
            "thematique": "sante--acces-aux-soins",
            "organisation": world.org_member.pk,
            "function": "Médiatrice santé",
            "channel": "telephoner",
            "phone": "0123456789",
            "visibility": "partners",
        },
    )
    assert response.status_code == 302
    contact = ContactPoint.objects.get(function="Médiatrice santé")
    response = client.post(
        reverse("network:contact_point_create", args=[world.territory.slug]),
        {
            "thematique": "sante",
            "organisation": world.org_member.pk,
            "function": "Sans moyen de contact",
            "channel": "telephoner",
            "visibility": "partners",
        },
    )
    assert response.status_code == 400
    assert "Indiquez au moins un moyen de contact" in response.content.decode()
    service = make_service(world.territory, world.org_member)
    steps = {
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-title": "Prendre rendez-vous",
        "steps-0-actor_label": "La famille",
        "steps-0-delay": "Une semaine",
        "steps-1-title": "Constituer le dossier",
        "steps-1-actor_organisation": world.org_member.pk,
        "steps-1-documents": "Bail\nQuittances",
        "steps-2-title": "",
    }
    url = reverse("network:procedure_create", args=[world.territory.slug])
    data = {
        "title": "Obtenir un rendez-vous santé",
        "summary": "Pour les familles sans médecin traitant.",
        "thematique": "sante--acces-aux-soins",
        "organisation": world.org_member.pk,
        "services": [service.pk],
        "contact_points": [contact.pk],
        "visibility": "public",
        **steps,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    procedure = Procedure.objects.get(title="Obtenir un rendez-vous santé")
    assert [s.title for s in procedure.steps.all()] == [
        "Prendre rendez-vous",
        "Constituer le dossier",
    ]
    assert procedure.steps.all()[1].document_list == ["Bail", "Quittances"]
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "Médiatrice santé" in page and "Constituer le dossier" in page
    response = client.post(
        url,
        {
            **data,
            "steps-0-title": "",
            "steps-0-actor_label": "",
            "steps-0-delay": "",
            "steps-1-title": "",
            "steps-1-documents": "",
            "steps-1-actor_organisation": "",
        },
    )
    assert response.status_code == 400
    assert "au moins une étape" in response.content.decode()
    response = client.post(url, {**data, "steps-0-title": "", "steps-0-actor_label": "Quelqu’un"})
    assert response.status_code == 400
    assert "Donnez un intitulé à cette étape" in response.content.decode()


def test_procedure_links_hide_what_the_reader_may_not_see(world, client_for):
    hidden = make_contact(
        world.territory, world.org_member, function="Ligne directe", visibility=Visibility.PARTNERS
    )
    procedure = make_procedure(world.territory, world.org_member, contact_points=[hidden])
    assert (
        "Ligne directe" not in client_for(None).get(procedure.get_absolute_url()).content.decode()
    )
    assert (
        "Ligne directe"
        in client_for(world.users["partner"]).get(procedure.get_absolute_url()).content.decode()
    )


def test_the_guide_is_a_pdf_with_the_category(world, client_for):
    make_contact(world.territory, world.org_member)
    make_procedure(world.territory, world.org_member)
    make_service(world.territory, world.org_member)
    client = client_for(world.users["partner"])
    page = client.get(
        reverse("network:guide", args=[world.territory.slug]),
        {"thematique": "logement-hebergement"},
    ).content.decode()
    assert "Référente prévention des expulsions" in page and "Demander une aide au maintien" in page
    response = client.get(
        reverse("network:guide_pdf", args=[world.territory.slug]),
        {"thematique": "logement-hebergement"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        client.get(
            reverse("network:guide_pdf", args=[world.territory.slug]), {"thematique": "inconnue"}
        ).status_code
        == 404
    )
    # The public guide leaves out contacts reserved to partners.
    assert (
        "Référente prévention"
        not in client_for(None)
        .get(reverse("network:guide", args=[world.territory.slug]))
        .content.decode()
    )


def test_cooperation_map_graph_and_table_show_the_same_links(world, client_for):
    make_service(world.territory, world.org_member, partners=[world.org_other])
    make_procedure(
        world.territory,
        world.org_member,
        steps=[{"title": "Étape", "actor_organisation": world.org_dept}],
    )
    body = (
        client_for(world.users["partner"])
        .get(reverse("network:cooperation", args=[world.territory.slug]))
        .content.decode()
    )
    assert body.count("<line ") == 2
    assert "<svg" in body and "<table>" in body
    assert "Autre partenaire" in body and "Service départemental" in body


def test_pages_keep_a_constant_number_of_queries(world, client_for):
    client = client_for(world.users["coordinator"])
    make_service(world.territory, world.org_member)
    make_contact(world.territory, world.org_member)
    make_procedure(world.territory, world.org_member)

    serial = iter(range(1, 10_000))

    def grow(n: int) -> None:
        for i in range(n):
            service = make_service(
                world.territory, world.org_other, name=f"Service {i}", partners=[world.org_member]
            )
            make_contact(
                world.territory, world.org_other, function=f"Conseiller {i}", service=service
            )
            make_procedure(
                world.territory, world.org_other, title=f"Démarche {i}", services=[service]
            )
            shared = make_action(world.territory, f"9.9.{next(serial)}", pilots=[world.org_member])
            add_partner(actor=None, action=shared, organisation=world.org_other)
            make_body(
                world.territory,
                name=f"Comité {next(serial)}",
                members=[world.org_member, world.org_dept],
            )

    slug = world.territory.slug
    for path in (
        reverse("network:freshness", args=[slug]),
        reverse("network:guide", args=[slug]),
        reverse("network:cooperation", args=[slug]),
        reverse("network:search", args=[slug]) + "?thematique=logement-hebergement",
    ):
        assert_constant_queries(client, path, grow, factor=2)


def test_api_reads_and_writes_services(world, client_for):
    client = client_for(world.users["member"])
    base = f"/api/v1/territories/{world.territory.slug}/network/services"
    response = client.post(
        base,
        {
            "structure": world.org_member.pk,
            "nom": "Permanence API",
            "description": "Un service publié par l’API.",
            "publics": ["tous-publics", "jeunes"],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "tous-publics" in str(response.json()["errors"]["publics"])
    response = client.post(
        base,
        {
            "structure": world.org_member.pk,
            "nom": "Permanence API",
            "description": "Un service publié par l’API.",
            "thematiques": ["famille--garde-denfants"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    service_id = response.json()["maillage_id"]
    assert response.json()["data_inclusion"]["thematiques"] == ["famille--garde-denfants"]
    response = client.patch(
        f"{base}/{service_id}", {"telephone": "0123"}, content_type="application/json"
    )
    assert response.status_code == 422
    response = client.patch(
        f"{base}/{service_id}", {"telephone": "01 23 45 67 89"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert client.post(f"{base}/{service_id}/mark-fresh").json()["freshness"] == "fresh"
    found = client.get(
        f"/api/v1/territories/{world.territory.slug}/network/search", {"q": "garde enfant"}
    ).json()
    assert [s["nom"] for s in found["services"]] == ["Permanence API"]


def test_demo_answers_the_searches(demo):
    from maillage.network import selectors
    from maillage.territories.models import Territory

    clichy = Territory.objects.get(slug="clichy-sous-bois")
    assert Service.objects.filter(territory=clichy).count() == 18
    logement = selectors.search_network(None, clichy, selectors.Filters(q="logement"))
    names = [s.name for s in logement.services.object_list]
    assert "Aide au maintien dans le logement" in names
    garde = selectors.search_network(None, clichy, selectors.Filters(q="garde enfant"))
    assert "Garderie éphémère" in [s.name for s in garde.services.object_list]
    assert Procedure.objects.filter(title="Demander une aide au maintien dans le logement").exists()


def test_cooperation_map_adds_shared_actions_and_bodies_the_reader_may_see(world, client_for):
    shared = make_action(world.territory, "1.1.1", title="Garderie éphémère")
    shared.pilots.add(world.org_member)
    add_partner(actor=None, action=shared, organisation=world.org_other)
    hidden = make_action(
        world.territory,
        "1.1.2",
        title="Action confidentielle",
        visibility=Visibility.RESTRICTED,
        restricted_to=[world.org_member],
    )
    hidden.pilots.add(world.org_member)
    add_partner(actor=None, action=hidden, organisation=world.org_dept)
    make_body(
        world.territory, name="Comité technique Santé", members=[world.org_member, world.org_dept]
    )

    def page(actor: str) -> str:
        return (
            client_for(world.users[actor])
            .get(reverse("network:cooperation", args=[world.territory.slug]))
            .content.decode()
        )

    partner_view = page("partner")
    assert "Action « 1.1.1 Garderie éphémère »" in partner_view
    assert "Instance « Comité technique Santé »" in partner_view
    assert "Action confidentielle" not in partner_view
    assert partner_view.count("<line ") == 2
    assert "Action confidentielle" in page("member")


def test_organisation_page_lists_the_services_the_reader_may_see(world, client_for):
    make_service(world.territory, world.org_member, name="Permanence logement")
    make_service(
        world.territory,
        world.org_member,
        name="Accueil réservé aux partenaires",
        visibility=Visibility.PARTNERS,
    )
    make_service(world.territory, world.org_other, name="Service d’une autre organisation")
    path = reverse("territories:organisation", args=[world.territory.slug, world.org_member.pk])

    public = client_for(None).get(path).content.decode()
    assert "Services proposés" in public and "Permanence logement" in public
    assert "Accueil réservé aux partenaires" not in public
    assert "Service d’une autre organisation" not in public
    assert (
        "Accueil réservé aux partenaires"
        in client_for(world.users["partner"]).get(path).content.decode()
    )

    def grow(n: int) -> None:
        for i in range(n):
            make_service(world.territory, world.org_member, name=f"Permanence {i}")

    assert_constant_queries(client_for(world.users["partner"]), path, grow, factor=2)


def test_organisation_page_pages_its_services(world, client_for):
    """An organisation running many services shows twelve a page, with their own page
    parameter beside the members list's, so the page does not grow with them."""
    names = [f"Service {n:02d}" for n in range(14)]
    for name in names:
        make_service(world.territory, world.org_member, name=name)
    path = reverse("territories:organisation", args=[world.territory.slug, world.org_member.pk])
    client = client_for(world.users["partner"])

    first = client.get(path).content.decode()
    assert "Services proposés <span" in first and "(14)" in first
    assert all(name in first for name in names[:12])
    assert names[12] not in first and names[13] not in first
    assert 'href="?services=2#services"' in first

    second = client.get(path + "?services=2").content.decode()
    assert names[12] in second and names[13] in second and names[0] not in second
    # The members list keeps its own page, which the services' page leaves alone.
    assert client.get(path + "?services=99&page=1").status_code == 200


def test_organisation_page_costs_the_same_queries_with_many_services(world, client_for):
    path = reverse("territories:organisation", args=[world.territory.slug, world.org_member.pk])
    make_service(world.territory, world.org_member, name="Service 0")

    def grow(n: int) -> None:
        for i in range(1, 30 * n):
            make_service(world.territory, world.org_member, name=f"Service {i}")

    assert_constant_queries(client_for(world.users["partner"]), path, grow)
