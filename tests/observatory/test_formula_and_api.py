"""Formulas are arithmetic over variable codes, nothing else; the API pages and refuses bad
parameters in French."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.observatory import selectors
from maillage.observatory.catalogue import CATALOGUE
from maillage.observatory.figures import FigureStatus
from maillage.observatory.formula import FormulaError, Undefined, parse
from maillage.observatory.models import Indicator
from tests.observatory import builders


def test_formula_evaluates_in_decimal():  # type: ignore[no-untyped-def]
    formula = parse("(P_POP0014 + P_POP1529) / P_POP * 100")
    assert formula.variables == {"P_POP0014", "P_POP1529", "P_POP"}
    values = {"P_POP0014": Decimal(1), "P_POP1529": Decimal(2), "P_POP": Decimal(4)}
    assert formula.evaluate(values) == Decimal(75)
    assert parse("-A + 2.5").evaluate({"A": Decimal(1)}) == Decimal("1.5")
    with pytest.raises(Undefined):
        parse("A / B").evaluate({"A": Decimal(1), "B": Decimal(0)})


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "P_POP ** 2",
        "P_POP.real",
        "abs(P_POP)",
        "p_pop",
        "[1]",
        "P_POP if 1 else 2",
        "'text'",
        "True",
        "",
        "A % 2",
        "lambda: 1",
    ],
)
def test_formula_refuses_anything_else(text):  # type: ignore[no-untyped-def]
    with pytest.raises(FormulaError):
        parse(text)


def test_catalogue_formulas_are_valid(catalogue):  # type: ignore[no-untyped-def]
    assert Indicator.objects.count() == len(CATALOGUE) >= 25
    for indicator in Indicator.objects.all():
        indicator.full_clean()
    bad = Indicator(code="x", name="x", theme="income", formula="P_POP ** 2", levels=["nowhere"])
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert set(error.value.message_dict) >= {"formula", "levels"}


def test_division_by_zero_is_missing(scene):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, "CODGEO;P21_POP;P21_POP75P\n93014;0;0\n")
    share = Indicator.objects.get(code="part-75-ans-plus")
    (figure,) = selectors.figures(None, indicator=share, level="commune", geo_codes=["93014"])
    assert figure.status == FigureStatus.MISSING and figure.value is None


def test_api_catalogue_datasets_and_bad_parameters(scene, client_for):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    client = client_for(None)
    catalogue = client.get("/api/v1/observatory/indicators?page=1").json()
    assert catalogue["count"] == len(CATALOGUE)
    under_30 = next(i for i in catalogue["items"] if i["code"] == "part-moins-30-ans")
    assert under_30["variables"] == ["P_POP", "P_POP0014", "P_POP1529"]
    datasets = client.get(f"/api/v1/territories/{scene.territory.slug}/observatory/datasets").json()
    assert datasets["items"][0]["variables"][:2] == ["P_ACT1564", "P_CHOM1564"]
    base = f"/api/v1/territories/{scene.territory.slug}/observatory/indicators"
    figures = client.get(f"{base}/population/figures?level=commune&period=2021").json()
    assert figures["items"][0]["value"] == 29000.0
    assert client.get(f"{base}/population/figures?level=planete").status_code in (400, 422)
    assert client.get(f"{base}/inconnu/figures").status_code == 404
