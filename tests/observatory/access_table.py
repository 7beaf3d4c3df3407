"""Access rows for the observatory: the indicator catalogue, datasets (public, for the
partners, restricted to ``org_member`` by a data-sharing agreement, all produced by
``org_member``), uploads in progress (by the ``member`` actor), and the indicators an
action targets."""

from maillage.core.roles import Visibility
from maillage.observatory.catalogue import install_catalogue
from maillage.observatory.models import ImportJob, Indicator
from tests.access.table import Url
from tests.observatory import builders

IRIS = "IRIS;CAF_RSA\n990010101;3\n990010102;40\n"


def _indicator(world):  # type: ignore[no-untyped-def]
    install_catalogue()
    return Indicator.objects.get(code="foyers-rsa")


def _dataset(visibility, restricted=False):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return builders.dataset(
            world.territory,
            world.org_member,
            IRIS,
            visibility=visibility,
            restricted_to=[world.org_member.pk] if restricted else [],
        )

    return build


def _job(kind):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return builders.upload(
            world.territory,
            world.org_member,
            IRIS if kind == ImportJob.Kind.INSEE else "code;rsa\n990010101;3\n",
            kind=kind,
            actor=world.users["member"],
        )

    return build


SUBJECTS = {
    "indicator": _indicator,
    "dataset[public]": _dataset(Visibility.PUBLIC),
    "dataset[partners]": _dataset(Visibility.PARTNERS),
    "dataset[restricted]": _dataset(Visibility.RESTRICTED, restricted=True),
    "observatory_import": _job(ImportJob.Kind.INSEE),
    "observatory_import[partner]": _job(ImportJob.Kind.PARTNER),
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "import_dataset"):                "N N Y Y N Y Y N Y",
    ("indicator", "view"):                          "Y Y Y Y Y Y Y Y Y",
    ("dataset[public]", "view"):                    "Y Y Y Y Y Y Y Y Y",
    ("dataset[public]", "view_raw"):                "N N N Y N N N N N",
    ("dataset[public]", "delete"):                  "N N N Y N N N N Y",
    ("dataset[partners]", "view"):                  "N N Y Y Y Y Y N Y",
    ("dataset[partners]", "view_raw"):              "N N N Y N N N N N",
    ("dataset[restricted]", "view"):                "N N N Y N N N N Y",
    ("dataset[restricted]", "view_raw"):            "N N N Y N N N N N",
    ("dataset[restricted]", "delete"):              "N N N Y N N N N Y",
    ("observatory_import", "view"):                 "N N N Y N N N N Y",
    ("observatory_import", "apply"):                "N N N Y N N N N Y",
    ("observatory_import[partner]", "view"):        "N N N Y N N N N Y",
    ("observatory_import[partner]", "apply"):       "N N N Y N N N N Y",
}
# fmt: on

OK_302 = frozenset({302})


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _code(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "code": obj.code}


URLS = {
    "observatory:portrait": Url("territory", "view", kwargs=_t),
    "observatory:catalogue": Url("territory", "view", kwargs=_t),
    "observatory:indicator": Url("indicator", "view", kwargs=_code),
    "observatory:indicator_csv": Url("indicator", "view", kwargs=_code),
    "observatory:datasets": Url("territory", "view", kwargs=_t),
    "observatory:dataset": Url("dataset[restricted]", "view", kwargs=_pk),
    # The original file: figures before secrecy, for the producer only.
    "observatory:dataset_file": Url(
        "dataset[restricted]", "view_raw", kwargs=_pk, looks_up_first=True
    ),
    "observatory:dataset_delete": Url(
        "dataset[public]", "delete", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "observatory:import": Url("territory", "import_dataset", kwargs=_t),
    "observatory:import_mapping": Url("observatory_import[partner]", "apply", kwargs=_pk),
    "observatory:import_preview": Url("observatory_import", "view", kwargs=_pk),
    "observatory:import_file": Url("observatory_import", "view", kwargs=_pk),
    "observatory:import_status": Url("observatory_import", "view", kwargs=_pk),
    "observatory:action_indicators": Url("action[public]", "change", kwargs=_pk),
    "api-v1:observatory_indicators": Url("indicator", "view", api=True),
    "api-v1:observatory_datasets": Url(
        "territory", "view", kwargs=lambda w, o: {"slug": w.territory.slug}, api=True
    ),
    "api-v1:observatory_figures": Url(
        "indicator",
        "view",
        kwargs=lambda w, o: {"slug": w.territory.slug, "code": o.code},
        api=True,
    ),
}
