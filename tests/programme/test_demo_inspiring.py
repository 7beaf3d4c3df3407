"""The demo's fiche inspirante: Clichy-sous-Bois offers its garderie éphémère, through the
services, once, its figures labelled as invented; the catalogue and its page show it."""

from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.programme.models import Action, InspiringModel


def test_the_garderie_is_offered_as_a_model(demo, client_for):
    clichy = demo.territories["clichy-sous-bois"]
    garderie = Action.objects.get(territory=clichy, code="2.2.1")
    model = InspiringModel.objects.get(action=garderie)
    assert model.visibility == InspiringModel.Audience.PUBLIC and model.withdrawn_at is None
    assert "inventés" in model.resources and "inventés" in model.results
    assert model.offered_by is not None
    assert AuditEntry.objects.filter(
        action="inspiring_model.offer", object_id=str(model.pk)
    ).exists()
    # Loading twice offers it once: tests/departments/test_demo.py reloads the whole demo
    # and counts the fiches inspirantes with everything else.
    client = client_for(None)
    catalogue = client.get(reverse("programme:inspiring_models") + "?q=garderie")
    assert catalogue.status_code == 200 and "Garderie éphémère" in catalogue.content.decode()
    page = client.get(model.get_absolute_url())
    assert page.status_code == 200 and "Ce qu’il a fallu" in page.content.decode()
    fiche = client_for(demo.users["coordinator"]).get(garderie.get_absolute_url())
    assert "Retirer du catalogue" in fiche.content.decode()
