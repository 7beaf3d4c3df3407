"""The server-side choropleth: projection, classes, secret and missing areas, accessibility,
and never a secret value in the drawing."""

import random
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from maillage.observatory.figures import Figure, FigureStatus
from maillage.observatory.svgmap import (
    PALETTES,
    Area,
    as_displayed,
    class_of,
    classify,
    fit,
    path_data,
    quantile_breaks,
    render_choropleth,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg))  # noqa: S314 - the SVG is our own output


def square(west: float, south: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [west, south],
                [west + size, south],
                [west + size, south + size],
                [west, south + size],
                [west, south],
            ]
        ],
    }


def figure(code: str, value: str | None, status: str = FigureStatus.OK, period: int = 2021):
    reasons = {FigureStatus.SECRET: "Secret statistique", FigureStatus.MISSING: "Non diffusé"}
    return Figure(
        indicator_code="taux_pauvrete",
        level="iris",
        geo_code=code,
        geo_name=f"IRIS {code}",
        period=period,
        value=Decimal(value) if value is not None else None,
        status=status,
        reason=reasons.get(status, ""),
        source="INSEE, Filosofi",
        vintage="2021",
        unit="%",
    )


AREAS = [
    Area("930140101", "Le Chêne Pointu", square(2.54, 48.90)),
    Area("930140102", "Les Bosquets", square(2.55, 48.90)),
    Area("930140103", "Centre", square(2.54, 48.91)),
    Area("930140104", "La Lorette", square(2.55, 48.91)),
    Area("930140105", "Sans contour", None),
]


def test_quantile_breaks_split_values_evenly_and_never_repeat():
    values = [Decimal(v) for v in range(1, 11)]
    assert quantile_breaks(values, 5) == [Decimal(v) for v in (2, 4, 6, 8, 10)]
    assert quantile_breaks([Decimal(3), Decimal(3), Decimal(7)], 5) == [Decimal(3), Decimal(7)]
    assert quantile_breaks([], 5) == []
    skewed = [Decimal(1)] * 8 + [Decimal(5), Decimal(9)]
    breaks = quantile_breaks(skewed, 4)
    assert breaks == sorted(set(breaks)) and breaks[-1] == Decimal(9)


def test_classes_use_the_colour_blind_safe_palette_and_french_labels():
    classes = classify([Decimal(v) for v in range(1, 11)], count=5, unit="%", decimals=1)
    assert [c.colour for c in classes] == PALETTES[5]
    assert classes[0].label == "de 1,0\u202f% à 2,0\u202f%"
    assert classes[1].label == "plus de 2,0\u202f% à 4,0\u202f%"


def test_projection_keeps_shapes_square_at_the_latitude_of_paris():
    projection, width, height = fit([AREAS[0]], width=400, max_height=400, margin=0)
    # A square of 0.01° is cos(48.9°) ≈ 0.66 times as wide as it is tall once projected.
    assert round(width / height, 2) == 0.66
    x0, y0 = projection(2.54, 48.91)
    assert (round(x0), round(y0)) == (0, 0)


def test_path_simplification_drops_points_that_round_to_the_same_pixel():
    projection, _w, _h = fit([AREAS[0]], width=100, max_height=100, margin=0)
    geometry = square(2.54, 48.90)
    ring = geometry["coordinates"][0]
    ring.insert(1, [2.5400000001, 48.90])
    assert path_data(geometry, projection).count("L") == 4


