from itertools import count

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.observatory.models import Dataset, Value
from tests.observatory import builders
from tests.queries import assert_constant_queries

numbers = count(1)


def test_import_dataset_command(scene, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "base.csv"
    path.write_text(builders.INSEE_COMMUNES, encoding="utf-8")
    args = [
        scene.territory.slug,
        str(path),
        "--producer",
        str(scene.ville.pk),
        "--title",
        "RP",
        "--source",
        "INSEE",
        "--vintage",
        "2021",
    ]
    call_command("import_dataset", *args)
    assert Value.objects.filter(variable="P_POP", geo_code="93014").exists()
    path.write_text("CODGEO;P21_POP\n93014;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Ligne 2"):
        call_command("import_dataset", *args)
    assert Dataset.objects.count() == 1


def _grow(scene):  # type: ignore[no-untyped-def]
    def grow(times: int) -> None:
        for _ in range(times):
            n = next(numbers)
            text = f"IRIS;CAF_RSA;CAF_ALLOC\n930140101;{n + 10};{n + 100}\n930140102;3;{n}\n"
            builders.dataset(scene.territory, scene.caf, text, period=2000 + n)
            builders.dataset(
                scene.territory,
                scene.ville,
                builders.INSEE_COMMUNES.replace("P21", f"P{n % 90 + 10}"),
            )

    return grow


def test_portrait_queries_do_not_grow(scene, client_for):  # type: ignore[no-untyped-def]
    _grow(scene)(1)
    client = client_for(scene.ville_user)
    assert_constant_queries(
        client, reverse("observatory:portrait", args=[scene.territory.slug]), _grow(scene), factor=4
    )


def test_indicator_page_queries_do_not_grow(scene, client_for):  # type: ignore[no-untyped-def]
    _grow(scene)(1)
    client = client_for(scene.caf_user)
    for code in ("foyers-rsa", "part-moins-30-ans"):
        path = reverse("observatory:indicator", args=[scene.territory.slug, code])
        assert_constant_queries(client, path, _grow(scene), factor=4)


def test_datasets_page_queries_do_not_grow(scene, client_for):  # type: ignore[no-untyped-def]
    _grow(scene)(1)
    client = client_for(scene.caf_user)
    assert_constant_queries(
        client, reverse("observatory:datasets", args=[scene.territory.slug]), _grow(scene), factor=4
    )
