from typing import Any

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.models import Invitation, User
from maillage.core import personal_data as capabilities_data
from maillage.core.models import AuditEntry
from maillage.territories.models import Territory


def invitations_of(territory: Territory) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(territory=territory)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")[:200]
    )


def personal_data(user: User) -> dict[str, Any]:
    memberships = user.memberships.select_related("territory", "organisation")
    return {
        "compte": {
            "adresse_electronique": user.email,
            "nom_complet": user.full_name,
            "telephone": user.phone,
            "langue": user.preferred_language,
            "inscrit_le": user.date_joined.isoformat(),
            "adresse_verifiee_le": user.email_verified_at.isoformat()
            if user.email_verified_at
            else None,
        },
        "appartenances": [
            {
                "territoire": m.territory.name,
                "organisation": m.organisation.name if m.organisation else None,
                "role": m.role,
                "fonction": m.job_title,
                "fin": m.ended_on.isoformat() if m.ended_on else None,
            }
            for m in memberships
        ],
        "invitations_recues": [
            {
                "territoire": i.territory.name,
                "role": i.role,
                "envoyee_le": i.created_at.isoformat(),
                "acceptee_le": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("territory")
        ],
        "jetons_api": [
            {
                "nom": t.name,
                "debut": t.prefix,
                "cree_le": t.created_at.isoformat(),
                "expire_le": t.expires_at.isoformat() if t.expires_at else None,
                "revoque_le": t.revoked_at.isoformat() if t.revoked_at else None,
                "derniere_utilisation": t.last_used_at.isoformat() if t.last_used_at else None,
            }
            for t in user.api_tokens.all()
        ],
        "double_authentification": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "journal": [
            {"date": e.created_at.isoformat(), "action": e.action, "objet": e.object_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("-created_at")[:1000]
        ],
        **capabilities_data.sections(user),
    }
