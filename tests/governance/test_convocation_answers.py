"""Answers to convocations: from the e-mail's signed link (no sign-in, expiring,
audited), from the meeting page and through the API; the secretary sees them before the
meeting and they pre-fill the attendance sheet."""

import datetime
import json
import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.forms import AttendanceForm
from maillage.governance.models import ConvocationAnswer, Meeting
from maillage.governance.selectors import attendance_sheet
from tests.clock import frozen
from tests.factories import api_key
from tests.governance import builders

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^\s]+(/territoires/[^\s]+/instances/seances/reponse/[^\s/]+/)")


@pytest.fixture
def convened(world, committee, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    meeting = builders.meeting(committee, days=9, items=["Bilan de la garderie"])
    with django_capture_on_commit_callbacks(execute=True):
        services.convene_meeting(actor=world.users["partner"], meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def _link_for(user) -> str:  # type: ignore[no-untyped-def]
    message = next(m for m in mail.outbox if m.to == [user.email])
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def test_a_member_answers_from_the_email_link_without_signing_in(world, convened):
    member = world.users["member"]
    link = _link_for(member)
    anonymous = Client()
    before = AuditEntry.objects.count()
    page = anonymous.get(link)
    assert page.status_code == 200
    assert "Réponse de" in page.content.decode()
    # Reading the link writes nothing.
    assert AuditEntry.objects.count() == before
    assert not ConvocationAnswer.objects.exists()
    response = anonymous.post(link, {"answer": "represented", "represented_by": "Mme Adjointe"})
    assert response.status_code == 302
    answer = ConvocationAnswer.objects.get()
    assert (answer.user, answer.answer, answer.represented_by, answer.channel) == (
        member,
        "represented",
        "Mme Adjointe",
        "email",
    )
    assert answer.organisation == world.org_member
    entry = AuditEntry.objects.get(action="meeting.answer")
    assert entry.actor == member
    assert entry.changes["answer"] == [None, "represented"]
    # The same link changes the answer.
    anonymous.post(link, {"answer": "present"})
    answer.refresh_from_db()
    assert (answer.answer, answer.represented_by) == ("present", "")
    assert ConvocationAnswer.objects.count() == 1


def test_a_refused_answer_changes_nothing(world, convened):
    link = _link_for(world.users["member"])
    response = Client().post(link, {"answer": "represented", "represented_by": " "})
    assert response.status_code == 400
    assert "Indiquez qui vous représente" in response.content.decode()
    assert Client().post(link, {"answer": "peut-être"}).status_code == 400
    assert not ConvocationAnswer.objects.exists()


def test_a_tampered_an_expired_or_a_late_link_is_refused(world, convened):
    link = _link_for(world.users["member"])
    tampered = link.replace("/reponse/", "/reponse/x")
    assert Client().get(tampered).status_code == 410
    assert Client().post(tampered, {"answer": "present"}).status_code == 410
    # Another person's id under a valid-looking but unsigned token.
    forged = link.rsplit("/reponse/", 1)[0] + "/reponse/" + signing.dumps({"m": 1}) + "/"
    assert Client().get(forged).status_code == 410
    with frozen(convened.local_date + datetime.timedelta(days=1)):
        response = Client().post(link, {"answer": "present"})
        assert response.status_code == 410
        assert "Il n’est plus possible de répondre" in response.content.decode()
    with frozen(convened.local_date + datetime.timedelta(days=120)):
        assert Client().get(link).status_code == 410
    assert not ConvocationAnswer.objects.exists()


def test_the_secretary_sees_the_answers_before_the_meeting(world, convened, client_for):
    services.answer_convocation(
        actor=world.users["member"],
        meeting=convened,
        user=world.users["member"],
        answer="excused",
        comment="Formation ce jour-là",
    )
    url = reverse("governance:meeting", args=[world.territory.slug, convened.pk])
    secretary = client_for(world.users["partner"]).get(url).content.decode()
    assert "Réponses des personnes convoquées" in secretary
    assert "Excusé·e" in secretary and "Formation ce jour-là" in secretary
    assert "pas de réponse" in secretary  # the secretary has not answered
    member = client_for(world.users["member"]).get(url).content.decode()
    assert "Réponses des personnes convoquées" not in member
    assert "Vous avez répondu : Excusé·e." in member


def test_a_member_answers_from_the_meeting_page(world, convened, client_for):
    url = reverse("governance:meeting_answer", args=[world.territory.slug, convened.pk])
    client = client_for(world.users["member"])
    response = client.post(url, {"answer": "present"})
    assert response.status_code == 302
    assert response["Location"].endswith("#reponse")
    assert ConvocationAnswer.objects.get().channel == "page"
    # Someone not convened may not answer.
    assert client_for(world.users["elected"]).post(url, {"answer": "present"}).status_code == 403


def test_answers_prefill_the_attendance_sheet(world, convened):
    services.answer_convocation(
        actor=None,
        meeting=convened,
        user=world.users["member"],
        answer="represented",
        represented_by=world.users["partner"].full_name,
    )
    services.answer_convocation(
        actor=None, meeting=convened, user=world.users["partner"], answer="present"
    )
    Meeting.objects.filter(pk=convened.pk).update(
        starts_at=convened.starts_at - datetime.timedelta(days=20),
        ends_at=convened.ends_at - datetime.timedelta(days=20),
    )
    convened.refresh_from_db()
    services.hold_meeting(actor=None, meeting=convened)
    form = AttendanceForm(rows=attendance_sheet(convened))
    member, partner = world.users["member"].pk, world.users["partner"].pk
    assert form.fields[f"status_{partner}"].initial == "present"
    assert form.fields[f"status_{member}"].initial == "represented"
    assert form.fields[f"represented_{member}"].initial == partner


def test_the_api_answers_and_lists(world, convened):
    def client(user):  # type: ignore[no-untyped-def]
        c = Client()
        c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_key(user)}"
        return c

    base = f"/api/v1/territories/{world.territory.slug}/meetings/{convened.pk}"
    member = client(world.users["member"])
    response = member.post(
        f"{base}/answer",
        data=json.dumps({"answer": "represented", "represented_by": "Centre social"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"] == "represented"
    refused = member.post(
        f"{base}/answer",
        data=json.dumps({"answer": "represented"}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "represented_by" in refused.json()["errors"]
    listing = client(world.users["partner"]).get(f"{base}/answers").json()
    by_person = {row["user"]["id"]: row for row in listing["items"]}
    assert by_person[world.users["member"].pk]["represented_by"] == "Centre social"
    assert by_person[world.users["member"].pk]["channel"] == "api"
    assert by_person[world.users["partner"].pk]["answer"] is None
    assert member.get(f"{base}/answers").status_code == 403


def test_the_first_screen_asks_for_the_answer_until_it_is_given(world, convened, client_for):
    """« Réponses attendues de vous »: the séance a member is convened to, until they answer
    it; never to someone who was not convened."""
    from maillage.governance.home import expected_answers

    member = world.users["member"]
    path = f"/territoires/{world.territory.slug}/"
    request = client_for(member).get(path).wsgi_request
    assert f"Convocation : {convened.body.label}" in expected_answers(request, world.territory)
    services.answer_convocation(actor=member, meeting=convened, user=member, answer="present")
    assert "Convocation :" not in expected_answers(request, world.territory)
    elected = client_for(world.users["elected"]).get(path).wsgi_request
    assert "Convocation :" not in expected_answers(elected, world.territory)


def test_the_first_screen_lists_the_items_one_presents_at_a_seance_to_come(
    world, committee, client_for
):  # type: ignore[no-untyped-def]
    """« Point à présenter »: an item the reader presents at a séance to come that they may
    see — never on a séance past or cancelled, on a draft they do not run, or in a body
    whose séances they may not see; never someone else's."""
    from maillage.governance.home import expected_answers

    member = world.users["member"]
    closed = builders.body(
        world.territory,
        name="Groupe fermé",
        visibility=Visibility.MEMBERS,
        secretary=world.users["partner"],
    )

    def present(body, title, *, days, status=Meeting.Status.DRAFT):  # type: ignore[no-untyped-def]
        seance = builders.meeting(body, days=days, items=())
        services.propose_item(actor=None, body=body, meeting=seance, title=title, presenter=member)
        if status == Meeting.Status.CONVENED:
            services.convene_meeting(actor=None, meeting=seance)
        elif status == Meeting.Status.HELD:
            services.hold_meeting(actor=None, meeting=seance)
        return seance

    present(committee, "Point à venir", days=5, status=Meeting.Status.CONVENED)
    present(committee, "Point brouillon", days=6)
    present(committee, "Point passé", days=-5, status=Meeting.Status.HELD)
    cancelled = present(committee, "Point annulé", days=7, status=Meeting.Status.CONVENED)
    services.cancel_meeting(actor=None, meeting=cancelled, reason="Salle indisponible")
    present(closed, "Point du groupe fermé", days=8, status=Meeting.Status.CONVENED)
    path = f"/territoires/{world.territory.slug}/"
    html = expected_answers(client_for(member).get(path).wsgi_request, world.territory)
    assert "Point à présenter :" in html and ">Point à venir</a>" in html
    for hidden in ("Point brouillon", "Point passé", "Point annulé", "Point du groupe fermé"):
        assert hidden not in html
    other = client_for(world.users["elected"]).get(path).wsgi_request
    assert "Point à venir" not in expected_answers(other, world.territory)
