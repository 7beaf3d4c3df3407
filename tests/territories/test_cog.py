"""The bundled code officiel géographique (maillage/territories/cog.py): a current commune,
and a clear French sentence for every code that names none."""

import pytest

from maillage.territories import cog


def test_a_current_commune_with_its_departement_and_epci():
    commune = cog.lookup("93014")
    assert commune.name == "Clichy-sous-Bois"
    assert (commune.departement_code, commune.departement_name) == ("93", "Seine-Saint-Denis")
    assert (commune.epci_siren, commune.epci_name) == ("200054781", "Métropole du Grand Paris")
    assert commune.population > 20000
    assert commune.vintage == 2026


def test_corsica_and_spaces_and_case():
    assert cog.lookup(" 2a004 ").name == "Ajaccio"


def test_an_unknown_code():
    with pytest.raises(cog.CogError) as caught:
        cog.lookup("99999")
    assert str(caught.value) == ("Le code INSEE 99999 ne correspond à aucune commune du COG 2026.")


def test_a_merged_commune_names_the_commune_to_use():
    with pytest.raises(cog.CogError) as caught:
        cog.lookup("93059")
    assert str(caught.value) == (
        "La commune 93059 (Pierrefitte-sur-Seine) a fusionné dans Saint-Denis (93066) : "
        "créez le territoire avec 93066."
    )


def test_a_commune_deleguee_is_a_merge_too():
    with pytest.raises(cog.CogError) as caught:
        cog.lookup("14002")
    message = str(caught.value)
    assert message.startswith("La commune 14002 (Acqueville) a fusionné dans ")
    assert "créez le territoire avec 14150" in message


def test_the_chef_lieu_of_a_commune_nouvelle_is_the_current_commune():
    # Saint-Denis is both a commune déléguée (of itself) and the commune nouvelle.
    assert cog.lookup("93066").name == "Saint-Denis"


def test_an_outdated_code():
    with pytest.raises(cog.CogError) as caught:
        cog.lookup("78178")
    assert str(caught.value) == (
        "Le code INSEE 78178 n’est plus en vigueur au COG 2026 : la commune est aujourd’hui "
        "Coubron (93015) ; créez le territoire avec 93015."
    )


def test_a_municipal_arrondissement():
    with pytest.raises(cog.CogError, match=r"arrondissement municipal.*75056"):
        cog.lookup("75101")


@pytest.mark.parametrize("code", ["9301", "930140", "ABCDE", "", "93 014", "2C004"])
def test_a_malformed_code(code):
    with pytest.raises(cog.CogError, match="n’est pas un code INSEE de commune"):
        cog.lookup(code)


def test_departements():
    assert cog.departement("93").name == "Seine-Saint-Denis"
    with pytest.raises(cog.CogError):
        cog.departement("99")


def test_the_file_says_its_source_and_vintage():
    data = cog.table()
    assert data["vintage"] == 2026
    assert data["source"] == "@etalab/decoupage-administratif 6.0.0"
