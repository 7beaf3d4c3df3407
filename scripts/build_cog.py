#!/usr/bin/env python3
"""Build the bundled COG file (maillage/territories/data/cog-<vintage>.json.gz) from the
data folder of the npm package @etalab/decoupage-administratif.

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python scripts/build_cog.py package/ [--vintage 2026]

The package's major version follows the COG vintage (6.0.0 is COG 2026); its README says
which. Next year: unpack the new version, run this script with its folder and vintage,
point ``maillage.territories.cog.VINTAGE`` at the new file, and commit both.

What the file holds (docs/departments.md, "Nouveau territoire"):

- ``communes``: the current communes, ``[code, name, département, EPCI SIREN,
  population]``;
- ``former``: the codes that no longer name a commune, ``[code, name, current code,
  kind]``: communes déléguées and associées (a merge), old codes kept by a current
  commune (``anciensCodes``: a renumbering or a merge), municipal arrondissements;
- ``departements`` and ``epci``: code → name.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "maillage" / "territories" / "data"


def build(package: Path, vintage: int) -> dict:
    data = package / "data" if (package / "data").is_dir() else package
    meta = {}
    manifest = package / "package.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((data / "epci.json").read_text(encoding="utf-8"))
    departements = json.loads((data / "departements.json").read_text(encoding="utf-8"))

    epci_of: dict[str, str] = {}
    for epci in epcis:
        for member in epci.get("membres", []):
            epci_of[member["code"]] = epci["code"]

    current = {}
    for row in communes:
        if row["type"] == "commune-actuelle":
            current[row["code"]] = [
                row["code"],
                row["nom"],
                row.get("departement", ""),
                epci_of.get(row["code"], ""),
                int(row.get("population") or 0),
            ]
    former: dict[str, list] = {}
    for row in communes:
        code = row["code"]
        if code in current:
            continue
        if row["type"] in ("commune-deleguee", "commune-associee") and row.get("chefLieu"):
            kind = "deleguee" if row["type"] == "commune-deleguee" else "associee"
            former[code] = [code, row["nom"], row["chefLieu"], kind]
        elif row["type"] == "arrondissement-municipal" and row.get("commune"):
            former[code] = [code, row["nom"], row["commune"], "arrondissement"]
    for row in communes:
        if row["type"] != "commune-actuelle":
            continue
        for old in row.get("anciensCodes") or []:
            if old not in current and old not in former:
                former[old] = [old, "", row["code"], "ancien"]
    return {
        "vintage": vintage,
        "source": f"{meta.get('name', '@etalab/decoupage-administratif')} "
        f"{meta.get('version', '')}".strip(),
        "departements": {d["code"]: d["nom"] for d in departements},
        "epci": {e["code"]: e["nom"] for e in epcis},
        "communes": sorted(current.values()),
        "former": sorted(former.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked npm package folder")
    parser.add_argument("--vintage", type=int, default=2026, help="the COG vintage (year)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    table = build(args.package, args.vintage)
    target = args.out / f"cog-{args.vintage}.json.gz"
    payload = json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0: the same package gives the same bytes, so a rebuild shows no diff.
    with (
        target.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out,
    ):
        out.write(payload)
    print(
        f"{target}: {len(table['communes'])} communes, {len(table['former'])} former codes, "
        f"{len(table['epci'])} EPCI, {len(table['departements'])} départements"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
