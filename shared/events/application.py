"""Events published by the application service."""

from datetime import datetime

from shared.events.envelope import EventPayload


class ProviderRegisteredV1(EventPayload):
    event_type = "provider.registered"

    provider_id: str
    organisation_number: str
    name: str
    contact_email: str
    registered_at: datetime

    def subject(self) -> str:
        return f"providers/{self.provider_id}"

    def orgnumber(self) -> str:
        return self.organisation_number


class ProviderUpdatedV1(EventPayload):
    event_type = "provider.updated"

    provider_id: str
    organisation_number: str
    name: str
    contact_email: str
    updated_at: datetime

    def subject(self) -> str:
        return f"providers/{self.provider_id}"

    def orgnumber(self) -> str:
        return self.organisation_number


class ApplicationSubmittedV1(EventPayload):
    event_type = "application.submitted"

    application_id: str
    provider_id: str
    organisation_number: str
    provider_name: str
    area_code: str
    submitted_at: datetime
    resubmission: bool = False

    def subject(self) -> str:
        return f"applications/{self.application_id}"

    def orgnumber(self) -> str:
        return self.organisation_number
