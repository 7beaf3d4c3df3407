"""Languages of the resident space (issue 14, item 5): the catalogues, the switcher,
translations of what people wrote, and the optional machine translation backend."""

from __future__ import annotations

import gettext
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core import i18n
from maillage.core.management.commands.translated_messages import gather
from maillage.participation import selectors, services, tasks
from maillage.participation.models import (
    ContentTranslation,
    ModerationState,
    Status,
    TranslationOrigin,
    TranslationStatus,
)
from tests.conftest import login_verified
from tests.core.po import read
from tests.participation import builders
from tests.programme import factories as programme
from tests.queries import assert_constant_queries

LOCALE = Path(settings.LOCALE_PATHS[0])
TARGETS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _url(place, name, **kwargs):  # type: ignore[no-untyped-def]
    return reverse(
        f"participation:{name}", kwargs={"territory_slug": place.territory.slug, **kwargs}
    )


# --------------------------------------------------------------------------- catalogues


def test_arabic_turkish_and_english_are_offered_each_named_in_itself():
    assert i18n.available_languages() == [
        ("fr", "Français"),
        ("ar", "العربية"),
        ("tr", "Türkçe"),
        ("en", "English"),
    ]
    assert i18n.direction("ar") == "rtl" and i18n.direction("tr") == "ltr"


