"""Import and export in the data·inclusion v1 format (JSON and CSV)."""
