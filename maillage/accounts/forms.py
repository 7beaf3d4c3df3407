from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.accounts.tasks import send_templated_email
from maillage.core.roles import Role
from maillage.territories.models import Organisation, Territory


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Si vous venez de créer votre "
            "compte, confirmez d’abord votre adresse avec le lien reçu par courriel."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("12 caractères au moins, pas uniquement des chiffres ni un mot courant."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2", "")
        if first and second and first != second:
            raise forms.ValidationError(_("Les deux mots de passe ne correspondent pas."))
        return second

    def check_password_for(self, user: Any) -> None:
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)


class AcceptInvitationForm(DsfrBaseForm, NewPasswordMixin):
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    phone = forms.CharField(label=_("Téléphone professionnel"), max_length=30, required=False)

    field_order = ["full_name", "phone", "password1", "password2"]


class SignupForm(DsfrBaseForm, NewPasswordMixin):
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse électronique"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    territory = forms.ModelChoiceField(
        label=_("Votre commune"),
        queryset=Territory.objects.none(),
        empty_label=_("Choisissez votre commune"),
    )
    language = forms.ChoiceField(label=_("Langue préférée"), required=False)
    accept = forms.BooleanField(
        label=_(
            "J’accepte que Maillage conserve mon nom et mon adresse électronique pour "
            "me permettre de participer. Je peux supprimer mon compte à tout moment."
        ),
    )
    field_order = [
        "full_name",
        "email",
        "territory",
        "language",
        "password1",
        "password2",
        "accept",
    ]

    def __init__(self, *args: Any, territories: Any, languages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories  # type: ignore[attr-defined]
        self.fields["language"].choices = languages  # type: ignore[attr-defined]
        if len(languages) < 2:
            del self.fields["language"]  # one language: nothing to choose


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse électronique"))
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[(r.value, r.label) for r in Role if r != Role.RESIDENT],
        initial=Role.PARTNER,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choisissez une organisation"),
    )
    job_title = forms.CharField(label=_("Fonction"), max_length=150, required=False)

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.partners_of(territory).order_by(
            "search_text"
        )


class ProfileForm(DsfrBaseForm):
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    preferred_language = forms.ChoiceField(label=_("Langue"))

    def __init__(self, *args: Any, languages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = languages
        if len(languages) < 2:
            del self.fields["preferred_language"]  # one language: nothing to choose


class OtpForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code à 6 chiffres, ou code de secours"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DeleteAccountForm(DsfrBaseForm):
    """Proves it is the person, not someone at an unlocked screen: the password when the
    account has one, the second factor's code when it has one."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code à 6 chiffres, ou code de secours"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte sera supprimé définitivement."),
        required=True,
    )

    def __init__(self, *args: Any, ask_password: bool, ask_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_password:
            self.fields["password"].required = True
        else:
            del self.fields["password"]
        if ask_code:
            self.fields["code"].required = True
        else:
            del self.fields["code"]


class PasswordResetForm(DsfrBaseForm, DjangoPasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the background task, like every e-mail: the page answers at once, and
        as fast for an address that has an account as for one that has none."""
        from django.template.loader import render_to_string

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        send_templated_email.enqueue(
            to=to_email,
            subject=subject,
            template=email_template_name,
            context={key: str(context[key]) for key in ("protocol", "domain", "uid", "token")},
        )


class SetPasswordForm(DsfrBaseForm, DjangoSetPasswordForm):
    pass


class PasswordChangeForm(DsfrBaseForm, DjangoPasswordChangeForm):
    pass
