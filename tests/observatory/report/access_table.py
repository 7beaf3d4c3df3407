"""Access rows for the observatory's maps and the ABS report."""

from tests.access.table import Url


def _config(world):  # type: ignore[no-untyped-def]
    from maillage.observatory import services

    return services.configure_report(actor=None, territory=world.territory, title="ABS")


def _themed_config(world):  # type: ignore[no-untyped-def]
    from maillage.observatory import services
    from maillage.observatory.catalogue import install_catalogue
    from maillage.observatory.models import Indicator

    install_catalogue()
    return services.configure_report(
        actor=None,
        territory=world.territory,
        title="ABS",
        indicators=[Indicator.objects.get(code="foyers-rsa")],
    )


def _theme_text(world):  # type: ignore[no-untyped-def]
    from maillage.observatory import services

    _themed_config(world)
    return services.set_report_theme_text(
        actor=None, territory=world.territory, theme="benefits", text="Analyse du thème."
    )


def _section(world):  # type: ignore[no-untyped-def]
    from maillage.observatory import services

    return services.add_report_section(
        actor=None, territory=world.territory, organisation=world.org_member, title="Regard"
    )


def _edition(world, year=2024):  # type: ignore[no-untyped-def]
    from maillage.observatory.models import ReportEdition

    _config(world)
    return ReportEdition.objects.create(territory=world.territory, year=year)


def _ready_edition(world):  # type: ignore[no-untyped-def]
    from maillage.observatory import services

    return services.render_report(edition_id=_edition(world, 2023).pk)


SUBJECTS = {
    "territory[abs]": lambda w: _config(w).territory,
    "territory[abs_theme]": lambda w: _themed_config(w).territory,
    "abs_theme_text": _theme_text,
    "abs_section": _section,
    "abs_edition": _edition,
    "abs_edition[ready]": _ready_edition,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory[abs]", "view_report"):           "N N Y Y Y Y Y N Y",
    ("territory[abs]", "manage_report"):         "N N N N N Y N N Y",
    ("territory[abs_theme]", "manage_report"):   "N N N N N Y N N Y",
    ("abs_theme_text", "view"):                  "N N Y Y Y Y Y N Y",
    ("abs_theme_text", "change"):                "N N N N N Y N N Y",
    ("abs_section", "view"):                     "N N Y Y Y Y Y N Y",
    ("abs_section", "change"):                   "N N N Y N Y N N Y",
    ("abs_edition", "view"):                     "N N Y Y Y Y Y N Y",
    ("abs_edition", "regenerate"):               "N N N N N Y N N Y",
    ("abs_edition[ready]", "view"):              "N N Y Y Y Y Y N Y",
}
# fmt: on


def _indicator(world, obj):  # type: ignore[no-untyped-def]
    from maillage.observatory.catalogue import install_catalogue

    install_catalogue()
    return {"territory_slug": world.territory.slug, "code": "foyers-rsa"}


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


URLS = {
    "observatory:indicator_map": Url("territory", "view", kwargs=_indicator),
    "observatory:report": Url("territory[abs]", "view_report", kwargs=_t),
    "observatory:report_config": Url("territory[abs]", "manage_report", kwargs=_t),
    "observatory:report_section_create": Url("territory[abs]", "manage_report", kwargs=_t),
    "observatory:report_comments": Url("territory[abs]", "manage_report", kwargs=_t),
    "observatory:report_generate": Url(
        "territory[abs]",
        "manage_report",
        kwargs=_t,
        method="post",
        ok=frozenset({302}),
        data=lambda w, o: {"year": "2024"},
    ),
    "observatory:report_section": Url(
        "abs_section",
        "change",
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "pk": o.pk},
    ),
    "observatory:report_edition": Url(
        "abs_edition",
        "view",
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "year": o.year},
    ),
    "observatory:report_download": Url(
        "abs_edition[ready]",
        "view",
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "year": o.year, "fmt": "pdf"},
    ),
    "observatory:report_theme_text": Url(
        "territory[abs_theme]",
        "manage_report",
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "theme": "benefits"},
    ),
    "api-v1:observatory_report_themes": Url(
        "territory[abs]", "view_report", kwargs=lambda w, o: {"slug": w.territory.slug}, api=True
    ),
    "api-v1:observatory_report_theme_put": Url(
        "territory[abs_theme]",
        "manage_report",
        kwargs=lambda w, o: {"slug": w.territory.slug, "theme": "benefits"},
        api=True,
        method="put",
        content_type="application/json",
        data=lambda w, o: {"text": "Analyse écrite par l’API."},
    ),
    "api-v1:observatory_report_editions": Url(
        "territory[abs]", "view_report", kwargs=lambda w, o: {"slug": w.territory.slug}, api=True
    ),
}
