"""Every page carries a strict Content-Security-Policy and the other security headers; no
template relies on what that policy refuses (inline scripts, handlers, styles)."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2] / "maillage"
# Rendered to PDF by WeasyPrint, never served to a browser: their <style> is not refused.
PDF_TEMPLATES = {
    "evaluation/templates/evaluation/reports/report_pdf.html",
    "evaluation/templates/evaluation/reports/summary_pdf.html",
    "governance/templates/governance/pdf/amendment.html",
    "governance/templates/governance/pdf/base.html",
    "network/templates/network/guide_print.html",
    "observatory/templates/observatory/report/report.html",
    "programme/templates/programme/print/style.html",
    "watch/templates/watch/reports/note_pdf.html",
}


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    everything = " ".join(" ".join(v) for v in policy.values())
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything


def test_the_api_and_error_pages_carry_it_too(client):
    assert "default-src 'self'" in client.get("/api/v1/me")["Content-Security-Policy"]
    assert "default-src 'self'" in client.get("/nulle-part/")["Content-Security-Policy"]


def test_referrer_and_permissions_policies(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_told_to_use_neither_eval_nor_inline_styles(client):
    body = client.get("/").content.decode()
    assert '"allowEval": false' in body
    assert '"includeIndicatorStyles": false' in body


def _templates() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(ROOT)), path.read_text())
        for path in sorted(ROOT.rglob("templates/**/*.html"))
    ]


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for name, text in _templates():
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{name}: {tag}")
        offenders += [f"{name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{name}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert not offenders, "\n".join(offenders)


def test_no_served_template_has_an_inline_style():
    offenders = []
    for name, text in _templates():
        if name in PDF_TEMPLATES:
            continue
        offenders += [f"{name}: style attribute" for _ in re.findall(r"\sstyle\s*=", text)]
        offenders += [f"{name}: <style>" for _ in re.findall(r"<style\b", text)]
    assert not offenders, "\n".join(offenders)
