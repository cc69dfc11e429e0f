"""The API's words for roles, channels, kinds of event and statuses, as people read them; translated where
shown."""

from services.portal.i18n import N_

ROLES = {
    "administrator": N_("Administrator"),
    "reporter": N_("Reporter"),
    "reader": N_("Reader"),
}
ROLE_HINTS = {
    "administrator": N_("Reads, reports and manages the organisation: people, API clients and webhooks"),
    "reporter": N_("Reads and reports: applies, answers requests, reports changes and deviations"),
    "reader": N_("Reads only"),
}
CHANNELS = {"inbox": N_("Inbox"), "email": N_("Email"), "webhook": N_("Webhook")}
INVITATION_STATUSES = {
    "pending": N_("Pending"),
    "expired": N_("Expired"),
    "used": N_("Accepted"),
    "revoked": N_("Withdrawn"),
}
DELIVERY_STATUSES = {
    "pending": N_("Waiting to be sent"),
    "delivered": N_("Delivered"),
    "failed": N_("Failed"),
    "held": N_("Held while the webhook is off"),
    "skipped": N_("Not sent"),
}
EVENT_KINDS = {
    "application.supplement_requested": N_("The municipality asks you to complete an application"),
    "application.approved": N_("An application is approved"),
    "application.rejected": N_("An application is rejected"),
    "authorisation.granted": N_("An authorisation is granted"),
    "authorisation.warning_issued": N_("A warning is issued"),
    "authorisation.revoked": N_("An authorisation is revoked"),
    "authorisation.conditions_changed": N_("The conditions of an authorisation change"),
    "manager_change.approved": N_("A change of the person in charge is approved"),
    "manager_change.rejected": N_("A change of the person in charge is not approved"),
    "deviation.acknowledged": N_("A deviation report is acknowledged"),
    "deviation.closed": N_("A deviation is closed"),
    "follow_up.requested": N_("The municipality asks for a follow-up"),
    "follow_up.overdue": N_("A follow-up is overdue"),
    "follow_up.rejected": N_("An answer to a follow-up is not accepted"),
    "follow_up.accepted": N_("An answer to a follow-up is accepted"),
    "authorisation.warning_remedied": N_("A warning is remedied"),
    "quality_report.requested": N_("A quality report is asked for"),
    "quality_report.reminder": N_("A quality report is due soon"),
    "quality_report.overdue": N_("A quality report is overdue"),
    "quality_report.accepted": N_("A quality report is accepted"),
    "quality_report.completion_requested": N_("The municipality asks you to complete a quality report"),
    "application.submitted": N_("An application is submitted"),
    "application.supplemented": N_("An application is completed after a request"),
    "manager_change.reported": N_("A change of the person in charge is reported"),
    "manager_absence.reported": N_("An absence of the person in charge is reported"),
    "deviation.reported": N_("A deviation is reported"),
    "follow_up.responded": N_("A follow-up is answered"),
    "quality_report.submitted": N_("A quality report is submitted"),
}
# Conflicts the API explains in a sentence of its own; the page shows it in the page's language.
CONFLICTS = (
    N_("This is the organisation's last administrator; make someone else administrator first."),
    N_("This is the last staff administrator; make someone else staff administrator first."),
)
