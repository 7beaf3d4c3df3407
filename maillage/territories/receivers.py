"""Forget a territory's cached member and partner counts and partner kinds
(``selectors.territory_counts``, ``selectors.partner_kinds``)
whenever something they count changes: a membership or a partnership saved or deleted, a
partner organisation saved (its visibility or its kind), an account saved (deactivated)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from maillage.territories import selectors
from maillage.territories.models import Membership, Organisation, Partnership


def _territory_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    selectors.forget_counts(instance.territory_id)


def _organisation_changed(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if kwargs.get("created") or (update_fields and not {"visibility", "kind"} & set(update_fields)):
        return
    selectors.forget_counts(
        *Partnership.objects.filter(organisation=instance).values_list("territory_id", flat=True)
    )


def _account_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if kwargs.get("created") or (update_fields and "is_active" not in update_fields):
        return  # a new account has no membership yet; a login only writes last_login
    selectors.forget_counts(
        *Membership.objects.filter(user_id=instance.pk).values_list("territory_id", flat=True)
    )


def connect() -> None:
    for model in (Membership, Partnership):
        post_save.connect(_territory_changed, sender=model, dispatch_uid=f"counts-{model}")
        post_delete.connect(_territory_changed, sender=model, dispatch_uid=f"counts-d-{model}")
    post_save.connect(_organisation_changed, sender=Organisation, dispatch_uid="counts-org")
    post_save.connect(_account_changed, sender=get_user_model(), dispatch_uid="counts-user")
