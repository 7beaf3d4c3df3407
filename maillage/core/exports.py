"""The one writer of spreadsheet exports: CSV the way French spreadsheet software opens it
(UTF-8 with a BOM, ``;`` between cells, CRLF line ends) and XLSX.

Every cell that a spreadsheet would run as a formula (text starting with =, +, -, @, a
tab or a carriage return) is written with a leading apostrophe, shown as text; readers
of the project's own imports take that apostrophe off again (``unneutralise``), so a round
trip gives back the same text. Numbers are written as numbers (never quoted): decimal
comma by default, or as the caller formatted them with ``NumberText``.

Every export of the project goes through here (``tests/core/test_exports.py`` finds
every export URL and feeds it a formula).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?")


class NumberText(str):
    """A number the caller formatted itself (a fixed count of decimals, data·inclusion's
    decimal point): written as is when it is a plain number, neutralised otherwise."""


def neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def unneutralise(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def french_number(value: Decimal | int | float) -> str:
    """1234.5 → "1234,5" (no thousands separator, so the value reads back unchanged)."""
    if isinstance(value, Decimal):
        text = (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        )
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = str(value)
    return text.replace(".", ",")


def text_cell(value: Any) -> str:
    """One CSV cell: blank for None, "oui"/"non", French numbers, JJ/MM/AAAA dates, and
    any other text neutralised."""
    if value is None:
        return ""
    if isinstance(value, NumberText):
        return str(value) if _PLAIN_NUMBER.fullmatch(value) else neutralise(str(value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | int | float):
        return french_number(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The file a line at a time (for streamed downloads), the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in headers])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([text_cell(v) for v in row])
        yield buffer.getvalue()


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, NumberText):
        return text_cell(value)
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    return value


# Column widths, in characters: fitted to the longest cell, within these bounds (a long
# text is wrapped in its cell rather than widening the sheet past reading).
XLSX_MIN_WIDTH = 8
XLSX_MAX_WIDTH = 60


def _display_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.2f}".rstrip("0").rstrip("."))
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def write_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: the header row bold, frozen and with filters on every column, widths
    fitted to the contents, dates as dates, numbers as numbers, text never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([neutralise(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) + 3 for header in headers]  # room for the filter button
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        for index, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                # openpyxl reads a leading "=" as a formula: say it is text.
                cell.data_type = "s"
            length = _display_length(cell.value)
            if index >= len(widths):
                widths.append(0)
            if length > XLSX_MAX_WIDTH:
                cell.alignment = wrap
            widths[index] = max(widths[index], length + 1)
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(XLSX_MIN_WIDTH, width), XLSX_MAX_WIDTH
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> Any:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """``filename`` (with its ``.csv``) as a download."""
    return _attachment(
        HttpResponse(write_csv(headers, rows), content_type=CSV_CONTENT_TYPE), filename
    )


def csv_stream(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """Like ``csv_response``, streamed a line at a time for large exports."""
    return _attachment(
        StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(headers, rows)),
            content_type=CSV_CONTENT_TYPE,
        ),
        filename,
    )


def spreadsheet_response(
    stem: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    fmt: str = "csv",
    title: str = "",
) -> Any:
    """``stem.xlsx`` (a sheet named ``title``) when ``fmt`` is ``"xlsx"``, else
    ``stem.csv``."""
    if fmt == "xlsx":
        return _attachment(
            HttpResponse(write_xlsx(title or stem, headers, rows), content_type=XLSX_CONTENT_TYPE),
            f"{stem}.xlsx",
        )
    return csv_response(f"{stem}.csv", headers, rows)
