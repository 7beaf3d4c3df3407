"""Access rows for essaimage (docs/programme.md, "Essaimage"): who reads a fiche
inspirante (everyone, or the PST network: partner-level people of any territory), who
copies it (the coordinators of another territory), who offers, changes and withdraws it
(those who edit the fiche), and every page and API endpoint of it."""

from maillage.core.roles import Visibility
from maillage.programme.models import Axis, InspiringModel, Objective
from maillage.programme.services import create_action, offer_as_model, withdraw_model
from tests.access.table import Url
from tests.programme.access_table import _objective

TEXTS = {
    "summary": "Une garderie ponctuelle dans les centres sociaux.",
    "resources": "Deux professionnelles de la petite enfance et une salle.",
    "contacts": "Direction de la petite enfance.",
    "results": "137 enfants accueillis en 2025.",
}


def _model(audience: str, withdrawn: bool = False):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        action = create_action(
            actor=None,
            territory=world.territory,
            title=f"Garderie ({audience})",
            code=f"G-{audience}{'-w' if withdrawn else ''}",
            objective=_objective(world),
            visibility=Visibility.PARTNERS,
            pilots=[world.org_member],
        )
        model = offer_as_model(world.users["admin"], action, **TEXTS, visibility=audience)
        if withdrawn:
            withdraw_model(world.users["admin"], model)
            model.refresh_from_db()
        return model

    return build


def _foreign_objective(world):  # type: ignore[no-untyped-def]
    """An objective of the foreign commune, where its coordinator puts the copy."""
    axis = Axis.objects.get_or_create(
        territory=world.foreign, number=1, defaults={"short_name": "Familles", "title": "Familles"}
    )[0]
    return Objective.objects.get_or_create(axis=axis, code="1.1", defaults={"title": "Garde"})[0]


SUBJECTS = {
    "inspiring_model[public]": _model(InspiringModel.Audience.PUBLIC),
    "inspiring_model[partners]": _model(InspiringModel.Audience.PARTNERS),
    "inspiring_model[withdrawn]": _model(InspiringModel.Audience.PUBLIC, withdrawn=True),
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("action[public]", "offer_model"):            "N N N Y N Y N N Y",
    ("action[partners]", "offer_model"):          "N N N Y N Y N N Y",
    ("action[members]", "offer_model"):           "N N N Y N Y N N Y",
    ("action[members,partner]", "offer_model"):   "N N N Y N Y N N Y",
    ("action[full]", "offer_model"):              "N N N Y N Y N N Y",
    ("action[restricted]", "offer_model"):        "N N N N N N N N N",
    ("inspiring_model[public]", "view"):          "Y Y Y Y Y Y Y Y Y",
    ("inspiring_model[public]", "copy"):          "N N N N N N N Y Y",
    ("inspiring_model[public]", "change"):        "N N N Y N Y N N Y",
    ("inspiring_model[public]", "withdraw"):      "N N N Y N Y N N Y",
    ("inspiring_model[partners]", "view"):        "N N Y Y Y Y Y Y Y",
    ("inspiring_model[partners]", "copy"):        "N N N N N N N Y Y",
    ("inspiring_model[partners]", "change"):      "N N N Y N Y N N Y",
    ("inspiring_model[partners]", "withdraw"):    "N N N Y N Y N N Y",
    ("inspiring_model[withdrawn]", "view"):       "N N N Y N Y N N Y",
    ("inspiring_model[withdrawn]", "copy"):       "N N N N N N N N N",
    ("inspiring_model[withdrawn]", "change"):     "N N N N N N N N N",
    ("inspiring_model[withdrawn]", "withdraw"):   "N N N N N N N N N",
}
# fmt: on

REDIRECT = frozenset({302})
JSON = "application/json"


def _action_pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _model_pk(world, obj):  # type: ignore[no-untyped-def]
    return {"pk": obj.pk}


def _copy_post(world, obj):  # type: ignore[no-untyped-def]
    return {"objective": _foreign_objective(world).pk}


URLS: dict = {
    "programme:inspiring_models": Url("platform", "view"),
    "programme:inspiring_model": Url("inspiring_model[partners]", "view", kwargs=_model_pk),
    "programme:inspiring_model_copy": Url(
        "inspiring_model[public]",
        "copy",
        kwargs=_model_pk,
        post=_copy_post,
        post_location=r"^/territoires/commune-etrangere/actions/\d+/$",
    ),
    "programme:inspiring_model_withdraw": Url(
        "inspiring_model[partners]", "withdraw", kwargs=_model_pk, method="post", ok=REDIRECT
    ),
    "programme:action_offer": Url(
        "action[partners]",
        "offer_model",
        kwargs=_action_pk,
        post=lambda w, o: {**TEXTS, "visibility": "public"},
        post_location=r"^/territoires/commune-essai/actions/\d+/#inspiring$",
    ),
    "api-v1:programme_list_inspiring_models": Url("platform", "view", api=True),
    "api-v1:programme_get_inspiring_model": Url(
        "inspiring_model[partners]",
        "view",
        kwargs=lambda w, o: {"model_id": o.pk},
        api=True,
    ),
    "api-v1:programme_offer_inspiring_model": Url(
        "action[partners]",
        "offer_model",
        kwargs=lambda w, o: {"slug": w.territory.slug, "action_id": o.pk},
        api=True,
        method="post",
        data=lambda w, o: {**TEXTS, "visibility": "partners"},
        content_type=JSON,
    ),
    "api-v1:programme_copy_inspiring_model": Url(
        "inspiring_model[public]",
        "copy",
        kwargs=lambda w, o: {"model_id": o.pk},
        api=True,
        method="post",
        data=lambda w, o: {"objective_id": _foreign_objective(w).pk},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:programme_withdraw_inspiring_model": Url(
        "inspiring_model[partners]",
        "withdraw",
        kwargs=lambda w, o: {"model_id": o.pk},
        api=True,
        method="post",
        content_type=JSON,
        ok=frozenset({204}),
    ),
}
