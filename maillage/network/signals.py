"""Keep the searched text of services and contact points in step with their
organisation's name, which they include (« CCAS » finds the CCAS's services)."""

from typing import Any

from maillage.network.models import ContactPoint, Service


def refresh_organisation_texts(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    services = list(Service.objects.filter(organisation=instance).select_related("organisation"))
    for service in services:
        service.refresh_search()
    Service.objects.bulk_update(services, ["search_title", "search_body"], batch_size=500)
    contacts = list(
        ContactPoint.objects.filter(organisation=instance).select_related("organisation", "service")
    )
    for contact in contacts:
        contact.refresh_search()
    ContactPoint.objects.bulk_update(contacts, ["search_title", "search_body"], batch_size=500)
