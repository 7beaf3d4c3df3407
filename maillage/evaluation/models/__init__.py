"""Évaluation: the yearly shared evaluation, the conférence sociale and the avenant it
leads to (docs/evaluation.md). Each name is re-exported here so that imports and Django's
app registry do not depend on the modules' layout."""
