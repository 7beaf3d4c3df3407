"""Forms of the programme's pages. They validate input and hand clean values to the
services; the services check everything again (the API calls them too)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.accounts.models import User
from maillage.core.forms import QuickSelects
from maillage.core.plain_language import PlainLanguageMixin
from maillage.core.roles import Role, Visibility
from maillage.programme import selectors, tabular, uploads
from maillage.programme.essaimage import TEXT_FIELDS, personal_data_in
from maillage.programme.models import (
    Action,
    Axis,
    ImportBatch,
    Indicator,
    InspiringModel,
    MeansLine,
    Objective,
)
from maillage.programme.publics import public_choices
from maillage.programme.services.checks import territory_and_ancestors
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.territories.selectors import partner_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FrenchDecimalField(forms.Field):
    """A number as French users type it: "1 234,5" as well as "1234.5"."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal", "maxlength": "40"}

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value).strip() if value not in (None, "") else ""
        if len(text) > 40:
            raise ValidationError(_("Ce nombre est trop long."), code="invalid")
        try:
            number = tabular.parse_decimal(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
        if number is not None and abs(number) >= Decimal("1e12"):
            raise ValidationError(_("Ce nombre est trop grand."), code="invalid")
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return tabular.french_number(value)
        return value


def _not_future(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."))


# What an organisation's choice shows (``display_name``): the fiche's forms list the
# territory's partners, whose other columns (the search text among them) are not read.
CHOICE_COLUMNS = ("pk", "name", "acronym")


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"Axe {obj.axis.number} — {obj.code} {obj.title}"


# --------------------------------------------------------------------------- lists


SORT_CHOICES = [
    ("code", _("Code")),
    ("-code", _("Code (décroissant)")),
    ("title", _("Intitulé (A → Z)")),
    ("status", _("État")),
    ("-progress", _("Avancement (le plus avancé d’abord)")),
    ("progress", _("Avancement (le moins avancé d’abord)")),
    ("starts_on", _("Début (le plus ancien d’abord)")),
    ("-starts_on", _("Début (le plus récent d’abord)")),
    ("ends_on", _("Fin prévue")),
    ("late", _("En retard d’abord")),
    ("-updated_at", _("Dernière modification")),
]

LATE_CHOICES = [
    ("", _("Toutes les fiches")),
    (selectors.LATE_ANY, _("En retard (fin dépassée ou jalon en retard)")),
    (selectors.LATE_ACTION, _("Fin prévue dépassée")),
    (selectors.LATE_MILESTONE, _("Avec un jalon en retard")),
]


def _id_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None)


class ActionFilterForm(QuickSelects, DsfrBaseForm):
    """The list's filters. Choices are read as plain (id, label) pairs, kept until the
    next write (``selectors.filter_choices``): the list is the most visited page and
    builds no object it does not show."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    axis = _id_field(_("Axe"))
    objective = _id_field(_("Objectif"))
    status = forms.ChoiceField(label=_("État"), required=False)
    pilot = _id_field(_("Pilote"))
    partner = _id_field(_("Partenaire"))
    public = forms.ChoiceField(label=_("Public"), required=False)
    place = _id_field(_("Lieu"))
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)
    late = forms.ChoiceField(label=_("Retard"), required=False, choices=LATE_CHOICES)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.territory = territory
        fields: Any = self.fields
        offered = selectors.filter_choices(territory)
        fields["axis"].choices = [
            ("", _("Tous les axes")),
            *((pk, f"Axe {number} : {name}") for pk, number, name in offered["axes"]),
        ]
        fields["objective"].choices = [
            ("", _("Tous les objectifs")),
            *(
                (pk, f"Axe {number} — {code} {title}")
                for pk, number, code, title in offered["objectives"]
            ),
        ]
        fields["status"].choices = [("", _("Tous les états")), *Action.Status.choices]
        organisations = [
            (pk, f"{name} ({acronym})" if acronym else name)
            for pk, name, acronym in partner_choices(territory)
        ]
        fields["pilot"].choices = [("", _("Toutes les organisations")), *organisations]
        fields["partner"].choices = [("", _("Toutes les organisations")), *organisations]
        fields["public"].choices = [("", _("Tous les publics")), *public_choices()]
        fields["place"].choices = [("", _("Tous les lieux")), *offered["places"]]

    def filters(self) -> selectors.ActionFilters:
        """The valid filters; a value that is not (an unknown axis, say) is left out
        rather than emptying the list."""
        if not self.is_bound:
            return selectors.ActionFilters()
        self.is_valid()
        data = self.cleaned_data
        territory = self.territory

        def pick(model: Any, key: str, **scope: Any) -> Any:
            pk = data.get(key)
            return model.objects.filter(pk=pk, **scope).first() if pk else None

        return selectors.ActionFilters(
            axis=pick(Axis, "axis", territory=territory),
            objective=pick(Objective, "objective", axis__territory=territory),
            status=data.get("status") or "",
            pilot=pick(Organisation, "pilot"),
            partner=pick(Organisation, "partner"),
            public=data.get("public") or "",
            place=pick(GeoUnit, "place", territory=territory),
            text=data.get("q") or "",
            sort=data.get("sort") or "code",
            late=data.get("late") or "",
        )


# --------------------------------------------------------------------------- the fiche


class ActionForm(DsfrBaseForm, PlainLanguageMixin):
    """The summary is what residents read of the fiche: checked for plain French."""

    plain_language_fields = ("summary",)
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        help_text=_("Par exemple 2.3.1. Laissé vide, un code provisoire est attribué."),
    )
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    objective = ObjectiveChoiceField(label=_("Objectif"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("État"), choices=Action.Status.choices)
    summary = forms.CharField(
        label=_("Résumé"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    constat = forms.CharField(
        label=_("Constat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pourquoi cette action : ce qui a été observé, par qui."),
    )
    goals = forms.CharField(
        label=_("Objectifs de l’action"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics visés"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("La liste des publics de data·inclusion."),
    )
    public_precision = forms.CharField(
        label=_("Précision sur le public"), max_length=255, required=False
    )
    places: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Lieux"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    pilots = OrganisationMultipleChoiceField(
        label=_("Organisations pilotes"),
        queryset=None,
        required=False,
        help_text=_("Leurs membres pourront modifier la fiche."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    referents: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Personnes référentes"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_on = forms.DateField(label=_("Début"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Fin"), required=False, widget=DateInput())
    related: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Actions liées"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    visibility = forms.ChoiceField(label=_("Visibilité"), choices=Visibility.choices)
    restricted_to = OrganisationMultipleChoiceField(
        label=_("Réservée à (visibilité « Restreint »)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    LIST_FIELDS = ("publics", "places", "pilots", "referents", "related", "restricted_to")

    def __init__(
        self, *args: Any, territory: Territory, action: Action | None = None, **kwargs: Any
    ) -> None:
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(action)
        super().__init__(*args, **kwargs)
        self.action = action
        fields: Any = self.fields
        fields["objective"].queryset = selectors.objectives_of(territory)
        fields["objective"].empty_label = _("— Hors des axes —")
        fields["publics"].choices = list(public_choices())
        fields["places"].queryset = selectors.geounits_of(territory)
        organisations = selectors.partner_organisations(territory)
        fields["pilots"].queryset = organisations
        fields["restricted_to"].queryset = organisations

        fields["referents"].queryset = (
            User.objects.filter(
                memberships__territory_id__in=territory_and_ancestors(territory),
                is_active=True,
            )
            .filter(~Q(memberships__role=Role.RESIDENT))
            .filter(
                Q(memberships__ended_on__isnull=True)
                | Q(memberships__ended_on__gt=timezone.localdate())
            )
            .distinct()
            .order_by("full_name")
        )
        related = Action.objects.filter(territory=territory).order_by("sort_key")
        if action is not None:
            related = related.exclude(pk=action.pk)
            # The status changes through its own form, with a dated reason.
            del self.fields["status"]
        fields["related"].queryset = related

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        return {
            "code": action.code,
            "title": action.title,
            "objective": action.objective_id,
            "summary": action.summary,
            "constat": action.constat,
            "goals": action.goals,
            "publics": [p.public for p in action.publics.all()],
            "public_precision": action.public_precision,
            "places": list(action.places.all()),
            "pilots": list(action.pilots.all()),
            "referents": list(action.referents.all()),
            "starts_on": action.starts_on,
            "ends_on": action.ends_on,
            "related": list(action.related.all()),
            "visibility": action.visibility,
            "restricted_to": list(action.restricted_to.all()),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin ne peut pas précéder le début."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("publish_anyway", None)
        for name in self.LIST_FIELDS:
            data[name] = list(data.get(name) or [])
        return data


class StatusForm(DsfrBaseForm):
    status = forms.ChoiceField(label=_("Nouvel état"), choices=Action.Status.choices)
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il restera dans l’historique de la fiche."),
    )
    on = forms.DateField(
        label=_("Date du changement"),
        required=False,
        widget=DateInput(),
        validators=[_not_future],
        help_text=_("Aujourd’hui si vous la laissez vide."),
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["status"].choices = [
            (value, label) for value, label in Action.Status.choices if value != action.status
        ]


class PartnerForm(QuickSelects, DsfrBaseForm):
    organisation = OrganisationChoiceField(label=_("Organisation partenaire"), queryset=None)
    role = forms.CharField(
        label=_("Son rôle dans l’action"),
        max_length=255,
        required=False,
        help_text=_("Par exemple : financement, accueil du public."),
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = {o.pk for o in action.pilots.all()} | {
            link.organisation_id for link in action.partner_links.all()
        }
        fields: Any = self.fields
        fields["organisation"].queryset = (
            selectors.partner_organisations(action.territory)
            .exclude(pk__in=taken)
            .only(*CHOICE_COLUMNS)
        )


class MeansForm(QuickSelects, DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Nature"), choices=MeansLine.Kind.choices)
    organisation = OrganisationChoiceField(
        label=_("Financeur ou contributeur"), queryset=None, required=False
    )
    contributor_name = forms.CharField(
        label=_("Autre financeur ou contributeur"),
        max_length=150,
        required=False,
        help_text=_("S’il n’est pas dans la liste (État, Région…)."),
    )
    year = forms.IntegerField(label=_("Année"), required=False, min_value=1990, max_value=2100)
    amount = FrenchDecimalField(
        label=_("Montant"),
        required=False,
        help_text=_("En euros, ou en ETP pour du temps de travail."),
    )
    description = forms.CharField(label=_("Précision"), max_length=255, required=False)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = selectors.partner_organisations(action.territory).only(
            *CHOICE_COLUMNS
        )
        fields["organisation"].empty_label = "—"


class MilestoneForm(DsfrBaseForm):
    title = forms.CharField(label=_("Jalon"), max_length=255)
    planned_on = forms.DateField(label=_("Date prévue"), required=False, widget=DateInput())
    done_on = forms.DateField(
        label=_("Date réelle"),
        required=False,
        widget=DateInput(),
        validators=[_not_future],
        help_text=_("À remplir quand le jalon est atteint."),
    )
    description = forms.CharField(
        label=_("Précision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("planned_on") and not data.get("done_on") and not self.errors:
            self.add_error("planned_on", _("Indiquez une date prévue ou réelle."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class JournalForm(DsfrBaseForm):
    happened_on = forms.DateField(
        label=_("Date"), required=False, widget=DateInput(), validators=[_not_future]
    )
    text = forms.CharField(label=_("Ce qui s’est passé"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(
        label=_("Pièces jointes"),
        required=False,
        help_text=_(
            "PDF, images, documents bureautiques, texte ou CSV ; 10 Mo au plus par fichier."
        ),
    )

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data.get("files") or []
        errors = []
        for upload in files:
            try:
                uploads.check_attachment(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class IndicatorForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom"), max_length=200)
    unit = forms.CharField(
        label=_("Unité"), max_length=40, help_text=_("Par exemple : familles, heures, %.")
    )
    direction = forms.ChoiceField(label=_("Sens"), choices=Indicator.Direction.choices)
    baseline_value = FrenchDecimalField(label=_("Valeur de départ"), required=False)
    baseline_on = forms.DateField(
        label=_("Date de la valeur de départ"), required=False, widget=DateInput()
    )
    description = forms.CharField(
        label=_("Définition et mode de calcul"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, indicator: Indicator | None = None, **kwargs: Any) -> None:
        existing = {t.year: t.value for t in indicator.yearly_targets.all()} if indicator else {}
        if indicator is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "baseline_value": indicator.baseline_value,
                "baseline_on": indicator.baseline_on,
                "description": indicator.description,
                **{f"target_{year}": value for year, value in existing.items()},
            }
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = sorted(set(range(this_year - 2, this_year + 6)) | set(existing))
        self.target_years = years
        for year in years:
            self.fields[f"target_{year}"] = FrenchDecimalField(
                label=_("Cible %d") % year, required=False
            )

    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"target_{year}"] for year in self.target_years]

    def main_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in (
                "name",
                "unit",
                "direction",
                "baseline_value",
                "baseline_on",
                "description",
            )
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("baseline_value") is None) != (data.get("baseline_on") is None):
            if data.get("baseline_on") is None:
                self.add_error("baseline_on", _("Indiquez la date de la valeur de départ."))
            else:
                self.add_error("baseline_value", _("Indiquez la valeur de départ."))
        return data

    def targets(self) -> dict[int, Decimal]:
        return {
            year: self.cleaned_data[f"target_{year}"]
            for year in self.target_years
            if self.cleaned_data.get(f"target_{year}") is not None
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "unit": data["unit"],
            "direction": data["direction"],
            "baseline_value": data["baseline_value"],
            "baseline_on": data["baseline_on"],
            "description": data["description"],
        }


class MeasurementForm(QuickSelects, DsfrBaseForm):
    measured_on = forms.DateField(
        label=_("Date de la mesure"), widget=DateInput(), validators=[_not_future]
    )
    value = FrenchDecimalField(label=_("Valeur"))
    source = forms.CharField(
        label=_("Source"),
        max_length=255,
        required=False,
        help_text=_("Par exemple : tableau de bord du centre social."),
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, prefix_id: str = "", **kwargs: Any) -> None:
        if prefix_id:
            kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- structure


class AxisForm(DsfrBaseForm):
    number = forms.IntegerField(label=_("Numéro"), min_value=1, max_value=99)
    short_name = forms.CharField(label=_("Nom court"), max_length=60)
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    colour = forms.CharField(
        label=_("Couleur"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
        initial="#000091",
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectiveForm(DsfrBaseForm):
    axis: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Axe"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=12, help_text=_("Par exemple 2.3"))
    title = forms.CharField(label=_("Intitulé"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["axis"].queryset = territory.axes.all()


# --------------------------------------------------------------------------- exchange


class ImportForm(DsfrBaseForm):
    kind = forms.ChoiceField(
        label=_("Contenu du fichier"),
        choices=ImportBatch.Kind.choices,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Le fichier exporté depuis Maillage, modifié dans votre tableur."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["kind"].choices = [
            (value, label) for value, label in ImportBatch.Kind.choices if value in kinds
        ]
        if len(kinds) == 1:
            fields["kind"].initial = kinds[0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > tabular.MAX_BYTES:
            raise ValidationError(_("Le fichier dépasse 10 Mo."))
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Envoyez un fichier CSV ou XLSX."))
        return upload


class AsOfForm(DsfrBaseForm):
    on = forms.DateField(label=_("Date"), widget=DateInput())


class CompareForm(DsfrBaseForm):
    de = forms.IntegerField(label=_("Version de départ"), min_value=1)
    a = forms.IntegerField(label=_("Version d’arrivée"), min_value=1)


# --------------------------------------------------------------------------- essaimage


class InspiringModelForm(DsfrBaseForm):
    """Offer a fiche as a fiche inspirante, or change its model. The texts are read in
    other territories (or by the public): a text that seems to hold personal data needs
    a tick before it is saved (core.personal_findings)."""

    summary = forms.CharField(
        label=_("Résumé pour les autres territoires"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que fait l’action et pourquoi elle peut servir ailleurs."),
    )
    resources = forms.CharField(
        label=_("Ce qu’il a fallu"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Moyens, partenaires, durée, budget : ce qu’un autre territoire doit prévoir."),
    )
    contacts = forms.CharField(
        label=_("Contacts"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Un service ou une fonction, avec une adresse de service (par exemple : "
            "direction de la petite enfance, petite-enfance@ville.fr) ; pas le nom d’une "
            "personne."
        ),
    )
    results = forms.CharField(
        label=_("Résultats"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que l’action a donné, chiffré si possible."),
    )
    visibility = forms.ChoiceField(
        label=_("Qui peut la lire et la reprendre"),
        choices=InspiringModel.Audience.choices,
        widget=forms.RadioSelect,
        initial=InspiringModel.Audience.PARTNERS,
    )
    confirm_personal_data = forms.BooleanField(
        label=_(
            "J’ai relu : les coordonnées signalées sont celles d’un service et peuvent être "
            "lues par d’autres territoires."
        ),
        required=False,
    )

    def __init__(self, *args: Any, model: InspiringModel | None = None, **kwargs: Any) -> None:
        if model is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                name: getattr(model, name) for name in (*TEXT_FIELDS, "visibility")
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = personal_data_in(data)
        if found and not data.get("confirm_personal_data"):
            self.add_error(
                "confirm_personal_data",
                _(
                    "Le texte semble contenir %(what)s. La fiche inspirante est lue dans "
                    "d’autres territoires : retirez ces données, ou cochez la case pour "
                    "confirmer qu’il s’agit des coordonnées d’un service."
                )
                % {"what": ", ".join(found)},
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (*TEXT_FIELDS, "visibility")}


class CopyModelForm(DsfrBaseForm):
    """Where to put the copy: an objective of a territory the person may create fiches in
    (other than the model's own), grouped by territory."""

    objective = forms.TypedChoiceField(
        label=_("Objectif de votre territoire où ranger la fiche"),
        coerce=int,
        empty_value=None,
        help_text=_(
            "La fiche est créée en brouillon (état « Idée »), visible de la coordination "
            "seulement, sans pilote, budget, date ni indicateur : à vous de l’adapter."
        ),
    )

    def __init__(self, *args: Any, territories: list[Territory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[int, str]]] = {}
        for pk, name, number, code, title in (
            Objective.objects.filter(axis__territory__in=territories)
            .order_by("axis__territory__name", "axis__number", "sort_key")
            .values_list("pk", "axis__territory__name", "axis__number", "code", "title")
        ):
            groups.setdefault(name, []).append((pk, f"Axe {number} — {code} {title}"))
        fields: Any = self.fields
        fields["objective"].choices = [
            ("", _("Choisissez un objectif")),
            *((name, options) for name, options in groups.items()),
        ]
        self.has_choices = bool(groups)

    def chosen(self) -> Objective | None:
        pk = self.cleaned_data.get("objective")
        return Objective.objects.select_related("axis__territory").filter(pk=pk).first()


class InspiringFilterForm(QuickSelects, DsfrBaseForm):
    """The catalogue's search and filters; a value that is not (an unknown territory) is
    left out rather than emptying the list."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Thème (axe du programme)"), required=False)
    territory = forms.TypedChoiceField(
        label=_("Territoire"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        themes: list[str],
        territories: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["theme"].choices = [("", _("Tous les thèmes")), *((t, t) for t in themes)]
        fields["territory"].choices = [("", _("Tous les territoires")), *territories]

    def filters(self) -> selectors.InspiringFilters:
        if not self.is_bound:
            return selectors.InspiringFilters()
        self.is_valid()
        data = self.cleaned_data
        return selectors.InspiringFilters(
            text=data.get("q") or "",
            theme=data.get("theme") or "",
            territory_id=data.get("territory"),
        )
