"""Statistical secrecy as readers receive it: the one place is ``selectors.compute``."""

from decimal import Decimal

from maillage.core.roles import Visibility
from maillage.observatory import selectors
from maillage.observatory.figures import FigureStatus
from maillage.observatory.models import Indicator, Value
from tests.observatory import builders


def _by_code(figures):  # type: ignore[no-untyped-def]
    return {f.geo_code: f for f in figures}


def test_insee_file_with_secret_cells_stores_no_zero(scene):  # type: ignore[no-untyped-def]
    dataset = builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    cell = Value.objects.get(dataset=dataset, geo_code="93005", variable="P_POP0014")
    assert cell.value is None
    assert cell.missing == "s"
    assert not Value.objects.filter(dataset=dataset, value=0).exists()
    assert Value.objects.get(dataset=dataset, geo_code="93014", variable="P_POP").period == 2021


def test_rate_over_a_secret_value_is_secret(scene):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    under_30 = Indicator.objects.get(code="part-moins-30-ans")
    found = _by_code(
        selectors.figures(None, indicator=under_30, level="commune", geo_codes=["93014", "93005"])
    )
    assert found["93014"].status == FigureStatus.OK
    assert found["93014"].value is not None
    assert round(found["93014"].value, 1) == Decimal("50.0")
    assert found["93005"].status == FigureStatus.SECRET
    assert found["93005"].value is None
    assert found["93005"].display() == "Secret statistique"


def test_small_counts_are_secret_outside_the_producer(scene):  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        builders.IRIS_CAF,
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene.caf.pk, scene.ville.pk],
    )
    rsa = Indicator.objects.get(code="foyers-rsa")
    codes = ["930140101", "930140102", "930140103", "930140104"]
    outside = _by_code(
        selectors.figures(scene.ville_user, indicator=rsa, level="iris", geo_codes=codes)
    )
    assert outside["930140101"].status == FigureStatus.SECRET  # 3 < 5
    # Secondary suppression: the next smallest (25) is hidden so 3 cannot be recomputed.
    assert outside["930140103"].status == FigureStatus.SECRET
    assert outside["930140102"].value == Decimal("40")
    inside = _by_code(
        selectors.figures(scene.caf_user, indicator=rsa, level="iris", geo_codes=codes)
    )
    assert inside["930140101"].value == Decimal("3")
    assert inside["930140103"].value == Decimal("25")


def test_restricted_dataset_is_invisible_to_others(scene):  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        builders.IRIS_CAF,
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene.caf.pk],
    )
    rsa = Indicator.objects.get(code="foyers-rsa")
    for reader in (None, scene.ville_user, scene.coordinator):
        assert selectors.figures(reader, indicator=rsa, level="iris", geo_codes=["930140101"]) == []


def test_rounding_to_five(scene):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.caf, builders.IRIS_CAF, round_to_5=True)
    alloc = Indicator.objects.get(code="allocataires-caf")
    found = _by_code(
        selectors.figures(None, indicator=alloc, level="iris", geo_codes=["930140101"])
    )
    assert found["930140101"].value == Decimal("120")
    rsa = Indicator.objects.get(code="foyers-rsa")
    found = _by_code(
        selectors.figures(None, indicator=rsa, level="iris", geo_codes=["930140102", "930140104"])
    )
    assert found["930140102"].value == Decimal("40")
    assert found["930140104"].value == Decimal("60")


def test_household_income_rule(scene):  # type: ignore[no-untyped-def]
    text = "IRIS;NBMENFISC21;TP6021;MED21\n930140101;8;40,5;14000\n930140102;900;38,2;15200\n930140103;;30;16000\n"
    builders.dataset(scene.territory, scene.ville, text, source="INSEE, Filosofi")
    poverty = Indicator.objects.get(code="taux-pauvrete")
    found = _by_code(
        selectors.figures(
            None, indicator=poverty, level="iris", geo_codes=["930140101", "930140102", "930140103"]
        )
    )
    assert found["930140101"].status == FigureStatus.SECRET  # 8 households < 11
    assert found["930140102"].value == Decimal("38.2")
    assert found["930140103"].status == FigureStatus.SECRET  # household count unknown
    member = _by_code(
        selectors.figures(
            scene.ville_user, indicator=poverty, level="iris", geo_codes=["930140101"]
        )
    )
    assert member["930140101"].value == Decimal("40.5")
