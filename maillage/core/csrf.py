"""The CSRF field of a form written in Python (rows of a table with a form each: a fiche's
milestones, a task's state, an organisation's members), as ``{% csrf_token %}`` writes it."""

from django.utils.html import format_html
from django.utils.safestring import SafeString


def csrf_field(given: str | None) -> SafeString:
    """The hidden field with the page's token; nothing without one (Django marks a view
    exempt from CSRF with ``NOTPROVIDED``)."""
    if not given or given == "NOTPROVIDED":
        return SafeString("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', given)
