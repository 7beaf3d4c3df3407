"""Values that come from outside are checked by the models, with a French message."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.core.roles import Role, Visibility
from maillage.territories.models import GeoUnit, Membership, Organisation, Territory
from maillage.territories.validators import validate_logo, validate_siret
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _errors(obj) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def png(width: int = 20, height: int = 10, size_padding: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="PNG")
    return buffer.getvalue() + b"\0" * size_padding


# --------------------------------------------------------------------------- INSEE codes


@pytest.mark.parametrize("code", ["93014", "2A004", "2B033", "97411"])
def test_commune_codes_accepted(code):
    Territory(
        name="Commune", slug=f"c-{code.lower()}", insee_code=code, kind="commune"
    ).full_clean()


@pytest.mark.parametrize("code", ["9301", "930140", "2C004", "93 014", "ABCDE"])
def test_commune_codes_refused_in_french(code):
    territory = Territory(name="Commune", slug="commune", insee_code=code, kind="commune")
    assert _errors(territory)["insee_code"] == [
        "Le code INSEE d’une commune compte 5 caractères, par exemple 93014."
    ]


@pytest.mark.parametrize(
    ("code", "ok"),
    [("93", True), ("2A", True), ("974", True), ("9", False), ("930", False), ("ZZ", False)],
)
def test_departement_codes(code, ok):
    territory = Territory(name="Dép", slug="dep", insee_code=code, kind="departement")
    if ok:
        territory.full_clean()
    else:
        assert "Le code d’un département" in _errors(territory)["insee_code"][0]


def test_epci_code_is_a_siren_with_its_key():
    Territory(name="EPT", slug="ept", insee_code="200058790", kind="epci").full_clean()
    bad = Territory(name="EPT", slug="ept", insee_code="200058791", kind="epci")
    assert "SIREN" in _errors(bad)["insee_code"][0]


def test_territory_visibility_is_public_or_partners():
    territory = TerritoryFactory.build(visibility=Visibility.MEMBERS)
    assert _errors(territory)["visibility"] == [
        "Un territoire est public ou réservé aux partenaires."
    ]


def test_territory_cannot_be_its_own_ancestor():
    departement = TerritoryFactory(departement=True)
    commune = TerritoryFactory(parent=departement)
    departement.parent = commune
    assert _errors(departement)["parent"] == ["Un territoire ne peut pas être son propre ancêtre."]


# --------------------------------------------------------------------------- GeoUnit codes


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("commune", "93014"),
        ("iris", "930140101"),
        ("iris", "2A0040102"),
        ("qpv", "QN09301M"),
        ("qpv", "QP093001"),
        ("qpv", "QP02A001"),
        ("quartier", "BAS-CLICHY"),
    ],
)
def test_geounit_codes_accepted(kind, code):
    GeoUnit(territory=TerritoryFactory(), kind=kind, code=code, name="Unité").full_clean()


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("iris", "93014010", "Un code IRIS compte 9 caractères"),
        ("iris", "9301401011", "Un code IRIS compte 9 caractères"),
        ("iris", "93014ABCD", "Un code IRIS compte 9 caractères"),
        ("qpv", "QX093001", "Un code QPV commence par QN"),
        ("qpv", "qn09301m", "Un code QPV commence par QN"),
        ("qpv", "QN", "Un code QPV commence par QN"),
        ("commune", "930", "Le code INSEE d’une commune"),
    ],
)
def test_geounit_codes_refused_in_french(kind, code, message):
    unit = GeoUnit(territory=TerritoryFactory(), kind=kind, code=code, name="Unité")
    assert _errors(unit)["code"][0].startswith(message)


def test_geounit_geometry_must_be_geojson():
    unit = GeoUnit(
        territory=TerritoryFactory(), kind="quartier", code="Q1", name="Q", geometry={"a": 1}
    )
    assert _errors(unit)["geometry"] == ["Le contour doit être une géométrie GeoJSON."]


def test_geounit_code_unique_in_its_territory():
    territory = TerritoryFactory()
    GeoUnit.objects.create(territory=territory, kind="quartier", code="Q1", name="Q")
    again = GeoUnit(territory=territory, kind="quartier", code="Q1", name="Autre")
    assert _errors(again)["__all__"] == ["Ce code existe déjà pour ce territoire."]


# --------------------------------------------------------------------------- SIRET


@pytest.mark.parametrize(
    "siret",
    [
        "44306184100047",
        "443 061 841 00047",
        "35600000000048",  # La Poste's head office: Luhn key
        "35600000049837",  # a La Poste establishment: digits add up to a multiple of 5
    ],
)
def test_valid_sirets(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("4430618410004", "Le SIRET doit comporter 14 chiffres"),
        ("4430618410004A", "Le SIRET doit comporter 14 chiffres"),
        ("44306184100048", "Ce SIRET n’est pas valide : la clé de contrôle ne correspond pas."),
        ("35600000049838", "Ce SIRET de La Poste n’est pas valide"),
    ],
)
def test_invalid_sirets(siret, message):
    with pytest.raises(ValidationError) as caught:
        validate_siret(siret)
    assert caught.value.messages[0].startswith(message)


def test_organisation_siret_is_normalised_and_checked():
    organisation = Organisation(name="Association", kind="association", siret="443 061 841 00047")
    organisation.full_clean()
    assert organisation.siret == "44306184100047"
    organisation.siret = "44306184100048"
    assert _errors(organisation)["siret"] == [
        "Ce SIRET n’est pas valide : la clé de contrôle ne correspond pas."
    ]


def test_two_organisations_cannot_share_a_siret():
    OrganisationFactory(siret="44306184100047")
    twin = Organisation(name="Jumelle", kind="association", siret="44306184100047")
    assert _errors(twin)["__all__"] == ["Une organisation avec ce SIRET existe déjà."]
    # Organisations without a SIRET are many.
    OrganisationFactory(siret="")
    Organisation(name="Sans SIRET", kind="association", siret="").full_clean()


def test_organisation_kind_comes_from_the_lists():
    Organisation(name="Mission locale", kind="mission-locale").full_clean()
    Organisation(name="Direction", kind="direction-municipale").full_clean()
    assert _errors(Organisation(name="X", kind="inventé"))["kind"] == [
        "Ce type d’organisation n’existe pas."
    ]


def test_organisation_cannot_be_attached_to_itself():
    parent = OrganisationFactory()
    child = OrganisationFactory(parent=parent)
    parent.parent = child
    assert _errors(parent)["parent"] == ["Une organisation ne peut pas se rattacher à elle-même."]


def test_organisation_search_text_is_folded():
    organisation = OrganisationFactory(name="Maison de l’Habitat", acronym="MdH", city="Clichy")
    assert organisation.search_text == "maison de l habitat mdh clichy"


# --------------------------------------------------------------------------- logos


def test_logo_png_accepted():
    validate_logo(SimpleUploadedFile("logo.png", png(), content_type="image/png"))


def test_logo_not_an_image_refused_whatever_its_name():
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        validate_logo(upload)
    assert caught.value.messages == ["Le logo doit être une image PNG, JPEG, WebP ou GIF."]


def test_logo_over_two_megabytes_refused():
    upload = SimpleUploadedFile(
        "logo.png", png(size_padding=2 * 1024 * 1024), content_type="image/png"
    )
    with pytest.raises(ValidationError) as caught:
        validate_logo(upload)
    assert caught.value.messages == ["Le logo pèse 2,0 Mo ; la limite est de 2 Mo."]


def test_logo_in_another_image_format_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="BMP")
    with pytest.raises(ValidationError):
        validate_logo(SimpleUploadedFile("logo.bmp", buffer.getvalue()))


def test_model_checks_a_new_logo_before_saving():
    organisation = OrganisationFactory()
    organisation.logo = SimpleUploadedFile("logo.png", b"GIF89a? no", content_type="image/png")
    assert _errors(organisation)["logo"] == ["Le logo doit être une image PNG, JPEG, WebP ou GIF."]


# --------------------------------------------------------------------------- memberships


def test_membership_rules():
    territory = TerritoryFactory()
    partner_org = OrganisationFactory(partner_of=[territory])
    stranger_org = OrganisationFactory()
    user = UserFactory()
    no_org = Membership(user=user, territory=territory, role=Role.PARTNER)
    assert "organisation" in _errors(no_org)
    resident_with_org = Membership(
        user=user, territory=territory, role=Role.RESIDENT, organisation=partner_org
    )
    assert _errors(resident_with_org)["organisation"] == [
        "Un habitant n’appartient à aucune organisation."
    ]
    not_partner = Membership(
        user=user, territory=territory, role=Role.PARTNER, organisation=stranger_org
    )
    assert _errors(not_partner)["organisation"] == [
        "Cette organisation n’est pas partenaire de ce territoire."
    ]
    Membership(
        user=user, territory=territory, role=Role.PARTNER, organisation=partner_org
    ).full_clean()
