from typing import Any

from django import template
from django.utils.translation import get_language

from maillage.participation import translations as registry

register = template.Library()


@register.simple_tag
def translated(found: Any, obj: Any, field: str) -> registry.Shown:
    """``{% translated translations c "text" as t %}``: the text in the page's language
    when a translation is done, else the original; ``t.lang``, ``t.dir`` and
    ``t.machine`` go on the element that shows it."""
    return registry.shown(found or {}, obj, field, get_language() or "")
