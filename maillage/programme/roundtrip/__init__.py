"""The spreadsheet round trip: export actions or measurements, edit them in a spreadsheet,
import them back — matched by code, previewed change by change, then applied all at once
or not at all. Export and import use the same columns."""
