"""Progress arithmetic and the indicator chart."""

import datetime
import re
from decimal import Decimal

from maillage.programme import charts
from maillage.programme.progress import indicator_progress, mean, target_for_year

D = Decimal


def test_progress_up_down_and_edges():
    assert indicator_progress(direction="up", baseline=D(10), latest=D(30), target=D(50)) == D(
        "50.0"
    )
    assert indicator_progress(direction="down", baseline=D(40), latest=D(35), target=D(20)) == D(
        "25.0"
    )
    # Beyond the target, or worse than the start: kept between 0 and 100.
    assert indicator_progress(direction="up", baseline=D(10), latest=D(80), target=D(50)) == 100
    assert indicator_progress(direction="up", baseline=D(10), latest=D(5), target=D(50)) == 0
    # No start: "higher is better" starts from 0; "lower is better" cannot be measured.
    assert indicator_progress(direction="up", baseline=None, latest=D(25), target=D(100)) == 25
    assert indicator_progress(direction="down", baseline=None, latest=D(5), target=D(1)) is None
    # Nothing measured, or no target: no progress.
    assert indicator_progress(direction="up", baseline=D(0), latest=None, target=D(5)) is None
    assert indicator_progress(direction="up", baseline=D(0), latest=D(3), target=None) is None
    # A target equal to the start is reached or not.
    assert indicator_progress(direction="up", baseline=D(5), latest=D(5), target=D(5)) == 100
    assert indicator_progress(direction="down", baseline=D(5), latest=D(6), target=D(5)) == 0
    # A target going the wrong way has no meaningful progress.
    assert indicator_progress(direction="up", baseline=D(50), latest=D(40), target=D(30)) is None


def test_mean_and_target_in_force():
    assert mean([D(50), None, D(25)]) == D("37.5")
    assert mean([None]) is None
    targets = {2024: D(10), 2026: D(20)}
    assert target_for_year(targets, 2024) == 10
    assert target_for_year(targets, 2025) == 20
    assert target_for_year(targets, 2030) == 20
    assert target_for_year({}, 2024) is None


def test_chart_is_an_accessible_svg_with_every_point():
    svg = charts.render(
        chart_id="chart-7",
        name="Enfants accueillis",
        unit="enfants",
        measurements=[
            (datetime.date(2023, 12, 31), D(71)),
            (datetime.date(2024, 12, 31), D("102.5")),
        ],
        targets=[(2025, D(140))],
        baseline=(datetime.date(2022, 1, 1), D(0)),
    )
    assert svg.startswith('<svg class="maillage-chart" id="chart-7"')
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-7-title chart-7-desc"' in svg
    assert 'data-points="2"' in svg
    assert svg.count('class="chart-point"') == 2
    assert svg.count('class="chart-target"') == 1
    assert "<title>31/12/2024 : 102,5 enfants</title>" in svg
    assert "Cible 2025 : 140 enfants" in svg
    assert "le détail figure dans le tableau qui suit" in svg
    for year in ("2023", "2024", "2025"):
        assert re.search(rf">{year}</text>", svg)


def test_chart_escapes_names_and_handles_nothing():
    svg = charts.render(
        chart_id="c",
        name="<script>",
        unit="x",
        measurements=[(datetime.date(2024, 1, 1), D(3))],
        targets=[],
        baseline=None,
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    empty = charts.render(
        chart_id="c", name="Rien", unit="x", measurements=[], targets=[], baseline=None
    )
    assert "Aucune mesure" in empty
