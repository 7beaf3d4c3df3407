"""The CSRF field of a form written in Python (rows of a table with a form each: a fiche's
milestones, a task's state, an organisation's members), as ``{% csrf_token %}`` writes it;
and the tokens of HTML kept for later, swapped for the reader's own (``without_tokens``)."""

import re

from django.middleware.csrf import (  # type: ignore[attr-defined]  # Django's own unmasking
    _unmask_cipher_token,
)
from django.utils.html import format_html
from django.utils.safestring import SafeString

# A masked CSRF token: 64 letters and digits (django.middleware.csrf), standing alone.
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Where a token was, in HTML kept for later: no rendered page holds a NUL byte (core/http.py
# refuses them).
SLOT = b"\x00csrf\x00"


def csrf_field(given: str | None) -> SafeString:
    """The hidden field with the page's token; nothing without one (Django marks a view
    exempt from CSRF with ``NOTPROVIDED``)."""
    if not given or given == "NOTPROVIDED":
        return SafeString("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', given)


def without_tokens(content: bytes, secret: str) -> bytes:
    """``content`` with every CSRF token made from ``secret`` replaced by ``SLOT``: each
    64-character word is unmasked (Django's own unmasking) and compared, so a token is
    found wherever the HTML holds it, in a form's field or an attribute. HTML kept for
    later gets the token of the request it is served to in each slot."""

    def slot(match: re.Match[bytes]) -> bytes:
        token = match.group().decode()
        return SLOT if _unmask_cipher_token(token) == secret else match.group()

    return _TOKEN.sub(slot, content)
