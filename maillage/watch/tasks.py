"""Background work of the veille."""
