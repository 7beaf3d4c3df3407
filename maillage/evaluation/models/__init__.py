"""Évaluation: the yearly shared evaluation, the conférence sociale and the avenant it
leads to (docs/evaluation.md). Each name is re-exported here so that imports and Django's
app registry do not depend on the modules' layout."""

# --- conférence sociale (p15-conf): re-exported by redundant alias, no shared __all__
from maillage.evaluation.models.conference import Ballot as Ballot
from maillage.evaluation.models.conference import BallotPoints as BallotPoints
from maillage.evaluation.models.conference import Conference as Conference
from maillage.evaluation.models.conference import Needs as Needs
from maillage.evaluation.models.conference import Proposal as Proposal
from maillage.evaluation.models.conference import Session as Session
