"""Helpers shared by the programme's tests."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def upload_changed_actions(client):
    """Export Clichy's actions as XLSX, set the second one's state to « En cours », upload
    the file for import; the upload's answer."""
    export = client.get(reverse("programme:export_actions", args=["clichy"]) + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(export.content))
    workbook.active["E3"].value = "En cours"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "actions.xlsx"
    upload = reverse("programme:import", args=["clichy"])
    return client.post(upload, {"kind": "actions", "file": buffer})
