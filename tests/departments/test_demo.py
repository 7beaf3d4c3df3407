"""The departmental demo: three communes of Seine-Saint-Denis with what each shares, the
Département's PMI and service social engaged (and late) in them, figures for the map; and
loading twice changes nothing."""

from decimal import Decimal

from django.utils import timezone

from maillage.core import sharing
from maillage.departments.demo_data import INVENTED_NOTICE, SSD_COMMUNES
from maillage.governance.models import Agreement, Decision, FollowUpTask, Meeting
from maillage.observatory import selectors
from maillage.observatory.models import Dataset, Indicator, Value
from maillage.programme.models import Action, Axis, Objective
from maillage.territories.models import GeoUnit, Territory

CODES = {"clichy-sous-bois": "93014", "montfermeil": "93047", "coubron": "93015"}


def test_the_three_communes_share_what_the_demo_shows(demo):  # type: ignore[no-untyped-def]
    ssd = Territory.objects.get(slug="seine-saint-denis")
    communes = {t.slug: t for t in Territory.objects.filter(slug__in=CODES)}
    assert {t.insee_code for t in communes.values()} == set(CODES.values())
    assert all(t.parent_id == ssd.pk and t.kind == "commune" for t in communes.values())

    clichy, montfermeil, coubron = (communes[s] for s in CODES)
    assert sharing.detailed(clichy.department_sharing) == set(sharing.CAPABILITIES)
    assert sharing.detailed(montfermeil.department_sharing) == {"programme", "governance"}
    assert sharing.level_of(montfermeil, "observatory") == sharing.Level.AGGREGATES
    assert sharing.detailed(coubron.department_sharing) == set()
    assert all(
        sharing.level_of(coubron, c) == sharing.Level.AGGREGATES for c in sharing.CAPABILITIES
    )
    # Their PST is invented and says so first.
    for territory in (montfermeil, coubron):
        assert territory.description.startswith(INVENTED_NOTICE)


def test_each_commune_has_a_small_pst_with_the_departement_engaged(demo):  # type: ignore[no-untyped-def]
    pmi, social = demo.organisations["pmi"], demo.organisations["service-social"]
    for slug in ("montfermeil", "coubron"):
        territory = Territory.objects.get(slug=slug)
        assert 2 <= Axis.objects.filter(territory=territory).count() <= 3
        assert 3 <= Objective.objects.filter(axis__territory=territory).count() <= 5
        actions = Action.objects.filter(territory=territory)
        assert 6 <= actions.count() <= 10
        assert actions.values("status").distinct().count() >= 3
        for organisation in (pmi, social):
            engaged = actions.filter(pilots=organisation) | actions.filter(
                partner_links__organisation=organisation
            )
            assert engaged.exists(), (slug, organisation.name)
        assert Meeting.objects.filter(body__territory=territory, status="approved").exists()
        convention = Agreement.objects.get(territory=territory, kind="convention")
        signers = set(convention.signings.values_list("organisation__name", flat=True))
        assert demo.organisations["departement"].name in signers
        assert convention.review_on > timezone.localdate()
    for slug in ("montfermeil", "coubron"):
        coordinator = demo.users[f"coordinator-{slug}"]
        assert coordinator.memberships.filter(territory__slug=slug, role="coordinator").exists()
        assert any(a["email"] == coordinator.email for a in demo.accounts)


def test_the_pmi_has_overdue_tasks_in_at_least_two_communes(demo):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    for key in ("pmi", "service-social"):
        late = FollowUpTask.objects.overdue(today).filter(owner=demo.organisations[key])
        communes = set(late.values_list("territory__slug", flat=True))
        assert {"montfermeil", "coubron"} <= communes, key


def test_the_poverty_rate_has_values_for_the_communes(demo):  # type: ignore[no-untyped-def]
    poverty = Indicator.objects.get(code="taux-pauvrete")
    population = Indicator.objects.get(code="population")
    for slug, code in CODES.items():
        territory = Territory.objects.get(slug=slug)
        figures = selectors.figures(
            None, indicator=poverty, level="commune", geo_codes=[code], periods=[2020]
        )
        assert figures and figures[0].value is not None and figures[0].value > 0, slug
        people = selectors.figures(
            None, indicator=population, level="commune", geo_codes=[code], periods=[2020]
        )
        assert people[0].value > 1000, slug
        assert Dataset.objects.filter(territory=territory).exists()
    # Clichy keeps the observatory demo's own figures.
    clichy = selectors.figures(
        None, indicator=poverty, level="commune", geo_codes=["93014"], periods=[2020]
    )
    assert clichy[0].value == Decimal("40.2")
    # The département holds every one of its communes, for the comparison map.
    ssd = Territory.objects.get(slug="seine-saint-denis")
    codes = {code for code, *_rest in SSD_COMMUNES}
    assert len(codes) == 39
    held = set(
        Value.objects.filter(
            dataset__territory=ssd, variable="TP60", level="commune", period=2020
        ).values_list("geo_code", flat=True)
    )
    assert held == codes
    units = set(
        GeoUnit.objects.filter(territory=ssd, kind="commune").values_list("code", flat=True)
    )
    assert codes <= units
    # Labelled as demonstration data.
    for dataset in Dataset.objects.filter(
        title__contains="(démonstration)", values__level="commune"
    ):
        assert "démonstration" in dataset.source.lower()


def test_the_departement_agent_reads_what_each_commune_shares(demo):  # type: ignore[no-untyped-def]
    from maillage.core import access

    agent = demo.users["departement"]
    access.forget_actor(agent)
    for slug, fiches, decisions in (
        ("clichy-sous-bois", True, True),
        ("montfermeil", True, True),
        ("coubron", False, False),
    ):
        territory = Territory.objects.get(slug=slug)
        actions = access.visible(agent, Action.objects.filter(territory=territory))
        assert actions.exists() is fiches, slug
        tasks = access.visible(agent, Decision.objects.filter(territory=territory))
        assert tasks.exists() is decisions, slug


def test_montfermeil_takes_up_clichys_garderie_ephemere(demo):  # type: ignore[no-untyped-def]
    from maillage.programme.models import Action

    copy = Action.objects.get(territory__slug="montfermeil", inspired_by__action__code="2.2.1")
    assert copy.inspired_by.action.territory.slug == "clichy-sous-bois"
    assert copy.inspired_by_territory == "Clichy-sous-Bois"
    assert not copy.pilots.exists()
