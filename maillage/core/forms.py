from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from dsfr.forms import DsfrBaseForm


def attrs_html(attrs: dict[str, Any]) -> str:
    """Django's ``django/forms/widgets/attrs.html``, in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def select_html(
    widget: forms.Select, name: str, value: Any, attrs: dict[str, Any] | None = None
) -> SafeString:
    """Django's ``<select>`` templates (select.html, select_option.html, attrs.html) for
    ``widget``, written in Python: the templates include two templates per option."""
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [
        f'<select name="{conditional_escape(context["name"])}"',
        attrs_html(context["attrs"]),
    ]
    parts.append(">")
    for group_name, group_choices, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{attrs_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    # Every part above is escaped.
    return mark_safe("".join(parts))


class QuickSelect(forms.Select):
    """A ``<select>`` giving exactly the HTML of Django's templates (``select_html``):
    the templates cost tens of milliseconds on a filter of a few hundred options
    (organisations, places, thématiques)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        return select_html(self, name, value, attrs)


class ListedChoiceIterator(ModelChoiceIterator):
    """Django's choices of a model field, read in one fetch of the queryset rather than
    through ``QuerySet.iterator()``: on PostgreSQL that opens a server-side cursor, three
    round trips (declare, fetch, close) for a ``<select>`` of a few dozen organisations,
    which a page shows whole anyway. The rows stay in the queryset of the form's field (a
    copy per form, made by Django when the form is built): a form read twice in a page
    reads its choices once."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class QuickSelects:
    """Mixed into a form (before its base form): every plain ``<select>`` of its fields is
    rendered by ``QuickSelect``, the same HTML without two templates per option. For the
    filter forms of the long lists, whose choices (bodies, organisations, places, years)
    run into the hundreds and were a tenth of the page's time. The choices of its model
    fields are read in one fetch (``ListedChoiceIterator``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        for field in fields.values():
            if type(field.widget) is forms.Select:
                # The same widget (attributes, choices, required flag), rendered in Python.
                field.widget.__class__ = QuickSelect
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                # The widget holds the choices made with the former iterator.
                field.widget.choices = field.choices


class DsfrModelForm(QuickSelects, DsfrBaseForm, forms.ModelForm):
    """A ModelForm rendered with the State design system (its plain selects by
    ``QuickSelect``)."""
