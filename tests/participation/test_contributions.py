"""Contributions: pre-moderation, one support per person, the official answer, assisted
entry with origin and consent, and what the public pages show."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.participation import selectors, services
from maillage.participation.models import (
    DATA_INCLUSION,
    Category,
    Contribution,
    ModerationState,
    Origin,
    Status,
    Support,
)
from tests.conftest import login_verified
from tests.factories import OrganisationFactory, member
from tests.governance import builders as governance_builders
from tests.participation import builders
from tests.programme import factories as programme
from tests.queries import assert_constant_queries


def _url(place, name, **kwargs):  # type: ignore[no-untyped-def]
    return reverse(
        f"participation:{name}", kwargs={"territory_slug": place.territory.slug, **kwargs}
    )


def test_resident_categories_map_onto_data_inclusion():
    from data_inclusion.schema.v1 import Categorie

    values = {c.value for c in Categorie}
    assert set(DATA_INCLUSION.values()) <= values
    assert set(DATA_INCLUSION) == set(Category.values) - {Category.OTHER}


def test_nothing_is_public_before_moderation(place, client):
    made = builders.contribution(place.territory, place.resident, title="Besoin secret")
    assert made.moderation == ModerationState.PENDING
    home = client.get(_url(place, "home"))
    assert "Besoin secret" not in home.content.decode()
    assert "Pas encore de message publié" in home.content.decode()
    assert client.get(_url(place, "contribution", pk=made.pk)).status_code == 404
    assert "Besoin secret" not in client.get(_url(place, "done")).content.decode()
    # The author sees it, marked as waiting.
    login_verified(client, place.resident)
    page = client.get(_url(place, "contribution", pk=made.pk))
    assert page.status_code == 200
    assert "pas encore public" in page.content.decode()
    assert "Besoin secret" in client.get(_url(place, "mine")).content.decode()
    # Another resident does not.
    login_verified(client, place.resident2)
    assert client.get(_url(place, "contribution", pk=made.pk)).status_code == 404


def test_publish_then_it_is_listed(place, client):
    made = builders.contribution(place.territory, place.resident, title="Cours de français")
    services.moderate_contribution(
        actor=place.moderator, contribution=made, decision=ModerationState.PUBLISHED
    )
    page = client.get(_url(place, "home")).content.decode()
    assert "Cours de français" in page
    assert "1 message publié" in page


@pytest.mark.parametrize("state", [ModerationState.REFUSED, ModerationState.HIDDEN])
def test_refused_or_hidden_never_appear(place, client, state):
    made = builders.contribution(
        place.territory,
        place.resident,
        title="Message retiré",
        moderation=ModerationState.PUBLISHED,
        moderator=place.coordinator,
    )
    services.answer_contribution(
        actor=place.coordinator, contribution=made, status=Status.STUDYING, answer="On regarde."
    )
    services.moderate_contribution(
        actor=place.coordinator, contribution=made, decision=state, reason="offensive"
    )
    for name in ("home", "done"):
        assert "Message retiré" not in client.get(_url(place, name)).content.decode()
    assert client.get(_url(place, "contribution", pk=made.pk)).status_code == 404
    assert not selectors.public_contributions(place.coordinator, place.territory).exists()
    assert not selectors.done(place.coordinator, place.territory).exists()
    assert all(row["total"] == 0 for row in selectors.origin_counts(None, place.territory))


def test_refusal_reason_is_sent_to_the_author(place, django_capture_on_commit_callbacks):
    made = builders.contribution(place.territory, place.resident)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_contribution(
            actor=place.moderator,
            contribution=made,
            decision=ModerationState.REFUSED,
            reason="personal_data",
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["r1@test.test"]
    assert "informations personnelles" in mail.outbox[0].body


def test_refusal_needs_a_reason_from_the_list(place):
    made = builders.contribution(place.territory, place.resident)
    with pytest.raises(ValidationError):
        services.moderate_contribution(
            actor=place.coordinator, contribution=made, decision="refused", reason="because"
        )
    made.refresh_from_db()
    assert made.moderation == ModerationState.PENDING


def test_named_moderator_moderates_but_does_not_answer(place):
    made = builders.contribution(
        place.territory,
        place.resident,
        moderation=ModerationState.PUBLISHED,
        moderator=place.moderator,
    )
    with pytest.raises(PermissionDenied):
        services.answer_contribution(
            actor=place.moderator, contribution=made, status=Status.STUDYING, answer="Oui"
        )
    with pytest.raises(PermissionDenied):
        services.moderate_contribution(
            actor=place.resident2,
            contribution=made,
            decision=ModerationState.HIDDEN,
            reason="offensive",
        )


def test_one_support_per_resident(place, client):
    made = builders.contribution(
        place.territory,
        place.resident,
        moderation=ModerationState.PUBLISHED,
        moderator=place.coordinator,
    )
    services.support_contribution(actor=place.resident2, contribution=made)
    with pytest.raises(ValidationError):
        services.support_contribution(actor=place.resident2, contribution=made)
    made.refresh_from_db()
    assert made.supports_count == 1
    assert Support.objects.filter(contribution=made).count() == 1
    # The database itself refuses a second row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(contribution=made, user=place.resident2)
    # Through the page: the second press says so and counts nothing.
    login_verified(client, place.resident2)
    response = client.post(_url(place, "support", pk=made.pk), follow=True)
    assert "Vous soutenez déjà" in response.content.decode()
    made.refresh_from_db()
    assert made.supports_count == 1


def test_no_support_before_publication(place):
    made = builders.contribution(place.territory, place.resident)
    with pytest.raises(PermissionDenied):
        services.support_contribution(actor=place.resident2, contribution=made)


def test_official_answer_links_the_action_or_body(place, client):
    action = programme.action(place.territory, "2.1.1", title="Garderie éphémère")
    body = governance_builders.body(place.territory, name="Comité technique Famille")
    made = builders.contribution(
        place.territory,
        place.resident,
        moderation=ModerationState.PUBLISHED,
        moderator=place.coordinator,
    )
    with pytest.raises(ValidationError) as refused:
        services.answer_contribution(
            actor=place.coordinator, contribution=made, status=Status.INTEGRATED, answer="Oui"
        )
    assert "action" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.answer_contribution(
            actor=place.coordinator, contribution=made, status=Status.TRANSMITTED, answer="Oui"
        )
    assert "body" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.answer_contribution(
            actor=place.coordinator, contribution=made, status=Status.NOT_RETAINED, answer=""
        )
    assert "answer" in refused.value.message_dict
    services.answer_contribution(
        actor=place.coordinator,
        contribution=made,
        status=Status.INTEGRATED,
        answer="Une garderie ouvre le soir au centre social.",
        action=action,
        body=body,
    )
    page = client.get(_url(place, "done")).content.decode()
    assert "Une garderie ouvre le soir" in page
    # The action is for partners: the public reads a neutral text, never its code.
    assert "2.1.1" not in page
    assert "une fiche non visible" in page
    login_verified(client, place.coordinator)
    page = client.get(_url(place, "contribution", pk=made.pk)).content.decode()
    assert "2.1.1 — Garderie éphémère" in page


def test_answer_refuses_another_territorys_action(place):
    foreign_action = programme.action(place.other, "9.9.9")
    made = builders.contribution(
        place.territory,
        place.resident,
        moderation=ModerationState.PUBLISHED,
        moderator=place.coordinator,
    )
    with pytest.raises((ValidationError, PermissionDenied)):
        services.answer_contribution(
            actor=place.coordinator,
            contribution=made,
            status=Status.INTEGRATED,
            answer="Oui",
            action=foreign_action,
        )


def test_assisted_entry_carries_origin_and_consent(place, client):
    login_verified(client, place.pro)
    data = builders.form_data(title="Pas de médecin le samedi", origin="permanence")
    data["entered_for"] = str(place.centre.pk)
    refused = client.post(_url(place, "assist"), data)
    assert refused.status_code == 400
    assert "accord" in refused.content.decode()
    assert not Contribution.objects.exists()
    data["consent"] = "on"
    response = client.post(_url(place, "assist"), data)
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert made.origin == Origin.PERMANENCE
    assert made.entered_by == place.pro
    assert made.entered_for == place.centre
    assert made.consent_given_at is not None
    assert made.author is None
    assert made.moderation == ModerationState.PENDING
    assert AuditEntry.objects.filter(action="contribution.create").count() == 1


def test_residents_cannot_use_assisted_entry(place):
    with pytest.raises(PermissionDenied):
        services.create_contribution(
            actor=place.resident,
            territory=place.territory,
            kind="need",
            category="health",
            title="x",
            text="y",
            display_name="z",
            assisted=True,
            origin=Origin.PAPER,
            consent=True,
        )


def test_results_split_by_origin(place, client):
    builders.contribution(
        place.territory, place.resident, moderation="published", moderator=place.coordinator
    )
    builders.contribution(
        place.territory,
        place.pro,
        moderation="published",
        moderator=place.coordinator,
        assisted=True,
        origin=Origin.WORKSHOP,
        consent=True,
    )
    builders.contribution(place.territory, place.resident2)  # pending: not counted
    rows = {r["origin"]: r["total"] for r in selectors.origin_counts(None, place.territory)}
    assert rows == {"web": 1, "permanence": 0, "paper": 0, "workshop": 1, "walk": 0}
    page = client.get(_url(place, "done")).content.decode()
    assert "Atelier" in page
    # Kept for every reader until the next write, then counted again.
    builders.contribution(
        place.territory, place.resident2, moderation="published", moderator=place.coordinator
    )
    rows = {r["origin"]: r["total"] for r in selectors.origin_counts(None, place.territory)}
    assert rows == {"web": 2, "permanence": 0, "paper": 0, "workshop": 1, "walk": 0}


def test_bad_form_answers_400_and_saves_nothing(place, client):
    login_verified(client, place.resident)
    response = client.post(_url(place, "propose"), builders.form_data(title="", kind="x"))
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_propose_through_the_page(place, client):
    login_verified(client, place.resident)
    response = client.post(_url(place, "propose"), builders.form_data())
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert made.author == place.resident
    assert made.origin == Origin.WEB
    assert made.moderation == ModerationState.PENDING


def test_quartier_of_another_territory_is_refused(place):
    from tests.factories import GeoUnitFactory

    elsewhere = GeoUnitFactory(territory=place.other)
    with pytest.raises(ValidationError):
        builders.contribution(place.territory, place.resident, quartier=elsewhere)


def test_pages_query_counts_are_constant(place, client):
    # A public fiche and a public body: their links are drawn on every row.
    action = programme.action(place.territory, "2.1.1", title="Garderie", visibility="public")
    body = governance_builders.body(place.territory, name="Comité technique Famille")

    def grow(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            made = builders.contribution(
                place.territory,
                place.resident,
                title=f"Besoin {i}",
                moderation="published",
                moderator=place.coordinator,
            )
            services.answer_contribution(
                actor=place.coordinator,
                contribution=made,
                status=Status.INTEGRATED,
                answer="Repris",
                action=action,
                body=body,
            )
            services.support_contribution(actor=place.resident2, contribution=made)

    grow(1)
    login_verified(client, place.resident2)
    assert_constant_queries(client, _url(place, "home"), grow)
    assert_constant_queries(client, _url(place, "done"), grow)
    login_verified(client, place.coordinator)
    for i in range(2):
        builders.contribution(place.territory, place.resident, title=f"À relire {i}")
    assert_constant_queries(
        client,
        _url(place, "moderation_queue"),
        lambda n: [builders.contribution(place.territory, place.resident) for _ in range(n)],
    )


def test_answer_links_a_watch_signal_without_making_it_public(place, client):
    from tests.watch import builders as watch

    watch.cell(place.territory, members=[place.centre])
    signal = watch.signal(
        place.territory,
        author=place.pro,
        organisation=place.centre,
        title="Bailleur qui ne répare plus les ascenseurs",
    )
    elsewhere = OrganisationFactory(partner_of=[place.other])
    foreign = watch.signal(
        place.other,
        author=member(place.other, Role.PARTNER, elsewhere, email="pro-ailleurs@test.test"),
        organisation=elsewhere,
        title="Signal d’ailleurs",
    )
    made = builders.contribution(
        place.territory,
        place.resident,
        moderation=ModerationState.PUBLISHED,
        moderator=place.coordinator,
    )
    login_verified(client, place.coordinator)
    url = _url(place, "answer", pk=made.pk)
    form_page = client.get(url).content.decode()
    assert "Bailleur qui ne répare plus les ascenseurs" in form_page
    assert "Signal d’ailleurs" not in form_page
    refused = client.post(
        url, {"status": Status.TRANSMITTED, "answer": "Transmis.", "signal": foreign.pk}
    )
    assert refused.status_code == 400
    made.refresh_from_db()
    assert made.signal is None
    with pytest.raises(ValidationError):
        services.answer_contribution(
            actor=place.coordinator,
            contribution=made,
            status=Status.TRANSMITTED,
            answer="Transmis.",
            signal=foreign,
        )
    done = client.post(
        url,
        {
            "status": Status.TRANSMITTED,
            "answer": "Nous avons alerté les professionnels du quartier.",
            "signal": signal.pk,
        },
    )
    assert done.status_code == 302
    made.refresh_from_db()
    assert made.signal == signal and made.status == Status.TRANSMITTED
    client.logout()
    for page_url in (_url(place, "contribution", pk=made.pk), _url(place, "done")):
        page = client.get(page_url).content.decode()
        assert "Bailleur qui ne répare plus" not in page
    page = client.get(_url(place, "contribution", pk=made.pk)).content.decode()
    assert "Transmise à la cellule de veille." in page
    listed = client.get(f"/api/v1/territories/{place.territory.slug}/contributions").json()
    item = next(i for i in listed["items"] if i["id"] == made.pk)
    assert item["sent_to_watch"] is True
    assert "signal" not in item and "Bailleur" not in str(listed)


def test_public_lists_count_and_page_their_first_messages_only(place, client, monkeypatch):
    """Past LIST_CAP messages the lists say so and page no deeper (the count and the
    OFFSET do not grow with the territory); a filter narrows below the cap again."""
    monkeypatch.setattr("maillage.participation.views.contributions.LIST_CAP", 3)
    for i in range(4):
        made = builders.contribution(
            place.territory,
            place.resident,
            title=f"Message {i}",
            category="housing" if i == 0 else "childcare",
            moderation=ModerationState.PUBLISHED,
            moderator=place.coordinator,
        )
        services.answer_contribution(
            actor=place.coordinator, contribution=made, status=Status.STUDYING, answer="À l’étude"
        )
    home = client.get(_url(place, "home")).content.decode()
    assert "Plus de 3 messages publiés : les 3 plus récents sont listés" in home
    assert "Message 3" in home and "Message 0" not in home
    deep = client.get(_url(place, "home") + "?page=9999").content.decode()
    assert "Message 0" not in deep and "Message 1" in deep  # the last page within the cap
    narrowed = client.get(_url(place, "home") + "?sujet=housing").content.decode()
    assert "1 message publié" in narrowed and "Plus de" not in narrowed
    done = client.get(_url(place, "done")).content.decode()
    assert "Les 3 réponses les plus récentes sont listées." in done
    assert "Message 0" not in done
