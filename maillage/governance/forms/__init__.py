"""Forms of the governance pages. They validate what the browser sends and turn it into
service arguments; the rules themselves live in the services.

One module per subdomain, as the services (bodies, meetings, decisions and the register,
agreements, feeds); what they share is in ``common``. Every form is re-exported here, so
``forms.BodyForm`` keeps working.
"""

from maillage.governance.forms.agreements import (
    SIGNATORY_ROWS,
    AgreementForm,
    CommitmentForm,
    DocumentForm,
    SignatoryForm,
    signatories_from,
    signatory_forms,
)
from maillage.governance.forms.bodies import (
    BodyForm,
    EndMemberForm,
    MemberForm,
    RepresentativesForm,
)
from maillage.governance.forms.common import (
    ActionChoiceField,
    DateInput,
    ModelChoice,
    ModelMultipleChoice,
    OrganisationChoiceField,
    PersonChoiceField,
    ServiceErrorsMixin,
    TimeInput,
    month_from,
)
from maillage.governance.forms.decisions import (
    DecisionForm,
    DecisionUpdateForm,
    RegisterFilterForm,
    SearchForm,
    TaskForm,
    TaskStatusForm,
)
from maillage.governance.forms.feeds import FeedForm
from maillage.governance.forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    ConveneForm,
    ConvocationAnswerForm,
    MeetingForm,
    MinutesForm,
    PersonalDataCheckMixin,
    ScheduleForm,
)

__all__ = [
    "SIGNATORY_ROWS",
    "ActionChoiceField",
    "AgendaItemForm",
    "AgreementForm",
    "AttendanceForm",
    "BodyForm",
    "CancelForm",
    "CommitmentForm",
    "ConveneForm",
    "ConvocationAnswerForm",
    "DateInput",
    "DecisionForm",
    "DecisionUpdateForm",
    "DocumentForm",
    "EndMemberForm",
    "FeedForm",
    "MeetingForm",
    "MemberForm",
    "MinutesForm",
    "ModelChoice",
    "ModelMultipleChoice",
    "OrganisationChoiceField",
    "PersonChoiceField",
    "PersonalDataCheckMixin",
    "RegisterFilterForm",
    "RepresentativesForm",
    "ScheduleForm",
    "SearchForm",
    "ServiceErrorsMixin",
    "SignatoryForm",
    "TaskForm",
    "TaskStatusForm",
    "TimeInput",
    "month_from",
    "signatories_from",
    "signatory_forms",
]
