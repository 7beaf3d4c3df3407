"""Contributions for the tests, made through the services."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.participation import services
from maillage.participation.models import Contribution, Kind, ModerationState


def contribution(
    territory: Any,
    author: Any,
    *,
    title: str = "Une crèche ouverte le soir",
    kind: str = Kind.NEED,
    category: str = "childcare",
    moderation: str = ModerationState.PENDING,
    moderator: Any = None,
    reason: str = "off_topic",
    **extra: Any,
) -> Contribution:
    made = services.create_contribution(
        actor=author,
        territory=territory,
        kind=kind,
        category=category,
        title=title,
        text="Je travaille tôt le matin. Il n’y a pas de garde avant 7 heures.",
        display_name="Samia",
        **extra,
    )
    if moderation != ModerationState.PENDING:
        services.moderate_contribution(
            actor=moderator,
            contribution=made,
            decision=moderation,
            reason="" if moderation == ModerationState.PUBLISHED else reason,
        )
    return made


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": Kind.NEED,
        "category": "childcare",
        "quartier": "",
        "title": "Une crèche ouverte le soir",
        "text": "Je finis à 20 heures. Je n’ai personne pour garder mes enfants.",
        "display_name": "Samia",
    }
    data.update(overrides)
    return data


def photo(
    *, image_format: str = "JPEG", name: str = "photo.jpg", gps: bool = False, size=(40, 30)
) -> SimpleUploadedFile:
    """An uploaded image; with ``gps``, a JPEG whose EXIF gives where it was taken."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    options: dict[str, Any] = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Fabricant"  # Make
        exif[0x8825] = {1: "N", 2: (48.0, 54.0, 30.0), 3: "E", 4: (2.0, 33.0, 10.0)}
        options["exif"] = exif.tobytes()
    image.save(buffer, format=image_format, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def consultation(
    territory: Any,
    coordinator: Any,
    *,
    title: str = "Vos besoins de garde d’enfants",
    state: str = "open",
    anonymous: bool = False,
    results_published: bool = False,
    quartiers: Any = (),
    opens_on: Any = None,
    closes_on: Any = None,
) -> Any:
    """A consultation with four questions (single, multiple, scale, text), put in ``state``
    through the services."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    made = services.create_consultation(
        actor=coordinator,
        territory=territory,
        title=title,
        opens_on=opens_on or today - datetime.timedelta(days=7),
        closes_on=closes_on or today + datetime.timedelta(days=21),
        quartiers=quartiers,
        anonymous=anonymous,
    )
    services.add_question(
        actor=coordinator,
        consultation=made,
        kind="single",
        label="À quelle heure avez-vous besoin d’une garde ?",
        options=["Avant 7 heures", "En journée", "Après 19 heures"],
        required=True,
    )
    services.add_question(
        actor=coordinator,
        consultation=made,
        kind="multiple",
        label="Quelles langues parlez-vous à la maison ?",
        options=["Français", "Arabe", "Turc", "Tamoul"],
    )
    services.add_question(
        actor=coordinator,
        consultation=made,
        kind="scale",
        label="La garde est-elle difficile à trouver ?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Facile",
        scale_max_label="Très difficile",
    )
    services.add_question(
        actor=coordinator, consultation=made, kind="text", label="Autre chose à nous dire ?"
    )
    if state in ("open", "closed"):
        services.change_state(actor=coordinator, consultation=made, action="open")
    if state == "closed":
        services.change_state(actor=coordinator, consultation=made, action="close")
    if results_published:
        services.change_state(actor=coordinator, consultation=made, action="publish_results")
    return made


def answers_for(consultation: Any, *, hour: int = 0, langs=(0,), note=4, text="") -> dict:  # type: ignore[no-untyped-def]
    """Answers by position: the ``hour``-th option, the ``langs`` options, a note, a text."""
    questions = list(consultation.questions.prefetch_related("options"))
    single, multiple, scale, free = questions
    single_options = list(single.options.all())
    multiple_options = list(multiple.options.all())
    return {
        single.pk: single_options[hour].pk,
        multiple.pk: [multiple_options[i].pk for i in langs],
        scale.pk: note,
        free.pk: text,
    }
