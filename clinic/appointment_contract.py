"""The appointments contract between the action server (actions/submission.py sends) and
the app (bot/api/appointment_validation.py checks): one list of fields and choices."""

from clinic import language

KINDS = ("booking", "callback")
LANGUAGES = language.LANGUAGES  # a request's `language`: the conversation's (issue 19)
PATIENT_STATUSES = ("new", "returning")
COVERAGE_TYPES = ("insurance", "self_pay", "not_sure")

# The envelope the action server adds to every request.
ENVELOPE_FIELDS = ("kind", "reference", "conversation_id")
# What the visitor told us (slots of the booking or call-back form).
REQUEST_FIELDS = (
    "full_name",
    "phone",
    "email",
    "location",
    "preferred_time_text",
    "preferred_time_normalized",
    "patient_status",
    "visit_reason",
    "coverage_type",
    "insurance_carrier",
    "insurance_member_id",
    "contact_consent",
    "notes",
    "assessment",
    # Issue 16: a preferred provider (as clinic.yml names them), and for a request made on
    # someone else's behalf the patient's name and who they are to the writer.
    "provider",
    "patient_name",
    "relationship",
    # The conversation's language ("en"/"es", issue 19): staff call back in it.
    "language",
)
FIELDS = ENVELOPE_FIELDS + REQUEST_FIELDS
