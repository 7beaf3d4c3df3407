"""django-dsfr's field group and Django's input widgets, rendered in Python.

A form field on a DSFR page goes through four templates: django-dsfr's
``input_snippet.html`` (the group, its label, hint and errors), then Django's
``text.html`` → ``input.html`` → ``attrs.html`` for the widget. Each costs a context, a
few variable lookups and an include: about a millisecond a field in a page, 35 ms of the
fiche action's page (31 fields in its partner, means, milestone, journal and measurement
forms). ``QuickBoundField`` writes the same HTML, to the byte, in Python, for the cases
that are most of a page: no errors shown and a plain input, textarea, select or radio
buttons (``radio_group_html``). Every other case (errors to show, checkboxes, files, the
inline and rich radios, a field or widget with its own template) keeps the templates.

``install()`` (from ``CoreConfig.ready``) makes it the bound field of every django-dsfr
form. ``tests/core/test_quick_fields.py`` compares both ways for each kind of field, and
the page crawl (``tests/core/test_page_crawl.py``) for every field of every page.
"""

from __future__ import annotations

from typing import Any

from django.forms import widgets
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from dsfr.forms import DsfrBaseForm, DsfrBoundField
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields
from dsfr.utils import dsfr_input_class_attr

from maillage.core.forms import QuickSelect, attrs_html, select_html

INPUT_SNIPPET = "dsfr/form_field_snippets/input_snippet.html"
RADIO_SNIPPET = "dsfr/form_field_snippets/radioselect_snippet.html"

# Django's widgets whose template is ``input.html`` (through text.html, date.html…) or
# ``textarea.html``. A password input has its own context (it never shows its value) and
# keeps the templates, like any widget with its own ``get_context`` or ``render``.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
    )
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _renders_like_django(widget: widgets.Widget) -> bool:
    """A widget whose HTML is Django's template for its kind: no subclass of ours or a
    library's that changes its context or its rendering."""
    kind = type(widget)
    return (
        kind.render is widgets.Widget.render
        and kind.get_context in (widgets.Widget.get_context, widgets.Input.get_context)
        and (widget.template_name in _INPUT_TEMPLATES or widget.template_name == _TEXTAREA_TEMPLATE)
    )


def _is_plain_select(widget: widgets.Widget) -> bool:
    """Django's own ``Select`` (or ours, which renders it the same), with its templates:
    a subclass may change its context or its options, and keeps the templates."""
    return (
        type(widget) in (widgets.Select, QuickSelect)
        and widget.template_name == "django/forms/widgets/select.html"
        and getattr(widget, "option_template_name", None)
        == "django/forms/widgets/select_option.html"
    )


def widget_html(bound: Any) -> SafeString | None:
    """The widget's HTML as ``BoundField.as_widget`` gives it, or None when only the
    templates know it."""
    widget = bound.field.widget
    plain_select = _is_plain_select(widget)
    if not plain_select and not _renders_like_django(widget):
        return None
    if bound.field.localize:
        widget.is_localized = True
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    if plain_select:
        return select_html(widget, bound.html_name, bound.value(), attrs)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name = conditional_escape(context["name"])
    value = context["value"]
    if widget.template_name == _TEXTAREA_TEMPLATE:
        body = conditional_escape(value) if value else ""
        return mark_safe(
            f'<textarea name="{name}"{attrs_html(context["attrs"])}>\n{body}</textarea>'
        )
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    kind = conditional_escape(context["type"])
    return mark_safe(f'<input type="{kind}" name="{name}"{shown}{attrs_html(context["attrs"])}>')


def _is_plain_radio_select(widget: widgets.Widget) -> bool:
    """Django's own ``RadioSelect`` with django-dsfr's option template: not the inline or
    rich variants, nor a subclass that may change its options."""
    return (
        type(widget) is widgets.RadioSelect
        and widget.template_name == "django/forms/widgets/radio.html"
        and widget.option_template_name == "django/forms/widgets/radio_option.html"
    )


