"""Access rows for a convention's articles and its avenants.

- ``amendment[draft]``: a draft avenant to a partners' convention signed by
  ``org_member`` and ``org_other``; ``org_member`` is asked to sign it. Drafts are read by
  the coordination and the signatory organisations' people, not by every partner.
- ``amendment[signing]``: in signature, its one signatory has signed.
- ``amendment[signed]``: signed: read with its convention; nobody changes it.
"""

import datetime

from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import Agreement
from maillage.programme.models import Axis
from maillage.programme.services import create_axis
from tests.access.table import Url

OK_302 = frozenset({302})
TEXT = "Article 1 – Objet\nLa coopération.\n\nArticle 2 – Évaluation\nUne évaluation annuelle.\n"


def _agreement(world, title):  # type: ignore[no-untyped-def]
    agreement = services.create_agreement(
        actor=None,
        territory=world.territory,
        kind=Agreement.Kind.CONVENTION,
        title=title,
        visibility=Visibility.PARTNERS,
        signatories=[(world.org_member, ""), (world.org_other, "")],
    )
    services.set_articles(actor=None, agreement=agreement, articles=services.parse_articles(TEXT))
    return agreement


def _articled(world):  # type: ignore[no-untyped-def]
    return _agreement(world, "Convention en articles")


def _draft(world, title="Convention à amender"):  # type: ignore[no-untyped-def]
    amendment = services.create_amendment(
        actor=None, agreement=_agreement(world, title), title="Avenant n° 1"
    )
    services.set_article_change(
        actor=None,
        amendment=amendment,
        operation="modify",
        number=2,
        text="Une évaluation partagée.",
    )
    services.add_amendment_signatory(actor=None, amendment=amendment, organisation=world.org_member)
    if not Axis.objects.filter(territory=world.territory, number=7).exists():
        create_axis(
            actor=None,
            territory=world.territory,
            number=7,
            short_name="Enfance",
            title="Petite enfance",
        )
    return amendment


def _signing(world):  # type: ignore[no-untyped-def]
    amendment = _draft(world, "Convention en signature")
    amendment = services.submit_amendment(actor=None, amendment=amendment)
    signatory = amendment.signatories.get()
    services.record_signature(actor=None, signatory=signatory, signed_on=datetime.date(2026, 1, 5))
    return amendment


def _signed(world):  # type: ignore[no-untyped-def]
    amendment = _signing(world)
    return services.sign_amendment(actor=None, amendment=amendment)


SUBJECTS = {
    "agreement[articles]": _articled,
    "amendment[draft]": _draft,
    "amendment[signing]": _signing,
    "amendment[signed]": _signed,
}

# fmt: off
TABLE = {
    ("amendment[draft]", "view"):                 "N N Y Y Y Y N N Y",
    ("amendment[draft]", "change"):               "N N N N N Y N N Y",
    ("amendment[signing]", "view"):               "N N Y Y Y Y N N Y",
    ("amendment[signing]", "change"):             "N N N N N Y N N Y",
    ("amendment[signed]", "view"):                "N N Y Y Y Y Y N Y",
    ("amendment[signed]", "change"):              "N N N N N N N N N",
    ("agreement[articles]", "view"):              "N N Y Y Y Y Y N Y",
    ("agreement[articles]", "change"):            "N N N N N Y N N Y",
}
# fmt: on


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _am(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.agreement_id, "amendment_pk": obj.pk}


def _means(world, obj):  # type: ignore[no-untyped-def]
    axis = Axis.objects.get(territory=world.territory, number=7)
    return {"axis": axis.pk, "funder": world.org_member.pk, "year": 2026, "amount": "12000"}


URLS = {
    "governance:agreement_articles": Url("agreement[articles]", "view", kwargs=_pk),
    "governance:articles_edit": Url(
        "agreement[articles]",
        "change",
        kwargs=_pk,
        post=lambda w, o: {"text": TEXT + "Article 3 – Durée\nTrois ans."},
    ),
    "governance:amendment_create": Url(
        "agreement[articles]",
        "change",
        kwargs=_pk,
        post=lambda w, o: {"title": "Avenant n° 1", "preamble": ""},
    ),
    "governance:amendment": Url("amendment[draft]", "view", kwargs=_am),
    "governance:amendment_document": Url(
        "amendment[draft]", "view", kwargs=lambda w, o: {**_am(w, o), "fmt": "odt"}
    ),
    "governance:amendment_article": Url(
        "amendment[draft]",
        "change",
        kwargs=_am,
        method="post",
        data=lambda w, o: {
            "operation": "add",
            "number": 5,
            "title": "Moyens",
            "text": "Des moyens.",
        },
        ok=OK_302,
    ),
    "governance:amendment_means": Url(
        "amendment[draft]", "change", kwargs=_am, method="post", data=_means, ok=OK_302
    ),
    "governance:amendment_signatory": Url(
        "amendment[draft]",
        "change",
        kwargs=_am,
        method="post",
        data=lambda w, o: {"organisation": w.org_other.pk, "signed_by": "La Présidente"},
        ok=OK_302,
    ),
    "governance:amendment_resolution": Url(
        "amendment[draft]",
        "change",
        kwargs=_am,
        method="post",
        data=lambda w, o: {
            "organisation": w.org_member.pk,
            "reference": "DEL-1",
            "adopted_on": "2026-01-02",
        },
        ok=OK_302,
    ),
    "governance:amendment_submit": Url(
        "amendment[draft]", "change", kwargs=_am, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:amendment_signature": Url(
        "amendment[signing]",
        "change",
        kwargs=lambda w, o: {**_am(w, o), "signatory_pk": o.signatories.get().pk},
        method="post",
        data=lambda w, o: {"signed_on": "2026-01-06"},
        ok=OK_302,
    ),
    "governance:amendment_sign": Url(
        "amendment[signing]", "change", kwargs=_am, method="post", data=lambda w, o: {}, ok=OK_302
    ),
}


def _api_agreement(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "agreement_id": obj.pk}


def _api_amendment(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "agreement_id": obj.agreement_id, "amendment_id": obj.pk}


# The read API, under the pages' rules (docs/governance.md, "Articles and avenants").
URLS.update(
    {
        "api-v1:list_agreement_articles": Url(
            "agreement[articles]", "view", kwargs=_api_agreement, api=True
        ),
        "api-v1:list_amendments": Url(
            "agreement[articles]", "view", kwargs=_api_agreement, api=True
        ),
        "api-v1:get_amendment": Url("amendment[draft]", "view", kwargs=_api_amendment, api=True),
    }
)
