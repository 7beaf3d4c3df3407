"""The demo's dates are relative to the day it loads: some fiches, a milestone, tasks and
decisions are late, the convention is past its review, and the 2017 feuille de route —
ended in 2018 — is no longer « à préparer »."""

import datetime

import pytest
from django.utils import timezone

from maillage.governance import selectors as governance
from maillage.governance.models import Agreement
from maillage.programme import selectors
from maillage.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_the_demo_has_late_items_and_no_stale_ones(demo):
    territory = Territory.objects.get(slug="clichy-sous-bois")
    coordinator = demo.users["coordinator"]
    late = {a.code for a in selectors.late_actions(coordinator, territory)}
    assert {"1.2.1", "2.2.1"} <= late
    milestones = {m.title for m in selectors.late_milestones(coordinator, territory)}
    # One, relative to today: the others were reached in their time, or are to come.
    assert milestones == {"Bilan intermédiaire avec les partenaires"}
    assert governance.overdue_tasks(coordinator, territory).exists()
    assert governance.overdue_decisions(coordinator, territory).exists()
    to_review = list(governance.agreements_to_review(coordinator, territory))
    assert [a.kind for a in to_review] == [Agreement.Kind.CONVENTION]
    roadmap = Agreement.objects.get(territory=territory, kind=Agreement.Kind.ROADMAP)
    assert not roadmap.review_due and not roadmap.review_overdue
    # Nothing of the demo's open programme ends more than a year and a half from now.
    horizon = timezone.localdate() + datetime.timedelta(days=550)
    assert not territory.actions.filter(ends_on__gt=horizon).exists()