def test_map_colours_areas_hatches_secret_and_greys_missing():
    figures = [
        figure("930140101", "12.5"),
        figure("930140102", "30.1"),
        figure("930140103", None, FigureStatus.SECRET),
    ]
    result = render_choropleth(areas=AREAS, figures=figures, title="Taux de pauvreté, 2021")
    root = parse(result.svg)
    # A group of focusable areas (an img's children would be hidden from assistive tools).
    assert root.get("role") == "group"
    labelled = root.get("aria-labelledby").split()
    assert [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")] == labelled
    paths = {p.get("data-code"): p for p in root.iter(f"{SVG}path")}
    assert set(paths) == {"930140101", "930140102", "930140103", "930140104"}
    assert paths["930140101"].get("fill") != paths["930140102"].get("fill")
    assert paths["930140103"].get("fill") == "url(#carte-secret)"
    assert paths["930140104"].get("fill") == "#d9d9d9"
    assert paths["930140101"].find(f"{SVG}title").text == "Le Chêne Pointu : 12,5\u202f%"
    assert paths["930140103"].find(f"{SVG}title").text == "Centre : Secret statistique"
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "Secret statistique" in legend and "Non disponible" in legend
    assert result.undrawn == ["Sans contour"]
    assert [r.text for r in result.rows][:3] == ["12,5\u202f%", "30,1\u202f%", "Secret statistique"]
    assert result.sources == ["INSEE, Filosofi, 2021"]


def test_a_secret_figure_leaves_no_number_in_the_map():
    secret = figure("930140101", None, FigureStatus.SECRET)
    result = render_choropleth(areas=AREAS[:1], figures=[secret], title="Allocataires CAF")
    texts = " ".join((t.text or "") for t in parse(result.svg).iter() if t.text)
    assert not re.search(r"\d", texts)
    assert result.classes == []


def test_the_latest_period_of_each_area_is_drawn():
    figures = [figure("930140101", "10", period=2019), figure("930140101", "20", period=2021)]
    result = render_choropleth(areas=AREAS[:1], figures=figures, title="T")
    assert result.rows[0].text == "20,0\u202f%"


def test_texts_are_escaped():
    areas = [Area("1", "<script>alert(1)</script>", square(2.5, 48.9))]
    result = render_choropleth(areas=areas, figures=[], title="A & B")
    assert "<script>" not in str(result.svg)
    assert "A &amp; B" in str(result.svg)


def test_no_contour_at_all_still_gives_a_legend_and_a_table():
    result = render_choropleth(areas=[AREAS[4]], figures=[figure("930140105", "3")], title="T")
    assert "<path" not in str(result.svg)
    assert result.rows[0].drawn is False
    parse(result.svg)


def test_equal_displayed_values_share_one_class():
    """8,27 %, 8,31 % and 8,34 % all read "8,3 %": one class, one colour, one label."""
    values = [Decimal("8.27"), Decimal("8.31"), Decimal("8.34"), Decimal("8.3")]
    classes = classify(values, count=5, unit="%", decimals=1)
    assert len(classes) == 1
    assert classes[0].label == "8,3\u202f%"
    figures = [figure(f"93014010{i}", str(v)) for i, v in enumerate(values, 1)]
    result = render_choropleth(areas=AREAS[:4], figures=figures, title="Part des 75 ans et plus")
    fills = {p.get("fill") for p in parse(result.svg).iter(f"{SVG}path")}
    assert len(fills) == 1
    assert {row.class_label for row in result.rows} == {"8,3\u202f%"}


def test_all_equal_values_give_one_class():
    classes = classify([Decimal("5")] * 8, count=5, unit="%", decimals=1)
    assert [c.label for c in classes] == ["5,0\u202f%"]


@pytest.mark.parametrize("seed", range(40))
def test_a_legend_never_shows_an_empty_range(seed):
    """Whatever the values, no label reads "de X à X" or "plus de X à X" with the same X,
    and the classes' bounds as displayed strictly increase."""
    generator = random.Random(seed)
    decimals = generator.choice([0, 1, 2])
    centre = generator.uniform(0, 50)
    spread = generator.choice([0.001, 0.04, 0.5, 10])
    values = [
        Decimal(str(round(centre + generator.uniform(-spread, spread), 4)))
        for _ in range(generator.randint(1, 30))
    ]
    classes = classify(values, count=5, unit="%", decimals=decimals)
    assert classes
    for legend_class in classes:
        match = re.fullmatch(r"(?:plus de|de) (.+) à (.+)", legend_class.label)
        if match:
            assert match.group(1) != match.group(2), legend_class.label
    uppers = [c.upper for c in classes]
    assert uppers == sorted(set(uppers))
    displayed = {as_displayed(v, decimals) for v in values}
    assert len(classes) <= len(displayed)
    # Every value falls in the class whose label covers its displayed value.
    for value in values:
        chosen = class_of(value, classes, decimals)
        assert chosen is not None
        assert chosen.lower <= as_displayed(value, decimals) <= chosen.upper


def test_areas_are_focusable_and_named_for_the_keyboard():
    result = render_choropleth(
        areas=AREAS[:2], figures=[figure("930140101", "12.5")], title="Taux de pauvreté"
    )
    root = parse(result.svg)
    paths = {p.get("data-code"): p for p in root.iter(f"{SVG}path")}
    area = paths["930140101"]
    assert area.get("tabindex") == "0"
    assert area.get("role") == "img"
    assert area.get("aria-label") == "Le Chêne Pointu : 12,5\u202f%"
    assert area.get("data-label") == "Le Chêne Pointu"
    assert float(area.get("data-label-x")) > 0 and float(area.get("data-label-y")) > 0
    assert root.find(f"{SVG}text[@class='maillage-map__label']") is not None
    assert [row.name for row in result.rows] == ["Le Chêne Pointu", "Les Bosquets"]


def test_reserved_areas_say_so_instead_of_not_available():
    result = render_choropleth(
        areas=AREAS[:2],
        figures=[figure("930140101", "12.5")],
        title="T",
        reserved_codes={"930140102"},
    )
    assert [row.text for row in result.rows] == ["12,5\u202f%", "Réservé aux partenaires"]
    assert result.has_reserved and not result.has_missing
    legend = [t.text for t in parse(result.svg).iter(f"{SVG}text")]
    assert "Réservé aux partenaires" in legend and "Non disponible" not in legend
