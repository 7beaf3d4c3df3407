"""Access rows for the evaluation (campaigns, bilans, questionnaire, snapshots).

In the world's commune: an open 2025 campaign whose validated bilans are public, over
three fiches piloted by ``org_member`` with ``org_other`` as partner — one bilan in
draft (a partners-only fiche), one submitted, one validated (a public fiche) — and a
closed 2024 campaign with its snapshot.
"""

from maillage.core.roles import Visibility
from maillage.evaluation import services
from tests.access.table import Url
from tests.evaluation import builders

OK_302 = frozenset({302})


def _scene(world):  # type: ignore[no-untyped-def]
    if "evaluation" not in world.cache:
        t, pilot, partner = world.territory, world.org_member, world.org_other
        draft = builders.fiche(t, "9.1.1", pilot=pilot, partner=partner)
        sent = builders.fiche(t, "9.1.2", pilot=pilot, partner=partner)
        public = builders.fiche(
            t, "9.1.3", pilot=pilot, partner=partner, visibility=Visibility.PUBLIC
        )
        old = builders.campaign(t, [draft, sent], year=2024)
        builders.submitted(builders.bilan_of(old, draft))
        snapshot = services.close_collection(actor=None, campaign=old)
        camp = builders.campaign(t, [draft, sent, public], year=2025, bilans_public=True)
        builders.written(builders.bilan_of(camp, draft))
        builders.submitted(builders.bilan_of(camp, sent))
        validated = builders.submitted(builders.bilan_of(camp, public))
        services.validate_bilan(actor=None, bilan=validated)
        old.refresh_from_db()
        report = services.request_report(actor=None, snapshot=snapshot)
        services.render_report(edition_id=report.pk)
        report.refresh_from_db()
        world.cache["evaluation"] = {
            "campaign[open]": camp,
            "campaign[closed]": old,
            "bilan[draft]": builders.bilan_of(camp, draft),
            "bilan[submitted]": builders.bilan_of(camp, sent),
            "bilan[validated]": builders.bilan_of(camp, public),
            "snapshot": snapshot,
            "evaluation_report[ready]": report,
        }
    return world.cache["evaluation"]


def _subject(name):  # type: ignore[no-untyped-def]
    return lambda world: _scene(world)[name]


SUBJECTS = {
    name: _subject(name)
    for name in (
        "campaign[open]",
        "campaign[closed]",
        "bilan[draft]",
        "bilan[submitted]",
        "bilan[validated]",
        "snapshot",
        "evaluation_report[ready]",
    )
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "view_evaluation"):                 "N N Y Y Y Y Y N Y",
    ("territory", "manage_evaluation"):               "N N N N N Y N N Y",
    ("campaign[open]", "view"):                       "N N Y Y Y Y Y N Y",
    ("campaign[open]", "change"):                     "N N N N N Y N N Y",
    ("campaign[open]", "close"):                      "N N N N N Y N N Y",
    ("campaign[open]", "answer_questionnaire"):       "N N Y Y N N Y N N",
    ("campaign[closed]", "view"):                     "N N Y Y Y Y Y N Y",
    ("campaign[closed]", "change"):                   "N N N N N N N N N",
    ("campaign[closed]", "close"):                    "N N N N N N N N N",
    ("campaign[closed]", "answer_questionnaire"):     "N N N N N N N N N",
    ("bilan[draft]", "view"):                         "N N Y Y Y Y N N Y",
    ("bilan[draft]", "write"):                        "N N N Y N N N N N",
    ("bilan[draft]", "comment"):                      "N N Y N N N N N N",
    ("bilan[draft]", "validate"):                     "N N N N N N N N N",
    ("bilan[submitted]", "view"):                     "N N Y Y Y Y N N Y",
    ("bilan[submitted]", "write"):                    "N N N N N N N N N",
    ("bilan[submitted]", "comment"):                  "N N Y N N N N N N",
    ("bilan[submitted]", "validate"):                 "N N N N N Y N N Y",
    ("bilan[validated]", "view"):                     "Y Y Y Y Y Y Y Y Y",
    ("bilan[validated]", "write"):                    "N N N N N N N N N",
    ("bilan[validated]", "comment"):                  "N N Y N N N N N N",
    ("bilan[validated]", "validate"):                 "N N N N N N N N N",
    ("snapshot", "view"):                             "N N Y Y Y Y Y N Y",
    ("snapshot", "read_summary"):                     "Y Y Y Y Y Y Y Y Y",
    ("snapshot", "generate_report"):                  "N N N N N Y N N Y",
    ("evaluation_report[ready]", "view"):                        "N N Y Y Y Y Y N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _year(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "year": obj.year}


