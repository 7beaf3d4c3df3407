from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maillage.core import access, i18n, navigation, pages, references, slots, theme

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context: template.Context) -> str:
    """``{% page_title %}``: the page's <title> (core.pages.page_title)."""
    return pages.page_title(
        context.get("title"), context.get("breadcrumb"), context.get("territory")
    )


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
def page_query(context: template.Context, number: Any) -> str:
    """``{% page_query 3 %}`` in ``includes/pagination.html``: the link to page 3 of the
    list being paged, whose number travels in ``page_param`` (``page`` unless the page
    has two paged lists), to the list's ``page_anchor`` when it has one."""
    link = query_with(context, **{context.get("page_param") or "page": number})
    anchor = context.get("page_anchor")
    return f"{link}#{anchor}" if anchor else link


@register.simple_tag(takes_context=True)
def render_slot(context: template.Context, slot: str, obj: Any) -> str:
    """``{% render_slot "action_detail" action %}``: panels other capabilities add; on a
    page read (not a form sent back), each kept for its reader on its own
    (``slots.render_kept``)."""
    request = context["request"]
    if request.method in ("GET", "HEAD"):
        return slots.render_kept(slot, request, obj, f"slot:{slot}:{getattr(obj, 'pk', '')}")
    return slots.render(slot, request, obj)


@register.simple_tag
def state_theme() -> bool:
    """``{% state_theme as is_state %}``: whether this instance shows the State's brand."""
    return theme.is_state_theme()


@register.simple_tag
def brand(territory: Any = None) -> Any:
    """``{% brand territory as brand %}``: the name, logo and stylesheet of the identity the
    page shows (core/theme.py)."""
    return theme.brand_for(territory)


@register.simple_tag
def pdf_font_family() -> str:
    """The font stack of printed documents: never Marianne outside the etat theme."""
    # A constant of core/theme.py, not user input: its quotes must reach the CSS intact.
    return mark_safe(theme.pdf_font_stack())


@register.simple_tag
def primary_colour(territory: Any = None) -> str:
    """The colour of headings in printed documents: the territory's, else the instance's
    (the State's blue in the etat theme)."""
    return theme.document_colour(territory)


_CSS_STRING_UNSAFE = frozenset("\\\"'<>&")


@register.filter
def css_string(value: Any) -> str:
    """``content: "{{ territory.name|css_string }}"``: text inside a double-quoted CSS string
    in a <style> element. Quotes, backslashes, angle brackets, ampersands and control
    characters become CSS hexadecimal escapes (``\\22 ``), which every CSS reader (and
    WeasyPrint's page footers) turns back into the character; the rest, hyphens and accents
    included, is written as is. ``escapejs`` is for JavaScript: in CSS its ``\\u002D`` is read
    as the letters "u002D"."""
    text = "" if value is None else str(value)
    out = []
    for char in text:
        if char in _CSS_STRING_UNSAFE or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe("".join(out))


@register.simple_tag
def offered_languages() -> list[tuple[str, str]]:
    """The languages of the switcher, each named in itself (core/i18n.py)."""
    return i18n.available_languages()


@register.filter
def text_direction(code: str) -> str:
    """``rtl`` or ``ltr`` for a language code, for a ``dir`` attribute."""
    return i18n.direction(str(code))
