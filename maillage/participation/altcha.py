"""The proof of work asked of people who write without an account (ALTCHA, decision
0020): the challenge is made and checked here, with no third party.

- ``challenge`` answers a fresh challenge signed with ``ALTCHA_HMAC_KEY`` (HMAC-SHA-256),
  valid ``ALTCHA_CHALLENGE_EXPIRE`` milliseconds, at most
  ``PARTICIPATION_ALTCHA_MAX_NUMBER`` hashes to find;
- ``ProofOfWorkField`` verifies the payload's signature, its solution and its expiry, and
  refuses a payload already used (django-altcha keeps the used challenges in the shared
  cache until they expire), with French messages;
- ``ProofOfWorkWidget`` loads the widget's script, its styles and its worker from this
  site (the widget would otherwise inject a ``<style>`` and start its worker from a
  ``blob:`` URL, which the Content-Security-Policy refuses), and explains what to do
  without JavaScript."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_altcha import AltchaField, AltchaWidget, get_altcha_challenge


def new_challenge() -> dict[str, Any]:
    made = get_altcha_challenge(max_number=settings.PARTICIPATION_ALTCHA_MAX_NUMBER)
    return made.to_dict()


def challenge_response(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(new_challenge())
    response["Cache-Control"] = "no-store"
    return response


def widget_strings() -> str:
    return json.dumps(
        {
            "label": _("Je ne suis pas un robot"),
            "verifying": _("Vérification en cours…"),
            "verified": _("Vérifié"),
            "verify": _("Vérifier"),
            "loading": _("Chargement…"),
            "reload": _("Recommencer"),
            "error": _("La vérification n’a pas marché. Réessayez."),
            "expired": _("La vérification a expiré. Recommencez."),
            "verificationRequired": _("Cochez « Je ne suis pas un robot » avant d’envoyer."),
            "waitAlert": _("Vérification en cours… Attendez quelques secondes."),
            "ariaLinkLabel": _("ALTCHA"),
            "footer": "",
        },
        ensure_ascii=False,
    )


class ProofOfWorkWidget(AltchaWidget):
    template_name = "participation/altcha_widget.html"
    # Not a hidden input: the form shows the field with its label and its errors.
    input_type = "altcha"

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        self.options["strings"] = widget_strings()
        context = super().get_context(name, value, attrs)
        context["altcha_css_url"] = static("participation/altcha.css")
        return context


class ProofOfWorkField(AltchaField):
    widget = ProofOfWorkWidget
    default_error_messages = {
        "error": gettext_lazy("La vérification anti-robot n’a pas pu être lue. Recommencez."),
        "invalid": gettext_lazy("La vérification anti-robot n’est pas valable. Recommencez."),
        "required": gettext_lazy(
            "Cochez « Je ne suis pas un robot » et attendez la fin de la vérification."
        ),
        "replay": gettext_lazy(
            "Cette vérification anti-robot a déjà servi. Recommencez la vérification."
        ),
    }
