"""QuickSelect gives byte for byte the HTML of Django's Select templates."""

from __future__ import annotations

from django import forms

from maillage.core.forms import QuickSelect, QuickSelects

CHOICES = [
    ("", "Toutes"),
    ("a", "Plain"),
    ("b&c", 'Needs <escaping> & "quotes"'),
    ("Group <1>", [("g1", "In a group"), ("g2", "Another — one")]),
    (3, "A number"),
]


class Both(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    quick = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)
    plain_multi = forms.ChoiceField(
        choices=CHOICES, required=False, widget=forms.Select(attrs={"disabled": True})
    )
    quick_multi = forms.ChoiceField(
        choices=CHOICES, required=False, widget=QuickSelect(attrs={"disabled": True})
    )


def _same(form: Both, plain: str, quick: str) -> None:
    rendered_plain = str(form[plain]).replace(f'"{plain}"', '"X"').replace(f"id_{plain}", "id_X")
    rendered_quick = str(form[quick]).replace(f'"{quick}"', '"X"').replace(f"id_{quick}", "id_X")
    assert rendered_quick == rendered_plain
    assert "<option" in rendered_quick


def test_same_html_without_value():
    form = Both()
    _same(form, "plain", "quick")
    _same(form, "plain_multi", "quick_multi")


def test_same_html_with_selected_value_and_errors():
    for value in ("b&c", "g2", "3", "nope"):
        form = Both(
            data={"plain": value, "quick": value, "plain_multi": value, "quick_multi": value}
        )
        form.is_valid()
        _same(form, "plain", "quick")
        _same(form, "plain_multi", "quick_multi")
    assert "selected" in str(Both(data={"quick": "g2"})["quick"])


class PlainFilters(forms.Form):
    kind = forms.ChoiceField(choices=CHOICES, required=False)
    year = forms.TypedChoiceField(choices=CHOICES, required=False, coerce=str)
    text = forms.CharField(required=False)


class QuickFilters(QuickSelects, PlainFilters):
    """The same form with the mixin: its plain selects become QuickSelect."""


def test_the_mixin_renders_every_plain_select_the_same_way_in_python():
    plain, quick = (
        PlainFilters({"kind": "b&c", "year": "g2"}),
        QuickFilters({"kind": "b&c", "year": "g2"}),
    )
    assert type(quick.fields["kind"].widget) is QuickSelect
    assert type(quick.fields["year"].widget) is QuickSelect
    assert type(quick.fields["text"].widget) is forms.TextInput
    # The declared fields keep Django's widget: the mixin changes the form's copies only.
    assert type(PlainFilters.base_fields["kind"].widget) is forms.Select
    for name in ("kind", "year", "text"):
        assert str(quick[name]) == str(plain[name])
    assert quick.is_valid() and quick.cleaned_data["kind"] == "b&c"


def test_model_choices_are_read_in_one_fetch_and_are_django_s(db):  # type: ignore[no-untyped-def]
    """``QuickSelects`` reads a model field's choices with ``ListedChoiceIterator``: one
    plain fetch (no ``QuerySet.iterator()``, a server-side cursor on PostgreSQL) kept by
    the form, the same choices and the same HTML as Django's iterator, validation
    unchanged."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.core.forms import ListedChoiceIterator
    from maillage.territories.models import Organisation
    from tests.factories import OrganisationFactory

    for name in ("Zèbre & co", "Alpha <b>", "Mairie"):
        OrganisationFactory(name=name)
    organisations = Organisation.objects.order_by("name")

    class Plain(forms.Form):
        organisation = forms.ModelChoiceField(queryset=organisations, required=False)

    class Quick(QuickSelects, forms.Form):
        organisation = forms.ModelChoiceField(queryset=organisations, required=False)

    plain, quick = Plain(), Quick()
    assert isinstance(quick.fields["organisation"].widget.choices, ListedChoiceIterator)
    with CaptureQueriesContext(connection) as queries:
        html = str(quick["organisation"])
    assert len(queries) == 1
    assert html == str(plain["organisation"])
    with CaptureQueriesContext(connection) as queries:
        assert str(quick["organisation"]) == html  # the form read its choices once
    assert len(queries) == 0
    assert [(str(v), label) for v, label in Quick().fields["organisation"].choices] == [
        (str(v), label) for v, label in plain.fields["organisation"].choices
    ]
    assert "Alpha &lt;b&gt;" in html
    chosen = organisations.get(name="Mairie")
    bound = Quick({"organisation": str(chosen.pk)})
    assert bound.is_valid() and bound.cleaned_data["organisation"] == chosen
    assert not Quick({"organisation": "0"}).is_valid()
