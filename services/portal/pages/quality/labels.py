"""The quality report's values and parts as people read them; translated where shown."""

from services.portal.i18n import N_

REPORT_STATUS = {
    "requested": N_("To fill in"),
    "submitted": N_("Submitted"),
    "completion_requested": N_("Completion asked for"),
    "accepted": N_("Accepted"),
}
REPORT_TAG = {
    "requested": "govuk-tag--blue",
    "submitted": "govuk-tag--purple",
    "completion_requested": "govuk-tag--orange",
    "accepted": "govuk-tag--green",
}
# Each part of the report, by its API location: the label, the hint, and its kind of field.
PARTS = (
    (
        "customers",
        N_("Customers during the year"),
        N_("How many customers you served during the year."),
        "int",
    ),
    ("staff.employees", N_("Employees"), N_("How many people were employed at the end of the year."), "int"),
    ("staff.full_time_equivalents", N_("Full-time equivalents"), N_("For example 39,5"), "float"),
    ("staff.turnover_percent", N_("Staff turnover, percent"), N_("Staff who left during the year."), "float"),
    ("complaints_received", N_("Complaints received"), N_("During the year."), "int"),
    ("deviations_received", N_("Deviations reported"), N_("During the year."), "int"),
    ("goals", N_("How the area's goals were met"), N_("Describe the work towards each goal."), "text"),
    ("customer_survey", N_("Customer survey"), N_("The results of the year's customer survey."), "text"),
    ("improvement_work", N_("Improvement work"), N_("What you improved during the year, and how."), "text"),
)
# The report is long: its parts are filled in three fieldsets, each with its own heading.
SECTIONS = (
    (
        N_("Customers and staff"),
        ("customers", "staff.employees", "staff.full_time_equivalents", "staff.turnover_percent"),
    ),
    (N_("Complaints and deviations"), ("complaints_received", "deviations_received")),
    (N_("Quality work"), ("goals", "customer_survey", "improvement_work")),
)
LABELS = {"report_status": REPORT_STATUS, "report_tag": REPORT_TAG}
