"""Translations of a consultation's texts (title, description, questions, choices): entered
on the translators' pages, shown on the resident pages in the active language with their
``lang`` and ``dir``, fetched in one query per page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from maillage.participation import services
from maillage.participation.models import ContentTranslation, Option
from tests.conftest import login_verified
from tests.participation import builders
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

BEFORE_SEVEN_AR = "قبل الساعة السابعة"


def _url(place, name, **kwargs):  # type: ignore[no-untyped-def]
    return reverse(
        f"participation:{name}", kwargs={"territory_slug": place.territory.slug, **kwargs}
    )


def _done(place, obj, field, language, text):  # type: ignore[no-untyped-def]
    services.save_translations(
        actor=place.coordinator,
        obj=obj,
        entries=[{"field": field, "language": language, "text": text, "status": "translated"}],
    )


def _translated(place):  # type: ignore[no-untyped-def]
    consultation = builders.consultation(place.territory, place.coordinator, results_published=True)
    single = consultation.questions.order_by("position").first()
    option = single.options.order_by("position").first()
    _done(place, consultation, "title", "ar", "احتياجاتكم لرعاية الأطفال")
    _done(place, single, "label", "ar", "في أي ساعة تحتاج إلى رعاية؟")
    _done(place, option, "label", "ar", BEFORE_SEVEN_AR)
    return consultation, single, option


def test_a_translated_option_label_shows_in_arabic_right_to_left(client, place):
    consultation, _single, _option = _translated(place)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    detail = client.get(_url(place, "consultation", pk=consultation.pk)).content.decode()
    assert '<h1 lang="ar" dir="rtl">احتياجاتكم لرعاية الأطفال</h1>' in detail
    assert f'<li lang="ar" dir="rtl">{BEFORE_SEVEN_AR}</li>' in detail
    # A choice without translation: the French original, marked as such.
    assert '<li lang="fr" dir="ltr">En journée</li>' in detail
    login_verified(client, place.resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    form = client.get(_url(place, "consultation_answer", pk=consultation.pk)).content.decode()
    assert f'<span lang="ar" dir="rtl">{BEFORE_SEVEN_AR}</span>' in form
    assert '<span lang="ar" dir="rtl">في أي ساعة تحتاج إلى رعاية؟</span>' in form
    results = client.get(_url(place, "consultation_results", pk=consultation.pk)).content.decode()
    assert f'<th scope="row" lang="ar" dir="rtl">{BEFORE_SEVEN_AR}</th>' in results
    listing = client.get(_url(place, "consultations")).content.decode()
    assert '<span lang="ar" dir="rtl">احتياجاتكم لرعاية الأطفال</span>' in listing
    # In Turkish nothing is translated: the originals, marked French.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    detail = client.get(_url(place, "consultation", pk=consultation.pk)).content.decode()
    assert BEFORE_SEVEN_AR not in detail
    assert '<li lang="fr" dir="ltr">Avant 7 heures</li>' in detail


def test_an_answer_given_in_arabic_is_counted_for_the_french_choice(client, place):
    consultation, single, option = _translated(place)
    login_verified(client, place.resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.post(
        _url(place, "consultation_answer", pk=consultation.pk), {f"q{single.pk}": option.pk}
    )
    assert response.status_code == 302
    assert option.answers.count() == 1


def test_the_consultation_pages_fetch_translations_in_one_query(client, place):
    consultation, single, _option = _translated(place)

    def grow(n):  # type: ignore[no-untyped-def]
        start = single.options.count()
        for i in range(n):
            made = Option.objects.create(question=single, position=start + i, label=f"Choix {i}")
            _done(place, made, "label", "ar", f"خيار {i}")

    grow(1)
    login_verified(client, place.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for name in ("consultation", "consultation_answer", "consultation_results"):
        assert_constant_queries(client, _url(place, name, pk=consultation.pk), grow, factor=3)

    def more(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            made = builders.consultation(place.territory, place.coordinator, title=f"Avis {i}")
            _done(place, made, "title", "ar", f"رأي {i}")

    assert_constant_queries(client, _url(place, "consultations"), more, factor=3)
    assert_constant_queries(client, _url(place, "translations"), more, factor=3)


def test_the_translators_list_and_edit_a_consultation_s_texts(client, place):
    consultation = builders.consultation(place.territory, place.coordinator)
    draft = builders.consultation(
        place.territory, place.coordinator, title="Encore en brouillon", state="draft"
    )
    option = consultation.questions.order_by("position").first().options.first()
    login_verified(client, place.moderator)
    listing = client.get(_url(place, "translations")).content.decode()
    assert _url(place, "translate", key="consultation", pk=consultation.pk) in listing
    assert _url(place, "translate", key="option", pk=option.pk) in listing
    assert "Encore en brouillon" not in listing
    url = _url(place, "translate", key="option", pk=option.pk)
    page = client.get(url)
    assert page.status_code == 200 and 'lang="ar" dir="rtl"' in page.content.decode()
    data = {}
    for code in ("ar", "tr", "en"):
        data[f"label__{code}__text"] = ""
        data[f"label__{code}__status"] = "to_translate"
    data["label__en__text"] = "Before 7 am"
    data["label__en__status"] = "reviewed"
    assert client.post(url, data).status_code == 302
    row = ContentTranslation.objects.get()
    assert (row.field, row.language, row.text, row.territory_id) == (
        "label",
        "en",
        "Before 7 am",
        place.territory.pk,
    )
    # A draft's choice is not the translators' (the coordinators' only), another
    # territory's neither; a resident is refused.
    draft_option = draft.questions.order_by("position").first().options.first()
    assert client.get(_url(place, "translate", key="option", pk=draft_option.pk)).status_code == 404
    login_verified(client, place.resident2)
    assert client.get(url).status_code == 403
