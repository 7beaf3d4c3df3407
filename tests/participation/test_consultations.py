"""Consultations: dates, one answer per person (or per browser when anonymous), written
answers published only after moderation, assisted entry with consent and origin, results
counted per option, small cells hidden in split results, exports, API, query counts."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.participation import selectors, services
from maillage.participation.models import (
    SMALL_CELL,
    Answer,
    Consultation,
    Origin,
    Response,
    TextModeration,
)
from maillage.participation.selectors import consult
from tests.conftest import login_verified
from tests.factories import GeoUnitFactory, api_key
from tests.participation import builders
from tests.participation.council import solved_payload
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _url(place, name, consultation=None, **kwargs):  # type: ignore[no-untyped-def]
    if consultation is not None:
        kwargs["pk"] = consultation.pk
    return reverse(
        f"participation:{name}", kwargs={"territory_slug": place.territory.slug, **kwargs}
    )


def _answer(place, consultation, user, **choices):  # type: ignore[no-untyped-def]
    return services.submit_response(
        actor=user, consultation=consultation, answers=builders.answers_for(consultation, **choices)
    )


def _assisted(place, consultation, origin=Origin.PERMANENCE, **choices):  # type: ignore[no-untyped-def]
    return services.submit_response(
        actor=place.pro,
        consultation=consultation,
        answers=builders.answers_for(consultation, **choices),
        assisted=True,
        origin=origin,
        entered_for=place.centre,
        consent=True,
    )


def _residents(place, n):  # type: ignore[no-untyped-def]
    from maillage.core.roles import Role
    from tests.factories import member

    return [member(place.territory, Role.RESIDENT, email=f"h{i}@test.test") for i in range(n)]


# --------------------------------------------------------------------------- the rules


def test_a_draft_is_the_coordinators_and_opens_with_questions(place, client):
    empty = services.create_consultation(
        actor=place.coordinator,
        territory=place.territory,
        title="Vide",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError, match="au moins une question"):
        services.change_state(actor=place.coordinator, consultation=empty, action="open")
    draft = builders.consultation(place.territory, place.coordinator, state="draft")
    assert list(consult.consultations(place.resident, place.territory)) == []
    login_verified(client, place.resident)
    assert client.get(_url(place, "consultation", draft)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.create_consultation(
            actor=place.resident,
            territory=place.territory,
            title="Non",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )
    services.change_state(actor=place.coordinator, consultation=draft, action="open")
    assert client.get(_url(place, "consultation", draft)).status_code == 200
    with pytest.raises(ValidationError, match="ne changent plus"):
        services.add_question(
            actor=place.coordinator,
            consultation=draft,
            kind="text",
            label="Encore une ?",
        )


def test_answers_are_refused_outside_the_dates(place):
    today = timezone.localdate()
    later = builders.consultation(
        place.territory,
        place.coordinator,
        opens_on=today + datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )
    with pytest.raises(ValidationError, match="prend les réponses du"):
        _answer(place, later, place.resident)
    past = builders.consultation(
        place.territory,
        place.coordinator,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="prend les réponses du"):
        _answer(place, past, place.resident)
    closed = builders.consultation(place.territory, place.coordinator, state="closed")
    with pytest.raises(ValidationError, match="est close"):
        _answer(place, closed, place.resident)
    assert not Response.objects.exists()


def test_one_signed_answer_per_person_editable_until_closing(place):
    consultation = builders.consultation(place.territory, place.coordinator)
    first = _answer(place, consultation, place.resident, hour=0, text="Le matin.")
    second = _answer(place, consultation, place.resident, hour=2, text="Le matin.")
    assert first.pk == second.pk
    assert Response.objects.filter(consultation=consultation).count() == 1
    chosen = Answer.objects.filter(response=first, option__isnull=False, question__kind="single")
    assert [a.option.label for a in chosen] == ["Après 19 heures"]
    services.change_state(actor=place.coordinator, consultation=consultation, action="close")
    with pytest.raises(ValidationError, match="est close"):
        _answer(place, consultation, place.resident, hour=1)


def test_an_unchanged_text_keeps_its_moderation_a_changed_one_is_read_again(place):
    consultation = builders.consultation(place.territory, place.coordinator)
    made = _answer(place, consultation, place.resident, text="Le matin tôt.")
    text = Answer.objects.get(response=made, question__kind="text")
    services.moderate_answer(actor=place.moderator, answer=text, decision="published")
    _answer(place, consultation, place.resident, hour=1, text="Le matin tôt.")
    assert Answer.objects.get(response=made, question__kind="text").moderation == "published"
    _answer(place, consultation, place.resident, text="Autre chose.")
    assert Answer.objects.get(response=made, question__kind="text").moderation == "pending"


def test_anonymous_answers_one_per_browser_session_and_no_account_kept(place, client):
    consultation = builders.consultation(place.territory, place.coordinator, anonymous=True)
    data = {f"q{k}": v for k, v in builders.answers_for(consultation).items()}
    url = _url(place, "consultation_answer", consultation)
    assert client.post(url, {**data, "altcha": solved_payload()}).status_code == 302
    again = client.post(url, {**data, "altcha": solved_payload()})
    assert again.status_code == 400
    assert "Vous avez déjà répondu depuis ce navigateur." in again.content.decode()
    assert Client().post(url, {**data, "altcha": solved_payload()}).status_code == 302
    responses = Response.objects.filter(consultation=consultation)
    assert responses.count() == 2
    assert all(r.respondent_id is None and len(r.session_hash) == 64 for r in responses)
    # A signed-in person answering an anonymous consultation: once, and not linked to them.
    _answer(place, consultation, place.resident)
    with pytest.raises(ValidationError, match="déjà répondu"):
        _answer(place, consultation, place.resident)
    assert not Response.objects.filter(respondent=place.resident).exists()


def test_a_signed_consultation_needs_an_account(place, client):
    consultation = builders.consultation(place.territory, place.coordinator)
    data = {f"q{k}": v for k, v in builders.answers_for(consultation).items()}
    answer = client.post(_url(place, "consultation_answer", consultation), data)
    assert answer.status_code == 302 and "/connexion/" in answer["Location"]
    assert not Response.objects.exists()


def test_assisted_entry_needs_consent_an_origin_and_a_partner(place):
    consultation = builders.consultation(place.territory, place.coordinator)
    answers = builders.answers_for(consultation)
    with pytest.raises(ValidationError, match="accord"):
        services.submit_response(
            actor=place.pro,
            consultation=consultation,
            answers=answers,
            assisted=True,
            origin=Origin.PERMANENCE,
        )
    with pytest.raises(ValidationError, match="recueillie"):
        services.submit_response(
            actor=place.pro,
            consultation=consultation,
            answers=answers,
            assisted=True,
            origin=Origin.WEB,
            consent=True,
        )
    with pytest.raises(PermissionDenied):
        services.submit_response(
            actor=place.resident,
            consultation=consultation,
            answers=answers,
            assisted=True,
            origin=Origin.PERMANENCE,
            consent=True,
        )
    assert not Response.objects.exists()
    made = _assisted(place, consultation)
    second = _assisted(place, consultation, origin=Origin.WORKSHOP)
    assert made.pk != second.pk  # each resident met at the counter is a new response
    assert (made.origin, made.entered_by, made.entered_for) == (
        Origin.PERMANENCE,
        place.pro,
        place.centre,
    )
    assert made.consent_given_at is not None and made.respondent_id is None


def test_assisted_page_refuses_without_consent_in_french(place, client):
    consultation = builders.consultation(place.territory, place.coordinator)
    login_verified(client, place.pro)
    data = {f"q{k}": v for k, v in builders.answers_for(consultation).items()}
    refused = client.post(
        _url(place, "consultation_assist", consultation), {**data, "origin": "permanence"}
    )
    assert refused.status_code == 400
    assert "Il faut l’accord de l’habitant·e." in refused.content.decode()
    assert not Response.objects.exists()
    done = client.post(
        _url(place, "consultation_assist", consultation),
        {**data, "origin": "permanence", "consent": "on", "entered_for": place.centre.pk},
    )
    assert done.status_code == 302
    assert Response.objects.get().origin == "permanence"


def test_bad_answers_get_a_french_message_and_change_nothing(place, client):
    consultation = builders.consultation(place.territory, place.coordinator)
    other = builders.consultation(place.territory, place.coordinator, title="Autre")
    login_verified(client, place.resident)
    single, multiple, scale, free = consultation.questions.order_by("position")
    stranger_option = other.questions.get(kind="single").options.first()
    url = _url(place, "consultation_answer", consultation)
    for data in (
        {f"q{single.pk}": stranger_option.pk},  # an option of another consultation
        {f"q{single.pk}": "abc"},
        {f"q{multiple.pk}": [single.options.first().pk]},  # required single missing too
        {f"q{single.pk}": single.options.first().pk, f"q{scale.pk}": 9},
        {f"q{single.pk}": single.options.first().pk, f"q{free.pk}": "x" * 1001},
    ):
        answer = client.post(url, data)
        assert answer.status_code == 400, data
        assert "fr-error-text" in answer.content.decode() or "fr-alert--error" in (
            answer.content.decode()
        )
    assert not Response.objects.exists()
    # The service's own checks, below the form.
    with pytest.raises(ValidationError, match="Choisissez dans la liste"):
        services.submit_response(
            actor=place.resident,
            consultation=consultation,
            answers={single.pk: stranger_option.pk},
        )
    with pytest.raises(ValidationError, match="Un seul choix"):
        services.submit_response(
            actor=place.resident,
            consultation=consultation,
            answers={single.pk: [o.pk for o in single.options.all()[:2]]},
        )
    with pytest.raises(ValidationError, match="Répondez à cette question"):
        services.submit_response(
            actor=place.resident, consultation=consultation, answers={scale.pk: 3}
        )
    with pytest.raises(ValidationError, match="quartier"):
        services.submit_response(
            actor=place.resident,
            consultation=consultation,
            answers=builders.answers_for(consultation),
            quartier=GeoUnitFactory(territory=place.other),
        )
    assert not Response.objects.exists()


def test_bad_consultation_form_gets_a_french_message(place, client):
    login_verified(client, place.coordinator)
    answer = client.post(
        _url(place, "consultation_create"),
        {"title": "Horaires", "opens_on": "2026-03-10", "closes_on": "2026-03-01"},
    )
    assert answer.status_code == 400
    assert "La date de clôture doit venir après la date d’ouverture." in answer.content.decode()
    draft = builders.consultation(place.territory, place.coordinator, state="draft")
    before = draft.questions.count()
    refused = client.post(
        _url(place, "consultation_question", draft),
        {"kind": "single", "label": "Un seul choix ?", "options": "Oui"},
    )
    assert refused.status_code == 400
    assert "Donnez au moins deux choix, un par ligne." in refused.content.decode()
    assert draft.questions.count() == before
    assert not Consultation.objects.filter(title="Horaires").exists()


# --------------------------------------------------------------------------- results


@pytest.mark.parametrize("split", ["", "origin", "quartier"])
def test_results_counts_are_kept_for_every_reader_until_the_next_answer(place, split):
    """The counts over every answer are read once, kept for every reader
    (core.write_generation.kept_until_written), and counted again after an answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consultation = builders.consultation(place.territory, place.coordinator)
    people = _residents(place, 3)
    _answer(place, consultation, people[0], langs=(0, 1), note=5)
    _answer(place, consultation, people[1], langs=(0,), note=4)

    def langs() -> list[int]:
        found = {r.question.kind: r for r in consult.results(consultation, split=split)}
        return [r.count for r in found["multiple"].rows]

    with CaptureQueriesContext(connection) as first:
        assert langs() == [2, 1, 0, 0]
    with CaptureQueriesContext(connection) as again:
        assert langs() == [2, 1, 0, 0]
    counting = [q for q in first if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 2
    assert not [q for q in again if "COUNT(" in q["sql"].upper()]
    assert consult.count_responses(consultation) == 2
    _answer(place, consultation, people[2], langs=(1, 2), note=2)
    assert langs() == [2, 2, 1, 0]
    assert consult.count_responses(consultation) == 3


def test_multiple_choice_counts_each_option_never_combinations(place):
    consultation = builders.consultation(place.territory, place.coordinator)
    people = _residents(place, 3)
    _answer(place, consultation, people[0], langs=(0, 1), note=5)
    _answer(place, consultation, people[1], langs=(0,), note=4)
    _answer(place, consultation, people[2], langs=(1, 2), note=2)
    found = {r.question.kind: r for r in consult.results(consultation)}
    multiple = found["multiple"]
    assert [(r.label, r.count, r.percent) for r in multiple.rows] == [
        ("Français", 2, "67"),
        ("Arabe", 2, "67"),
        ("Turc", 1, "33"),
        ("Tamoul", 0, "0"),
    ]
    assert multiple.respondents == 3
    scale = found["scale"]
    assert [r.count for r in scale.rows] == [0, 1, 0, 1, 1]
    assert scale.mean == "3,7"


def test_written_answers_count_and_show_only_once_published(place, client):
    consultation = builders.consultation(
        place.territory, place.coordinator, state="closed", results_published=True
    )
    consultation.state = "open"
    consultation.save()
    people = _residents(place, 3)
    for person, text in zip(
        people, ["Une crèche le soir", "Texte refusé 06 12", "Texte masqué"], strict=True
    ):
        _answer(place, consultation, person, text=text)
    queue = list(consult.text_queue(consultation))
    assert len(queue) == 3
    published, refused, hidden = sorted(queue, key=lambda a: a.response.respondent.email)
    with pytest.raises(ValidationError, match="motif"):
        services.moderate_answer(actor=place.moderator, answer=refused, decision="refused")
    with pytest.raises(PermissionDenied):
        services.moderate_answer(actor=place.resident, answer=published, decision="published")
    services.moderate_answer(actor=place.moderator, answer=published, decision="published")
    services.moderate_answer(
        actor=place.moderator, answer=refused, decision="refused", reason="personal_data"
    )
    services.moderate_answer(
        actor=place.coordinator, answer=hidden, decision="hidden", reason="offensive"
    )
    text_result = next(r for r in consult.results(consultation) if r.question.kind == "text")
    assert text_result.respondents == 1
    assert [a.text for a in text_result.texts] == [published.text]
    page = client.get(_url(place, "consultation_results", consultation)).content.decode()
    texts_page = client.get(
        _url(place, "consultation_texts", consultation, question_pk=published.question_id)
    ).content.decode()
    api = json.dumps(
        ensure_ascii=False,
        obj=client.get(
            f"/api/v1/territories/{place.territory.slug}/consultations/{consultation.pk}/results"
        ).json(),
    )
    login_verified(client, place.coordinator)
    export = client.get(_url(place, "consultation_export", consultation)).content.decode("utf-8")
    for shown in (page, texts_page, api, export):
        assert published.text in shown
        assert refused.text not in shown and hidden.text not in shown


def test_results_split_by_origin_hide_small_cells(place, client):
    consultation = builders.consultation(place.territory, place.coordinator)
    for person in _residents(place, SMALL_CELL + 1):
        _answer(place, consultation, person, hour=0, langs=(0,))
    _answer(place, consultation, place.resident, hour=1, langs=(0,))  # 1 of 7 online
    _assisted(place, consultation, hour=2)
    _assisted(place, consultation, hour=2)  # 2 at the permanence: a group too small
    found = {r.question.kind: r for r in consult.results(consultation, split="origin")}
    single = found["single"]
    labels = [g.label for g in single.groups]
    web, permanence = labels.index("En ligne"), labels.index("Permanence")
    assert single.groups[web].shown and not single.groups[permanence].shown
    rows = {r.label: r for r in single.rows}
    assert rows["Avant 7 heures"].cells[web].count == SMALL_CELL + 1
    assert rows["En journée"].cells[web].count is None  # 1: hidden
    assert rows["En journée"].cells[web].display() == "moins de 5"
    assert rows["Après 19 heures"].cells[permanence].count is None
    assert rows["Après 19 heures"].count == 2  # the overall count stays
    login_verified(client, place.coordinator)
    page = client.get(_url(place, "consultation_results", consultation) + "?par=origine")
    assert page.status_code == 200
    assert "moins de 5" in page.content.decode()
    api = client.get(
        f"/api/v1/territories/{place.territory.slug}/consultations/{consultation.pk}/results"
        "?split=origin"
    ).json()["items"]
    single_api = next(q for q in api if q["kind"] == "single")
    evening = next(r for r in single_api["rows"] if r["label"] == "Après 19 heures")
    assert evening["count"] == 2 and evening["by_group"]["permanence"] is None


def test_results_split_by_quartier(place, client):
    north = GeoUnitFactory(territory=place.territory, name="Bas-Clichy")
    south = GeoUnitFactory(territory=place.territory, name="Haut-Clichy")
    consultation = builders.consultation(
        place.territory, place.coordinator, quartiers=[north, south]
    )
    for person in _residents(place, SMALL_CELL):
        services.submit_response(
            actor=person,
            consultation=consultation,
            answers=builders.answers_for(consultation, hour=0),
            quartier=north,
        )
    _answer(place, consultation, place.resident)  # no quartier given
    single = next(
        r for r in consult.results(consultation, split="quartier") if r.question.kind == "single"
    )
    groups = {g.label: g for g in single.groups}
    assert groups["Bas-Clichy"].shown and groups["Bas-Clichy"].respondents == SMALL_CELL
    assert not groups["Quartier non précisé"].shown
    login_verified(client, place.coordinator)
    assert (
        client.get(_url(place, "consultation_results", consultation) + "?par=quartier").status_code
        == 200
    )


def test_results_are_public_only_once_published(place, client):
    consultation = builders.consultation(place.territory, place.coordinator)
    url = _url(place, "consultation_results", consultation)
    login_verified(client, place.resident)
    assert client.get(url).status_code == 403
    services.change_state(actor=place.coordinator, consultation=consultation, action="close")
    services.change_state(
        actor=place.coordinator, consultation=consultation, action="publish_results"
    )
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 200
    assert client.get(_url(place, "consultation_export", consultation)).status_code == 403


def test_exports_read_back(place, client):
    consultation = builders.consultation(place.territory, place.coordinator)
    for person in _residents(place, SMALL_CELL):
        _answer(place, consultation, person, hour=0, langs=(0, 1), note=5, text="Le soir")
    for answer in consult.text_queue(consultation):
        services.moderate_answer(actor=place.coordinator, answer=answer, decision="published")
    login_verified(client, place.coordinator)
    url = _url(place, "consultation_export", consultation)
    answer = client.get(url)
    assert answer["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Question", "Réponse", "Nombre", "Part des répondants (%)"]
    assert rows[0][4:] == ["En ligne", "Permanence", "Papier", "Atelier", "Marche exploratoire"]
    by_label = {(r[0], r[1]): r for r in rows[1:]}
    french = by_label[("Quelles langues parlez-vous à la maison ?", "Français")]
    assert french[2:5] == [str(SMALL_CELL), "100", str(SMALL_CELL)]
    assert by_label[("La garde est-elle difficile à trouver ?", "Moyenne")][2] == "5,0"
    assert sum(1 for r in rows if r[1] == "Le soir") == SMALL_CELL
    workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Question"
    assert values[[v[1] for v in values].index("Arabe")][:3] == (
        "Quelles langues parlez-vous à la maison ?",
        "Arabe",
        SMALL_CELL,
    )


# --------------------------------------------------------------------------- API


def _api(client, user, method, path, data=None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {api_key(user)}"} if user else {}
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(
        path, data=json.dumps(data or {}), content_type="application/json", headers=headers
    )


def test_api_lists_answers_and_refuses_like_the_pages(place, client):
    base = f"/api/v1/territories/{place.territory.slug}/consultations"
    consultation = builders.consultation(place.territory, place.coordinator)
    builders.consultation(place.territory, place.coordinator, title="Brouillon", state="draft")
    listed = _api(client, None, "get", base).json()
    assert [c["title"] for c in listed["items"]] == [consultation.title]
    detail = _api(client, None, "get", f"{base}/{consultation.pk}").json()
    assert [q["kind"] for q in detail["questions"]] == ["single", "multiple", "scale", "text"]
    single, multiple, scale, free = detail["questions"]
    body = {
        "answers": [
            {"question_id": single["id"], "option_ids": [single["options"][2]["id"]]},
            {"question_id": multiple["id"], "option_ids": [o["id"] for o in multiple["options"]]},
            {"question_id": scale["id"], "value": 4},
            {"question_id": free["id"], "text": "Le samedi matin aussi."},
        ]
    }
    made = _api(client, place.resident, "post", f"{base}/{consultation.pk}/responses", body)
    assert made.status_code == 201 and made.json()["origin"] == "web"
    assert Answer.objects.get(question_id=free["id"]).moderation == TextModeration.PENDING
    # Assisted through the API: consent needed, then the origin is kept.
    assisted = {**body, "assisted": True, "origin": "workshop"}
    refused = _api(client, place.pro, "post", f"{base}/{consultation.pk}/responses", assisted)
    assert refused.status_code == 422
    assert (
        _api(
            client,
            place.resident,
            "post",
            f"{base}/{consultation.pk}/responses",
            {**assisted, "consent": True},
        ).status_code
        == 403
    )
    made = _api(
        client,
        place.pro,
        "post",
        f"{base}/{consultation.pk}/responses",
        {**assisted, "consent": True},
    )
    assert made.status_code == 201 and made.json()["origin"] == "workshop"
    # Results: the coordinators' until published.
    results = f"{base}/{consultation.pk}/results"
    assert _api(client, place.resident, "get", results).status_code == 403
    found = _api(client, place.coordinator, "get", results).json()["items"]
    counts = {r["label"]: r["count"] for r in found[1]["rows"]}
    assert counts == {"Français": 2, "Arabe": 2, "Turc": 2, "Tamoul": 2}
    assert found[3]["published_texts"] == []
    assert _api(client, place.coordinator, "get", results + "?split=age").status_code == 422
    # Closed: refused with the French message, nothing saved.
    services.change_state(actor=place.coordinator, consultation=consultation, action="close")
    closed = _api(client, place.resident2, "post", f"{base}/{consultation.pk}/responses", body)
    assert closed.status_code == 422
    assert "close" in json.dumps(closed.json(), ensure_ascii=False)
    assert Response.objects.count() == 2


# --------------------------------------------------------------------------- queries


def test_pages_query_counts_are_constant(place, client):
    north = GeoUnitFactory(territory=place.territory, name="Bas-Clichy")
    consultation = builders.consultation(place.territory, place.coordinator, quartiers=[north])
    made = [0]

    def grow(n):  # type: ignore[no-untyped-def]
        for _i in range(n * 3):
            made[0] += 1
            services.submit_response(
                actor=place.pro,
                consultation=consultation,
                answers=builders.answers_for(
                    consultation, hour=made[0] % 3, langs=(0, made[0] % 4), text=f"Mot {made[0]}"
                ),
                assisted=True,
                origin=Origin.PERMANENCE if made[0] % 2 else Origin.WORKSHOP,
                quartier=north if made[0] % 3 else None,
                consent=True,
            )
        for answer in consult.text_queue(consultation):
            services.moderate_answer(actor=place.coordinator, answer=answer, decision="published")

    grow(1)
    login_verified(client, place.coordinator)
    for split in ("", "?par=origine", "?par=quartier"):
        assert_constant_queries(
            client, _url(place, "consultation_results", consultation) + split, grow, factor=4
        )
    assert_constant_queries(client, _url(place, "consultation", consultation), grow, factor=3)
    assert_constant_queries(
        client, _url(place, "consultation_answer", consultation), grow, factor=3
    )
    _answer(place, consultation, place.resident2, text="À relire d’abord")
    assert_constant_queries(
        client,
        _url(place, "consultation_moderation", consultation),
        lambda n: (
            [
                _answer(place, consultation, person, text="À relire")
                for person in _residents(place, n + made[0])[made[0] :]
            ]
            and made.__setitem__(0, made[0] + n)
        ),
        factor=3,
    )
    login_verified(client, place.resident)
    assert_constant_queries(client, _url(place, "consultations"), grow, factor=3)
    assert selectors.consult.count_responses(consultation) > 30
