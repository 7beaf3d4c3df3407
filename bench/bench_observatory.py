"""The observatory at national scale: the import of a national IRIS file in the INSEE
layout (about 49,000 rows × 100 columns, generated here) through the service, timed
against a raw PostgreSQL ``COPY`` of the same values into a table with the same indexes;
then the portrait, an indicator page (with the focus commune's IRIS from that file) and
the API's figures, against the trivial view.

The import's figures are printed while the data is built and written to
``bench/results/observatory-import-<scale>x.json``; the pages are in the usual table.
More commune-level datasets are added at 10× (the pages must read them in as many
queries)."""

from __future__ import annotations

import json
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.db import connection

from bench.harness import Context, Page
from maillage.core.roles import Visibility
from maillage.observatory import services
from maillage.observatory.catalogue import install_catalogue
from maillage.observatory.importing import insee_variable
from maillage.observatory.models import Dataset, DatasetVariable, ImportJob, Value

RESULTS = Path(__file__).resolve().parent / "results"
ROWS = 49_000
VALUE_COLUMNS = 97  # + IRIS, COM, LIBIRIS = 100 columns
# The catalogue's census variables first, so that its indicators have IRIS figures.
KNOWN = [
    "POP", "POP0014", "POP1529", "POP1564", "POP75P", "ACT1564", "CHOM1564", "PMEN",
    "MENPSEUL", "NSCOL15P", "NSCOL15P_DIPLMIN", "RP", "RP_HLMV", "RP_LOC", "LOG", "LOGVAC",
]  # fmt: skip


def _columns() -> list[str]:
    names = [f"P21_{c}" for c in KNOWN] + ["C21_MEN", "C21_FAM", "C21_FAMMONO"]
    n = 0
    while len(names) < VALUE_COLUMNS:
        names.append(f"P21_X{n:03d}")
        n += 1
    return names


def _iris_codes(ctx: Context) -> list[str]:
    """The department's IRIS first (so pages find their own), then invented ones."""
    codes = [
        f"{commune.insee_code}{n:04d}" for commune in ctx.department.communes for n in range(1, 21)
    ]
    taken = set(codes)
    dep = 1
    while len(codes) < ROWS:
        for commune in range(1, 400):
            for n in range(1, 11):
                code = f"{dep:02d}{commune:03d}{n:04d}"
                if code not in taken:
                    codes.append(code)
            if len(codes) >= ROWS:
                break
        dep += 1
    return codes[:ROWS]


def _write_file(path: Path, codes: list[str], rng: random.Random) -> list[tuple[str, list[str]]]:
    columns = _columns()
    rows: list[tuple[str, list[str]]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(["IRIS", "COM", "LIBIRIS", *columns]) + "\n")
        for code in codes:
            population = rng.randint(800, 5000)
            cells = []
            for index in range(VALUE_COLUMNS):
                if rng.random() < 0.01:
                    cells.append("s")
                elif index == 0:
                    cells.append(str(population))
                else:
                    cells.append(f"{rng.uniform(0, population / 3):.4f}".replace(".", ","))
            rows.append((code, cells))
            handle.write(";".join([code, code[:5], f"IRIS {code}", *cells]) + "\n")
    return rows


def _copy_text(path: Path, rows: list[tuple[str, list[str]]], period: int, dataset_id: int) -> None:
    """The same values in COPY's text format, as a raw loader would send them."""
    variables = [insee_variable(c, None)[0] for c in _columns()]
    with path.open("w", encoding="utf-8") as handle:
        for code, cells in rows:
            for variable, cell in zip(variables, cells, strict=True):
                if cell == "s":
                    handle.write(f"{dataset_id}\t{variable}\tiris\t{code}\t{period}\t\\N\ts\n")
                else:
                    value = cell.replace(",", ".")
                    handle.write(f"{dataset_id}\t{variable}\tiris\t{code}\t{period}\t{value}\t\n")


