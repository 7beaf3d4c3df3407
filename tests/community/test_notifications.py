"""Notifications: follows, the centre, immediate e-mails and digests grouped by object,
access re-checked at sending time, and the one-click unsubscribe without a session."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.community import digests
from maillage.community.models import DigestRun, Follow, Frequency, Notice, NotificationSettings
from maillage.community.selectors import notifications as selectors
from maillage.community.services import notifications as services
from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.governance import services as governance_services
from maillage.governance.models import BodyMembership, Meeting
from tests.community.library_builders import document
from tests.factories import member
from tests.governance.builders import body, meeting

pytestmark = pytest.mark.django_db


def _mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_a_person_removed_from_a_body_between_the_news_and_the_digest_hears_nothing(world):
    """The issue's must-show: access is asked again when the digest is sent."""
    territory = world.territory
    member_user, partner_user = world.user("member"), world.user("partner")
    private = body(
        territory,
        name="Groupe de travail confidentiel",
        members=[world.org_member, world.org_other],
        titulars={world.org_member.pk: member_user, world.org_other.pk: partner_user},
        visibility=Visibility.MEMBERS,
    )
    for user in (member_user, partner_user):
        services.follow(actor=user, territory=territory, kind="body", target=str(private.pk))
    held = meeting(private, title="Séance sur les situations", status=Meeting.Status.CONVENED)
    assert Notice.objects.filter(entry__object_id=str(held.pk), topic=f"body:{private.pk}").exists()
    # Both would hear of it now …
    assert selectors.notifications_for(member_user)
    # … then the member's organisation leaves the body, before the digest.
    membership = BodyMembership.objects.get(body=private, organisation=world.org_member)
    governance_services.end_member(
        actor=None, membership=membership, on=timezone.localdate() - datetime.timedelta(days=1)
    )
    mail.outbox.clear()
    run = digests.send_digests(Frequency.DAILY)
    assert _mails_to(member_user.email) == []
    [sent] = _mails_to(partner_user.email)
    assert "Séance sur les situations" in sent.body
    assert run.emails == 1
    assert run.people == 2
    # The centre agrees: what one may not see is not listed either.
    assert not selectors.notifications_for(member_user)


def test_a_partner_following_a_thematique_finds_the_document_in_the_daily_digest_grouped(world):
    partner = world.user("partner")
    services.follow(actor=partner, territory=world.territory, kind="thematique", target="famille")
    doc = document(
        world.territory,
        world.org_member,
        actor=world.user("member"),
        title="Guide des modes de garde",
        thematiques=["famille--garde-denfants"],
    )
    from maillage.community.services import library as library_services
    from tests.community.library_builders import upload
    from tests.community.samples import pdf_bytes

    library_services.add_version(
        actor=world.user("member"), document=doc, file=upload("v2.pdf", pdf_bytes("v2"))
    )
    mail.outbox.clear()
    digests.send_digests(Frequency.DAILY)
    [sent] = _mails_to(partner.email)
    # Grouped by object: the document once, with its two happenings.
    assert sent.body.count("Guide des modes de garde") == 1
    assert "Document ajouté à la bibliothèque" in sent.body
    assert "Nouvelle version d’un document" in sent.body
    html = sent.alternatives[0][0]
    assert doc.get_absolute_url() in html
    # A one-click unsubscribe: a signed link in the headers and the text.
    link = sent.extra_headers["List-Unsubscribe"].strip("<>")
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in sent.body
    # The next run starts where this one ended: nothing is sent twice.
    mail.outbox.clear()
    digests.send_digests(Frequency.DAILY)
    assert _mails_to(partner.email) == []
    assert DigestRun.objects.filter(frequency=Frequency.DAILY).count() == 2
    assert AuditEntry.objects.filter(action="notifications.digest").count() == 2


def test_one_does_not_hear_of_ones_own_changes_nor_of_other_territories(world):
    member_user = world.user("member")
    services.follow(actor=member_user, territory=world.territory, kind="territory", target="")
    document(world.territory, world.org_member, actor=member_user, visibility=Visibility.PUBLIC)
    foreign_member = member(world.foreign, Role.PARTNER, world.org_foreign)
    services.follow(
        actor=foreign_member, territory=world.foreign, kind="thematique", target="famille"
    )
    document(
        world.territory,
        world.org_member,
        actor=world.user("coordinator"),
        title="Pour la commune d’essai",
        thematiques=["famille"],
        visibility=Visibility.PUBLIC,
    )
    found = selectors.notifications_for(member_user)
    assert [o.title for o in found.objects] == ["Pour la commune d’essai"]
    assert not selectors.notifications_for(foreign_member)