@pytest.fixture(scope="module")
def gathered(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The messages the translated pages use today, gathered as ``manage.py
    translated_messages`` does, into a fresh directory."""
    fresh = tmp_path_factory.mktemp("locale")
    for code in TARGETS:
        (fresh / code / "LC_MESSAGES").mkdir(parents=True)
    gather(TARGETS, fresh)
    return {code: read(fresh / code / "LC_MESSAGES" / "django.po") for code in TARGETS}


@pytest.mark.parametrize("code", TARGETS)
def test_every_message_of_the_resident_pages_is_translated(code, gathered):
    """Fails on a message added to a resident page (template or module) without its
    translation, or with an empty or fuzzy one: run ``manage.py translated_messages``
    and translate it."""
    used = {entry.key for entry in gathered[code]}
    assert len(used) > 200
    catalogue = {entry.key: entry for entry in read(LOCALE / code / "LC_MESSAGES" / "django.po")}
    missing = sorted(str(key[1]) for key in used if key not in catalogue)
    assert not missing, f"{code}: not in the catalogue: {missing[:10]}"
    untranslated = sorted(str(key[1]) for key in used if not catalogue[key].translated)
    assert not untranslated, f"{code}: empty or fuzzy: {untranslated[:10]}"


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("code", TARGETS)
def test_translations_keep_their_placeholders(code):
    for entry in read(LOCALE / code / "LC_MESSAGES" / "django.po"):
        if entry.msgid_plural:
            allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
            for text in entry.msgstr.values():
                assert _placeholders(text) <= allowed, (entry.msgid, text)
            last = entry.msgstr[max(entry.msgstr)]
            assert _placeholders(entry.msgid_plural) <= _placeholders(last), entry.msgid
        else:
            assert _placeholders(entry.msgstr[0]) == _placeholders(entry.msgid), (
                entry.msgid,
                entry.msgstr[0],
            )


@pytest.mark.parametrize("code", TARGETS)
def test_the_committed_mo_files_are_compiled_from_the_po(code):
    """The ``.mo`` files are committed: they must say what the ``.po`` say (run
    ``manage.py translated_messages`` after editing a translation)."""
    folder = LOCALE / code / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    expected: dict = {}
    for entry in read(folder / "django.po"):
        if not entry.translated:
            continue
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            expected.update({(msgid, n): text for n, text in entry.msgstr.items()})
        else:
            expected[msgid] = entry.msgstr[0]
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == expected


# --------------------------------------------------------------------------- pages


def test_pages_stay_french_unless_a_language_is_chosen(client, place):
    home = _url(place, "home")
    page = client.get(home, HTTP_ACCEPT_LANGUAGE="ar,en;q=0.8").content.decode()
    assert '<html lang="fr" dir="ltr"' in page
    assert "Participer" in page
    assert 'lang="ar"' in page and "العربية" in page  # the switcher, named in Arabic


def test_the_switcher_remembers_arabic_right_to_left(client, place):
    home = _url(place, "home")
    switched = client.post(reverse("accounts:set_language"), {"language": "ar", "next": home})
    assert switched.status_code == 302 and switched["Location"] == home
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = client.get(home).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert "قل لنا ما الذي ينقص" in page
    # The professionals' screens are not translated: they stay French, left to right.
    other = client.get(reverse("core:home")).content.decode()
    assert '<html lang="fr" dir="ltr"' in other


def test_the_choice_is_kept_with_the_account(client, place):
    login_verified(client, place.resident)
    client.post(reverse("accounts:set_language"), {"language": "tr", "next": "/"})
    place.resident.refresh_from_db()
    assert place.resident.preferred_language == "tr"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    page = client.get(_url(place, "home")).content.decode()
    assert '<html lang="tr" dir="ltr"' in page and "Katılın" in page


def test_a_language_not_offered_or_a_foreign_next_changes_nothing(client, place):
    refused = client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    assert refused.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    away = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.test/"}
    )
    assert not away["Location"].startswith("https://evil.test")
    assert client.get(reverse("accounts:set_language")).status_code == 405


# --------------------------------------------------------------------------- content


def _published(place, title="Une crèche ouverte le soir"):  # type: ignore[no-untyped-def]
    return builders.contribution(
        place.territory,
        place.resident,
        title=title,
        moderation=ModerationState.PUBLISHED,
        moderator=place.coordinator,
    )


def _entries(text_ar="حضانة مفتوحة في المساء", status=TranslationStatus.TRANSLATED):  # type: ignore[no-untyped-def]
    return [
        {"field": "title", "language": "ar", "text": text_ar, "status": status},
        {"field": "title", "language": "tr", "text": "", "status": TranslationStatus.TO_TRANSLATE},
    ]


def test_a_done_translation_is_shown_with_its_lang_and_dir(client, place):
    made = _published(place)
    services.save_translations(actor=place.moderator, obj=made, entries=_entries())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(_url(place, "contribution", pk=made.pk)).content.decode()
    assert '<h1 lang="ar" dir="rtl">حضانة مفتوحة في المساء</h1>' in page
    # Its text has no translation: the original, marked French.
    assert 'lang="fr" dir="ltr">Je travaille tôt le matin.' in page
    # In Turkish nothing is done: the original title, marked French.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    page = client.get(_url(place, "contribution", pk=made.pk)).content.decode()
    assert '<h1 lang="fr" dir="ltr">Une crèche ouverte le soir</h1>' in page


def test_a_translation_to_translate_is_not_shown(client, place):
    made = _published(place)
    services.save_translations(
        actor=place.coordinator,
        obj=made,
        entries=_entries(status=TranslationStatus.TO_TRANSLATE),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(_url(place, "home")).content.decode()
    assert "حضانة" not in page and 'lang="fr" dir="ltr">Une crèche' in page


def test_translations_need_a_text_and_a_translator(place):
    from django.core.exceptions import PermissionDenied, ValidationError

    made = _published(place)
    with pytest.raises(ValidationError):
        services.save_translations(
            actor=place.coordinator,
            obj=made,
            entries=[{"field": "title", "language": "ar", "text": " ", "status": "reviewed"}],
        )
    with pytest.raises(ValidationError):
        services.save_translations(
            actor=place.coordinator,
            obj=made,
            entries=[
                {"field": "display_name", "language": "ar", "text": "x", "status": "reviewed"}
            ],
        )
    with pytest.raises(PermissionDenied):
        services.save_translations(actor=place.resident2, obj=made, entries=_entries())
    assert not ContentTranslation.objects.exists()


def test_the_answer_changed_sends_its_translations_back_to_translate(place):
    made = _published(place)
    services.answer_contribution(
        actor=place.coordinator, contribution=made, status=Status.STUDYING, answer="Nous regardons."
    )
    services.save_translations(
        actor=place.coordinator,
        obj=made,
        entries=[
            {"field": "answer", "language": "en", "text": "We are looking.", "status": "reviewed"}
        ],
    )
    services.answer_contribution(
        actor=place.coordinator, contribution=made, status=Status.STUDYING, answer="Nous avançons."
    )
    row = ContentTranslation.objects.get()
    assert row.status == TranslationStatus.TO_TRANSLATE and row.text == "We are looking."


def test_the_translation_editor_saves_and_is_for_moderators(client, place):
    made = _published(place)
    url = _url(place, "translate", key="contribution", pk=made.pk)
    login_verified(client, place.resident2)
    assert client.get(url).status_code == 403
    login_verified(client, place.moderator)
    assert client.get(_url(place, "translations")).status_code == 200
    form = client.get(url)
    assert form.status_code == 200 and 'lang="ar" dir="rtl"' in form.content.decode()
    data = {}
    for field in ("title", "text"):
        for code in TARGETS:
            data[f"{field}__{code}__text"] = ""
            data[f"{field}__{code}__status"] = "to_translate"
    data["title__en__text"] = "A nursery open in the evening"
    data["title__en__status"] = "reviewed"
    saved = client.post(url, data)
    assert saved.status_code == 302
    row = ContentTranslation.objects.get()
    assert (row.language, row.status, row.translator) == ("en", "reviewed", place.moderator)
    data["title__ar__status"] = "translated"  # no text: refused, nothing written
    assert client.post(url, data).status_code == 400
    assert ContentTranslation.objects.count() == 1
    pending = builders.contribution(place.territory, place.resident)
    assert (
        client.get(_url(place, "translate", key="contribution", pk=pending.pk)).status_code == 404
    )
    assert client.get(_url(place, "translate", key="nothing", pk=made.pk)).status_code == 404


def test_the_list_fetches_translations_in_one_query(client, place):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def grow(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            made = _published(place, title=f"Message {i}")
            services.save_translations(
                actor=place.coordinator,
                obj=made,
                entries=[
                    {"field": "text", "language": "en", "text": f"Text {i}", "status": "translated"}
                ],
            )

    grow(1)
    assert_constant_queries(client, _url(place, "home"), grow)
    assert_constant_queries(client, _url(place, "done"), grow)
    found = list(selectors.public_contributions(None, place.territory))
    with CaptureQueriesContext(connection) as captured:
        shown = selectors.translations_for(found, "en")
    assert len(captured.captured_queries) == 1 and len(shown) == len(found)


def test_an_action_summary_is_shown_translated_with_the_answer(client, place):
    action = programme.action(place.territory, "2.1.1", summary="Une garderie le soir.")
    made = _published(place)
    services.answer_contribution(
        actor=place.coordinator,
        contribution=made,
        status=Status.INTEGRATED,
        answer="Nous ouvrons une garderie.",
        action=action,
    )
    services.save_translations(
        actor=place.coordinator,
        obj=action,
        entries=[
            {
                "field": "summary",
                "language": "en",
                "text": "An evening day care.",
                "status": "reviewed",
            }
        ],
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login_verified(client, place.coordinator)
    page = client.get(_url(place, "contribution", pk=made.pk)).content.decode()
    assert '<span lang="en" dir="ltr">An evening day care.</span>' in page


# --------------------------------------------------------------------------- machine


class _Fake(BaseHTTPRequestHandler):
    answers: list[tuple[int, dict]] = []
    received: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(body)
        status, answer = type(self).answers.pop(0) if type(self).answers else (200, {})
        if not answer and status == 200:
            answer = {"translatedText": f"[{body['target']}] {body['q']}"}
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def libretranslate(settings):  # type: ignore[no-untyped-def]
    server = HTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Fake.answers, _Fake.received = [], []
    settings.LIBRETRANSLATE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.LIBRETRANSLATE_API_KEY = "local-key"
    settings.LIBRETRANSLATE_TIMEOUT = 2
    yield _Fake
    server.shutdown()
    server.server_close()


def test_machine_translation_is_off_by_default(place):
    assert settings.LIBRETRANSLATE_URL == ""
    made = _published(place)
    assert tasks.machine_translate.call(key="contribution", object_id=made.pk) == 0
    assert not ContentTranslation.objects.exists()


def test_machine_translation_fills_what_is_missing_and_is_labelled(client, place, libretranslate):
    made = _published(place)
    services.save_translations(
        actor=place.coordinator,
        obj=made,
        entries=[
            {"field": "title", "language": "ar", "text": "حضانة مسائية", "status": "reviewed"}
        ],
    )
    written = tasks.machine_translate.call(key="contribution", object_id=made.pk)
    assert written == 2 * 3 - 1  # title and text, three languages, minus the person's
    assert libretranslate.received[0]["api_key"] == "local-key"
    assert libretranslate.received[0]["source"] == "fr"
    human = ContentTranslation.objects.get(field="title", language="ar")
    assert human.origin == TranslationOrigin.HUMAN and human.text == "حضانة مسائية"
    machine = ContentTranslation.objects.get(field="text", language="en")
    assert machine.origin == TranslationOrigin.MACHINE and machine.text.startswith("[en] ")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(_url(place, "contribution", pk=made.pk)).content.decode()
    assert "[en] Je travaille" in page and "machine translated" in page


@pytest.mark.parametrize("status", [500, 429, 400])
def test_a_backend_error_is_logged_and_writes_nothing(place, libretranslate, status, caplog):
    made = _published(place)
    libretranslate.answers = [(200, {}), (status, {"error": "no"})]
    assert tasks.machine_translate.call(key="contribution", object_id=made.pk) == 0
    assert not ContentTranslation.objects.exists()
    assert f"HTTP {status}" in caplog.text


def test_an_unreachable_backend_writes_nothing(place, settings, caplog):
    settings.LIBRETRANSLATE_URL = "http://127.0.0.1:9"
    settings.LIBRETRANSLATE_TIMEOUT = 1
    made = _published(place)
    assert tasks.machine_translate.call(key="contribution", object_id=made.pk) == 0
    assert not ContentTranslation.objects.exists()
    assert "failed" in caplog.text


def test_publishing_asks_the_backend_when_it_is_on(
    place, libretranslate, django_capture_on_commit_callbacks
):
    made = builders.contribution(place.territory, place.resident)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_contribution(
            actor=place.coordinator,
            contribution=made,
            decision=ModerationState.PUBLISHED,
            reason="",
        )
    assert ContentTranslation.objects.filter(origin=TranslationOrigin.MACHINE).count() == 6


# --------------------------------------------------------------------------- plain French


def test_a_hard_answer_is_held_until_confirmed(client, place):
    from tests.core.test_plain_language import JARGON

    made = _published(place)
    login_verified(client, place.coordinator)
    url = _url(place, "answer", pk=made.pk)
    data = {"status": Status.STUDYING, "answer": JARGON}
    held = client.post(url, data)
    assert held.status_code == 400
    page = held.content.decode()
    assert "Le texte est difficile à lire pour certains habitants." in page
    assert "Score de lisibilité" in page and "<strong>dispositif</strong>" in page
    assert 'name="publish_anyway"' in page and 'type="checkbox"' in page
    made.refresh_from_db()
    assert made.answer == ""
    # "Vérifier la lisibilité": the report, nothing saved, no refusal.
    checked = client.post(url, {**data, "verifier_lisibilite": "1"})
    assert checked.status_code == 200
    assert "Score de lisibilité" in checked.content.decode()
    assert "Le texte est difficile à lire pour certains" not in checked.content.decode()
    made.refresh_from_db()
    assert made.answer == ""
    # Confirmed: published.
    assert client.post(url, {**data, "publish_anyway": "on"}).status_code == 302
    made.refresh_from_db()
    assert made.answer == JARGON


def test_a_plain_answer_is_published_at_once(client, place):
    made = _published(place)
    login_verified(client, place.coordinator)
    done = client.post(
        _url(place, "answer", pk=made.pk),
        {"status": Status.STUDYING, "answer": "Nous regardons votre idée. Nous répondons en mai."},
    )
    assert done.status_code == 302


def test_the_translators_list_has_constant_queries(client, place):
    login_verified(client, place.moderator)

    def grow(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            made = _published(place, title=f"Message {i}")
            services.save_translations(
                actor=place.moderator,
                obj=made,
                entries=[
                    {"field": f, "language": "tr", "text": f"Mesaj {i}", "status": "reviewed"}
                    for f in ("title", "text")
                ],
            )

    grow(1)
    assert_constant_queries(client, _url(place, "translations"), grow)
    page = client.get(_url(place, "translations")).content.decode()
    assert "Relu" in page and "À traduire" in page
