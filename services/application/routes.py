"""The URL table of the application service, and nothing else."""

from services.application.api import applications, authorisations, catalogue, login, people, review
from services.application.api import providers as api
from services.application.keys import APPLICATION_KEY
from services.application.schemas.applications import (
    ApplicationChanges,
    ApplicationCreate,
    ApplicationList,
    ApplicationOut,
    ApplicationQuery,
    ApplicationSummary,
    Assessments,
    AttachmentOut,
    DecisionIn,
    SupplementRequestIn,
    SupplementRequestOut,
)
from services.application.schemas.authorisations import (
    AuthorisationList,
    AuthorisationOut,
    AuthorisationQuery,
    CapacityIn,
    RevocationIn,
    WarningIn,
)
from services.application.schemas.catalogue import (
    AreaDetail,
    AreaList,
    ConditionsOut,
    ConditionsQuery,
    Deadline,
    DeadlineQuery,
    LegalFrameList,
    NewConditionsVersion,
    Register,
    RegisterQuery,
)
from services.application.schemas.login import AuthorizeQuery, CallbackQuery, LogoutQuery
from services.application.schemas.people import (
    InvitationIn,
    InvitationList,
    InvitationOut,
    InvitationView,
    ListQuery,
    MemberList,
    MemberOut,
    PersonOut,
    RegistrationOut,
    ReleaseIn,
    RoleChange,
    StaffPersonList,
    StaffPersonOut,
    StaffRolesIn,
)
from services.application.schemas.providers import (
    ClientCredentials,
    ClientList,
    NewClient,
    ProviderChanges,
    ProviderOut,
    ProviderRegistered,
    ProviderRegistration,
)
from services.application.storage.applications import Application
from services.application.storage.authorisations import Authorisation
from shared.auth.principal import Scope
from shared.http.history import history_route, visible_case
from shared.http.routing import Route
from shared.pagination import PageQuery

# Reading the organisation's cases; doing its reporting work; managing the organisation itself.
READ, REPORT, MANAGE = Scope.PROVIDER_READ, Scope.PROVIDER_REPORT, Scope.PROVIDER_ADMIN
S, A = Scope.STAFF, Scope.ADMIN

PERSON_IN_CHARGE_EXAMPLE = {
    "name": "Karin Lund",
    "education": [
        {
            "title": "Socionomprogrammet",
            "institution": "Stockholms universitet",
            "country": "SE",
            "level": "university",
            "in_care": True,
            "years": 3.5,
        }
    ],
    "practice": [
        {
            "employer": "Omsorg i Nacka AB",
            "role": "Undersköterska",
            "field": "elderly_care",
            "start": "2016-01-01",
            "end": "2019-12-31",
            "extent_percent": 100,
        }
    ],
    "supervision": [
        {
            "employer": "Omsorg i Nacka AB",
            "role": "Enhetschef",
            "start": "2020-01-01",
            "end": None,
            "staff_count": 25,
        }
    ],
    "swedish": {"spoken": "native", "written": "native"},
}

