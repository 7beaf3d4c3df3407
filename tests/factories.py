"""Factories shared by every capability's tests: users, territories, organisations,
memberships. Traits name the situations the tests talk about."""

import factory
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core import sharing
from maillage.core.roles import Role, Visibility
from maillage.territories.models import GeoUnit, Membership, Organisation, Partnership, Territory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    full_name = factory.Sequence(lambda n: f"Personne Test{n}")
    phone = "01 23 45 67 89"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("mot-de-passe-de-test-1")

    class Params:
        admin = factory.Trait(is_superuser=True, is_staff=True)
        inactive = factory.Trait(is_active=False)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    # From 93500 up: the codes tests write themselves (93005 … 93047, Clichy's 93014, and
    # 93100 + n for a few communes) stay free, so such a test never meets a generated
    # commune holding its code.
    insee_code = factory.Sequence(
        lambda n: f"{93500 + n % 500:05d}" if n < 500 else f"{10000 + n:05d}"
    )
    kind = Territory.Kind.COMMUNE
    visibility = Visibility.PUBLIC
    # Tests' communes share everything with their Département, as every commune did
    # before the setting existed; tests of the setting say otherwise (core/sharing.py).
    department_sharing = factory.LazyFunction(sharing.everything)

    class Params:
        departement = factory.Trait(
            kind=Territory.Kind.DEPARTEMENT,
            insee_code=factory.Sequence(lambda n: f"{10 + n % 80}"),
            name=factory.Sequence(lambda n: f"Département {n}"),
            slug=factory.Sequence(lambda n: f"departement-{n}"),
        )


class GeoUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeoUnit

    territory = factory.SubFactory(TerritoryFactory)
    kind = GeoUnit.Kind.QUARTIER
    code = factory.Sequence(lambda n: f"Q{n}")
    name = factory.Sequence(lambda n: f"Quartier {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "association"
    city = "Clichy-sous-Bois"
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def partner_of(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            territories = extracted if isinstance(extracted, list | tuple) else [extracted]
            for territory in territories:
                Partnership.objects.get_or_create(territory=territory, organisation=self)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    territory = factory.SubFactory(TerritoryFactory)
    organisation = None
    role = Role.PARTNER
    job_title = "Chargée de mission"


def member(
    territory: Territory, role: str, organisation: Organisation | None = None, **user_fields
) -> User:  # type: ignore[no-untyped-def]
    """A user holding ``role`` in ``territory`` (for ``organisation``)."""
    if organisation is not None:
        Partnership.objects.get_or_create(territory=territory, organisation=organisation)
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, territory=territory, organisation=organisation, role=role)
    return user


def api_key(user, name: str = "Intégration", scope: str = "write") -> str:  # type: ignore[no-untyped-def]
    """A token's clear key for ``user``, created as the token page would: after the second
    factor when the person needs one (a confirmed device is made for them)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from maillage.api.services import create_token

    if user.requires_mfa and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    _token, key = create_token(actor=user, name=name, scope=scope, verified=True)
    return key
