"""The network's life in the API: news and public events (with registrations), under the
same rules and services as the pages. The Atom feed of the news and the ICS calendars are
the pages' own addresses (``/territoires/<slug>/actualites/flux.atom``,
``…/evenements/evenements.ics``, ``…/evenements/<id>/evenement.ics``)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, MAX_ID, READ_ERRORS, OrganisationRef
from maillage.community import api_library, selectors, services
from maillage.community.models import Approval, Event, Post, Registration
from maillage.core.http_api import require_api
from maillage.territories.models import Organisation, Territory

router = Router(tags=["Vie du réseau"])

PREFIX = "/territories/{slug}"
Id = Path(..., ge=1, le=MAX_ID, description="Identifiant")


def _territory(request: HttpRequest, slug: str) -> Territory:
    return selectors.territory_or_404(request.user, slug)


def _approved(rows: Any) -> list[dict[str, Any]]:
    return [
        {"id": s.organisation_id, "name": s.organisation.name}
        for s in rows.all()
        if s.state == Approval.APPROVED
    ]


class PostOut(Schema):
    id: int
    title: str
    summary: str
    body: str
    audience: str
    status: str
    published_at: datetime.datetime | None
    themes: list[str] = Field(..., description="Thématiques data·inclusion")
    organisation: OrganisationRef
    cosigners: list[OrganisationRef]
    url: str

    @staticmethod
    def resolve_audience(obj: Post) -> str:
        return obj.visibility

    @staticmethod
    def resolve_themes(obj: Post) -> list[str]:
        return list(obj.thematiques)

    @staticmethod
    def resolve_cosigners(obj: Post) -> list[dict[str, Any]]:
        return _approved(obj.signatories)

    @staticmethod
    def resolve_url(obj: Post) -> str:
        return obj.get_absolute_url()


class PostIn(Schema):
    organisation_id: int = Field(ge=1, le=MAX_ID)
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=600)
    body: str = Field("", max_length=20000)
    audience: str = Field("public", pattern="^(public|partners)$")
    themes: list[str] = Field(
        default_factory=list, max_length=30, description="Thématiques data·inclusion"
    )
    cosigner_ids: list[int] = Field(default_factory=list, max_length=30)


class EventOut(Schema):
    id: int
    title: str
    summary: str
    description: str
    audience_description: str
    audience: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    address: str
    step_free: bool
    accessibility: str
    languages: list[str]
    registration_open: bool
    capacity: int | None
    confirmed_count: int
    waiting_count: int
    organisation: OrganisationRef
    co_organisers: list[OrganisationRef]
    url: str

    @staticmethod
    def resolve_audience_description(obj: Event) -> str:
        return obj.audience

    @staticmethod
    def resolve_audience(obj: Event) -> str:
        return obj.visibility

    @staticmethod
    def resolve_co_organisers(obj: Event) -> list[dict[str, Any]]:
        return _approved(obj.organisers)

    @staticmethod
    def resolve_confirmed_count(obj: Event) -> int:
        return getattr(obj, "confirmed_count", 0)

    @staticmethod
    def resolve_waiting_count(obj: Event) -> int:
        return getattr(obj, "waiting_count", 0)

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()


class EventIn(Schema):
    organisation_id: int = Field(ge=1, le=MAX_ID)
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=600)
    description: str = Field("", max_length=20000)
    audience_description: str = Field("", max_length=200)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=255)
    step_free: bool = False
    accessibility: str = Field("", max_length=5000)
    languages: list[str] = Field(default_factory=list, max_length=20)
    audience: str = Field("public", pattern="^(public|partners)$")
    registration_open: bool = False
    capacity: int | None = Field(None, ge=1, le=100000)
    cosigner_ids: list[int] = Field(default_factory=list, max_length=30)


class RegistrationOut(Schema):
    id: int
    name: str
    email: str
    status: str
    created_at: datetime.datetime
    promoted_at: datetime.datetime | None


class RegistrationIn(Schema):
    name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)


class EventFilters(Schema):
    past: bool = False
    language: str = Field("", max_length=8)
    step_free: bool = False


def _organisation(request: HttpRequest, territory: Territory, pk: int) -> Organisation:
    found = selectors.author_organisations(request.user, territory).filter(pk=pk).first()
    if found is None:
        raise ValidationError(
            {"organisation_id": _("Vous ne pouvez écrire qu’au nom de votre organisation.")}
        )
    return found


def _cosigners(territory: Territory, ids: list[int]) -> list[Organisation]:
    found = list(selectors.partner_organisations(territory).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError(
            {
                "cosigner_ids": _(
                    "Seules les organisations partenaires du territoire peuvent cosigner."
                )
            }
        )
    return found


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# --------------------------------------------------------------------------- news


@router.get(PREFIX + "/news", response={200: list[PostOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def community_list_posts(request: HttpRequest, slug: str) -> Any:
    return selectors.published_posts(request.user, _territory(request, slug))


@router.get(PREFIX + "/news/{post_id}", response={200: PostOut, **READ_ERRORS}, auth=READ_AUTH)
def community_get_post(request: HttpRequest, slug: str, post_id: int = Id) -> Any:
    return selectors.post_or_404(request.user, _territory(request, slug), post_id)


@router.post(PREFIX + "/news", response={201: PostOut, **ERRORS}, auth=WRITE_AUTH)
def community_create_post(request: HttpRequest, slug: str, payload: PostIn) -> Any:
    territory = _territory(request, slug)
    require_api(request, "contribute_community", territory)
    post = services.create_post(
        actor=request.user,
        territory=territory,
        organisation=_organisation(request, territory, payload.organisation_id),
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        visibility=payload.audience,
        thematiques=payload.themes,
        cosigners=_cosigners(territory, payload.cosigner_ids),
    )
    return Status(201, selectors.post_or_404(request.user, territory, post.pk))


@router.post(PREFIX + "/news/{post_id}/publish", response={200: PostOut, **ERRORS}, auth=WRITE_AUTH)
def community_publish_post(request: HttpRequest, slug: str, post_id: int = Id) -> Any:
    territory = _territory(request, slug)
    post = selectors.post_or_404(request.user, territory, post_id)
    require_api(request, "change", post)
    services.publish_post(actor=request.user, post=post)
    return selectors.post_or_404(request.user, territory, post_id)


# --------------------------------------------------------------------------- events


@router.get(PREFIX + "/events", response={200: list[EventOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def community_list_events(request: HttpRequest, slug: str, filters: Query[EventFilters]) -> Any:
    return selectors.published_events(
        request.user,
        _territory(request, slug),
        past=filters.past,
        language=filters.language,
        step_free=filters.step_free,
    )


@router.get(PREFIX + "/events/{event_id}", response={200: EventOut, **READ_ERRORS}, auth=READ_AUTH)
def community_get_event(request: HttpRequest, slug: str, event_id: int = Id) -> Any:
    return selectors.event_or_404(request.user, _territory(request, slug), event_id)


@router.post(PREFIX + "/events", response={201: EventOut, **ERRORS}, auth=WRITE_AUTH)
def community_create_event(request: HttpRequest, slug: str, payload: EventIn) -> Any:
    territory = _territory(request, slug)
    require_api(request, "contribute_community", territory)
    event = services.create_event(
        actor=request.user,
        territory=territory,
        organisation=_organisation(request, territory, payload.organisation_id),
        title=payload.title,
        summary=payload.summary,
        starts_at=_aware(payload.starts_at),
        ends_at=_aware(payload.ends_at),
        place=payload.place,
        description=payload.description,
        audience=payload.audience_description,
        address=payload.address,
        step_free=payload.step_free,
        accessibility=payload.accessibility,
        languages=payload.languages,
        visibility=payload.audience,
        registration_open=payload.registration_open,
        capacity=payload.capacity,
        cosigners=_cosigners(territory, payload.cosigner_ids),
    )
    return Status(201, selectors.event_or_404(request.user, territory, event.pk))


@router.post(
    PREFIX + "/events/{event_id}/publish", response={200: EventOut, **ERRORS}, auth=WRITE_AUTH
)
def community_publish_event(request: HttpRequest, slug: str, event_id: int = Id) -> Any:
    territory = _territory(request, slug)
    event = selectors.event_or_404(request.user, territory, event_id)
    require_api(request, "change", event)
    services.publish_event(actor=request.user, event=event)
    return selectors.event_or_404(request.user, territory, event_id)


@router.get(
    PREFIX + "/events/{event_id}/registrations",
    response={200: list[RegistrationOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def community_list_registrations(request: HttpRequest, slug: str, event_id: int = Id) -> Any:
    event = selectors.event_or_404(request.user, _territory(request, slug), event_id)
    require_api(request, "change", event)
    return selectors.registrations(request.user, event)


@router.post(
    PREFIX + "/events/{event_id}/registrations",
    response={201: RegistrationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def community_register(
    request: HttpRequest, slug: str, payload: RegistrationIn, event_id: int = Id
) -> Any:
    """The signed-in caller registers themselves (their account's name and address unless
    the payload gives others): a place, or the waiting list when the event is full."""
    event = selectors.event_or_404(request.user, _territory(request, slug), event_id)
    require_api(request, "register", event)
    user: Any = request.user
    registration = services.register(
        actor=user,
        event=event,
        name=payload.name or user.full_name or user.email,
        email=payload.email or user.email,
        user=user,
    )
    return Status(201, registration)


@router.post(
    PREFIX + "/registrations/{registration_id}/cancel",
    response={200: RegistrationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def community_cancel_registration(
    request: HttpRequest, slug: str, registration_id: int = Id
) -> Any:
    registration = selectors.registration_or_404(
        request.user, _territory(request, slug), registration_id
    )
    require_api(request, "cancel", registration)
    services.cancel_registration(actor=request.user, registration=registration)
    return Registration.objects.get(pk=registration.pk)


# --------------------------------------------------------------------------- co-signing


class SignIn(Schema):
    organisation_id: int = Field(ge=1, le=MAX_ID)
    approve: bool


class SignatureOut(Schema):
    organisation: OrganisationRef
    state: str
    decided_at: datetime.datetime | None


def _asked(pk: int) -> Organisation:
    """The organisation answering; whether it is asked and whether the caller answers for
    it is the service's to say (the pages' rule)."""
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({"organisation_id": _("Organisation inconnue.")})
    return found


@router.post(
    PREFIX + "/news/{post_id}/sign", response={200: SignatureOut, **ERRORS}, auth=WRITE_AUTH
)
def community_sign_post(request: HttpRequest, slug: str, payload: SignIn, post_id: int = Id) -> Any:
    """A co-signer's answer for its organisation: approve (its logo is then shown) or
    refuse."""
    post = selectors.post_or_404(request.user, _territory(request, slug), post_id)
    require_api(request, "sign", post)
    return services.sign_post(
        actor=request.user,
        post=post,
        organisation=_asked(payload.organisation_id),
        approve=payload.approve,
    )


@router.post(
    PREFIX + "/events/{event_id}/sign", response={200: SignatureOut, **ERRORS}, auth=WRITE_AUTH
)
def community_sign_event(
    request: HttpRequest, slug: str, payload: SignIn, event_id: int = Id
) -> Any:
    """A co-organiser's answer for its organisation."""
    event = selectors.event_or_404(request.user, _territory(request, slug), event_id)
    require_api(request, "sign", event)
    return services.sign_event(
        actor=request.user,
        event=event,
        organisation=_asked(payload.organisation_id),
        approve=payload.approve,
    )


@router.post(
    PREFIX + "/communications/{communication_id}/sign",
    response={200: SignatureOut, **ERRORS},
    auth=WRITE_AUTH,
)
def community_sign_communication(
    request: HttpRequest, slug: str, payload: SignIn, communication_id: int = Id
) -> Any:
    """An organisation's answer on a joint letter, poster or flyer (when every one has
    answered, the PDF is made and released)."""
    communication = selectors.communication_or_404(
        request.user, _territory(request, slug), communication_id
    )
    require_api(request, "sign", communication)
    return services.sign_communication(
        actor=request.user,
        communication=communication,
        organisation=_asked(payload.organisation_id),
        approve=payload.approve,
    )


# The shared library and the one search (community-library): their own router.
router.add_router("", api_library.router)
