"""The truth table's harness: it calls each row as each actor and returns what went wrong.

The functions return their failures instead of asserting, so that a test can run them on a
deliberately broken policy and check that they notice (``test_the_table_catches``).

What a row must show, beyond its status (docs/access.md):

- the request reached the row's own view for every allowed actor: a page that answered
  the right status from somewhere else (the sign-in or second-factor middleware, another
  URL) does not count;
- a redirect goes where it should: to the sign-in page for a refused anonymous visitor,
  anywhere but the sign-in and second-factor pages for an allowed actor (or where the row's
  ``location`` says);
- a refused write changes nothing (no audit entry), an allowed one leaves its audit entry;
- a form page also takes its POST (``post``): allowed actors succeed, refused ones don't.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from dsfr.models import DsfrConfig

from maillage.core import access
from maillage.core.models import AuditEntry
from tests.access.table import Tables, Url, build, expected_status, parse_row
from tests.access.world import ACTORS, World

Login = Callable[[Client, Any], None]


@dataclass
class Report:
    """What one row did: the failures by actor, and which actors reached its view."""

    name: str
    failures: dict[str, str] = field(default_factory=dict)
    reached: set[str] = field(default_factory=set)

    def fail(self, actor: str, message: str) -> None:
        self.failures[actor] = (
            f"{self.failures[actor]}; {message}" if actor in self.failures else message
        )


# --------------------------------------------------------------------------- patterns


def named_patterns(resolver=None, namespace=""):  # type: ignore[no-untyped-def]
    """``(full name, URLPattern)`` for every pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = (
                f"{namespace}{pattern.name}"
                if pattern.name
                else f"{namespace}<unnamed {pattern.pattern}>"
            )
            yield name, pattern


