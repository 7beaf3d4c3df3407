"""The demo programme loads through the services, twice without change, and every page of it
renders for the people who use it."""

from django.urls import reverse

from maillage.core.roles import Visibility
from maillage.programme.models import Action, Axis, Measurement


def test_demo_has_the_seeds_axes_and_actions(demo):
    clichy = demo.territories["clichy-sous-bois"]
    assert list(Axis.objects.filter(territory=clichy).values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    titles = set(Action.objects.filter(territory=clichy).values_list("title", flat=True))
    for expected in [
        "Garderie éphémère",
        "Clause d’insertion dans les marchés publics",
        "12 logements communaux temporaires",
        "Colocation intergénérationnelle",
        "Prévention des expulsions locatives",
        "Réseau de prévention des accidents domestiques",
        "Réseau parentalité",
        "Information collective des familles sur les modes d’accueil",
        "Journée d’étude locale sur l’accompagnement",
        "PPEPS’ – Prévention précoce et parentalités",
    ]:
        assert expected in titles
    assert any(t.startswith("Réseau IRIS") for t in titles)
    garderie = Action.objects.get(territory=clichy, title="Garderie éphémère")
    assert {o.name for o in garderie.pilots.all()} == {
        "Centre social du Haut-Clichy",
        "Centre social du Bas-Clichy",
    }
    assert garderie.partner_links.filter(organisation__name__startswith="Caisse").exists()
    assert garderie.progress is not None
    assert Measurement.objects.filter(indicator__action=garderie).count() >= 5
    # Figures are labelled as invented.
    assert all("inventés" in i.description for i in garderie.indicators.all())
    assert Action.objects.filter(territory=clichy, visibility=Visibility.MEMBERS).exists()


def test_every_page_renders_for_the_demo_people(demo, client_for):
    clichy = demo.territories["clichy-sous-bois"]
    garderie = Action.objects.get(territory=clichy, code="2.2.1")
    slug = clichy.slug
    indicator = garderie.indicators.first()
    pages = [
        reverse("programme:overview", args=[slug]),
        reverse("programme:actions", args=[slug]),
        reverse("programme:actions", args=[slug]) + "?q=garderie&status=ongoing&sort=-progress",
        garderie.get_absolute_url(),
        reverse("programme:action_pdf", args=[slug, garderie.pk]),
        reverse("programme:programme_pdf", args=[slug]),
        reverse("programme:export_actions", args=[slug]) + "?format=xlsx",
        reverse("programme:export_measurements", args=[slug]),
    ]
    signed_in = [
        reverse("programme:my_actions", args=[slug]),
        reverse("programme:as_of", args=[slug]) + "?on=2016-06-30",
        reverse("programme:versions", args=[slug, garderie.pk]),
        reverse("programme:compare", args=[slug, garderie.pk]),
        reverse("programme:version", args=[slug, garderie.pk, 1]),
    ]
    editing = [
        reverse("programme:action_update", args=[slug, garderie.pk]),
        reverse("programme:action_status", args=[slug, garderie.pk]),
        reverse("programme:indicator_create", args=[slug, garderie.pk]),
        reverse("programme:indicator_update", args=[slug, garderie.pk, indicator.pk]),
        reverse("programme:import", args=[slug]),
        reverse("programme:axis_create", args=[slug]),
        reverse("programme:objective_create", args=[slug]),
    ]
    coordinator = client_for(demo.users["coordinator"])
    for path in pages + signed_in + editing:
        response = coordinator.get(path)
        assert response.status_code == 200, (path, response.status_code)
    anonymous = client_for(None)
    for path in pages:
        assert anonymous.get(path).status_code == 200, path
    # The public reads public actions only; members-only PPEPS' is hidden from it.
    ppeps = Action.objects.get(territory=clichy, code="4.2.1")
    assert anonymous.get(ppeps.get_absolute_url()).status_code == 404
    assert "PPEPS" not in anonymous.get(reverse("programme:actions", args=[slug])).content.decode()