def _raw_copy(path: Path) -> float:
    """COPY into an ordinary (logged) table shaped as the values table: same columns,
    indexes, constraints and foreign key to the datasets."""
    table = Value._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "ALTER TABLE bench_copy ADD FOREIGN KEY (dataset_id) "
            f"REFERENCES {Dataset._meta.db_table} (id) DEFERRABLE INITIALLY DEFERRED"
        )
    started = time.perf_counter()
    with connection.cursor() as cursor, path.open("rb") as handle:
        columns = "dataset_id, variable, level, geo_code, period, value, missing"
        with cursor.cursor.copy(f"COPY bench_copy ({columns}) FROM STDIN") as copy:
            while chunk := handle.read(1024 * 1024):
                copy.write(chunk)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def _measure_import(ctx: Context) -> None:
    dept = ctx.department
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "base-ic-iris-2021.csv"
        rows = _write_file(source, _iris_codes(ctx), rng)
        copy_text = Path(folder) / "copy.txt"
        target = Dataset.objects.create(
            territory=dept.departement,
            producer=dept.county_wide,
            title="Cible du COPY brut",
            source="bench",
            vintage="2021",
            published=False,
        )
        _copy_text(copy_text, rows, 2021, target.pk)
        size = source.stat().st_size
        del rows
        copy_seconds = _raw_copy(copy_text)
        target.delete()
        started = time.perf_counter()
        job = services.import_file(
            actor=None,
            territory=dept.departement,
            producer=dept.county_wide,
            path=str(source),
            kind=ImportJob.Kind.INSEE,
            metadata={
                "title": "Base infracommunale IRIS 2021 — France entière",
                "source": "INSEE, recensement (fichier généré)",
                "vintage": "2021",
                "licence": "Licence Ouverte 2.0",
                "visibility": Visibility.PUBLIC,
                "restricted_to": [],
                "min_count": 5,
                "round_to_5": False,
                "period": None,
            },
        )
        service_seconds = time.perf_counter() - started
    if job.state != ImportJob.State.DONE:
        raise SystemExit(f"bench_observatory: the import failed: {job.errors[:3]}")
    result = {
        "rows": ROWS,
        "columns": VALUE_COLUMNS + 3,
        "values": job.dataset.value_count if job.dataset else 0,
        "file_megabytes": round(size / 1024 / 1024, 1),
        "service_seconds": round(service_seconds, 2),
        "raw_copy_seconds": round(copy_seconds, 2),
        "ratio": round(service_seconds / copy_seconds, 2),
    }
    print(
        f"[{ctx.scale}×] observatory import: {ROWS} rows × {VALUE_COLUMNS + 3} columns "
        f"({result['file_megabytes']} MB, {result['values']} values) in "
        f"{service_seconds:.1f} s through the service; raw COPY of the same values "
        f"{copy_seconds:.1f} s; ratio {result['ratio']}×",
        flush=True,
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"observatory-import-{ctx.scale}x.json").write_text(json.dumps(result, indent=2))


def _commune_datasets(ctx: Context) -> None:
    """Commune-level census and CAF datasets for the focus commune, its département and
    France, ``5 × scale`` of them (one per year), bulk-loaded."""
    dept = ctx.department
    places = [
        ("commune", dept.focus.insee_code),
        ("departement", dept.departement.insee_code),
        ("france", "FR"),
    ]
    for n in range(5 * ctx.scale):
        period = 2000 + n % 25
        dataset = Dataset.objects.create(
            territory=dept.focus if n % 2 else dept.departement,
            producer=dept.county_wide,
            title=f"Recensement {period} ({n})",
            source="INSEE",
            vintage=str(period),
            visibility=Visibility.PUBLIC,
            published=True,
        )
        variables = [
            "P_POP",
            "P_POP0014",
            "P_POP1529",
            "P_CHOM1564",
            "P_ACT1564",
            "TP60",
            "NBMENFISC",
            "CAF_RSA",
        ]
        ctx.bulk(
            DatasetVariable,
            [
                DatasetVariable(
                    dataset=dataset,
                    code=v,
                    is_count=v.startswith(("P_", "CAF")),
                    household_income=v == "TP60",
                )
                for v in variables
            ],
        )
        values = []
        for level, code in places:
            scale = {"commune": 1, "departement": 40, "france": 2000}[level]
            pop = 30000 * scale + ctx.rng.randint(0, 900)
            figures = [
                pop,
                pop // 4,
                pop // 4,
                pop // 20,
                pop // 2,
                Decimal("27.5"),
                pop // 3,
                ctx.rng.choice([3, 40, 200]),
            ]
            for variable, value in zip(variables, figures, strict=True):
                values.append(
                    Value(
                        dataset=dataset,
                        variable=variable,
                        level=level,
                        geo_code=code,
                        period=period,
                        value=value,
                    )
                )
        ctx.bulk(Value, values)


def build(ctx: Context) -> None:
    install_catalogue()
    _measure_import(ctx)
    _commune_datasets(ctx)


def pages(ctx: Context) -> list[Page]:
    slug = ctx.department.focus.slug
    base = f"/territoires/{slug}/observatoire/"
    return [
        Page("observatory portrait", base, ("anonymous", "partner")),
        Page(
            "indicator page (IRIS)",
            base + "indicateurs/part-moins-30-ans/",
            ("anonymous", "partner"),
        ),
        Page("indicator CSV", base + "indicateurs/foyers-rsa/export.csv", ("partner",)),
        Page("datasets", base + "donnees/", ("partner",)),
        Page(
            "API figures by IRIS",
            f"/api/v1/territories/{slug}/observatory/indicators/population/figures?level=iris",
            ("anonymous",),
        ),
    ]
