"""The HTML pages of a convention's articles and its avenants, walked as the coordination:
each form page answers 200, 400 with the form's errors when refused (nothing saved), or a
message and a redirect; the buttons of the avenant's life answer a redirect with the
service's message or its refusal."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from maillage.governance import services
from maillage.governance.models import Agreement, Amendment, ArticleChange
from maillage.programme.services import create_axis

pytestmark = pytest.mark.django_db

TEXT = "Article 1 – Objet\nLa coopération.\n\nArticle 2 – Évaluation\nUne évaluation annuelle.\n"


def _said(response) -> str:  # type: ignore[no-untyped-def]
    """The last message the answer left (the redirects are not followed, so the earlier
    ones are still queued)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def agreement(world):  # type: ignore[no-untyped-def]
    return services.create_agreement(
        actor=None,
        territory=world.territory,
        kind=Agreement.Kind.CONVENTION,
        title="Convention en articles",
        signatories=[(world.org_member, ""), (world.org_other, "")],
    )


@pytest.fixture
def coordinator(world, client_for):  # type: ignore[no-untyped-def]
    return client_for(world.users["coordinator"])


def _url(name: str, agreement: Agreement, *more: int) -> str:
    return reverse(f"governance:{name}", args=[agreement.territory.slug, agreement.pk, *more])


def test_articles_and_new_avenant_pages(agreement, coordinator) -> None:  # type: ignore[no-untyped-def]
    url = _url("articles_edit", agreement)
    page = coordinator.get(url)
    assert page.status_code == 200
    assert "Saisir les articles de « Convention en articles »" in page.content.decode()
    refused = coordinator.post(url, {"text": ""})
    assert refused.status_code == 400
    assert not agreement.article_versions.exists()
    saved = coordinator.post(url, {"text": TEXT})
    assert saved.status_code == 302
    assert saved["Location"] == _url("agreement_articles", agreement)
    assert _said(saved) == "Les articles de la convention sont enregistrés."
    assert agreement.article_versions.count() == 1

    url = _url("amendment_create", agreement)
    page = coordinator.get(url)
    assert page.status_code == 200
    assert "Nouvel avenant à « Convention en articles »" in page.content.decode()
    assert coordinator.post(url, {"title": ""}).status_code == 400
    assert not Amendment.objects.exists()
    created = coordinator.post(url, {"title": "Avenant n° 1", "preamble": ""})
    amendment = Amendment.objects.get()
    assert created.status_code == 302
    assert created["Location"] == amendment.get_absolute_url()
    assert _said(created) == "Le projet d’avenant est créé."


def test_avenant_forms_and_steps(world, agreement, coordinator) -> None:  # type: ignore[no-untyped-def]
    services.set_articles(actor=None, agreement=agreement, articles=services.parse_articles(TEXT))
    amendment = services.create_amendment(
        actor=None, agreement=agreement, title="Avenant n° 1", preamble=""
    )
    axis = create_axis(
        actor=None, territory=world.territory, number=1, short_name="Familles", title="Familles"
    )

    def url(name: str, *more: int) -> str:
        return _url(name, agreement, amendment.pk, *more)

    assert coordinator.get(url("amendment")).status_code == 200

    # A refused form: the avenant's page again, 400, the form's errors, nothing saved.
    refused = coordinator.post(url("amendment_article"), {"operation": "modify", "number": "0"})
    assert refused.status_code == 400
    assert refused.context["change_form"].errors
    # A refusal of the service lands on the form too.
    refused = coordinator.post(url("amendment_article"), {"operation": "modify", "number": "9"})
    assert refused.status_code == 400
    assert refused.context["change_form"].errors
    assert not ArticleChange.objects.exists()

    for name, data, message in (
        (
            "amendment_article",
            {"operation": "modify", "number": "2", "text": "Une évaluation partagée."},
            "La modification d’article est enregistrée.",
        ),
        (
            "amendment_means",
            {"axis": axis.pk, "funder": world.org_member.pk, "year": "2026", "amount": "100"},
            "La modification des moyens est enregistrée.",
        ),
        (
            "amendment_signatory",
            {"organisation": world.org_member.pk},
            "Le signataire est ajouté.",
        ),
        (
            "amendment_resolution",
            {
                "organisation": world.org_member.pk,
                "reference": "DEL-1",
                "adopted_on": "2026-03-01",
            },
            "La délibération est enregistrée.",
        ),
    ):
        saved = coordinator.post(url(name), data)
        assert saved.status_code == 302, (name, saved.status_code)
        assert saved["Location"] == amendment.get_absolute_url()
        assert _said(saved) == message

    refused = coordinator.post(url("amendment_means"), {"funder": world.org_member.pk})
    assert refused.status_code == 400
    assert refused.context["means_form"].errors

    # The steps: a refusal is said as an error, then the avenant goes to signature.
    early = coordinator.post(url("amendment_sign"))
    assert early.status_code == 302
    assert early["Location"] == amendment.get_absolute_url()
    assert _said(early) != "L’avenant est signé : les articles de la convention sont à jour."
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.DRAFT
    sent = coordinator.post(url("amendment_submit"))
    assert sent.status_code == 302
    assert _said(sent) == "L’avenant part en signature."
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.SIGNING

    signatory = amendment.signatories.get()
    assert coordinator.post(url("amendment_signature", signatory.pk), {}).status_code == 400
    signed = coordinator.post(url("amendment_signature", signatory.pk), {"signed_on": "2026-03-10"})
    assert signed.status_code == 302
    assert _said(signed) == f"La signature de {world.org_member} est enregistrée."
    done = coordinator.post(url("amendment_sign"))
    assert done.status_code == 302
    assert _said(done) == "L’avenant est signé : les articles de la convention sont à jour."
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.SIGNED
