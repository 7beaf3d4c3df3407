"""Forms of the participation pages. They turn what the browser sends into service
arguments; the rules live in the services and the models' ``clean()``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.accounts.models import User
from maillage.core import access, i18n
from maillage.core.plain_language import PlainLanguageMixin
from maillage.governance.models import Body
from maillage.participation.altcha import ProofOfWorkField
from maillage.participation.models import (
    Category,
    College,
    Kind,
    ModerationReason,
    ModerationState,
    Origin,
    Status,
    TranslationStatus,
)
from maillage.participation.models.translations import target_languages
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Membership, Organisation
from maillage.watch.models import Signal


class ContributionForm(DsfrBaseForm):
    """What a resident writes: short labels, one idea per line."""

    kind = forms.ChoiceField(
        label=_("Vous voulez dire quoi ?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("C’est à propos de quoi ?"), choices=Category.choices)
    quartier = forms.ModelChoiceField(
        label=_("Dans quel quartier ?"),
        queryset=GeoUnit.objects.none(),
        required=False,
        empty_label=_("Tout le territoire"),
    )
    title = forms.CharField(
        label=_("En quelques mots"),
        max_length=120,
        help_text=_("Par exemple : une crèche ouverte le soir."),
    )
    text = forms.CharField(
        label=_("Votre message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Expliquez avec vos mots. N’écrivez pas votre adresse ni votre téléphone."),
    )
    display_name = forms.CharField(
        label=_("Votre prénom ou un pseudo"),
        max_length=40,
        help_text=_("Il sera affiché avec votre message. Pas besoin de votre nom."),
    )

    photo = forms.FileField(
        label=_("Une photo (si vous voulez)"),
        required=False,
        help_text=_(
            "JPEG, PNG ou WebP, 5 Mo au plus. Pas de visage. "
            "Le lieu et la date de la photo sont effacés."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, territory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = GeoUnit.objects.filter(territory=territory).order_by(
            "name"
        )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "category": data["category"],
            "quartier": data["quartier"],
            "title": data["title"],
            "text": data["text"],
            "display_name": data["display_name"],
            "photo": data.get("photo"),
        }


class AssistedContributionForm(ContributionForm):
    """A partner professional enters a resident's contribution, with their consent."""

    field_map = {"consent": "consent"}

    origin = forms.ChoiceField(
        label=_("Où l’avez-vous recueillie ?"),
        choices=[c for c in Origin.choices if c[0] != Origin.WEB],
    )
    entered_for = forms.ModelChoiceField(
        label=_("Votre structure"), queryset=Organisation.objects.none(), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "L’habitant·e est d’accord pour que je dépose ce message à sa place et qu’il soit "
            "publié sous le prénom ou le pseudo indiqué."
        ),
        required=True,
        error_messages={"required": _("Il faut l’accord de l’habitant·e.")},
    )

    def __init__(self, *args: Any, territory: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, territory=territory, **kwargs)
        self.fields["entered_for"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__territory=territory
        ).distinct()

    def arguments(self) -> dict[str, Any]:
        return {
            **super().arguments(),
            "origin": self.cleaned_data["origin"],
            "entered_for": self.cleaned_data["entered_for"],
            "consent": self.cleaned_data["consent"],
            "assisted": True,
        }


class ModerationForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[c for c in ModerationState.choices if c[0] != ModerationState.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Motif (si elle n’est pas publiée)"),
        choices=[("", "—"), *ModerationReason.choices],
        required=False,
        help_text=_("Le motif est envoyé à la personne qui a écrit."),
    )


