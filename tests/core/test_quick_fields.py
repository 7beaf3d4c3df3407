"""django-dsfr's field group written in Python (core/quick_fields.py) gives, to the byte,
the HTML of its templates: here for each kind of field and state; every form of every
page is compared the same way during the page crawl (tests/core/test_page_crawl.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils.translation import gettext_lazy
from dsfr.forms import DsfrBaseForm, DsfrBoundField
from dsfr.widgets import InlineRadioSelect

from maillage.core.forms import QuickSelects
from maillage.core.quick_fields import QuickBoundField, radio_group_html, widget_html


class EveryKind(QuickSelects, DsfrBaseForm):
    """One field of each kind a page of ours shows, in each state that changes the HTML."""

    name = forms.CharField(label="Nom <b>& co</b>", help_text="Aide & <i>lien</i>", max_length=80)
    optional = forms.CharField(required=False, label="Facultatif")
    disabled = forms.IntegerField(disabled=True, initial=3)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    amount = forms.DecimalField(required=False, localize=True)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    at = forms.TimeField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    plain_select = forms.ChoiceField(choices=[("a", "A < B"), ("b", "B")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    tick = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    flagged = forms.CharField(
        required=False,
        widget=forms.TextInput(
            attrs={"data-on": True, "data-off": False, "aria-describedby": "ailleurs"}
        ),
    )
    own_id = forms.CharField(required=False, widget=forms.TextInput(attrs={"id": "le-mien"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label="Choix <i>",
        help_text="Aide <b>",
        choices=[("a", "A < B"), ("b", gettext_lazy("Bé"))],
        widget=forms.RadioSelect,
    )
    optional_choice = forms.ChoiceField(
        required=False, choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect
    )
    grouped_choice = forms.ChoiceField(
        required=False,
        choices=[("Groupe", [("1", "Un"), ("2", "Deux")]), ("3", "Trois")],
        widget=forms.RadioSelect,
    )
    inline_choice = forms.ChoiceField(
        required=False, choices=[("x", "X"), ("y", "Y")], widget=InlineRadioSelect
    )


INITIAL = {
    "name": 'Maison "des <habitants>"',
    "amount": Decimal("1234.5"),
    "day": datetime.date(2026, 12, 6),
    "moment": datetime.datetime(2026, 12, 6, 9, 30),
    "at": datetime.time(18, 0),
    "text": "Ligne 1\n<script>",
    "plain_select": "b",
    "choice": "b",
    "grouped_choice": "2",
}


def _both(form: forms.Form) -> list[tuple[str, str, str]]:
    """(field, template HTML, Python HTML) for each visible field."""
    out = []
    for name in form.fields:
        bound = form[name]
        if bound.is_hidden:
            continue
        expected = DsfrBoundField.as_field_group(bound)
        out.append((name, str(expected), str(bound.as_field_group())))
    return out


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: EveryKind(), id="unbound"),
        pytest.param(lambda: EveryKind(initial=INITIAL), id="initial values"),
        pytest.param(lambda: EveryKind(prefix="p2", initial=INITIAL), id="prefixed"),
        pytest.param(lambda: EveryKind(auto_id=False), id="no ids"),
        pytest.param(lambda: EveryKind(auto_id="champ_%s"), id="own ids"),
        pytest.param(
            lambda: EveryKind(data={**INITIAL, "amount": "1 234,5", "plain_select": "a"}),
            id="bound and valid",
        ),
        pytest.param(lambda: EveryKind(data={"email": "pas une adresse"}), id="bound with errors"),
    ],
)
def test_every_field_renders_as_the_templates_do(make) -> None:  # type: ignore[no-untyped-def]
    form = make()
    assert isinstance(form["name"], QuickBoundField)
    for name, expected, got in _both(form):
        assert got == expected, name


def test_the_common_widgets_skip_the_templates_and_the_others_keep_them() -> None:
    form = EveryKind()
    for name in (
        "name",
        "email",
        "url",
        "amount",
        "day",
        "moment",
        "at",
        "text",
        "flagged",
        "plain_select",
    ):
        assert widget_html(form[name]) is not None, name
    # Their own rendering (a password never shown again) or several inputs.
    for name in ("secret", "tick", "upload", "many", "hidden"):
        assert widget_html(form[name]) is None, name
    # Django's radio buttons are written in Python; the inline variant keeps its templates.
    for name in ("choice", "optional_choice", "grouped_choice"):
        assert radio_group_html(form[name]) is not None, name
    assert radio_group_html(form["inline_choice"]) is None


class DjangoSelects(DsfrBaseForm):
    """Django's own Select, not QuickSelects' (most forms): flat and grouped choices, a
    model-like empty choice, a value to keep selected."""

    flat = forms.ChoiceField(choices=[("", "---------"), ("a", "A < B"), ("b", "B & co")])
    grouped = forms.ChoiceField(
        choices=[("Quartiers", [("1", "Le Chêne Pointu"), ("2", "La Forestière")]), ("3", "Autre")],
        required=False,
    )
    number = forms.TypedChoiceField(choices=[(1, "Un"), (2, "Deux")], coerce=int)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: DjangoSelects(), id="unbound"),
        pytest.param(lambda: DjangoSelects(initial={"flat": "b", "grouped": "2"}), id="initial"),
        pytest.param(lambda: DjangoSelects(data={"flat": "a", "number": "2"}), id="bound"),
        pytest.param(lambda: DjangoSelects(prefix="f", auto_id=False), id="prefixed, no ids"),
    ],
)
def test_django_selects_render_in_python_as_the_templates_do(make) -> None:  # type: ignore[no-untyped-def]
    form = make()
    assert all(widget_html(form[name]) is not None for name in form.fields)
    for name, expected, got in _both(form):
        assert got == expected, name


def test_a_field_with_errors_is_left_to_the_templates(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    original = DsfrBoundField.as_field_group

    def spy(self):  # type: ignore[no-untyped-def]
        calls.append(self.name)
        return original(self)

    monkeypatch.setattr(DsfrBoundField, "as_field_group", spy)
    form = EveryKind(data={"email": "pas une adresse"})
    html = str(form["email"].as_field_group())
    assert calls == ["email"]
    assert "fr-input-group--error" in html
    calls.clear()
    form["optional"].as_field_group()
    assert calls == []  # no error on this one: written in Python
