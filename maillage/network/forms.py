from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import DsfrModelForm, QuickSelects
from maillage.core.roles import Visibility
from maillage.network import selectors, vocab
from maillage.network.hours import OpeningHoursField
from maillage.network.models import NETWORK_VISIBILITIES, ContactPoint, NetworkSettings, Procedure
from maillage.territories.models import GeoUnit, Organisation, Territory

VISIBILITY_CHOICES = [(v.value, v.label) for v in NETWORK_VISIBILITIES]
MAX_IMPORT_BYTES = 200 * 1024 * 1024


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class SearchForm(QuickSelects, DsfrBaseForm):
    q = forms.CharField(
        label=_("Rechercher un service, un interlocuteur, une démarche"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    thematique = forms.ChoiceField(label=_("Je cherche un interlocuteur pour…"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)
    mode_accueil = forms.ChoiceField(label=_("Mode d’accueil"), required=False)
    frais = forms.ChoiceField(label=_("Frais"), required=False)
    place = forms.ModelChoiceField(
        label=_("Lieu"),
        required=False,
        queryset=GeoUnit.objects.none(),
        empty_label=_("Tout le territoire"),
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["thematique"].choices = [
            ("", _("Tous les besoins")),
            *vocab.topic_choices(),
        ]
        fields["public"].choices = _blank(_("Tous les publics")) + vocab.choices(vocab.Public)
        fields["mode_accueil"].choices = _blank(_("Tous")) + vocab.choices(vocab.ModeAccueil)
        fields["frais"].choices = _blank(_("Gratuit ou payant")) + vocab.choices(vocab.Frais)
        fields["place"].queryset = selectors.territory_geounits(territory)

    def options(self) -> dict[str, list[tuple[str, list[tuple[str, str, bool]]]]]:
        """Each select's options as (group, [(value, label, selected)]) for a plain loop
        in the template, much faster than Django's per-option widget templates."""
        result = {}
        for name in ("thematique", "public", "mode_accueil", "frais", "place"):
            current = str(self[name].value() or "")
            groups: list[tuple[str, list[tuple[str, str, bool]]]] = []
            for value, label in self.fields[name].choices:
                if isinstance(label, list | tuple):
                    groups.append(
                        (str(value), [(str(v), str(lbl), str(v) == current) for v, lbl in label])
                    )
                else:
                    groups.append(("", [(str(value), str(label), str(value) == current)]))
            result[name] = groups
        return result

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.Filters(
            q=data.get("q", ""),
            thematique=data.get("thematique", ""),
            public=data.get("public", ""),
            mode_accueil=data.get("mode_accueil", ""),
            frais=data.get("frais", ""),
            place=data.get("place"),
        )


class CodesField(forms.CharField):
    """A list of codes typed as « 93014, 93 »."""

    def to_python(self, value: Any) -> list[str] | None:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
        return codes or None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value


def _list_or_none(values: list[str]) -> list[str] | None:
    return list(values) or None


class ServiceForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom du service"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Structure"), queryset=Organisation.objects.none()
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Des phrases courtes, un langage simple : à qui s’adresse le service, ce qu’il apporte."
        ),
    )
    type = forms.ChoiceField(label=_("Type de service"), required=False)
    thematiques = forms.MultipleChoiceField(
        label=_("Thématiques"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("« Tous publics » ne se combine avec aucun autre public."),
    )
    publics_precisions = forms.CharField(
        label=_("Précisions sur les publics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    conditions_acces = forms.CharField(
        label=_("Conditions d’accès"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    frais = forms.ChoiceField(label=_("Frais"), required=False)
    frais_precisions = forms.CharField(label=_("Précisions sur les frais"), required=False)
    modes_accueil = forms.MultipleChoiceField(
        label=_("Modes d’accueil"), required=False, widget=forms.CheckboxSelectMultiple
    )
    adresse = forms.CharField(label=_("Adresse"), required=False, max_length=255)
    complement_adresse = forms.CharField(
        label=_("Complément d’adresse"), required=False, max_length=255
    )
    code_postal = forms.CharField(label=_("Code postal"), required=False, max_length=5)
    commune = forms.CharField(label=_("Commune"), required=False, max_length=100)
    code_insee = forms.CharField(label=_("Code INSEE de la commune"), required=False, max_length=5)
    telephone = forms.CharField(label=_("Téléphone"), required=False, max_length=30)
    courriel = forms.CharField(label=_("Courriel"), required=False, max_length=254)
    contact_nom_prenom = forms.CharField(label=_("Nom du contact"), required=False, max_length=150)
    horaires_accueil = OpeningHoursField(
        label=_("Horaires d’accueil"),
        required=False,
        max_length=500,
        help_text=_("Pour chaque jour ouvert, l’heure d’ouverture et de fermeture (HH:MM)."),
    )
    modes_mobilisation = forms.MultipleChoiceField(
        label=_("Comment mobiliser le service"), required=False, widget=forms.CheckboxSelectMultiple
    )
    mobilisable_par = forms.MultipleChoiceField(
        label=_("Qui peut le mobiliser"), required=False, widget=forms.CheckboxSelectMultiple
    )
    mobilisation_precisions = forms.CharField(
        label=_("Précisions sur la mobilisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lien_mobilisation = forms.CharField(
        label=_("Lien de mobilisation"), required=False, max_length=500
    )
    zone_eligibilite = CodesField(
        label=_("Zone d’éligibilité"),
        required=False,
        help_text=_(
            "Codes INSEE séparés par des virgules : commune (93014), département (93), EPCI, ou « france »."
        ),
    )
    volume_horaire_hebdomadaire = forms.FloatField(
        label=_("Volume horaire hebdomadaire"), required=False, min_value=0
    )
    nombre_semaines = forms.IntegerField(label=_("Nombre de semaines"), required=False, min_value=1)
    lien_source = forms.CharField(
        label=_("Lien chez le producteur"), required=False, max_length=500
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Organisations associées"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    geounits = forms.ModelMultipleChoiceField(
        label=_("Quartiers desservis"),
        required=False,
        queryset=GeoUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun : tout le territoire."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité"), choices=VISIBILITY_CHOICES, initial=Visibility.PUBLIC
    )
    confirm = forms.BooleanField(
        label=_(
            "Ces informations sont à jour (la date de mise à jour devient celle d’aujourd’hui)"
        ),
        required=False,
        # Unticked: ticking it is a statement the editor makes, not a default (issue 11).
        initial=False,
    )

    LISTS = ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par")

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: dict[str, Any] = self.fields
        f["organisation"].queryset = selectors.user_organisations(user, territory)
        f["partners"].queryset = Organisation.objects.partners_of(territory).order_by("name")
        f["geounits"].queryset = selectors.territory_geounits(territory)
        f["type"].choices = _blank("—") + vocab.choices(vocab.TypeService)
        f["frais"].choices = _blank("—") + vocab.choices(vocab.Frais)
        f["thematiques"].choices = vocab.thematique_choices()
        f["publics"].choices = vocab.choices(vocab.Public)
        f["modes_accueil"].choices = vocab.choices(vocab.ModeAccueil)
        f["modes_mobilisation"].choices = vocab.choices(vocab.ModeMobilisation)
        f["mobilisable_par"].choices = vocab.choices(vocab.PersonneMobilisatrice)

    @classmethod
    def initial_from(cls, service: Any) -> dict[str, Any]:
        initial = {name: getattr(service, name) for name in SERVICE_FORM_FIELDS}
        for name in cls.LISTS:
            initial[name] = getattr(service, name) or []
        initial["organisation"] = service.organisation_id
        initial["partners"] = list(service.partners.all())
        initial["geounits"] = list(service.geounits.all())
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        fields = {name: data[name] for name in SERVICE_FORM_FIELDS}
        for name in self.LISTS:
            fields[name] = _list_or_none(data[name])
        for name in ("type", "frais"):
            fields[name] = data[name] or ""
        return fields


SERVICE_FORM_FIELDS = (
    "name",
    "organisation",
    "description",
    "type",
    "thematiques",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "frais",
    "frais_precisions",
    "modes_accueil",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "telephone",
    "courriel",
    "contact_nom_prenom",
    "horaires_accueil",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "lien_mobilisation",
    "zone_eligibilite",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "lien_source",
    "latitude",
    "longitude",
    "visibility",
)


class ContactPointForm(DsfrModelForm):
    thematique = forms.ChoiceField(label=_("Pour quel besoin"))

    class Meta:
        model = ContactPoint
        fields = [
            "thematique",
            "geounit",
            "organisation",
            "service",
            "function",
            "contact_name",
            "channel",
            "phone",
            "email",
            "url",
            "address",
            "hours",
            "notes",
            "visibility",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["thematique"].choices = [("", "—"), *vocab.topic_choices()]
        fields["organisation"].queryset = selectors.user_organisations(user, territory)
        fields["service"].queryset = (
            selectors.visible_services(user, territory)
            .select_related("organisation")
            .order_by("name")
        )
        fields["geounit"].queryset = selectors.territory_geounits(territory)
        fields["visibility"].choices = VISIBILITY_CHOICES
        fields["channel"].choices = vocab.choices(vocab.ModeMobilisation)

    def contact_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProcedureForm(DsfrModelForm):
    thematique = forms.ChoiceField(label=_("Pour quel besoin"))

    class Meta:
        model = Procedure
        fields = [
            "title",
            "summary",
            "thematique",
            "organisation",
            "documents",
            "delays",
            "services",
            "contact_points",
            "visibility",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "documents": forms.Textarea(attrs={"rows": 4}),
            "services": forms.SelectMultiple(attrs={"size": 6}),
            "contact_points": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, territory: Territory, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["thematique"].choices = [("", "—"), *vocab.topic_choices()]
        fields["organisation"].queryset = selectors.user_organisations(user, territory)
        fields["services"].queryset = selectors.visible_services(user, territory).order_by("name")
        fields["contact_points"].queryset = selectors.visible_contact_points(
            user, territory
        ).select_related("organisation")
        fields["visibility"].choices = VISIBILITY_CHOICES

    def procedure_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("services", "contact_points")
        }


class StepForm(DsfrBaseForm):
    title = forms.CharField(label=_("Étape"), max_length=200, required=False)
    actor_label = forms.CharField(label=_("Qui fait quoi"), max_length=150, required=False)
    actor_organisation = forms.ModelChoiceField(
        label=_("Organisation qui agit"), required=False, queryset=Organisation.objects.none()
    )
    description = forms.CharField(
        label=_("Ce qu’il faut faire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    documents = forms.CharField(
        label=_("Documents"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    delay = forms.CharField(label=_("Délai"), required=False, max_length=150)

    def __init__(self, *args: Any, territory: Territory | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if territory is not None:
            fields: dict[str, Any] = self.fields
            fields["actor_organisation"].queryset = Organisation.objects.partners_of(
                territory
            ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and any(
            data.get(k)
            for k in ("actor_label", "description", "documents", "delay", "actor_organisation")
        ):
            self.add_error("title", _("Donnez un intitulé à cette étape."))
        return data


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True)


def steps_from(formset: Any) -> list[dict[str, Any]]:
    steps = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data.get("title") or data.get("DELETE"):
            continue
        steps.append(
            {
                name: data.get(name) or ("" if name != "actor_organisation" else None)
                for name in (
                    "title",
                    "description",
                    "actor_label",
                    "actor_organisation",
                    "documents",
                    "delay",
                )
            }
        )
    return steps


class RulesForm(DsfrModelForm):
    class Meta:
        model = NetworkSettings
        fields = [
            "update_advised_after_months",
            "update_required_after_months",
            "reminders_enabled",
            "reminder_interval_days",
        ]


class ImportForm(DsfrBaseForm):
    structures_file = forms.FileField(
        label=_("Fichier des structures"),
        required=False,
        help_text=_("JSON (liste d’objets) ou CSV data·inclusion v1."),
    )
    services_file = forms.FileField(
        label=_("Fichier des services"),
        required=False,
        help_text=_(
            "JSON ou CSV data·inclusion v1 ; ses structures doivent figurer dans le fichier des structures ou exister déjà."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité des nouveaux services"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.PUBLIC,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("structures_file") and not data.get("services_file"):
            raise forms.ValidationError(
                _("Joignez un fichier de structures, de services, ou les deux.")
            )
        for name in ("structures_file", "services_file"):
            upload = data.get(name)
            if upload is not None and upload.size > MAX_IMPORT_BYTES:
                self.add_error(name, _("Le fichier dépasse 200 Mo."))
        return data


class CooperationFilterForm(QuickSelects, DsfrBaseForm):
    """The cooperation map's filters: a data·inclusion category, a kind of link, an
    organisation whose neighbourhood is shown; and the table's sort."""

    categorie = forms.ChoiceField(label=_("Thématique"), required=False)
    nature = forms.ChoiceField(label=_("Nature du lien"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    tri = forms.ChoiceField(label=_("Trier le tableau par"), required=False)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        organisations: list[tuple[int, str]],
        sorts: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [
            ("", _("Toutes les thématiques")),
            *vocab.choices(vocab.Categorie),
        ]
        self.fields["nature"].choices = [("", _("Tous les liens")), *kinds]
        self.fields["organisation"].choices = [
            ("", _("Toutes les organisations")),
            *((str(pk), name) for pk, name in organisations),
        ]
        self.fields["tri"].choices = sorts
