"""The demo loads through the services, and loading it twice changes nothing."""

import pytest

from maillage.governance.models import (
    Agreement,
    Body,
    FollowUpTask,
    Meeting,
)

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_seeds_governance(demo):
    kinds = set(Body.objects.values_list("kind", flat=True))
    assert {
        "strategic",
        "technical",
        "working_group",
        "network",
        "watch",
        "social_conference",
    } <= kinds
    # Clichy's six comités techniques (the departmental demo adds other communes' bodies).
    assert Body.objects.filter(territory__slug="clichy-sous-bois", kind="technical").count() == 6
    assert Body.objects.filter(kind="network", name__startswith="Réseau IRIS").exists()
    seminar = Meeting.objects.get(title="Séminaire « Point d’étape et évolutions »")
    assert seminar.status == "approved" and seminar.local_date.year == 2016
    study_day = Meeting.objects.get(title="Journée d’étude locale sur l’accompagnement")
    assert (study_day.local_date.year, study_day.local_date.month) == (2017, 11)
    assert study_day.decisions.exists() and study_day.minutes.exists()
    roadmap = Agreement.objects.get(kind="roadmap")
    assert roadmap.signed_on.year == 2017 and roadmap.signed_on.month == 5
    assert Meeting.objects.filter(status="convened").count() >= 3
    assert FollowUpTask.objects.filter(status="pending").exists()
