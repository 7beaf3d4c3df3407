from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts import forms, selectors, services
from maillage.accounts.models import Invitation
from maillage.core import i18n, ratelimit
from maillage.core.forms_errors import apply_validation_error
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, crumb, handle_form, render_page
from maillage.core.types import AuthenticatedRequest
from maillage.territories import home as territory_home
from maillage.territories import selectors as territory_selectors


def _page(
    request: HttpRequest, template: str, *, status: int | None = None, **context: Any
) -> HttpResponse:
    """The account pages: the ``form`` of the context, sent and refused, answers 400."""
    return render_page(request, template, context, form=context.get("form"), status=status)


# --------------------------------------------------------------------------- sign in / out


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": gettext_lazy("Se connecter")}

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from maillage.accounts.proconnect import is_configured

        return {**super().get_context_data(**kwargs), "proconnect_enabled": is_configured()}

    def get_default_redirect_url(self) -> str:
        """Without a ``next``, people go back to the territory they last worked in — a
        Département or CAF agent to the commune where they work, never to an empty parent
        (territories/home.py, ``landing_territory``)."""
        territory = territory_home.landing_territory(self.request.user)
        if territory is not None:
            return territory.get_absolute_url()
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Signed in with ProConnect: the local sign-out is chained to ProConnect's."""
        from maillage.accounts import proconnect, proconnect_views

        id_token = request.session.get(proconnect.SESSION_ID_TOKEN, "")
        response = super().post(request, *args, **kwargs)
        target = proconnect_views.logout_redirect(request, id_token)
        return redirect(target) if target else response


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return _page(request, "accounts/lockout.html", status=429, title=_("Trop de tentatives"))


# --------------------------------------------------------------------------- password


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": gettext_lazy("Mot de passe oublié")}

    def form_valid(self, form: Any) -> HttpResponse:
        # Counted whether or not an account exists, so that the limit tells nothing.
        if not ratelimit.allow(self.request, "password_reset", form.cleaned_data["email"]):
            form.add_error(None, ratelimit.MESSAGE)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": gettext_lazy("Vérifiez votre messagerie"),
        "message": gettext_lazy(
            "Si un compte existe pour cette adresse, un courriel vient de vous être envoyé "
            "avec un lien pour choisir un nouveau mot de passe. Le lien est valable 24 heures."
        ),
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": gettext_lazy("Nouveau mot de passe")}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The lockout page tells people that a new password lets them in again: it does.
        axes_reset(username=form.user.email)
        services.record_password_reset(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": gettext_lazy("Mot de passe modifié"),
        "message": gettext_lazy("Votre mot de passe a été modifié. Vous pouvez vous connecter."),
        "action_url": reverse_lazy("accounts:login"),
        "action_label": gettext_lazy("Se connecter"),
    }


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")
    extra_context = {
        "title": gettext_lazy("Changer de mot de passe"),
        "submit_label": gettext_lazy("Changer le mot de passe"),
    }

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Votre mot de passe a été modifié."))
        return super().form_valid(form)


# --------------------------------------------------------------------------- profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = forms.ProfileForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
        },
        languages=i18n.available_languages(),
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_profile(actor=user, user=user, **form.cleaned_data),
        success_message=_("Votre profil a été enregistré."),
        success_url="accounts:profile",
    ):
        return done
    return _page(
        request,
        "accounts/profile.html",
        title=_("Mon compte"),
        form=form,
        memberships=territory_selectors.memberships_of(user),
        has_mfa=services.confirmed_totp(user) is not None,
        section="account",
    )