def test_immediate_followers_get_one_e_mail_at_once(world, django_capture_on_commit_callbacks):
    partner = world.user("partner")
    services.set_frequency(actor=partner, frequency=Frequency.IMMEDIATE)
    services.follow(
        actor=partner,
        territory=world.territory,
        kind="organisation",
        target=str(world.org_member.pk),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document(world.territory, world.org_member, actor=world.user("member"), title="Étude flash")
    sent = _mails_to(partner.email)
    assert len(sent) == 1
    assert "Étude flash" in sent[0].subject
    # Immediate people are not in the daily digest.
    mail.outbox.clear()
    digests.send_digests(Frequency.DAILY)
    assert _mails_to(partner.email) == []


def test_immediate_e_mail_checks_access_when_sent(world, django_capture_on_commit_callbacks):
    resident = world.user("resident")
    services.set_frequency(actor=resident, frequency=Frequency.IMMEDIATE)
    services.follow(actor=resident, territory=world.territory, kind="territory", target="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document(
            world.territory,
            world.org_member,
            actor=world.user("member"),
            visibility=Visibility.PARTNERS,
        )
    assert _mails_to(resident.email) == []


def test_unsubscribe_works_without_a_session_and_is_audited(world, client):
    partner = world.user("partner")
    token = services.unsubscribe_token(partner)
    url = reverse("community:unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert partner.email in page.content.decode()
    assert not AuditEntry.objects.filter(
        action="notifications.unsubscribe"
    ).exists()  # GET writes nothing
    done = client.post(url)
    assert done.status_code == 200
    settings = NotificationSettings.objects.get(user=partner)
    assert settings.frequency == Frequency.NEVER
    entry = AuditEntry.objects.get(action="notifications.unsubscribe")
    assert entry.actor == partner
    assert entry.changes["via"] == [None, "link"]


def test_one_click_unsubscribe_from_the_mail_client(world):
    from django.test import Client

    partner = world.user("partner")
    client = Client(enforce_csrf_checks=True)
    url = reverse("community:unsubscribe", args=[services.unsubscribe_token(partner)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=partner).frequency == Frequency.NEVER
    assert AuditEntry.objects.get(action="notifications.unsubscribe").changes["via"] == [
        None,
        "one-click",
    ]
    # Unsubscribed people get no digest.
    services.follow(actor=partner, territory=world.territory, kind="territory", target="")
    document(world.territory, world.org_member, actor=world.user("member"))
    mail.outbox.clear()
    digests.send_digests(Frequency.DAILY)
    assert _mails_to(partner.email) == []


def test_a_forged_unsubscribe_token_changes_nothing(world, client):
    partner = world.user("partner")
    token = services.unsubscribe_token(partner)
    response = client.post(reverse("community:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert not NotificationSettings.objects.filter(frequency=Frequency.NEVER).exists()


def test_the_follow_page_the_centre_and_unfollowing(world, client_for):
    partner = world.user("partner")
    client = client_for(partner)
    url = reverse("community:follow", args=[world.territory.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "thematique", "target": "famille"})
    assert response.status_code == 302
    follow = Follow.objects.get(user=partner)
    assert follow.topic == "thematique:famille"
    refused = client.post(url, {"kind": "body", "target": "999999"})
    assert refused.status_code == 400
    assert "introuvable" in refused.content.decode()
    document(
        world.territory,
        world.org_member,
        actor=world.user("member"),
        title="Guide famille",
        thematiques=["famille"],
    )
    centre = client.get(reverse("community:notifications"))
    assert "Guide famille" in centre.content.decode()
    assert client.post(reverse("community:notifications_read")).status_code == 302
    assert selectors.unread_count(partner) == 0
    assert client.post(reverse("community:unfollow", args=[follow.pk])).status_code == 302
    assert not Follow.objects.filter(user=partner).exists()


def test_one_may_not_follow_a_hidden_body(world):
    private = body(
        world.territory, name="Cellule", members=[world.org_member], visibility=Visibility.MEMBERS
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.follow(
            actor=world.user("partner"),
            territory=world.territory,
            kind="body",
            target=str(private.pk),
        )


def test_the_digest_costs_a_bounded_number_of_queries_per_person(world):
    def people(count: int, start: int) -> None:
        for n in range(start, start + count):
            user = member(world.territory, Role.PARTNER, world.org_other, email=f"p{n}@essai.test")
            services.follow(
                actor=user, territory=world.territory, kind="thematique", target="famille"
            )
            services.follow(actor=user, territory=world.territory, kind="territory", target="")

    def run() -> int:
        DigestRun.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            digests.send_digests(Frequency.DAILY)
        return len(captured.captured_queries)

    for n in range(5):
        document(
            world.territory,
            world.org_member,
            actor=world.user("member"),
            title=f"Document {n}",
            thematiques=["famille"],
        )
    people(5, 0)
    five = run()
    people(5, 5)
    ten = run()
    per_person = (ten - five) / 5
    # The window's notices are read once and people by batches: five more people in
    # the same batch cost no query at all.
    assert per_person == 0, per_person
    assert five <= 14  # the run's own queries


def test_the_digest_batch_reads_what_each_person_would_read_alone(world):
    """``Window`` (the digest run's batched reading) agrees with ``notifications_for``
    person by person: the same objects, the same order, the same hidden ones left out."""
    territory = world.territory
    private = body(
        territory,
        name="Groupe restreint",
        members=[world.org_member],
        titulars={world.org_member.pk: world.user("member")},
        visibility=Visibility.MEMBERS,
    )
    people = [world.user(name) for name in ("member", "partner", "coordinator", "resident")]
    for user in people:
        services.follow(actor=user, territory=territory, kind="territory", target="")
        services.follow(actor=user, territory=territory, kind="thematique", target="famille")
    since = timezone.now() - datetime.timedelta(minutes=1)
    meeting(private, title="Séance restreinte", status=Meeting.Status.CONVENED)
    for n in range(3):
        document(
            territory,
            world.org_other,
            actor=world.user("coordinator"),
            title=f"Guide {n}",
            thematiques=["famille"],
        )
    until = timezone.now()
    alone = {
        user.pk: selectors.notifications_for(user, since=since, until=until, limit=2)
        for user in people
    }
    together = dict(selectors.Window(since, until).read(people, limit=2))
    assert set(together) == set(people)
    for user, found in together.items():
        mine = alone[user.pk]
        assert [(o.object_type, o.object_id, o.title, o.url) for o in found.objects] == [
            (o.object_type, o.object_id, o.title, o.url) for o in mine.objects
        ], user
        assert found.more == mine.more, user
    assert any(o.title == "Séance restreinte" for o in together[world.user("member")].objects) or (
        together[world.user("member")].more
    )
    assert all(o.title != "Séance restreinte" for o in together[world.user("resident")].objects)
