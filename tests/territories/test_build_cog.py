"""scripts/build_cog.py: the bundled COG regenerated from the npm package's data folder
(a miniature of it here), so that the next vintage is one command."""

import gzip
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_cog", ROOT / "scripts" / "build_cog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir(parents=True)
    (folder / "package.json").write_text(
        json.dumps({"name": "@etalab/decoupage-administratif", "version": "9.9.9"})
    )
    communes = [
        {
            "code": "93066",
            "nom": "Saint-Denis",
            "type": "commune-actuelle",
            "departement": "93",
            "population": 149077,
            "anciensCodes": ["93059", "75066"],
        },
        {"code": "93066", "nom": "Saint-Denis", "type": "commune-deleguee", "chefLieu": "93066"},
        {
            "code": "93059",
            "nom": "Pierrefitte-sur-Seine",
            "type": "commune-deleguee",
            "chefLieu": "93066",
            "departement": "93",
        },
        {
            "code": "75101",
            "nom": "Paris 1er",
            "type": "arrondissement-municipal",
            "commune": "75056",
        },
    ]
    (data / "communes.json").write_text(json.dumps(communes))
    (data / "epci.json").write_text(
        json.dumps(
            [
                {
                    "code": "200054781",
                    "nom": "Métropole du Grand Paris",
                    "membres": [{"code": "93066"}],
                }
            ]
        )
    )
    (data / "departements.json").write_text(
        json.dumps([{"code": "93", "nom": "Seine-Saint-Denis"}])
    )
    return folder


def test_the_script_rebuilds_the_file(tmp_path):
    script = _script()
    package = _package(tmp_path / "package")
    out = tmp_path / "out"
    out.mkdir()
    assert script.main([str(package), "--vintage", "2031", "--out", str(out)]) == 0
    built = out / "cog-2031.json.gz"
    table = json.loads(gzip.decompress(built.read_bytes()))
    assert table["vintage"] == 2031
    assert table["source"] == "@etalab/decoupage-administratif 9.9.9"
    assert table["communes"] == [["93066", "Saint-Denis", "93", "200054781", 149077]]
    assert table["former"] == [
        ["75066", "", "93066", "ancien"],
        ["75101", "Paris 1er", "75056", "arrondissement"],
        ["93059", "Pierrefitte-sur-Seine", "93066", "deleguee"],
    ]
    first = built.read_bytes()
    script.main([str(package), "--vintage", "2031", "--out", str(out)])
    assert built.read_bytes() == first  # the same package, the same bytes
