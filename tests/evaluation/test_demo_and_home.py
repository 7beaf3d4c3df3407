"""The demo's evaluation (a closed 2024 campaign with its snapshot, 2025 in progress) and
the first screens' blocks: the coordinator's progress, the pilots' bilans to write."""

import pytest
from django.urls import reverse

from maillage.evaluation.models import BilanComment, Campaign
from tests.evaluation import builders


@pytest.mark.django_db
def test_the_demo_evaluation(demo, client_for):  # type: ignore[no-untyped-def]
    closed = Campaign.objects.get(year=2024)
    assert closed.state == "closed" and closed.snapshot.is_intact()
    assert closed.bilans.exists()
    assert not closed.bilans.exclude(state="validated").exists()
    assert len(closed.snapshot.data["bilans"]) == closed.bilans.count()
    current = Campaign.objects.get(year=2025)
    states = set(current.bilans.values_list("state", flat=True))
    assert {"todo", "draft", "submitted", "validated"} <= states
    assert current.bilans.filter(state="validated").count() == 1
    assert BilanComment.objects.filter(bilan__campaign=current, cosigned=True).exists()
    coordinator = client_for(demo.users["coordinator"])
    page = coordinator.get(reverse("evaluation:campaign", args=["clichy-sous-bois", 2025]))
    assert page.status_code == 200
    summary = coordinator.get(reverse("evaluation:summary", args=["clichy-sous-bois", 2024]))
    assert "actions du projet social ont été évaluées" in summary.content.decode()


def test_home_blocks(scene, client_for):  # type: ignore[no-untyped-def]
    camp = builders.campaign(scene.territory, scene.actions)
    builders.written(builders.bilan_of(camp, scene.actions[0]))
    home = reverse("territories:home", args=[scene.territory.slug])
    coordinator = client_for(scene.coordinator).get(home).content.decode()
    assert "Évaluation 2025 : où en sont les bilans" in coordinator
    assert "Bilans attendus : 3" in coordinator and "En brouillon : 1" in coordinator
    caf = client_for(scene.caf_user).get(home).content.decode()
    assert "Bilans à rédiger" in caf and "1.1.1" in caf and "1.1.2" in caf and "1.1.3" not in caf
    centre = client_for(scene.centre_user).get(home).content.decode()
    assert "Bilans à rédiger" not in centre


def test_bilans_to_write_without_an_open_campaign_is_one_exists(scene):  # type: ignore[no-untyped-def]
    """Most of the year no campaign is open: the pilot's « bilans à rédiger » is one EXISTS,
    without a bilan's access filter; with one open, the same bilans as before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.core import access
    from maillage.evaluation import selectors

    access.actor_for(scene.caf_user)  # the reader's roles, read once per request
    with CaptureQueriesContext(connection) as captured:
        assert selectors.to_write(scene.caf_user, scene.territory) == []
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert ' AS "a"' in sql and sql.rstrip().endswith("LIMIT 1")  # QuerySet.exists()
    builders.campaign(scene.territory, scene.actions)
    found = selectors.to_write(scene.caf_user, scene.territory)
    assert [bilan.action.code for bilan in found] == ["1.1.1", "1.1.2"]
    assert selectors.to_write(scene.centre_user, scene.territory) == []
