"""The shared page helpers (maillage.core.pages): breadcrumbs, the 400-on-errors rule, the
form loop and the delete page."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from maillage.core import pages


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)
    other = forms.CharField(required=False)


class MappedForm(NameForm):
    field_map = {"label": "name"}


NameFormSet = forms.formset_factory(NameForm, extra=0)


def _request(method: str = "get", data: dict | None = None):  # type: ignore[no-untyped-def]
    request = getattr(RequestFactory(), method)("/essai/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = SimpleNamespace(is_authenticated=False)
    return request


def _messages(request) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(request)]


class Saved:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_absolute_url(self) -> str:
        return f"/objets/{self.name}/"


def _refuse(**errors: str):  # type: ignore[no-untyped-def]
    def save():  # type: ignore[no-untyped-def]
        raise ValidationError(errors or "Refusé par le service.")

    return save


# --------------------------------------------------------------------------- breadcrumbs


def test_breadcrumbs_start_at_home_then_the_territory() -> None:
    territory = SimpleNamespace(name="Lyon", slug="lyon", get_absolute_url=lambda: "/t/lyon/")
    trail = pages.breadcrumbs(
        territory, pages.crumb("Réseau", "/t/lyon/reseau/"), pages.crumb("Ici")
    )
    assert trail == [
        {"label": "Accueil", "url": "/"},
        {"label": "Lyon", "url": "/t/lyon/"},
        {"label": "Réseau", "url": "/t/lyon/reseau/"},
        {"label": "Ici"},
    ]


def test_breadcrumbs_without_territory_and_object_crumb() -> None:
    saved = Saved("a")
    assert pages.breadcrumbs(None, pages.object_crumb(saved, "A")) == [
        {"label": "Accueil", "url": "/"},
        {"label": "A", "url": "/objets/a/"},
    ]


# --------------------------------------------------------------------------- render_page


def test_render_page_answers_400_only_for_a_sent_and_refused_form(db) -> None:  # type: ignore[no-untyped-def]
    request = _request()
    assert pages.render_page(request, "core/legal.html", {}).status_code == 200
    unbound = NameForm()
    assert pages.render_page(request, "core/legal.html", {}, form=unbound).status_code == 200
    valid = NameForm({"name": "ok"})
    assert pages.render_page(request, "core/legal.html", {}, form=valid).status_code == 200
    refused = NameForm({"name": ""})
    assert pages.render_page(request, "core/legal.html", {}, form=refused).status_code == 400
    assert (
        pages.render_page(request, "core/legal.html", {}, forms=(valid, None, refused)).status_code
        == 400
    )
    assert (
        pages.render_page(request, "core/legal.html", {}, form=refused, status=409).status_code
        == 409
    )


def test_has_errors_reads_formsets_by_their_error_count() -> None:
    management = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    assert not pages.has_errors(NameFormSet({**management, "form-0-name": "ok"}))
    assert pages.has_errors(NameFormSet({**management, "form-0-name": "x" * 20}))
    assert not pages.has_errors(NameFormSet())


# --------------------------------------------------------------------------- handle_form


def test_handle_form_saves_then_says_so_and_redirects_to_the_saved_object() -> None:
    request = _request("post", {"name": "abc"})
    form = NameForm(request.POST)
    response = pages.handle_form(
        request,
        form,
        lambda: Saved(form.cleaned_data["name"]),
        success_message=lambda saved: f"« {saved.name} » est créé.",
    )
    assert response is not None
    assert response.status_code == 302
    assert response["Location"] == "/objets/abc/"
    assert _messages(request) == ["« abc » est créé."]


def test_handle_form_redirects_to_a_given_url_with_a_plain_message() -> None:
    request = _request("post", {"name": "abc"})
    response = pages.handle_form(
        request, NameForm(request.POST), lambda: None, success_message="Fait.", success_url="/ici/"
    )
    assert response is not None and response["Location"] == "/ici/"
    assert _messages(request) == ["Fait."]


def test_handle_form_does_nothing_on_get_or_invalid_form() -> None:
    calls: list[int] = []
    get = _request()
    assert pages.handle_form(get, NameForm(), lambda: calls.append(1)) is None
    post = _request("post", {"name": ""})
    form = NameForm(post.POST)
    assert pages.handle_form(post, form, lambda: calls.append(1)) is None
    assert calls == []
    assert form.errors["name"]
    assert _messages(post) == []


def test_handle_form_puts_the_service_refusal_on_the_fields() -> None:
    request = _request("post", {"name": "abc"})
    form = NameForm(request.POST)
    assert (
        pages.handle_form(request, form, _refuse(name="Déjà pris.", elsewhere="Ailleurs.")) is None
    )
    assert form.errors["name"] == ["Déjà pris."]
    # A name the form does not have lands on the whole form rather than being lost.
    assert form.non_field_errors() == ["Ailleurs."]
    assert _messages(request) == []


def test_handle_form_puts_a_message_without_field_on_the_form() -> None:
    request = _request("post", {"name": "abc"})
    form = NameForm(request.POST)
    assert pages.handle_form(request, form, _refuse()) is None
    assert form.non_field_errors() == ["Refusé par le service."]


def test_handle_form_follows_the_forms_field_map() -> None:
    request = _request("post", {"name": "abc"})
    form = MappedForm(request.POST)
    assert pages.handle_form(request, form, _refuse(label="Trop long.")) is None
    assert form.errors["name"] == ["Trop long."]


# --------------------------------------------------------------------------- confirm_delete


def _delete_page(request, delete):  # type: ignore[no-untyped-def]
    return pages.confirm_delete(
        request,
        delete=delete,
        title="Supprimer « a » ?",
        warning="C’est définitif.",
        success_message="« a » est supprimé.",
        success_url="/liste/",
        cancel_url="/objets/a/",
        breadcrumb=pages.breadcrumbs(None, pages.crumb("Supprimer")),
    )


@pytest.mark.django_db
def test_confirm_delete_asks_on_get_and_deletes_on_post() -> None:
    deleted: list[int] = []
    response = _delete_page(_request(), lambda: deleted.append(1))
    assert response.status_code == 200
    assert "Supprimer « a » ?" in response.content.decode()
    assert "C’est définitif." in response.content.decode()
    assert deleted == []
    request = _request("post")
    response = _delete_page(request, lambda: deleted.append(1))
    assert (response.status_code, response["Location"]) == (302, "/liste/")
    assert deleted == [1]
    assert _messages(request) == ["« a » est supprimé."]


@pytest.mark.django_db
def test_confirm_delete_shows_the_refusal_with_400() -> None:
    request = _request("post")
    response = _delete_page(request, _refuse(__all__="Encore utilisé."))
    assert response.status_code == 400
    assert "Encore utilisé." in response.content.decode()
    assert _messages(request) == []


# --------------------------------------------------------------------------- reload, on_refusal


class Reloadable:
    def __init__(self) -> None:
        self.reloads = 0

    def refresh_from_db(self) -> None:
        self.reloads += 1


def test_handle_form_reloads_the_model_forms_instance_before_the_service() -> None:
    request = _request("post", {"name": "abc"})
    instance = Reloadable()
    seen: list[int] = []
    pages.handle_form(
        request,
        NameForm(request.POST),
        lambda: seen.append(instance.reloads),
        success_url="/ici/",
        reload=instance,
    )
    assert seen == [1]


def test_handle_form_runs_on_refusal_only_when_the_service_refuses() -> None:
    request = _request("post", {"name": "abc"})
    calls: list[str] = []
    pages.handle_form(
        request, NameForm(request.POST), _refuse(), on_refusal=lambda: calls.append("refused")
    )
    pages.handle_form(
        request,
        NameForm(request.POST),
        lambda: None,
        success_url="/ici/",
        on_refusal=lambda: calls.append("wrong"),
    )
    assert calls == ["refused"]


def test_submit_answers_what_the_service_returned() -> None:
    request = _request("post", {"name": "abc"})
    assert pages.submit(request, NameForm(request.POST), lambda: 42) == (True, 42)
    assert pages.submit(request, NameForm(request.POST), _refuse()) == (False, None)
    assert _messages(request) == []


# --------------------------------------------------------------------------- run_action


def test_run_action_says_success_or_each_refusal() -> None:
    request = _request("post")
    assert pages.run_action(request, lambda: None, success_message="C’est fait.")
    assert _messages(request) == ["C’est fait."]
    request = _request("post")
    refuse = _refuse(__all__="Pas maintenant.", other="Pas ainsi.")
    assert not pages.run_action(request, refuse, success_message="C’est fait.")
    assert sorted(_messages(request)) == ["Pas ainsi.", "Pas maintenant."]


def test_run_action_may_say_what_the_service_did() -> None:
    request = _request("post")
    assert pages.run_action(request, lambda: 3, success_message=lambda n: f"{n} envois.")
    assert _messages(request) == ["3 envois."]
    request = _request("post")
    assert not pages.run_action(
        request, _refuse(__all__="Pas maintenant."), success_message=lambda n: f"{n} envois."
    )
    assert _messages(request) == ["Pas maintenant."]


# --------------------------------------------------------------------------- SectionPage


@pytest.mark.django_db
def test_section_page_adds_territory_section_and_folder(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = {}

    def fake_render(request, template, context, status):  # type: ignore[no-untyped-def]
        seen.update(template=template, context=context, status=status)
        return pages.HttpResponse(status=status)

    monkeypatch.setattr(pages, "render", fake_render)
    page = pages.SectionPage("observatory", "observatory/")
    territory = SimpleNamespace(name="Lyon")
    response = page(_request(), "portrait.html", territory, {"a": 1}, form=NameForm({"name": ""}))
    assert response.status_code == 400
    assert seen["template"] == "observatory/portrait.html"
    assert seen["context"] == {"territory": territory, "section": "observatory", "a": 1}


def test_page_title_names_the_page_then_its_trail():
    from types import SimpleNamespace

    from maillage.core.pages import page_title

    place = SimpleNamespace(name="Clichy-sous-Bois")
    trail = [
        {"label": "Accueil", "url": "/"},
        {"label": "Clichy-sous-Bois", "url": "/t/"},
        {"label": "Actions", "url": "/t/a/"},
        {"label": "1.1.1 Prévention", "url": "/t/a/1/"},
        {"label": "Historique"},
    ]
    assert page_title("", trail, place) == (
        "Historique — 1.1.1 Prévention — Actions — Clichy-sous-Bois — Maillage"
    )
    # A title given by the view names the page; the trail still tells two objects apart.
    assert page_title("Versions de la fiche", trail, place) == (
        "Versions de la fiche — 1.1.1 Prévention — Actions — Clichy-sous-Bois — Maillage"
    )
    assert page_title("Accueil", None, None) == "Accueil — Maillage"
    assert page_title("", trail[:2], place) == "Clichy-sous-Bois — Maillage"