@login_required
@require_GET
def personal_data_export(request: AuthenticatedRequest) -> JsonResponse:
    """Everything Maillage holds about the signed-in person (RGPD, right of access)."""
    response = JsonResponse(
        selectors.personal_data(request.user),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-maillage.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedRequest) -> HttpResponse:
    """The person deletes their own account, after proving it is them."""
    user = request.user
    form = forms.DeleteAccountForm(
        request.POST or None,
        ask_password=user.has_usable_password(),
        ask_code=services.confirmed_totp(user) is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_own_account(
                user=user,
                password=form.cleaned_data.get("password"),
                code=form.cleaned_data.get("code"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            auth_logout(request)
            messages.success(request, _("Votre compte a été supprimé."))
            return redirect("/")
    return _page(
        request,
        "accounts/delete_account.html",
        title=_("Supprimer mon compte"),
        form=form,
        section="account",
    )


# --------------------------------------------------------------------------- invitations


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    current = territory_selectors.territory_or_404(request.user, territory_slug)
    require(request, "invite", current)
    form = forms.InvitationForm(request.POST or None, territory=current)
    limited = (
        request.method == "POST"
        and form.is_valid()
        and not ratelimit.allow(request, "invitation", form.cleaned_data["email"])
    )
    if limited:
        form.add_error(None, ratelimit.MESSAGE)
    if done := handle_form(
        request,
        form,
        lambda: services.invite(actor=request.user, territory=current, **form.cleaned_data),
        success_message=lambda invitation: _("Invitation envoyée à %s.") % invitation.email,
        success_url=reverse("accounts:invitations", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return _page(
        request,
        "accounts/invitations.html",
        status=429 if limited else None,
        title=_("Inviter des partenaires"),
        territory=current,
        section="invitations",
        form=form,
        invitations=selectors.invitations_of(current),
        breadcrumb=breadcrumbs(current, crumb(_("Invitations"))),
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_selectors.territory_or_404(request.user, territory_slug)
    require(request, "invite", current)
    invitation = get_object_or_404(Invitation, pk=pk, territory=current)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("L’invitation de %s a été annulée.") % invitation.email)
    return redirect("accounts:invitations", territory_slug=current.slug)


def _unusable_invitation(request: HttpRequest, message: str) -> HttpResponse:
    return _page(
        request,
        "accounts/message.html",
        status=410,
        title=_("Invitation inutilisable"),
        message=message,
        level="error",
        action_url=reverse("accounts:login"),
        action_label=_("Se connecter"),
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Three situations: a newcomer creates an account here; someone who already has an
    account signs in first (the link brings them back); a signed-in person accepts with one
    click, provided the invitation was sent to their address."""
    try:
        invitation = services.resolve_invitation(token)
    except services.InvitationError as exc:
        return _unusable_invitation(request, str(exc))
    signed_in = request.user.is_authenticated
    other_account = signed_in and request.user.email.lower() != invitation.email.lower()  # type: ignore[union-attr]
    has_account = signed_in or services.verified_account_exists(invitation.email)
    form = None
    if not has_account:
        form = forms.AcceptInvitationForm(
            request.POST or None, initial={"full_name": invitation.full_name}
        )
    if request.method == "POST" and not other_account and (signed_in or form is not None):
        try:
            if signed_in:
                services.accept_invitation(
                    invitation=invitation,
                    user=request.user,  # type: ignore[arg-type]  # authenticated: a User
                )
            elif form is not None and form.is_valid():
                form.check_password_for(None)
                if form.is_valid():
                    user = services.accept_invitation(
                        invitation=invitation,
                        full_name=form.cleaned_data["full_name"],
                        phone=form.cleaned_data["phone"],
                        password=form.cleaned_data["password1"],
                    )
                    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except services.InvitationError as exc:
            return _unusable_invitation(request, str(exc))
        except ValidationError as exc:
            if form is not None:
                apply_validation_error(form, exc)
        if request.user.is_authenticated and (form is None or not form.errors):
            messages.success(
                request, _("Bienvenue ! Vous avez rejoint %s.") % invitation.territory.name
            )
            if invitation.organisation_id:
                return redirect(
                    "territories:organisation",
                    territory_slug=invitation.territory.slug,
                    pk=invitation.organisation_id,
                )
            return redirect(invitation.territory.get_absolute_url())
    return _page(
        request,
        "accounts/invitation_accept.html",
        title=_("Rejoindre %s") % invitation.territory.name,
        invitation=invitation,
        form=form,
        has_account=has_account,
        other_account=other_account,
    )


# --------------------------------------------------------------------------- residents


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = forms.SignupForm(
        request.POST or None,
        territories=territory_selectors.signup_territories(),
        languages=i18n.available_languages(),
        initial={"language": request.LANGUAGE_CODE},
    )
    limited = False
    if request.method == "POST" and form.is_valid():
        form.check_password_for(None)
        if form.is_valid() and not ratelimit.allow(
            request, "email_verification", form.cleaned_data["email"]
        ):
            # Signing up again with an unconfirmed address sends the link again.
            limited = True
            form.add_error(None, ratelimit.MESSAGE)
        if done := handle_form(
            request,
            form,
            lambda: services.sign_up_resident(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                territory=form.cleaned_data["territory"],
                language=form.cleaned_data.get("language") or settings.LANGUAGE_CODE,
            ),
            success_url="accounts:signup_done",
        ):
            return done
    return _page(
        request,
        "accounts/signup.html",
        status=429 if limited else None,
        title=_("Créer un compte habitant"),
        form=form,
    )


@require_GET
def signup_done(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "accounts/message.html",
        title=_("Confirmez votre adresse"),
        message=_(
            "Un courriel vient de vous être envoyé. Cliquez sur le lien qu’il contient "
            "pour activer votre compte. Le lien est valable 3 jours."
        ),
    )


@require_GET
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.verify_email(token=token)
    except services.InvitationError as exc:
        return _page(
            request,
            "accounts/message.html",
            status=410,
            title=_("Lien inutilisable"),
            message=str(exc),
            level="error",
        )
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Votre adresse est confirmée. Bienvenue sur Maillage !"))
    return redirect(
        user.current_territory.get_absolute_url() if user.current_territory else "core:home"
    )


# --------------------------------------------------------------------------- MFA


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not user.is_verified() and services.confirmed_totp(user) is not None:  # type: ignore[attr-defined]
        # Whoever knows only the password must not replace the second factor: they prove
        # the current one first.
        return redirect(
            f"{reverse('accounts:mfa_verify')}?{urlencode({'next': reverse('accounts:mfa_setup')})}"
        )
    device_id = request.session.get("mfa_setup_device")
    device = None
    if device_id:
        device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.start_totp(user=user)
        request.session["mfa_setup_device"] = device.pk
    form = forms.OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
            device = services.start_totp(user=user)
            request.session["mfa_setup_device"] = device.pk
        else:
            otp_login(request, device)
            request.session.cycle_key()
            request.session.pop("mfa_setup_device", None)
            return _page(
                request,
                "accounts/mfa_backup_codes.html",
                title=_("Codes de secours"),
                codes=codes,
                next_url=_safe_next(request),
            )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return _page(
        request,
        "accounts/mfa_setup.html",
        title=_("Activer la double authentification"),
        form=form,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr_svg=_qr_svg(device.config_url),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: AuthenticatedRequest) -> HttpResponse:
    if services.confirmed_totp(request.user) is None:
        return redirect("accounts:mfa_setup")
    form = forms.OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is None:
            form.add_error("code", _("Ce code n’est pas valide ou a déjà servi."))
        else:
            otp_login(request, device)
            # A session key known before the second factor (fixed by an attacker, or seen
            # on a shared computer) must not be the one that carries the verified session.
            request.session.cycle_key()
            return redirect(_safe_next(request))
    return _page(
        request,
        "accounts/mfa_verify.html",
        title=_("Vérification en deux étapes"),
        form=form,
    )


@login_required
@require_POST
def mfa_backup_codes(request: AuthenticatedRequest) -> HttpResponse:
    codes = services.regenerate_backup_codes(user=request.user)
    return _page(
        request,
        "accounts/mfa_backup_codes.html",
        title=_("Codes de secours"),
        codes=codes,
        next_url=reverse("accounts:profile"),
    )


# --------------------------------------------------------------------------- language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's ``set_language`` (cookie, a safe ``next``, POST
    with its CSRF token, so it works without JavaScript), and the account's preference
    when signed in. A language Maillage is not written in changes nothing."""
    language = request.POST.get("language", "")
    if language not in {code for code, _name in i18n.available_languages()}:
        messages.error(request, _("Cette langue n’est pas proposée."))
        return redirect(_language_next(request))
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.set_preferred_language(user=request.user, language=language)
    return response


def _language_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"