class AnswerForm(DsfrBaseForm, PlainLanguageMixin):
    """The official answer: residents read it, so it is checked for plain French."""

    plain_language_fields = ("answer",)
    status = forms.ChoiceField(label=_("Suite donnée"), choices=Status.choices)
    answer = forms.CharField(
        label=_("Réponse aux habitants"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Des phrases courtes. Dites ce qui va se passer, et quand."),
    )
    body = forms.ModelChoiceField(
        label=_("Instance saisie"), queryset=Body.objects.none(), required=False
    )
    action = forms.ModelChoiceField(
        label=_("Fiche action qui la reprend"), queryset=Action.objects.none(), required=False
    )
    signal = forms.ModelChoiceField(
        label=_("Signal de la cellule de veille"),
        queryset=Signal.objects.none(),
        required=False,
        help_text=_(
            "Le public voit seulement « transmise à la cellule de veille », jamais le signal."
        ),
    )

    def __init__(self, *args: Any, territory: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["body"].queryset = access.visible(
            user, Body.objects.filter(territory=territory)
        ).order_by("name")
        fields["action"].queryset = access.visible(
            user, Action.objects.filter(territory=territory)
        ).order_by("code")
        fields["action"].label_from_instance = lambda a: f"{a.code} — {a.title}"
        fields["signal"].queryset = access.visible(
            user, Signal.objects.filter(territory=territory, merged_into__isnull=True)
        ).order_by("-created_at")


# --------------------------------------------------------------------------- without account


class AnonymousContributionForm(ContributionForm):
    """A contribution without an account: no photo, the name is optional, and a proof of
    work (ALTCHA) instead of a sign-in."""

    altcha = ProofOfWorkField(label=_("Vérification anti-robot"))

    def __init__(
        self, *args: Any, territory: Any, challenge_url: str, worker_url: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, territory=territory, **kwargs)
        del self.fields["photo"]
        self.fields["display_name"].required = False
        self.fields["display_name"].label = _("Votre prénom ou un pseudo (si vous voulez)")
        options = self.fields["altcha"].widget.options
        options["challengeurl"] = challenge_url
        options["workerurl"] = worker_url

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("kind", "category", "quartier", "title", "text", "display_name")
        }


# --------------------------------------------------------------------------- Conseil citoyen


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class CouncilMemberForm(DsfrBaseForm):
    college = forms.ChoiceField(label=_("Collège"), choices=College.choices)
    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=80,
        help_text=_("Prénom et initiale, ou le nom de l’association."),
    )
    user = _PersonChoice(
        label=_("Compte Maillage (pour écrire au nom du Conseil)"),
        queryset=User.objects.none(),
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Association ou acteur local"), queryset=Organisation.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("Début du mandat"), widget=_DateInput())
    ended_on = forms.DateField(label=_("Fin du mandat"), widget=_DateInput(), required=False)

    def __init__(self, *args: Any, territory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Membership.objects.active().filter(territory=territory).values("user_id")
        self.fields["user"].queryset = User.objects.filter(pk__in=people, is_active=True).order_by(
            "full_name", "email"
        )
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(partnerships__territory=territory)
            .distinct()
            .order_by("name")
        )


class EndMandateForm(DsfrBaseForm):
    field_map = {"on": "on"}

    on = forms.DateField(label=_("Fin du mandat (premier jour sans mandat)"), widget=_DateInput())


class _SourceForm(DsfrBaseForm):
    source = forms.CharField(
        label=_("La liste (CSV collé)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Une ligne d’en-tête avec une colonne « id », et si vous voulez « nom », "
            "« quartier », « genre ». Séparateur : point-virgule, virgule ou tabulation."
        ),
    )
    source_file = forms.FileField(
        label=_("Ou un fichier CSV"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("source_file")
        if upload:
            if upload.size > 2 * 1024 * 1024:
                raise forms.ValidationError({"source_file": _("Le fichier dépasse 2 Mo.")})
            raw = upload.read()
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    data["source"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
        if not (data.get("source") or "").strip():
            raise forms.ValidationError({"source": _("Collez la liste ou choisissez un fichier.")})
        return data


class DrawForm(_SourceForm):
    public_value = forms.CharField(
        label=_("Valeur publique"),
        max_length=200,
        help_text=_(
            "Une valeur que personne ne connaît avant le tirage et que tout le monde peut "
            "vérifier ensuite : par exemple le résultat d’un tirage de loterie nationale, "
            "annoncé à l’avance."
        ),
    )
    seats = forms.IntegerField(label=_("Nombre de sièges"), min_value=1, max_value=500)
    balance_by = forms.ChoiceField(
        label=_("Équilibrer"),
        required=False,
        choices=[
            ("", _("Sans équilibre")),
            ("quartier", _("Par quartier (colonne « quartier »)")),
            ("genre", _("Par genre (colonne « genre »)")),
        ],
    )
    mandate_start = forms.DateField(label=_("Début des mandats"), widget=_DateInput())
    mandate_end = forms.DateField(label=_("Fin des mandats"), widget=_DateInput(), required=False)


class VerifyDrawForm(_SourceForm):
    pass


class AvisForm(DsfrBaseForm):
    action = forms.ModelChoiceField(label=_("Fiche action"), queryset=Action.objects.none())
    title = forms.CharField(label=_("Titre de l’avis"), max_length=160)
    text = forms.CharField(
        label=_("Avis du Conseil citoyen"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    approved_on = forms.DateField(label=_("Adopté par le Conseil le"), widget=_DateInput())
    publish = forms.BooleanField(
        label=_("Publier tout de suite (sinon : brouillon, visible des membres du Conseil)"),
        required=False,
    )

    def __init__(self, *args: Any, territory: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = access.visible(
            user, Action.objects.filter(territory=territory)
        ).order_by("code")
        self.fields["action"].label_from_instance = lambda a: f"{a.code} — {a.title}"


class InterpellationForm(DsfrBaseForm):
    target = forms.ModelChoiceField(
        label=_("Instance interpellée"), queryset=Body.objects.none(), empty_label=None
    )
    subject = forms.CharField(label=_("Objet"), max_length=200)
    text = forms.CharField(
        label=_("Texte de l’interpellation"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, committees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = committees


class TranslationsForm(DsfrBaseForm):
    """Every field of one object in every language: the translation and its state."""

    def __init__(
        self, *args: Any, fields: list[tuple[str, str]], existing: dict[Any, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[tuple[str, str]] = []
        for field, label in fields:
            for code, name in target_languages():
                row = existing.get((field, code))
                self.fields[f"{field}__{code}__text"] = forms.CharField(
                    label=_("%(field)s — %(language)s") % {"field": label, "language": name},
                    required=False,
                    max_length=4000,
                    initial=row.text if row else "",
                    widget=forms.Textarea(
                        attrs={"rows": 3, "lang": code, "dir": i18n.direction(code)}
                    ),
                    help_text=_("Traduction automatique : relisez-la.")
                    if row is not None and row.machine
                    else "",
                )
                self.fields[f"{field}__{code}__status"] = forms.ChoiceField(
                    label=_("État (%(language)s)") % {"language": name},
                    choices=TranslationStatus.choices,
                    initial=row.status if row else TranslationStatus.TO_TRANSLATE,
                )
                self.entries.append((field, code))

    def arguments(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "field": field,
                "language": code,
                "text": data.get(f"{field}__{code}__text") or "",
                "status": data.get(f"{field}__{code}__status") or "",
            }
            for field, code in self.entries
        ]
