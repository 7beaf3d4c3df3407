from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html

from maillage.core import access, navigation, references, slots

register = template.Library()


@register.simple_tag(takes_context=True)
def territory_menu(context: template.Context, territory: Any, section: str = "") -> list[dict]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return navigation.menu_for(user, territory, section or "")


@register.simple_tag(takes_context=True)
def can(context: template.Context, verb: str, obj: Any) -> bool:
    """``{% can "change" organisation as may_edit %}``: the access engine in templates."""
    request = context.get("request")
    return access.can(getattr(request, "user", None), verb, obj)


@register.simple_tag(takes_context=True)
def reference(context: template.Context, holder: Any, field: str) -> references.Reference:
    """``{% reference decision "action" as ref %}``: the object ``decision.action`` as the
    reader may see it (``ref.visible``, ``ref.code``, ``ref.title``, ``ref.url``, or the
    neutral label in ``ref.label`` when hidden). See ``core/references.py``."""
    request = context.get("request")
    return references.reference(getattr(request, "user", None), holder, field)


@register.simple_tag(takes_context=True)
def reference_link(context: template.Context, holder: Any, field: str) -> str:
    """``{% reference_link item "action" %}``: "CODE — title" linked to its page when the
    reader may see it, the neutral "une fiche non visible" otherwise, nothing when none."""
    ref = reference(context, holder, field)
    if ref.visible and ref.url:
        return format_html('<a href="{}">{}</a>', ref.url, ref.label)
    return format_html("{}", ref.label)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters changed (for pagination, sorting)."""
    request = context["request"]
    params: QueryDict = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def render_slot(context: template.Context, slot: str, obj: Any) -> str:
    """``{% render_slot "action_detail" action %}``: panels other capabilities add."""

    return slots.render(slot, context["request"], obj)
