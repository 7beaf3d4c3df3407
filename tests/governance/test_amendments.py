"""A convention held as articles and an avenant: change set, word-level tracked changes
read back from the DOCX (w:ins/w:del), the ODT (text:tracked-changes) and the PDF, the
signature moving the articles to a new version while the old one is kept."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.governance import redline, services
from maillage.governance.models import Amendment, ArticleChange
from maillage.programme.models import MeansLine
from maillage.programme.services import create_action, create_axis

pytestmark = pytest.mark.django_db

CONVENTION = """Préambule : la Ville et le Département s’engagent.

Article 1 – Objet
La présente convention organise la coopération entre les signataires.

Article 2 – Évaluation
Une évaluation annuelle partenariale est conduite chaque année.

Article 3 – Durée
La convention est conclue pour trois ans.
"""


def _agreement(world):  # type: ignore[no-untyped-def]
    agreement = services.create_agreement(
        actor=None,
        territory=world.territory,
        signatories=[(world.org_member, "Le Maire"), (world.org_other, "")],
        kind="convention",
        title="Convention de coopération",
    )
    services.set_articles(
        actor=None, agreement=agreement, articles=services.parse_articles(CONVENTION)
    )
    return agreement


def _amendment(world):  # type: ignore[no-untyped-def]
    agreement = _agreement(world)
    amendment = services.create_amendment(
        actor=None, agreement=agreement, title="Avenant n° 1", preamble="Suite à la conférence."
    )
    services.set_article_change(
        actor=None,
        amendment=amendment,
        operation="modify",
        number=2,
        text="Une évaluation annuelle partagée est conduite avec les habitants chaque année.",
    )
    services.set_article_change(actor=None, amendment=amendment, operation="remove", number=3)
    services.set_article_change(
        actor=None,
        amendment=amendment,
        operation="add",
        number=4,
        title="Moyens",
        text="Les signataires mobilisent des moyens pour la petite enfance.",
    )
    return amendment


def test_parse_articles_splits_on_headings() -> None:
    articles = services.parse_articles(CONVENTION)
    assert [(n, t) for n, t, _ in articles] == [(1, "Objet"), (2, "Évaluation"), (3, "Durée")]
    assert articles[2][2] == "La convention est conclue pour trois ans."


def test_word_segments() -> None:
    segments = redline.word_segments(
        "une évaluation annuelle partenariale", "une évaluation annuelle partagée"
    )
    assert segments == [
        ("equal", "une évaluation annuelle "),
        ("delete", "partenariale"),
        ("insert", "partagée"),
    ]


def test_bad_changes_are_refused_in_french(world) -> None:  # type: ignore[no-untyped-def]
    amendment = _amendment(world)
    cases = [
        ({"operation": "modify", "number": 9, "text": "x"}, "number"),
        ({"operation": "add", "number": 1, "title": "T", "text": "x"}, "number"),
        ({"operation": "modify", "number": 1, "text": ""}, "text"),
        ({"operation": "add", "number": 7, "title": "", "text": "x"}, "title"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            services.set_article_change(actor=None, amendment=amendment, **kwargs)
        assert field in error.value.message_dict
    assert amendment.changes.count() == 3


def test_docx_has_real_tracked_changes(world) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.oxml.ns import qn

    data = redline.docx_bytes(_amendment(world))
    body = docx.Document(io.BytesIO(data)).element.body
    inserted = "".join(t.text for ins in body.iter(qn("w:ins")) for t in ins.iter(qn("w:t")))
    deleted = "".join(t.text for d in body.iter(qn("w:del")) for t in d.iter(qn("w:delText")))
    assert "partagée" in inserted and "habitants" in inserted
    assert "partenariale" in deleted and "trois ans" in deleted
    assert "petite enfance" in inserted
    # The unchanged words are plain runs.
    plain = "".join(t.text for t in body.iter(qn("w:t")))
    assert "Une évaluation annuelle" in plain


def test_odt_has_tracked_changes_and_is_a_valid_package(world) -> None:  # type: ignore[no-untyped-def]
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load
    from odf.text import ChangedRegion, Deletion, Insertion, P

    data = redline.odt_bytes(_amendment(world))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert names[0] == "mimetype"
        assert package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        manifest = package.read("META-INF/manifest.xml").decode()
        assert "content.xml" in manifest and "styles.xml" in manifest
    document = load(io.BytesIO(data))
    regions = {r.getAttrNS(TEXTNS, "id"): r for r in document.getElementsByType(ChangedRegion)}
    deleted = " ".join(
        teletype.extractText(r) for r in regions.values() if r.getElementsByType(Deletion)
    )
    assert "partenariale" in deleted and "trois ans" in deleted
    # Each insertion in the body is between a change-start and a change-end naming a
    # region that records an insertion.
    inserted = []
    for paragraph in document.text.getElementsByType(P):
        inside = None
        for node in paragraph.childNodes:
            qname = getattr(node, "qname", None)
            if qname == (TEXTNS, "change-start"):
                inside = node.getAttribute("changeid")
                assert regions[inside].getElementsByType(Insertion)
            elif qname == (TEXTNS, "change-end"):
                inside = None
            elif inside:
                inserted.append(teletype.extractText(node))
    assert "partagée" in " ".join(inserted) and "petite enfance" in " ".join(inserted)


def test_pdf_shows_the_changes(world) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(redline.pdf_bytes(_amendment(world)))).pages
    )
    for word in ("partenariale", "partagée", "habitants", "trois ans", "Article 4"):
        assert word in text


def test_signing_moves_the_articles_to_a_new_version(world) -> None:  # type: ignore[no-untyped-def]
    amendment = _amendment(world)
    axis = create_axis(
        actor=None,
        territory=world.territory,
        number=3,
        short_name="Familles",
        title="Petite enfance",
    )
    action = create_action(actor=None, territory=world.territory, title="Garderie éphémère")
    services.add_means_change(
        actor=None,
        amendment=amendment,
        funder=world.org_member,
        year=2026,
        amount=Decimal("15000"),
        axis=axis,
    )
    services.add_means_change(
        actor=None,
        amendment=amendment,
        funder=world.org_member,
        year=2026,
        amount=Decimal("5000"),
        action=action,
    )
    with pytest.raises(ValidationError, match="signent"):
        services.submit_amendment(actor=None, amendment=amendment)
    signatory = services.add_amendment_signatory(
        actor=None, amendment=amendment, organisation=world.org_member
    )
    services.add_resolution(
        actor=None,
        amendment=amendment,
        organisation=world.org_member,
        reference="DEL-2026-12",
        adopted_on=datetime.date(2026, 3, 1),
    )
    services.submit_amendment(actor=None, amendment=amendment)
    with pytest.raises(ValidationError, match="brouillon"):
        services.set_article_change(actor=None, amendment=amendment, operation="remove", number=1)
    with pytest.raises(ValidationError, match="pas encore signé"):
        services.sign_amendment(actor=None, amendment=amendment)
    services.record_signature(actor=None, signatory=signatory, signed_on=datetime.date(2026, 3, 10))
    services.sign_amendment(actor=None, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.SIGNED
    versions = list(amendment.agreement.article_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert [a.number for a in versions[0].articles.all()] == [1, 2, 3]
    assert [a.number for a in versions[1].articles.all()] == [1, 2, 4]
    assert "partagée" in versions[1].articles.get(number=2).text
    assert MeansLine.objects.get(action=action).amount == Decimal("5000")
    assert ArticleChange.objects.filter(amendment=amendment).count() == 3


def test_read_api_gives_the_articles_in_force_and_the_avenants(world, client_for) -> None:  # type: ignore[no-untyped-def]
    """The articles of the version in force, the avenants with their changes, signatories
    and resolutions; a draft avenant only for the coordination and the signatories."""
    amendment = _amendment(world)
    agreement = amendment.agreement
    services.add_amendment_signatory(
        actor=None, amendment=amendment, organisation=world.org_member, signed_by="Le Maire"
    )
    services.add_resolution(
        actor=None,
        amendment=amendment,
        organisation=world.org_member,
        reference="DEL-2026-12",
        adopted_on=datetime.date(2026, 3, 1),
    )
    base = f"/api/v1/territories/{world.territory.slug}/agreements/{agreement.pk}"
    coordinator = client_for(world.users["coordinator"])
    articles = coordinator.get(base + "/articles").json()
    assert articles["count"] == 3
    assert [a["number"] for a in articles["items"]] == [1, 2, 3]
    assert articles["items"][2]["title"] == "Durée"
    listed = coordinator.get(base + "/amendments").json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "draft"
    detail = coordinator.get(f"{base}/amendments/{amendment.pk}").json()
    assert detail["preamble"] == "Suite à la conférence." and detail["base_version"] == 1
    assert [(c["operation"], c["number"]) for c in detail["article_changes"]] == [
        ("modify", 2),
        ("remove", 3),
        ("add", 4),
    ]
    assert detail["signatories"] == [
        {
            "organisation": {"id": world.org_member.pk, "name": world.org_member.name},
            "signed_by": "Le Maire",
            "signed_on": None,
        }
    ]
    assert detail["resolutions"][0]["reference"] == "DEL-2026-12"
    # A draft is not read by someone outside the coordination and the signatories.
    outsider = client_for(world.users["departement"])
    assert outsider.get(f"{base}/amendments/{amendment.pk}").status_code == 404
    assert outsider.get(base + "/amendments").json()["count"] == 0
    # Once signed, the articles in force are the new version's.
    services.submit_amendment(actor=None, amendment=amendment)
    signatory = amendment.signatories.get()
    services.record_signature(actor=None, signatory=signatory, signed_on=datetime.date(2026, 3, 10))
    services.sign_amendment(actor=None, amendment=amendment)
    articles = coordinator.get(base + "/articles").json()
    assert [a["number"] for a in articles["items"]] == [1, 2, 4]
    assert "partagée" in articles["items"][1]["text"]
    assert coordinator.get(base + "/amendments/99999").status_code == 404