ROUTES = [
    Route(
        "POST",
        "/oauth/token",
        api.issue_token,
        "Get an access token",
        "auth",
        description="Form-encoded. `grant_type=client_credentials` for an API client (client_secret_basic "
        "or client_secret_post); `authorization_code` (with `code`, `redirect_uri`, `code_verifier`) and "
        "`refresh_token` for a person, through a login client. Errors follow RFC 6749 (JSON with `error`).",
        extra_responses={400: "OAuth error", 401: "invalid_client"},
    ),
    Route(
        "GET",
        "/oauth/authorize",
        login.authorize,
        "A person logs in (authorization code with PKCE S256)",
        "auth",
        query=AuthorizeQuery,
        status=302,
        errors=(400, 422),
        description="Sends the browser to the identity provider chosen by `idp` (unless a sign-in session "
        "is live), then back to the client's `redirect_uri` with `code`, `state` and `iss`, or with an "
        "RFC 6749 `error`. An unknown client or redirect URI answers 400 and redirects nowhere. The code is "
        "exchanged at `POST /oauth/token` (`grant_type=authorization_code` with `code_verifier`) for an "
        "access token and a refresh token; each refresh token is used once (`grant_type=refresh_token`), "
        "and one used twice ends its login.",
    ),
    Route(
        "GET",
        "/login/callback",
        login.callback,
        "Where the identity provider sends the person back",
        "auth",
        query=CallbackQuery,
        status=302,
        errors=(400, 422),
        description="Verifies the identity provider's ID token (signature, issuer, audience, expiry, nonce), "
        "begins a sign-in session (a cookie) and sends the person on to the client with a code.",
    ),
    Route(
        "POST",
        "/logout",
        login.logout,
        "End the sign-in session",
        "auth",
        query=LogoutQuery,
        status=303,
        errors=(422,),
        extra_responses={204: "Ended; the identity provider offers no logout of its own"},
        description="Ends the sign-in session its cookie names and sends the browser to the identity "
        "provider's own logout, where it has one, or else back to the client's registered "
        "`post_logout_redirect_uri`. Tokens already issued run until they expire; a client drops them "
        "itself.",
    ),
    Route(
        "GET",
        "/.well-known/oauth-authorization-server",
        api.server_metadata,
        "Authorization server metadata (RFC 8414)",
        "auth",
    ),
    Route("GET", "/.well-known/jwks.json", api.jwks, "Public keys that verify access tokens", "auth"),
    Route(
        "POST",
        "/providers",
        api.register_provider,
        "Register a provider organisation",
        "providers",
        body=ProviderRegistration,
        response=ProviderRegistered,
        status=201,
        errors=(409,),
        description="Answers the first API client, a reporter: it may read and report, not manage the "
        "organisation. Its secret is shown only in this response. The contact email is sent a single-use "
        "invitation to be the organisation's first administrator (or the municipality's operator issues "
        "one); the registration is `pending` until staff approve it.",
        secrets=("client.client_secret",),
        body_example={
            "organisation_number": "556036-0793",
            "name": "Omsorg i Nacka AB",
            "f_tax": True,
            "contact_email": "kontakt@omsorg.example",
        },
    ),
    Route(
        "GET",
        "/providers/me",
        api.get_own_provider,
        "The caller's own organisation",
        "providers",
        scopes=(READ,),
        response=ProviderOut,
    ),
    Route(
        "PATCH",
        "/providers/me",
        api.update_own_provider,
        "Change the organisation's name, F-skatt or contact",
        "providers",
        scopes=(MANAGE,),
        body=ProviderChanges,
        response=ProviderOut,
        body_example={"contact_email": "ny.kontakt@omsorg.example"},
    ),
    Route(
        "POST",
        "/providers/me/clients",
        api.add_client,
        "Another API client (for rotation or a second system)",
        "providers",
        scopes=(MANAGE,),
        body=NewClient,
        response=ClientCredentials,
        status=201,
        description="With the role given (a reporter unless told otherwise). The secret is shown only in "
        "this response.",
        secrets=("client_secret",),
        body_example={"label": "verksamhetssystem", "role": "reporter"},
    ),
    Route(
        "GET",
        "/providers/me/clients",
        api.list_clients,
        "The organisation's API clients, revoked ones too",
        "providers",
        scopes=(MANAGE,),
        query=PageQuery,
        response=ClientList,
        errors=(422,),
        description="Each with its label, role, and when it was created and revoked; never a secret, which "
        "is not kept.",
    ),
    Route(
        "DELETE",
        "/providers/me/clients/{id}",
        api.revoke_client,
        "Revoke an API client",
        "providers",
        scopes=(MANAGE,),
        status=204,
        errors=(404, 409),
        description=(
            "Every service refuses the tokens already issued to it within seconds, and ends its live "
            "streams. To rotate a secret, add a new client first, then revoke the old one."
        ),
    ),
    Route(
        "GET",
        "/invitations/{token}",
        people.view_invitation,
        "What an invitation link offers: the organisation, the role and until when",
        "people",
        response=InvitationView,
        errors=(404, 410),
        secret_path=True,
        description="No login; nothing is used up by looking. An unknown link answers 404; one used, "
        "revoked or expired 410. The invitation is accepted by logging in through it.",
    ),
    Route(
        "POST",
        "/providers/me/invitations",
        people.invite,
        "Invite someone to the organisation with a role (administrator)",
        "people",
        scopes=(MANAGE,),
        body=InvitationIn,
        response=InvitationOut,
        status=201,
        errors=(404,),
        description="The link is emailed to the address; it can be used once, until it expires "
        "(INVITATION_LIFETIME_H). Accepting adds the role, or keeps a stronger one the person holds.",
        body_example={"email": "kollega@omsorg.example", "role": "reporter"},
    ),
    Route(
        "GET",
        "/providers/me/invitations",
        people.list_invitations,
        "The organisation's invitations, newest first",
        "people",
        scopes=(MANAGE,),
        query=ListQuery,
        response=InvitationList,
        errors=(422,),
    ),
    Route(
        "DELETE",
        "/providers/me/invitations/{id}",
        people.revoke_invitation,
        "Revoke a pending invitation",
        "people",
        scopes=(MANAGE,),
        status=204,
        errors=(404, 409),
    ),
    Route(
        "GET",
        "/providers/me/people",
        people.list_people,
        "The organisation's people and their roles, newest first",
        "people",
        scopes=(READ,),
        query=ListQuery,
        response=MemberList,
        errors=(422,),
    ),
    Route(
        "PATCH",
        "/providers/me/people/{person_id}",
        people.change_role,
        "Change a person's role in the organisation (administrator)",
        "people",
        scopes=(MANAGE,),
        body=RoleChange,
        response=MemberOut,
        errors=(404, 409),
        description="The last administrator cannot be demoted (409). A weaker role ends the person's "
        "tokens in every service within seconds; their next login carries the new role.",
        body_example={"role": "reader"},
    ),
    Route(
        "DELETE",
        "/providers/me/people/{person_id}",
        people.remove_person,
        "Remove a person from the organisation (administrator)",
        "people",
        scopes=(MANAGE,),
        status=204,
        errors=(404, 409),
        description="The last administrator cannot be removed (409). The person's tokens are refused by "
        "every service within seconds.",
    ),
    Route(
        "GET",
        "/people/me",
        people.get_myself,
        "The person logged in: name, email, organisations with roles, staff roles",
        "people",
        scopes=(READ, S),
        response=PersonOut,
        errors=(403, 404),
        description="Only for a person's token: an API client's token answers 403.",
    ),
    Route(
        "GET",
        "/staff/people",
        people.list_staff,
        "The municipality's staff who have logged in, with their roles (staff admin)",
        "people",
        scopes=(A,),
        query=ListQuery,
        response=StaffPersonList,
        errors=(422,),
    ),
    Route(
        "PUT",
        "/staff/people/{person_id}/roles",
        people.set_staff_roles,
        "Set a staff person's roles: officer of areas, staff administrator (staff admin)",
        "people",
        scopes=(A,),
        body=StaffRolesIn,
        response=StaffPersonOut,
        errors=(404, 409, 422),
        description="The roles become exactly these. An unknown area answers 422; taking the role from the "
        "last staff administrator 409. A role taken away ends the person's tokens within seconds.",
        body_example={"staff_admin": False, "officer_areas": ["hemtjanst", "boendestod"]},
    ),
    Route(
        "POST",
        "/providers/{id}/approval",
        people.approve_registration,
        "Approve an organisation's registration (staff admin)",
        "people",
        scopes=(A,),
        response=RegistrationOut,
        errors=(404,),
    ),
    Route(
        "POST",
        "/providers/{id}/release",
        people.release_registration,
        "Release a disputed registration to a new contact (staff admin)",
        "people",
        scopes=(A,),
        body=ReleaseIn,
        response=RegistrationOut,
        errors=(404,),
        description="Every API client of the organisation is revoked, every person removed (their tokens "
        "refused), pending invitations revoked; the contact email is replaced and it gets a new "
        "administrator invitation. The reason is kept in the audit trail.",
        body_example={
            "contact_email": "styrelsen@omsorg.example",
            "reason": "Registrerad av en tidigare anställd utan firmateckningsrätt.",
        },
    ),
    # Unpaged: the areas are seeded from shared/areas.py and no operation adds one (tests/contracts).
    Route("GET", "/areas", catalogue.list_areas, "The kundval areas", "areas", response=AreaList),
    Route(
        "GET",
        "/areas/{code}",
        catalogue.get_area,
        "One kundval area, with its legal frame and appeal route",
        "areas",
        response=AreaDetail,
        errors=(404,),
    ),
    # Unpaged: the two legal frames, LOV and kundval, are seeded and no operation adds one.
    Route(
        "GET",
        "/legal-frames",
        catalogue.list_legal_frames,
        "The legal frames (LOV and kundval): appeal route, period, rule and legal reference",
        "areas",
        response=LegalFrameList,
        description="Each area runs under one frame (`legal_frame` of `GET /areas`). The period is kept as "
        "the law states it (e.g. 3 weeks) and runs from the day in `runs_from`; its last day is counted "
        "under lag (1930:173) om beräkning av lagstadgad tid.",
    ),
    Route(
        "GET",
        "/legal-frames/{code}/deadline",
        catalogue.legal_frame_deadline,
        "The last day to appeal for a given day the period runs from",
        "areas",
        query=DeadlineQuery,
        response=Deadline,
        errors=(404, 422),
        description="For a provider who received a decision letter later than the day it was sent (LOV), "
        "or who knows the day the approved minutes were announced (kundval): `notified_on` is that day. "
        "A period of weeks ends on the same weekday (lag (1930:173) 1 §); an end on a Saturday, Sunday, "
        "public holiday, midsummer eve, Christmas Eve or New Year's Eve moves to the next weekday (2 §). "
        "An unknown frame answers 404, a missing or malformed date 422.",
    ),
    Route(
        "GET",
        "/areas/{code}/conditions",
        catalogue.get_conditions,
        "The area's conditions in force (or an earlier version), with control points and sanctions",
        "areas",
        query=ConditionsQuery,
        response=ConditionsOut,
        errors=(404, 422),
    ),
    Route(
        "POST",
        "/areas/{code}/conditions",
        catalogue.publish_conditions,
        "Publish a new conditions version for an area (admin)",
        "areas",
        scopes=(A,),
        body=NewConditionsVersion,
        response=ConditionsOut,
        status=201,
        errors=(404,),
        description="The whole set of conditions of the new version. New applications are judged against it; "
        "applications under way keep the version they started with. Every authorised provider in the area "
        "is told (`authorisation.conditions_changed`).",
        body_example={
            "note": "Krav på rutin för synpunkter och klagomål",
            "conditions": [
                {
                    "code": "goals",
                    "kind": "general",
                    "title_sv": "Anordnaren visar hur statens och kommunens mål för tjänsten uppnås",
                    "title_en": "The provider shows how the state and municipal goals will be met",
                    "control_points": ["authorisation", "follow_up"],
                    "sanctions": ["warning", "revocation"],
                    "evidence": "statement",
                },
                {
                    "code": "complaints-routine",
                    "kind": "specific",
                    "title_sv": "Rutin för synpunkter och klagomål",
                    "title_en": "A routine for comments and complaints",
                    "control_points": ["follow_up"],
                    "sanctions": ["warning"],
                },
            ],
        },
    ),
    Route(
        "POST",
        "/applications",
        applications.create_application,
        "Start a draft application for one area",
        "applications",
        scopes=(REPORT,),
        body=ApplicationCreate,
        response=ApplicationSummary,
        status=201,
        errors=(409,),
        description="Tied to the area's conditions version in force. One open application per area; "
        "not while the organisation is authorised there.",
        body_example={"area_code": "hemtjanst"},
    ),
    Route(
        "GET",
        "/applications",
        applications.list_applications,
        "Own applications (provider), or those of the staff member's areas",
        "applications",
        scopes=(READ, S),
        query=ApplicationQuery,
        response=ApplicationList,
        errors=(422,),
    ),
    Route(
        "GET",
        "/applications/{id}",
        applications.get_application,
        "One application with its documents, supplement requests and decision",
        "applications",
        scopes=(READ, S),
        response=ApplicationOut,
        errors=(404,),
        description="Staff also see the latest assessment per condition and the competence pre-check.",
    ),
    Route(
        "PATCH",
        "/applications/{id}",
        applications.change_application,
        "Answer conditions and propose the person in charge",
        "applications",
        scopes=(REPORT,),
        body=ApplicationChanges,
        response=ApplicationOut,
        errors=(404, 409),
        description="While draft or supplement requested.",
        body_example={
            "answers": {
                "goals": "Vi arbetar efter en genomförandeplan per kund och följer upp målen varje kvartal."
            },
            "person_in_charge": PERSON_IN_CHARGE_EXAMPLE,
        },
    ),
    Route(
        "POST",
        "/applications/{id}/attachments",
        applications.add_attachment,
        "Attach a document (PDF, PNG or JPEG)",
        "applications",
        scopes=(REPORT,),
        upload_part="file",
        response=AttachmentOut,
        status=201,
        errors=(404, 409, 413, 415, 422),
        description="multipart/form-data with the document in a part named `file` (10 MiB by default). "
        "The content decides the type; truncated files, mismatched types and PDFs with scripts are refused.",
    ),
    Route(
        "GET",
        "/applications/{id}/attachments/{aid}",
        applications.download_attachment,
        "Download a document",
        "applications",
        scopes=(READ, S),
        errors=(404,),
        content_type="application/pdf, image/png, image/jpeg",
    ),
    Route(
        "DELETE",
        "/applications/{id}/attachments/{aid}",
        applications.remove_attachment,
        "Remove a document",
        "applications",
        scopes=(REPORT,),
        status=204,
        errors=(404, 409),
    ),
    Route(
        "POST",
        "/applications/{id}/submit",
        applications.submit_application,
        "Submit for review (or resubmit with the supplement asked for)",
        "applications",
        scopes=(REPORT,),
        response=ApplicationOut,
        errors=(404, 409, 422),
        description="An incomplete application answers 422 with `missing`: what it lacks. On submission "
        "the person in charge is pre-checked against the competence conditions for staff.",
    ),
    Route(
        "POST",
        "/applications/{id}/withdraw",
        applications.withdraw_application,
        "Withdraw the application (before a decision)",
        "applications",
        scopes=(REPORT,),
        response=ApplicationOut,
        errors=(404, 409),
    ),
    history_route(
        "/applications",
        APPLICATION_KEY,
        Application,
        visible_case(Application, "application"),
        summary="The audit trail: who changed what, when, from which state",
        tag="applications",
    ),
    Route(
        "POST",
        "/applications/{id}/assessments",
        review.assess,
        "Assess conditions: met or not met, with a comment",
        "review",
        scopes=(S,),
        body=Assessments,
        response=ApplicationOut,
        errors=(404, 409),
        description="A submitted application enters review. A later verdict on a condition replaces the "
        "earlier one in the view; both stay in the history.",
        body_example={
            "assessments": [
                {"condition_code": "goals", "met": True, "comment": "Tydlig beskrivning"},
                {"condition_code": "manager-supervision", "met": False, "comment": "Ett och ett halvt år"},
            ]
        },
    ),
    Route(
        "POST",
        "/applications/{id}/supplement-requests",
        review.request_supplement,
        "Ask the provider for more, by a due date",
        "review",
        scopes=(S,),
        body=SupplementRequestIn,
        response=SupplementRequestOut,
        status=201,
        errors=(404, 409),
        description="The due date is a working day; one on a weekend, public holiday, midsummer eve, "
        "Christmas Eve or New Year's Eve is refused with 422 naming `due_date`, not moved.",
        body_example={
            "message": "Komplettera med intyg om arbetsledarerfarenhet.",
            "condition_codes": ["manager-supervision"],
            "due_date": "2026-12-15",
        },
    ),
    Route(
        "POST",
        "/applications/{id}/decision",
        review.decide,
        "Approve or reject",
        "review",
        scopes=(S,),
        body=DecisionIn,
        response=ApplicationOut,
        status=201,
        errors=(404, 409),
        description="Approval needs every condition shown at authorisation assessed as met, and grants an "
        "authorisation. A rejection cites the conditions assessed as not met. The letter names the legal "
        "frame, the appeal route with its rule, period and legal reference, and under LOV the last day if "
        "the letter is received the day it is sent (lag (1930:173); see `GET /legal-frames`).",
        body_example={
            "outcome": "rejected",
            "reasons": "Verksamhetsansvarig saknar två års erfarenhet som arbetsledare.",
            "conditions_not_met": ["manager-supervision"],
        },
    ),
    Route(
        "GET",
        "/authorisations",
        authorisations.list_authorisations,
        "Own authorisations (provider), or those of the staff member's areas",
        "authorisations",
        scopes=(READ, S),
        query=AuthorisationQuery,
        response=AuthorisationList,
        errors=(422,),
    ),
    Route(
        "GET",
        "/authorisations/{id}",
        authorisations.get_authorisation,
        "One authorisation with its warnings, capacity history and any revocation",
        "authorisations",
        scopes=(READ, S),
        response=AuthorisationOut,
        errors=(404,),
    ),
    history_route(
        "/authorisations",
        APPLICATION_KEY,
        Authorisation,
        visible_case(Authorisation, "authorisation"),
        summary="The authorisation's audit trail",
        tag="authorisations",
    ),
    Route(
        "PUT",
        "/authorisations/{id}/capacity",
        authorisations.set_capacity,
        "Set or clear the capacity ceiling",
        "authorisations",
        scopes=(REPORT,),
        body=CapacityIn,
        response=AuthorisationOut,
        errors=(404, 409),
        description="At the ceiling the provider is shown as full in the register and cannot be chosen.",
        body_example={"capacity_ceiling": 40, "current_customers": 38},
    ),
    Route(
        "POST",
        "/authorisations/{id}/warnings",
        authorisations.issue_warning,
        "Issue a warning citing a condition, with a remediation deadline",
        "authorisations",
        scopes=(S,),
        body=WarningIn,
        response=AuthorisationOut,
        status=201,
        errors=(404, 409),
        description="The remediation deadline is a working day (422 naming `remediation_deadline` otherwise, "
        "not moved).",
        body_example={
            "condition_code": "deviations-reported",
            "deficiency": "Två allvarliga avvikelser rapporterades inte till kommunen.",
            "remediation_deadline": "2027-01-29",
        },
    ),
    Route(
        "POST",
        "/authorisations/{id}/revocation",
        authorisations.revoke,
        "Revoke the authorisation",
        "authorisations",
        scopes=(S,),
        body=RevocationIn,
        response=AuthorisationOut,
        errors=(404, 409),
        description="The letter names the legal frame, the appeal route with its rule, period and legal "
        "reference, and under LOV the last day if the letter is received the day it is sent. The provider "
        "may apply again.",
        body_example={
            "reasons": "Bristerna i varningen den 1 december har inte åtgärdats.",
            "conditions_not_met": ["deviations-reported"],
        },
    ),
    Route(
        "GET",
        "/register",
        catalogue.public_register,
        "The public register: authorised providers per area, and whether each is full",
        "register",
        query=RegisterQuery,
        response=Register,
        errors=(422,),
        description="A sole trader's organisation number is the owner's personal identity number, so it is "
        "never shown here (`organisation_number` is null).",
    ),
]
