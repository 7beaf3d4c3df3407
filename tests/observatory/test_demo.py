"""The demo observatory loads through the services, twice without change, and shows the
seeds' figures, with the CAF's restricted dataset kept from everyone else."""

from decimal import Decimal

from django.urls import reverse

from maillage.observatory import selectors
from maillage.observatory.models import ActionTarget, Dataset, Indicator


def _latest(user, clichy, code):  # type: ignore[no-untyped-def]
    figures = selectors.figures(
        user,
        indicator=Indicator.objects.get(code=code),
        level="commune",
        geo_codes=["93014"],
        periods=[2014],
    )
    return figures[0]


def test_demo_figures_match_the_seeds(demo):  # type: ignore[no-untyped-def]
    clichy = demo.territories["clichy-sous-bois"]
    assert 29000 <= _latest(None, clichy, "population").value <= 31000
    assert Decimal("49") <= _latest(None, clichy, "part-moins-30-ans").value <= Decimal("51")
    assert Decimal("24") <= _latest(None, clichy, "taux-chomage").value <= Decimal("26")
    assert _latest(None, clichy, "taux-pauvrete").value > 25
    places, rows, names = selectors.portrait(None, clichy)
    assert [names[p] for p in places] == ["Clichy-sous-Bois", "Seine-Saint-Denis", "France"]
    poverty = next(r for r in rows if r.indicator.code == "taux-pauvrete")
    assert all(f is not None and f.shown for f in poverty.figures)


def test_demo_links_a_fiche_to_its_target(demo):  # type: ignore[no-untyped-def]
    assert ActionTarget.objects.filter(
        action__code="2.1.1", indicator__code="taux-chomage"
    ).exists()


def test_demo_caf_dataset_is_restricted(demo, client_for):  # type: ignore[no-untyped-def]
    clichy = demo.territories["clichy-sous-bois"]
    caf_dataset = Dataset.objects.get(title__startswith="Allocataires par IRIS")
    assert list(caf_dataset.restricted_to.all()) == [demo.organisations["caf"]]
    aeeh = Indicator.objects.get(code="aeeh")
    codes = [f"93014010{i}" for i in range(1, 9)]
    caf = selectors.figures(demo.users["partner"], indicator=aeeh, level="iris", geo_codes=codes)
    assert any(f.value == 3 for f in caf)
    assert (
        selectors.figures(demo.users["coordinator"], indicator=aeeh, level="iris", geo_codes=codes)
        == []
    )
    for user in (None, demo.users["coordinator"], demo.users["partner"]):
        client = client_for(user)
        for name, args in (
            ("observatory:portrait", [clichy.slug]),
            ("observatory:indicator", [clichy.slug, "taux-pauvrete"]),
            ("observatory:indicator", [clichy.slug, "foyers-rsa"]),
            ("observatory:datasets", [clichy.slug]),
        ):
            assert client.get(reverse(name, args=args)).status_code == 200


def test_demo_iris_figures_agree_with_the_commune(demo):  # type: ignore[no-untyped-def]
    """Issue 11: the IRIS maps the indicator pages offer have figures, and they read around
    the commune's (the share aged 75+ was 8,3 % in every IRIS against 5,0 % for Clichy)."""
    clichy = demo.territories["clichy-sous-bois"]
    for code in ("part-75-ans-plus", "familles-monoparentales", "taux-pauvrete", "taille-menages"):
        indicator = Indicator.objects.get(code=code)
        assert "iris" in selectors.map_levels_with_data(None, clichy, indicator), code
        iris = selectors.territory_figures(None, clichy, indicator=indicator, level="iris")
        values = [f.value for f in iris if f.period == 2020 and f.value is not None]
        assert len(values) == 8, code
        assert len({round(v, 1) for v in values}) > 3, code
        commune = selectors.figures(
            None, indicator=indicator, level="commune", geo_codes=["93014"], periods=[2020]
        )[0].value
        assert commune is not None
        assert min(values) <= commune <= max(values), code
