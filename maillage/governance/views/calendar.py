"""The territory's meeting calendar (month and list), and its ICS feeds: per territory,
per body, per meeting, and the personal feed behind a secret address."""

from __future__ import annotations

import calendar as calendar_module
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, agenda
from maillage.core import ics as core_ics
from maillage.core.http import require
from maillage.core.pages import Crumb, breadcrumbs, crumb, section_crumb
from maillage.core.pagination import paginate
from maillage.core.types import HtmxRequest
from maillage.governance import forms, ics, selectors, services
from maillage.governance.access import involved_bodies
from maillage.governance.models import Body, Meeting, local_datetime
from maillage.governance.views.common import page, posted
from maillage.governance.views.common import territory as get_territory


def _calendar_crumbs(current: Any, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(current, section_crumb(_("Agenda"), "governance:calendar", current), *more)


def _extras(
    request: HtmxRequest,
    current: Any,
    start: datetime.datetime | None,
    end: datetime.datetime | None,
) -> list[agenda.Entry]:
    """What other capabilities date in this agenda (public events…), as the type filter
    asks: all of them, one source, or none when a kind of body is chosen."""
    kind = request.GET.get("type", "")
    if kind in Body.Kind.values or request.GET.get("mes") == "1":
        return []
    chosen = [s for s in agenda.sources() if not kind or s.key == kind]
    entries = [entry for s in chosen for entry in s.find(request.user, current, start, end)]
    return sorted(entries, key=lambda entry: entry.starts_at)


def _filtered(request: HtmxRequest, meetings: list[Meeting]) -> tuple[list[Meeting], str, bool]:
    kind = request.GET.get("type", "")
    if agenda.source(kind) is not None:
        return [], kind, False
    if kind not in Body.Kind.values:
        kind = ""
    mine = request.GET.get("mes") == "1" and request.user.is_authenticated
    if kind:
        meetings = [m for m in meetings if m.body.kind == kind]
    if mine:
        ids = set(involved_bodies(access.actor_for(request.user)).values_list("pk", flat=True))
        meetings = [m for m in meetings if m.body_id in ids]
    return meetings, kind, mine


@require_GET
def calendar(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    view = "liste" if request.GET.get("vue") == "liste" else "mois"
    context: dict[str, Any] = {
        "territory": current,
        "section": "calendar",
        "view": view,
        "kinds": Body.Kind.choices,
        "sources": [(s.key, s.label) for s in agenda.sources()],
        "may_subscribe": access.can(request.user, "subscribe_calendar", current),
        "breadcrumb": breadcrumbs(current, crumb(_("Agenda"))),
    }
    if view == "mois":
        first = forms.month_from(request.GET.get("mois"))
        weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        start = local_datetime(weeks[0][0], datetime.time.min)
        end = local_datetime(weeks[-1][-1] + datetime.timedelta(days=1), datetime.time.min)
        meetings, kind, mine = _filtered(
            request, selectors.calendar_meetings(request.user, current, start, end)
        )
        by_day: dict[datetime.date, list[Meeting]] = {}
        for meeting in meetings:
            day = timezone.localtime(meeting.starts_at).date()
            last = timezone.localtime(meeting.ends_at).date()
            while day <= last:
                by_day.setdefault(day, []).append(meeting)
                day += datetime.timedelta(days=1)
        extras = _extras(request, current, start, end)
        extras_by_day: dict[datetime.date, list[agenda.Entry]] = {}
        for entry in extras:
            day = timezone.localtime(entry.starts_at).date()
            last = timezone.localtime(entry.ends_at).date()
            while day <= last:
                extras_by_day.setdefault(day, []).append(entry)
                day += datetime.timedelta(days=1)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        context.update(
            {
                "month": first,
                "month_label": formats.date_format(first, "F Y"),
                "weekdays": [formats.date_format(day, "l") for day in weeks[0]],
                "weeks": [
                    [(day, by_day.get(day, []), extras_by_day.get(day, [])) for day in week]
                    for week in weeks
                ],
                "meetings": meetings,
                "extras": extras,
                "previous": previous,
                "following": following,
                "today": timezone.localdate(),
                "kind": kind,
                "mine": mine,
            }
        )
    else:
        past = request.GET.get("passees") == "1"
        now = timezone.now()
        qs = access.visible(
            request.user, Meeting.objects.filter(body__territory=current)
        ).select_related("body")
        qs = (
            qs.filter(ends_at__lt=now).order_by("-starts_at")
            if past
            else qs.filter(ends_at__gte=now).order_by("starts_at")
        )
        kind = request.GET.get("type", "")
        if kind in Body.Kind.values:
            qs = qs.filter(body__kind=kind)
        elif agenda.source(kind) is not None:
            qs = qs.none()
        else:
            kind = ""
        mine = request.GET.get("mes") == "1" and request.user.is_authenticated
        if mine:
            qs = qs.filter(body__in=involved_bodies(access.actor_for(request.user)).values("pk"))
        extras = (
            _extras(request, current, None, now)[::-1][:30]
            if past
            else _extras(request, current, now, None)[:30]
        )
        context.update(
            {
                "page": paginate(request, qs, 30),
                "past": past,
                "kind": kind,
                "mine": mine,
                "extras": extras,
            }
        )
    return page(request, "governance/calendar.html", context)


def _ics_response(cal: Any, filename: str) -> HttpResponse:
    return core_ics.response(cal, filename)


@never_cache
@require_GET
def territory_ics(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meetings = selectors.territory_feed(request.user, current)
    return _ics_response(
        ics.calendar(meetings, name=_("Instances — %s") % current.name), f"{current.slug}.ics"
    )


@never_cache
@require_GET
def body_ics(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    body = selectors.body_or_404(request.user, current, pk)
    meetings = selectors.body_feed(request.user, body)
    return _ics_response(ics.calendar(meetings, name=body.name), f"instance-{body.pk}.ics")


@never_cache
@require_GET
def meeting_ics(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    selectors.agenda(meeting, request.user)
    return _ics_response(ics.calendar([meeting], name=meeting.title), f"seance-{meeting.pk}.ics")


@never_cache
@require_GET
def personal_ics(request: HtmxRequest, territory_slug: str, key: str) -> HttpResponse:
    """The secret address a calendar app polls. Read as its owner on every call, so a
    membership ended today removes that body's meetings from the next poll."""
    feed = services.feed_for_key(key)
    if feed is None or feed.territory.slug != territory_slug:
        raise Http404
    meetings = selectors.personal_feed(feed)
    return _ics_response(
        ics.calendar(meetings, name=_("Maillage — %s") % feed.name), f"agenda-{feed.prefix}.ics"
    )


@login_required
@require_http_methods(["GET", "POST"])
def feeds(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    require(request, "subscribe_calendar", current)
    form = forms.FeedForm(posted(request))
    new_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            _feed, key = services.create_feed(
                actor=request.user,
                territory=current,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
        else:
            new_url = request.build_absolute_uri(
                reverse("governance:personal_ics", args=[current.slug, key])
            )
            form = forms.FeedForm()
    return page(
        request,
        "governance/feeds.html",
        {
            "territory": current,
            "section": "calendar",
            "form": form,
            "new_url": new_url,
            "feeds": selectors.feeds_of(request.user, current),
            "public_url": request.build_absolute_uri(
                reverse("governance:territory_ics", args=[current.slug])
            ),
            "breadcrumb": _calendar_crumbs(current, {"label": _("S’abonner")}),
        },
        forms=(form,),
    )


@login_required
@require_POST
def feed_revoke(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    feed = selectors.feed_or_404(request.user, current, pk)
    require(request, "revoke", feed)
    services.revoke_feed(actor=request.user, feed=feed)
    messages.success(
        request, _("Le flux « %s » est révoqué : son adresse ne répond plus.") % feed.name
    )
    return redirect("governance:feeds", territory_slug=current.slug)