def _radio_option_html(option: dict[str, Any]) -> str | None:
    """django-dsfr's ``radio_option.html`` (with Django's ``input.html``) for one option,
    or None for a label that is not text (the template reads its ``label`` attribute)."""
    label = option["label"]
    if not isinstance(label, str | Promise):
        return None
    value = option["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    attrs = option["attrs"]
    for_id = f'for="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""
    return (
        '<div class="fr-radio-group">\n'
        f'  <input type="{conditional_escape(option["type"])}" '
        f'name="{conditional_escape(option["name"])}"{shown}{attrs_html(attrs)}>\n'
        "\n  \n"
        '    <label class="fr-label"\n'
        f"           {for_id}>\n"
        "      \n"
        f"        {conditional_escape(str(label))}\n"
        "      \n"
        "    </label>\n"
        "  \n"
        "</div>"
    )


def radio_group_html(bound: Any) -> SafeString | None:
    """django-dsfr's ``radioselect_snippet.html`` for a field without errors, or None when
    only the templates know it. Twenty radio groups cost 60 % of the page of written
    answers to moderate: three templates per option."""
    widget = bound.field.widget
    if not _is_plain_radio_select(widget):
        return None
    auto_id = conditional_escape(bound.auto_id)
    marker = conditional_escape(dsfr_mark_optionnal_fields(bound))
    parts = [
        '<fieldset class="fr-fieldset"\n'
        f'          id="radio-{auto_id}"\n'
        f'          aria-labelledby="{auto_id}-legend">\n'
        '  <legend class="fr-fieldset__legend fr-fieldset__legend--regular"\n'
        f'          id="{auto_id}-legend">\n'
        "    \n"
        f"    {conditional_escape(bound.label)}{marker}\n"
        "    \n"
    ]
    if bound.help_text:
        parts.append(
            f'      <span class="fr-hint-text" id="{auto_id}_helptext">{bound.help_text}</span>\n'
            "    \n"
        )
    parts.append("    \n  </legend>\n  \n    \n")
    # As the template, the widget gets its DSFR attributes before its options are built.
    dsfr_input_class_attr(bound)
    inline = " fr-fieldset__element--inline" if getattr(widget, "inline", False) else ""
    for subwidget in bound.subwidgets:
        option = _radio_option_html(subwidget.data)
        if option is None:
            return None
        parts.append(
            f'      <div class="fr-fieldset__element{inline}">\n'
            f"        {option}\n"
            "      </div>\n"
            "    \n"
        )
    parts.append("  \n  \n</fieldset>")
    # Every part is escaped above; the hint is shown as safe, as the template does.
    return mark_safe("".join(parts))


class QuickBoundField(DsfrBoundField):
    """``as_field_group`` without templates where the HTML is known (module docstring)."""

    def as_field_group(self) -> SafeString:
        if self.template_name == RADIO_SNIPPET and not self.errors:
            radios = radio_group_html(self)
            if radios is not None:
                return radios
        if self.template_name != INPUT_SNIPPET or self.errors:
            return super().as_field_group()
        widget = self.field.widget
        # The group's class is read before the filter runs, as in the template.
        group = getattr(widget, "group_class", "") or "fr-input-group"
        dsfr_input_class_attr(self)
        rendered = widget_html(self)
        if rendered is None:
            rendered = SafeString(str(self))
        for_id = conditional_escape(self.id_for_label)
        disabled = " fr-input-group--disabled" if self.field.disabled else ""
        marker = conditional_escape(dsfr_mark_optionnal_fields(self))
        parts = [
            f'<div class="{conditional_escape(group)}{disabled}">\n',
            f'  <label for="{for_id}" class="fr-label">\n    \n',
            f"    {conditional_escape(self.label)}{marker}\n    \n",
        ]
        if self.help_text:
            parts.append(
                f'      <span class="fr-hint-text" id="{for_id}_helptext">{self.help_text}</span>\n'
                "    \n"
            )
        parts.append(f"    \n  </label>\n  {rendered}\n  \n</div>")
        # Every part is escaped above; the hint is shown as safe, as the template does.
        return mark_safe("".join(parts))


def install() -> None:
    DsfrBaseForm.bound_field_class = QuickBoundField