@contextmanager
def recording(name: str, calls: list[str]) -> Iterator[None]:
    """While open, every call of the view behind URL ``name`` appends to ``calls``.

    django-ninja registers one pattern per operation name on the same path, and the first
    one answers for every method: every pattern of the namespace with the named one's route
    is wrapped (its view then dispatches on the method)."""
    namespace = name.rpartition(":")[0]
    routes = {str(pattern.pattern) for full, pattern in named_patterns() if full == name}
    patterns = [
        pattern
        for full, pattern in named_patterns()
        if full.rpartition(":")[0] == namespace and str(pattern.pattern) in routes
    ]
    originals = [pattern.callback for pattern in patterns]
    for pattern, original in zip(patterns, originals, strict=True):

        @functools.wraps(original)
        def recorded(*args, __original=original, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(name)
            return __original(*args, **kwargs)

        pattern.callback = recorded
    try:
        yield
    finally:
        for pattern, original in zip(patterns, originals, strict=True):
            pattern.callback = original


# --------------------------------------------------------------------------- redirects


def _paths(*names: str) -> tuple[str, ...]:
    return tuple(reverse(n) for n in names)


def sign_in_paths() -> tuple[str, ...]:
    return _paths("accounts:login", "admin_login_redirect")


def second_factor_paths() -> tuple[str, ...]:
    return _paths("accounts:mfa_verify", "accounts:mfa_setup")


def check_redirect(
    report: Report, actor: str, response: Any, allowed: bool, pattern: str | None
) -> None:
    """A 302 says where it goes: refused anonymous visitors to the sign-in page; allowed
    actors anywhere else than the sign-in and second-factor pages, or where ``pattern``
    says."""
    if response.status_code not in (301, 302, 303):
        return
    location = response.get("Location", "")
    bounced = location.startswith(sign_in_paths() + second_factor_paths())
    if not allowed:
        if actor == "anonymous" and not location.startswith(sign_in_paths()):
            report.fail(actor, f"refused with a redirect to {location!r}, not to sign in")
        return
    if pattern is not None:
        if not re.search(pattern, location):
            report.fail(actor, f"redirected to {location!r}, expected /{pattern}/")
    elif bounced:
        report.fail(actor, f"allowed but bounced to {location!r}")


# --------------------------------------------------------------------------- calls


def client_for(user: Any, login: Login) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


def send(client: Client, method: str, path: str, data: Any, content_type: str | None) -> Any:
    call = getattr(client, method)
    if content_type == "application/json":
        return call(path, data=json.dumps(data if data is not None else {}), content_type=JSON)
    if data is None:
        return call(path)
    return call(path, data=data)


JSON = "application/json"


def _rows(tables: Tables, url: Url) -> tuple[dict[str, bool], dict[str, bool]]:
    allowed = parse_row(tables.table[(url.subject, url.verb)])
    view_key = (url.subject, "view")
    visible = (
        parse_row(tables.table[view_key])
        if view_key in tables.table
        else dict.fromkeys(ACTORS, True)
    )
    return allowed, visible


def is_form_page(url: Url) -> bool:
    """A GET page that acts on something (its verb is not ``view``) is a form or a
    confirmation page: its POST is where the write happens. (An API path's other methods
    are rows of their own.)"""
    return url.method == "get" and url.verb != "view" and not url.api


def check_url(world: World, tables: Tables, name: str, *, login: Login) -> Report:
    """Call URL ``name`` as every actor; on a form page, POST to it too: the row's valid
    ``post`` data when it has some, else an empty form that must be refused as the page
    is (an allowed actor's empty form only has to be answered without a server error)."""
    url = tables.urls[name]
    assert isinstance(url, Url), name
    report = Report(name)
    obj = build(world, tables, url.subject)
    allowed, visible = _rows(tables, url)
    calls: list[str] = []
    attempts: list[tuple[str, str, Any, str | None]] = [
        ("main", url.method, url.data, url.content_type)
    ]
    if url.post is not None:
        attempts.append(("post", "post", url.post, None))
    elif is_form_page(url):
        attempts.append(("probe", "post", lambda world, obj: {}, None))
    probes: dict[str, int] = {}
    with recording(name, calls):
        for actor in ACTORS:
            client = client_for(world.user(actor), login)
            for kind, method, data_of, content_type in attempts:
                # Data made before the savepoint: the objects it names (a meeting to schedule
                # on) stay for the next actors, and their audit entries are not the call's.
                if kind == "main" and url.data_as is not None:
                    data = url.data_as(world, obj, actor)
                else:
                    data = data_of(world, obj) if data_of else None
                calls.clear()
                # Each call runs in its own savepoint: a write allowed for one actor does not
                # change what the next one sees.
                with transaction.atomic():
                    path = reverse(name, kwargs=url.kwargs(world, obj))
                    before = AuditEntry.objects.count()
                    response = send(client, method, path, data, content_type)
                    written = AuditEntry.objects.count() - before
                    transaction.set_rollback(True)
                if kind == "probe":
                    probes[actor] = response.status_code
                    _judge_probe(report, url, actor, response, allowed[actor], visible[actor])
                    if written and not allowed[actor]:
                        report.fail(actor, f"refused POST wrote {written} audit entries")
                    continue
                _judge(
                    report,
                    url,
                    actor,
                    response,
                    method=method,
                    allowed=allowed[actor],
                    visible=visible[actor],
                    ok=url.post_ok if kind == "post" else None,
                    reached=bool(calls),
                    written=written,
                )
    if probes and any(probes[a] != 405 for a in ACTORS if allowed[a]):
        for actor in ACTORS:
            if not allowed[actor] and probes[actor] == 405:
                report.fail(actor, "POST answered 405 where allowed actors may post")
    return report


def _judge_probe(
    report: Report, url: Url, actor: str, response: Any, allowed: bool, visible: bool
) -> None:
    """An empty form POSTed to a form page: 405 when the page takes no POST at all;
    otherwise refused exactly as the page is, and never a server error."""
    status = response.status_code
    if status == 405:
        return
    if allowed:
        if status >= 500:
            report.fail(actor, f"empty POST got {status}")
        return
    expected = expected_status(False, visible, actor, url)
    if status not in expected:
        report.fail(actor, f"POST got {status}, expected {sorted(expected)}")
    check_redirect(report, actor, response, False, None)


def _judge(
    report: Report,
    url: Url,
    actor: str,
    response: Any,
    *,
    method: str,
    allowed: bool,
    visible: bool,
    ok: frozenset[int] | None,
    reached: bool,
    written: int,
) -> None:
    what = "POST" if ok is not None else method.upper()
    if ok is None:
        expected = expected_status(allowed, visible, actor, url)
        pattern = url.location
    else:
        expected = set(ok) if allowed else expected_status(False, visible, actor, url)
        pattern = url.post_location
    if response.status_code not in expected:
        report.fail(actor, f"{what} got {response.status_code}, expected {sorted(expected)}")
    if allowed and not reached:
        report.fail(actor, f"{what} never reached the view of {report.name}")
    if reached:
        report.reached.add(actor)
    check_redirect(report, actor, response, allowed, pattern)
    if method != "get" and written and not allowed:
        report.fail(actor, f"refused {what} wrote {written} audit entries")
    wrote_nothing = method != "get" and allowed and url.writes and not written
    if wrote_nothing and response.status_code in expected:
        report.fail(actor, f"allowed {what} answered {response.status_code} but wrote nothing")


# --------------------------------------------------------------------------- cells


def check_cell(world: World, tables: Tables, subject: str, verb: str) -> Report:
    """``can(actor, verb, subject)`` answers what the table says, for every actor."""
    report = Report(f"{subject} / {verb}")
    obj = build(world, tables, subject)
    expected = parse_row(tables.table[(subject, verb)])
    for actor in ACTORS:
        got = access.can(world.user(actor), verb, obj)
        if got != expected[actor]:
            report.fail(actor, f"can() says {got}, the table {expected[actor]}")
    return report


# --------------------------------------------------------------------------- admin


def admin_models() -> list[str]:
    return sorted(
        f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry
    )


def check_admin_model(world: World, tables: Tables, label: str, *, login: Login) -> Report:
    """The changelist, add and change pages of one registered model: 200 for the platform
    admins (403 where the ModelAdmin itself allows no one, e.g. no add on the audit log),
    the sign-in page for everyone else."""
    from django.apps import apps

    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    # Signing in makes the second-factor devices the admin also lists.
    clients = {actor: client_for(world.user(actor), login) for actor in ACTORS}
    obj = _admin_object(world, tables, model)
    pages = [(f"{info}_changelist", ()), (f"{info}_add", ())]
    if obj is not None:
        pages.append((f"{info}_change", (obj.pk,)))
    else:
        report = Report(label)
        report.fail("admin", "no object to open the change page with: give it a subject")
        return report
    allowed = parse_row(tables.table[("platform", "administer")])
    report = Report(label)
    for actor, client in clients.items():
        user = world.user(actor)
        for name, args in pages:
            response = client.get(reverse(name, args=args))
            if allowed[actor]:
                request = type("R", (), {"user": user})()
                may = {
                    f"{info}_changelist": model_admin.has_view_or_change_permission(request),
                    f"{info}_add": model_admin.has_add_permission(request),
                    f"{info}_change": model_admin.has_view_or_change_permission(request, obj),
                }[name]
                expected = {200} if may else {403}
            else:
                # The admin sends visitors to sign in and refuses signed-in non-admins.
                expected = {302} if actor == "anonymous" else {403}
            if response.status_code not in expected:
                report.fail(actor, f"{name} got {response.status_code}, expected {expected}")
            if allowed[actor]:
                check_redirect(report, actor, response, True, None)
            elif response.status_code == 302:
                location = response["Location"]
                if not location.startswith(sign_in_paths()):
                    report.fail(actor, f"{name} sent to {location!r}, not to sign in")
    return report


def _admin_object(world: World, tables: Tables, model: Any) -> Any:
    """An instance of ``model``: one from the world, else one a subject builder makes, else
    one ``ADMIN_OBJECTS`` makes for models no subject needs (the admin must still open)."""
    found = model._default_manager.order_by("pk").first()
    if found is not None:
        return found
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    if label in ADMIN_OBJECTS:
        return ADMIN_OBJECTS[label](world)
    for subject in sorted(tables.subjects):
        build(world, tables, subject)
        found = model._default_manager.order_by("pk").first()
        if found is not None:
            return found
    return None


def _invitation(world: World) -> Any:
    from maillage.accounts.models import Invitation
    from maillage.core.roles import Role

    return Invitation.objects.create(
        email="admin-invitee@essai.test",
        territory=world.territory,
        organisation=world.org_member,
        role=Role.PARTNER,
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )


def _task_result(world: World) -> Any:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    return DBTaskResult.objects.create(
        enqueued_at=now,
        run_after=now,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="maillage.observatory.tasks.essai",
        backend_name="default",
        exception_class_path="",
        traceback="",
    )


def _organisation_request(world: World) -> Any:
    from maillage.accounts.models import OrganisationRequest

    return OrganisationRequest.objects.create(
        user=world.user("resident"),
        organisation=world.org_member,
        territory=world.territory,
        siret="00000000000000",
    )


def _proconnect_identity(world: World) -> Any:
    from maillage.accounts.models import ProConnectIdentity

    return ProConnectIdentity.objects.create(
        user=world.user("partner"), sub="sub-essai", idp_id="idp-essai"
    )


ADMIN_OBJECTS: dict[str, Callable[[World], Any]] = {
    "accounts.invitation": _invitation,
    "accounts.organisationrequest": _organisation_request,
    "accounts.proconnectidentity": _proconnect_identity,
    "auth.group": lambda world: Group.objects.create(name="Essai"),
    "axes.accessattempt": lambda world: AccessAttempt.objects.create(
        username="x@essai.test", failures_since_start=1
    ),
    "axes.accessfailurelog": lambda world: AccessFailureLog.objects.create(username="x@essai.test"),
    "axes.accesslog": lambda world: AccessLog.objects.create(username="x@essai.test"),
    "django_tasks_database.dbtaskresult": _task_result,
    "dsfr.dsfrconfig": lambda world: DsfrConfig.objects.create(),
    "otp_static.staticdevice": lambda world: StaticDevice.objects.create(
        user=world.user("admin"), name="Codes de secours"
    ),
}