def _report_year(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "year": obj.snapshot.year}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _edit_campaign(world, obj):  # type: ignore[no-untyped-def]
    data = builders.campaign_form_data()
    del data["year"]
    data["actions"] = [str(pk) for pk in obj.actions.values_list("pk", flat=True)]
    return data


URLS = {
    "evaluation:home": Url("territory", "view_evaluation", kwargs=_t),
    "evaluation:partnership": Url("territory", "view_evaluation", kwargs=_t),
    "evaluation:campaign_create": Url(
        "territory",
        "manage_evaluation",
        kwargs=_t,
        post=lambda w, o: builders.campaign_form_data(2030),
        post_location=r"/evaluation/2030/$",
    ),
    "evaluation:campaign": Url("campaign[open]", "view", kwargs=_year),
    "evaluation:campaign_bilans": Url("campaign[open]", "view", kwargs=_year),
    "evaluation:campaign_edit": Url(
        "campaign[open]",
        "change",
        kwargs=_year,
        post=_edit_campaign,
        post_location=r"/evaluation/2025/$",
    ),
    "evaluation:campaign_close": Url(
        "campaign[open]", "close", kwargs=_year, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "evaluation:questionnaire": Url(
        "campaign[open]",
        "answer_questionnaire",
        kwargs=_year,
        post=lambda w, o: {
            "knowledge": "4",
            "trust": "3",
            "practices": "2",
            "to_change": "Se voir plus.",
        },
        post_location=r"/evaluation/2025/$",
    ),
    "evaluation:snapshot": Url("snapshot", "view", kwargs=_year),
    "evaluation:snapshot_json": Url("snapshot", "view", kwargs=_year),
    "evaluation:compare": Url("snapshot", "view", kwargs=_year),
    "evaluation:report_pdf": Url("evaluation_report[ready]", "view", kwargs=_report_year),
    "evaluation:report_docx": Url("evaluation_report[ready]", "view", kwargs=_report_year),
    "evaluation:report_odt": Url("evaluation_report[ready]", "view", kwargs=_report_year),
    "evaluation:report_generate": Url(
        "snapshot", "generate_report", kwargs=_year, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "evaluation:summary": Url("snapshot", "read_summary", kwargs=_year),
    "evaluation:summary_pdf": Url("snapshot", "read_summary", kwargs=_year),
    "evaluation:bilan": Url("bilan[draft]", "view", kwargs=_pk),
    "evaluation:bilan_diff": Url("bilan[draft]", "view", kwargs=_pk),
    "evaluation:bilan_edit": Url(
        "bilan[draft]",
        "write",
        kwargs=_pk,
        post=lambda w, o: builders.form_data(),
        post_location=r"/evaluation/bilans/\d+/$",
    ),
    "evaluation:bilan_submit": Url(
        "bilan[draft]", "write", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "evaluation:bilan_validate": Url(
        "bilan[submitted]", "validate", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "evaluation:bilan_return": Url(
        "bilan[submitted]",
        "validate",
        kwargs=_pk,
        post=lambda w, o: {"reason": "Compléter les publics touchés."},
        post_location=r"/evaluation/bilans/\d+/$",
    ),
    "evaluation:bilan_comment": Url(
        "bilan[submitted]",
        "comment",
        kwargs=_pk,
        post=lambda w, o: {"text": "Nous confirmons ce bilan.", "cosigned": "on"},
        post_location=r"/evaluation/bilans/\d+/$",
    ),
}


def _api(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _api_year(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "year": obj.year}


def _api_bilan(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "bilan_id": obj.pk}


URLS.update(
    {
        "api-v1:list_campaigns": Url("territory", "view", kwargs=_api, api=True),
        "api-v1:get_campaign": Url("campaign[open]", "view", kwargs=_api_year, api=True),
        "api-v1:list_bilans": Url("campaign[open]", "view", kwargs=_api_year, api=True),
        "api-v1:get_bilan": Url("bilan[draft]", "view", kwargs=_api_bilan, api=True),
        "api-v1:get_snapshot": Url("snapshot", "view", kwargs=_api_year, api=True),
    }
)
