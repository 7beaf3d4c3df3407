"""What participation holds about a person, for their personal-data export (registered
with ``core.personal_data`` in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from maillage.participation.models import (
    Answer,
    Avis,
    ContentTranslation,
    Contribution,
    CouncilMember,
    Interpellation,
    Moderator,
    Support,
)


def _contribution(c: Contribution) -> dict[str, Any]:
    return {
        "id": c.pk,
        "territoire": c.territory.name,
        "type": c.kind,
        "sujet": c.category,
        "quartier": c.quartier.name if c.quartier else None,
        "titre": c.title,
        "message": c.text,
        "prenom_ou_pseudo": c.display_name,
        "origine": c.origin,
        "accord_recueilli_le": c.consent_given_at.isoformat() if c.consent_given_at else None,
        "moderation": c.moderation,
        "motif": c.moderation_reason,
        "suite": c.status,
        "reponse": c.answer,
        "ecrit_le": c.created_at.isoformat(),
        "photo": reverse("participation:contribution_photo", args=[c.territory.slug, c.pk])
        if c.photo
        else None,
    }


def export(user: Any) -> dict[str, Any]:
    written = Contribution.objects.filter(author=user).select_related("territory", "quartier")
    entered = Contribution.objects.filter(entered_by=user).select_related("territory", "quartier")
    return {
        "contributions": [_contribution(c) for c in written.order_by("created_at")],
        "contributions_saisies_pour_des_habitants": [
            _contribution(c) for c in entered.order_by("created_at")
        ],
        "soutiens": [
            {"contribution": s.contribution_id, "le": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).order_by("created_at")
        ],
        # Signed consultations only: anonymous answers are not linked to an account.
        "reponses_aux_consultations": [
            {
                "consultation": a.response.consultation.title,
                "question": a.question.label,
                "reponse": a.option.label
                if a.option
                else a.value
                if a.value is not None
                else a.text,
                "moderation": a.moderation,
                "le": a.response.updated_at.isoformat(),
            }
            for a in Answer.objects.filter(response__respondent=user)
            .select_related("response__consultation", "question", "option")
            .order_by("response_id", "question__position", "id")
        ],
        "moderation": [
            m.territory.name
            for m in Moderator.objects.filter(user=user).select_related("territory")
        ],
        "mandats_au_conseil_citoyen": [
            {
                "conseil": m.body.name,
                "college": m.college,
                "nom_affiche": m.display_name,
                "debut": m.started_on.isoformat(),
                "fin": m.ended_on.isoformat() if m.ended_on else None,
            }
            for m in CouncilMember.objects.filter(user=user).select_related("body")
        ],
        "avis_rediges": [
            {"id": a.pk, "titre": a.title, "texte": a.text, "etat": a.state}
            for a in Avis.objects.filter(author=user).order_by("created_at")
        ],
        "interpellations_redigees": [
            {"id": i.pk, "objet": i.subject, "texte": i.text}
            for i in Interpellation.objects.filter(author=user).order_by("created_at")
        ],
        "traductions": [
            {
                "territoire": t.territory.name,
                "objet": f"{t.content_type.app_label}.{t.content_type.model}:{t.object_id}",
                "champ": t.field,
                "langue": t.language,
                "etat": t.status,
                "texte": t.text,
                "le": t.updated_at.isoformat(),
            }
            for t in ContentTranslation.objects.filter(translator=user)
            .select_related("territory", "content_type")
            .order_by("created_at")
        ],
    }
