"""Every write on the programme. Each service is atomic, validates with full_clean(), writes
one audit entry, and, when it changes a fiche, a new version of it (``history.record``)."""

from maillage.programme.services.actions import (
    add_means,
    add_partner,
    change_status,
    create_action,
    next_draft_code,
    remove_means,
    remove_partner,
    update_action,
    update_partner,
)
from maillage.programme.services.followup import (
    add_journal_entry,
    add_milestone,
    delete_journal_entry,
    delete_milestone,
    mark_late_reminded,
    update_milestone,
)
from maillage.programme.services.indicators import (
    MeasurementRow,
    create_indicator,
    delete_indicator,
    delete_measurement,
    import_measurements,
    record_measurement,
    update_indicator,
    update_measurement,
)
from maillage.programme.services.inspiring import copy_model, offer_as_model, withdraw_model
from maillage.programme.services.structure import (
    copy_structure,
    create_axis,
    create_objective,
    delete_axis,
    delete_objective,
    update_axis,
    update_objective,
)

__all__ = [
    "MeasurementRow",
    "add_journal_entry",
    "add_means",
    "add_milestone",
    "add_partner",
    "change_status",
    "copy_model",
    "copy_structure",
    "create_action",
    "create_axis",
    "create_indicator",
    "create_objective",
    "delete_axis",
    "delete_indicator",
    "delete_journal_entry",
    "delete_measurement",
    "delete_milestone",
    "delete_objective",
    "import_measurements",
    "mark_late_reminded",
    "next_draft_code",
    "offer_as_model",
    "record_measurement",
    "remove_means",
    "remove_partner",
    "update_action",
    "update_axis",
    "update_indicator",
    "update_measurement",
    "update_milestone",
    "update_objective",
    "update_partner",
    "withdraw_model",
]
