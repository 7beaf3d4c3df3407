"""The engagements' filters (docs/departments.md, "Engagements"): one form for the page,
the CSV and the API, so that a value is refused the same way everywhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import QuickSelects
from maillage.departments.selectors_engagements import KINDS, Filters
from maillage.territories.models import Organisation, Territory


class EngagementFilterForm(QuickSelects, forms.Form):
    service = forms.TypedChoiceField(
        label=_("Service"), required=False, coerce=int, empty_value=None
    )
    commune = forms.TypedChoiceField(
        label=_("Commune"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Type d’engagement"), required=False)
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        organisations: list[Organisation],
        communes: list[Territory],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        by_id = {o.pk: o for o in organisations}
        self.fields["service"].choices = [("", _("Tous les services"))] + [  # type: ignore[attr-defined]
            (o.pk, f"— {o.name}" if o.parent_id in by_id else o.name) for o in organisations
        ]
        self.fields["commune"].choices = [("", _("Toutes les communes"))] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in communes
        ]
        self.fields["kind"].choices = [("", _("Tous les types")), *KINDS.items()]  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        """The valid filters; none when the form is refused (the page says why)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            service=data.get("service"),
            commune=data.get("commune"),
            kind=data.get("kind") or "",
            overdue=bool(data.get("overdue")),
        )
