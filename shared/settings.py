"""Every setting comes from an environment variable; nothing is read at import time."""

from ipaddress import ip_address
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("application", "reporting", "notifications")
# Each service's database, and the portal's (which keeps sessions, and has no messaging).
DATABASES = (*SERVICES, "portal")


class LoginClient(BaseModel):
    """An application through which people log in (the authorization-code grant): a confidential one, such
    as the portal, has a secret; a public one, such as a command-line tool, has none and relies on PKCE."""

    model_config = ConfigDict(frozen=True)

    client_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=100)
    redirect_uris: tuple[str, ...] = Field(min_length=1)
    secret: str | None = None
    # Where the authorization server may send the browser after logout, when the upstream has no logout
    # of its own to send it to.
    post_logout_redirect_uris: tuple[str, ...] = ()


class Upstream(BaseModel):
    """An upstream OpenID Connect provider that vouches for people."""

    model_config = ConfigDict(frozen=True)

    issuer: str
    client_id: str
    client_secret: str
    scope: str = "openid profile email"
    # Where the browser lands after the upstream's own logout; default the issuer's base URL.
    post_logout_redirect_uri: str | None = None


# A command-line tool on the person's own machine, listening on a loopback port of its choice (RFC 8252 7.3).
DEFAULT_LOGIN_CLIENTS = (
    LoginClient(client_id="kundval-cli", name="Kommandoraden", redirect_uris=("http://127.0.0.1/callback",)),
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    data_dir: Path = Field(
        Path("data"), description="Folder for the embedded SQLite files and the generated signing keys."
    )
    application_database_url: str | None = Field(
        None, description="Database of the application service; default a SQLite file in DATA_DIR."
    )
    reporting_database_url: str | None = Field(
        None, description="Database of the reporting service; default a SQLite file in DATA_DIR."
    )
    notifications_database_url: str | None = Field(
        None, description="Database of the notifications service; default a SQLite file in DATA_DIR."
    )
    portal_database_url: str | None = Field(
        None, description="Database of the web portal's sessions; default a SQLite file in DATA_DIR."
    )
    amqp_url: str = Field("amqp://guest:guest@localhost/", description="RabbitMQ connection URL.")
    amqp_prefix: str = Field(
        "kundval",
        description="Prefix of every exchange and queue name, so that several installations share a vhost.",
    )
    host: str = Field("127.0.0.1", description="Address the HTTP server listens on.")
    port: int = Field(8080, description="Port the HTTP server listens on.")
    public_base_url: str | None = Field(
        None, description="The URL clients use to reach the API; default http://HOST:PORT."
    )
    issuer: str | None = Field(None, description="Token issuer (`iss`); default the public base URL.")
    audience: str = Field("kundval-portal", description="Audience (`aud`) every access token must carry.")
    jwks_url: str | None = Field(
        None,
        description="Where services that do not own the signing keys fetch the JWKS; "
        "default the issuer's /.well-known/jwks.json.",
    )
    signing_keys_dir: Path | None = Field(
        None,
        description="Folder of PEM private keys; all are published in the JWKS, the newest signs. "
        "Default DATA_DIR/keys, with a key generated on first start.",
    )
    access_token_lifetime_s: int = Field(900, description="Lifetime of an access token in seconds.")
    revocation_refresh_s: float = Field(
        1.0,
        gt=0,
        description=(
            "How often each process reads its service's list of revoked API clients: within this time "
            "every replica refuses the tokens of a revoked client (the one that revoked it, at once)."
        ),
    )
    bootstrap_staff_client_id: str | None = Field(
        None, description="Fixed id of the staff client created on first start; default a random one."
    )
    bootstrap_staff_client_secret: str | None = Field(
        None, description="Fixed secret of the staff client created on first start; default a random one."
    )
    provider_login: Upstream | None = Field(
        None,
        description="The OpenID Connect provider that vouches for the people of provider organisations (in "
        'Sweden an e-ID broker for BankID or Freja), as JSON: {"issuer", "client_id", "client_secret", '
        '"scope", "post_logout_redirect_uri"}. Unset: provider people cannot log in.',
    )
    staff_login: Upstream | None = Field(
        None,
        description="The municipality's OpenID Connect provider for its staff, as PROVIDER_LOGIN. Unset: "
        "staff people cannot log in.",
    )
    login_clients: tuple[LoginClient, ...] = Field(
        DEFAULT_LOGIN_CLIENTS,
        description='Applications people log in through, as JSON: [{"client_id", "name", "redirect_uris", '
        '"secret"}]; a client without a secret is public and must use PKCE (every client must). A loopback '
        "redirect URI (http://127.0.0.1/...) matches any port. Default: the public client `kundval-cli`.",
    )
    person_subject_key: str | None = Field(
        None,
        description="Key of the keyed hash under which a person is kept when the upstream's subject is a "
        "personal identity number (never kept as it is). Default a key generated in DATA_DIR/keys.",
    )
    login_request_lifetime_s: int = Field(
        600, gt=0, description="How long a person has to finish logging in at the upstream provider."
    )
    signin_session_lifetime_s: int = Field(
        3600,
        gt=0,
        description="How long a sign-in session lets a person get new authorization codes without logging in "
        "at the upstream provider again.",
    )
    authorization_code_lifetime_s: int = Field(
        60, gt=0, description="How long an authorization code may wait to be exchanged for tokens."
    )
    refresh_token_lifetime_s: int = Field(
        8 * 3600,
        gt=0,
        description="How long a person's tokens may be refreshed after logging in; then the person logs in "
        "again. Each refresh token is used once and replaced.",
    )
    invitation_lifetime_h: float = Field(
        72,
        gt=0,
        description="How long an invitation link to join a provider organisation can be used, in hours.",
    )
    bootstrap_staff_admin_subjects: str = Field(
        "",
        description=(
            "Comma-separated subjects (of the `staff` upstream identity provider) who become staff "
            "administrators at their first login: how an installation gets its first staff admin."
        ),
    )
    max_body_bytes: int = Field(256 * 1024, description="Largest request body accepted by JSON routes.")
    attachment_max_bytes: int = Field(
        10 * 1024 * 1024, description="Largest document accepted as an application attachment."
    )
    attachment_max_count: int = Field(20, description="Most attachments one application may hold.")
    follow_up_check_interval_s: float = Field(
        3600, description="How often the reporting service looks for follow-up requests past their due date."
    )
    substitute_competence_after_days: int = Field(
        28,
        ge=1,
        le=366,
        description=(
            "An absence of the person in charge longer than this many calendar days (first and last day "
            "included) asks for the substitute's competence details, and staff see the competence pre-check "
            "on them."
        ),
    )
    quality_round_opens: str = Field(
        "01-15", description="MM-DD (Europe/Stockholm) the quality-report round for the year before opens."
    )
    quality_report_deadline: str = Field("03-31", description="MM-DD the year's quality reports are due.")
    quality_reminder_days: tuple[int, ...] = Field(
        (30, 7, 1), description="Days before the deadline a reminder goes to those who have not submitted."
    )
    scheduler_hour: int = Field(
        8,
        ge=0,
        le=23,
        description="Hour (Europe/Stockholm) the scheduler's daily run fires; keep it out of 02-03.",
    )
    scheduler_enabled: bool = Field(
        True,
        description="Run the quality-round scheduler inside the reporting service (off when it runs apart).",
    )
    stream_poll_interval_s: float = Field(
        0.5,
        description=(
            "How often a process looks, once for all its live inbox streams, for entries other processes "
            "wrote; those this process writes arrive at once."
        ),
    )
    streams_per_principal: int = Field(
        5, description="Live inbox streams one client may hold open at once; a further one closes the oldest."
    )
    municipality_name: str = Field(
        "Kommunen", description="The municipality's name, in the portal's header and page titles."
    )
    portal_client_id: str = Field(
        "kundval-portal-web", description="Client id under which the portal logs people in."
    )
    portal_client_secret: str | None = Field(
        None,
        description="The portal's client secret at the authorization server; default a secret made once "
        "in DATA_DIR/keys (shared by every process that shares that folder).",
    )
    portal_session_key: str | None = Field(
        None,
        description="Key that encrypts the people's tokens in the portal's session store; default a key "
        "made once in DATA_DIR/keys.",
    )
    portal_api_url: str | None = Field(
        None,
        description="Where the portal calls the public API (behind the proxy, or one process's own "
        "address); default the public base URL.",
    )
    portal_session_idle_s: int = Field(
        1800, gt=0, description="A portal session unused this long ends: the person logs in again."
    )
    portal_session_absolute_s: int = Field(
        8 * 3600, gt=0, description="A portal session ends this long after the login, used or not."
    )
    smtp_host: str | None = Field(
        None, description="Mail server for notification emails; unset, no email is sent (the inbox still is)."
    )
    smtp_port: int = Field(25, description="Port of the mail server.")
    smtp_starttls: bool = Field(False, description="Upgrade the mail connection with STARTTLS.")
    smtp_username: str | None = Field(None, description="Login at the mail server, if it asks for one.")
    smtp_password: str | None = Field(None, description="Password of that login.")
    mail_from: str = Field(
        "Kundvalsportalen <noreply@kundval.invalid>", description="Sender of notification emails."
    )
    delivery_retry_delays_s: tuple[float, ...] = Field(
        (5, 300, 1800, 7200, 18000, 36000, 36000),
        description="Delay before each new attempt at an email or webhook that failed; after the last one "
        "the delivery has failed (and a webhook subscription is disabled).",
    )
    delivery_retry_after_max_s: float = Field(
        3600,
        description="Longest wait a receiver's Retry-After header may ask for before the next attempt; a "
        "retry it asks for still counts against DELIVERY_RETRY_DELAYS_S.",
    )
    delivery_timeout_s: float = Field(15, description="Longest wait for a mail server or webhook receiver.")
    delivery_concurrency: int = Field(
        20, description="Emails and webhooks in flight at once, so one slow receiver holds no others."
    )
    delivery_poll_interval_s: float = Field(
        0.5, description="How often the delivery worker looks for deliveries that are due."
    )
    work_item_due_days: dict[str, int] = Field(
        default_factory=dict,
        description="Working days staff have for a work item, by kind, as JSON (e.g. "
        '{"review_application": 15}); a kind left out keeps its default (docs/architecture.md: review an '
        "application 10, approve a manager change 5, note a manager absence 5, handle a deviation 3, review "
        "a follow-up answer 10, chase a follow-up 5, review a quality report 20, chase a quality report 5).",
    )
    work_item_default_due_days: int = Field(
        10, ge=1, le=250, description="Working days for a kind of work item with no default of its own."
    )
    work_item_leads: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Each area's leads, as JSON (area code -> staff ids: a person's id or an API client's), "
        "told by inbox and email of a work item not done by its due date; an area without one tells the "
        "staff administrators instead.",
    )
    work_item_escalation_interval_s: float = Field(
        900,
        gt=0,
        description="How often the notifications service looks for work items past their due date to "
        "escalate.",
    )
    webhook_allow_private_addresses: bool = Field(
        False,
        description="Accept webhook URLs on loopback, private and link-local addresses (for a closed network "
        "or a test); off, they are refused when subscribing and again when delivering.",
    )
    webhook_allow_http: bool = Field(False, description="Accept webhook URLs without TLS (http://).")
    webhook_secret_overlap_h: float = Field(
        24,
        gt=0,
        description="Hours that a webhook subscription's old secret still signs, beside the new one, after "
        "the secret is rotated; then it is forgotten.",
    )
    outbox_poll_interval_s: float = Field(
        0.5, description="How often an outbox relay looks for events written by another process."
    )
    otel_exporter_otlp_endpoint: str | None = Field(
        None,
        description="Base URL of an OpenTelemetry collector (OTLP over HTTP, e.g. http://collector:4318); "
        "traces go to its /v1/traces. Unset (and TRACE_FILE unset), nothing is traced.",
    )
    otel_service_name: str | None = Field(
        None, description="The service name traces carry; default the process's title (its service)."
    )
    trace_file: Path | None = Field(
        None, description="A file to append finished spans to, one JSON object a line (for tests)."
    )
    metrics_sample_interval_s: float = Field(
        15,
        gt=0,
        description="How often a process samples the gauges it reads from its database and the broker: "
        "the oldest unpublished outbox event, queue depths and parked messages, deliveries waiting.",
    )
    consumer_prefetch: int = Field(
        128,
        description="Unacknowledged deliveries one consumer holds at once, and the most it applies in one "
        "transaction. Batches are acked when they commit, so the broker sends on while a batch is applied "
        "only if this leaves room: 32 cost a quarter of the event pipeline's throughput.",
    )
    retry_delays_ms: tuple[int, ...] = Field(
        (1_000, 10_000, 60_000, 600_000),
        description="Delay before each retry of a failed message; the last one repeats.",
    )
    max_attempts: int = Field(6, description="Attempts at handling a message before it is parked.")
    database_connect_timeout_s: float = Field(
        3, description="Longest wait for a new PostgreSQL connection; past it the request answers 503."
    )
    database_pool_timeout_s: float = Field(
        3, description="Longest wait for a pooled database connection when all are in use; past it, 503."
    )
    database_pool_size: int = Field(
        20,
        ge=1,
        description="PostgreSQL connections each service keeps open in one process: size it to the requests "
        "a process serves at once. Up to 10 more open for a burst and close after it, a connect and the "
        "statements prepared again each time, which under steady load cost a fifth of a read's time.",
    )
    database_statement_timeout_s: float = Field(
        10,
        description="Longest a PostgreSQL statement may run, on the server and as a wait in the client: a "
        "database that stops answering is answered with 503 after this, never a hung request.",
    )
    readiness_timeout_s: float = Field(
        2, description="Longest /readyz waits for the database and the broker before calling them not ready."
    )
    retry_after_s: int = Field(
        5, description="`Retry-After` of a 503 answered while the database is unavailable or too slow."
    )
    token_requests_per_minute_per_address: int = Field(
        120, description="Token requests one address may make in a minute, over all replicas; past it, 429."
    )
    token_requests_per_minute_per_client: int = Field(
        30, description="Token requests naming one client id in a minute, over all replicas; past it, 429."
    )
    registrations_per_hour_per_address: int = Field(
        10, description="Organisation registrations one address may make in an hour; past it, 429."
    )
    trust_forwarded_for: bool = Field(
        False,
        description="Take a caller's address for rate limits from the last X-Forwarded-For entry, which the "
        "proxy in front adds; only behind a proxy that sets it, or a client could choose its own address.",
    )
    retention_hour: int = Field(
        4,
        ge=0,
        le=23,
        description="Hour (Europe/Stockholm) each service's daily retention job runs (docs/retention.md).",
    )
    retention_batch_size: int = Field(
        1000, ge=1, description="Rows the retention job removes per statement and transaction."
    )
    retention_outbox_body_days: int = Field(
        7, ge=1, description="Days after its publication an outbox event keeps its body."
    )
    retention_outbox_days: int = Field(
        90, ge=1, description="Days after its publication an outbox row (id, type, times) is deleted."
    )
    retention_consumer_inbox_days: int = Field(
        90,
        ge=1,
        description="Days a consumer remembers the id of an event it applied, so a late duplicate changes "
        "nothing; longer than the retry schedule, and than operators take to replay a parked message.",
    )
    retention_delivery_days: int = Field(
        30,
        ge=1,
        description="Days after it was made a delivered, failed or skipped email or webhook delivery is "
        "deleted with its attempts.",
    )
    retention_read_inbox_entry_days: int = Field(
        90, ge=1, description="Days after it was read a notification in an inbox is deleted."
    )
    idempotency_key_ttl_h: int = Field(
        24,
        ge=1,
        description="Hours an Idempotency-Key of a creating POST is kept, with the answer a retry is given "
        "again; after that the key is forgotten and a request with it creates anew.",
    )
    idempotency_claim_lease_s: float = Field(
        60,
        gt=0,
        description="Seconds a request holds its Idempotency-Key while it runs; a retry meanwhile is "
        "answered 409, and after it the key of a request that crashed before committing is free again.",
    )
    request_body_timeout_s: float = Field(
        10, description="Longest a client may take to send a JSON or form body; past it, 408."
    )
    upload_timeout_s: float = Field(
        120, description="Longest a client may take to send a document upload; past it, 408."
    )
    keepalive_timeout_s: float = Field(
        15, description="How long an idle kept-alive connection stays open for the client's next request."
    )
    log_level: str = Field("INFO", description="Log level.")
    log_format: str = Field("console", description="`json` for machine-read logs, `console` for people.")

    @model_validator(mode="after")
    def _consumer_inbox_outlives_retries(self) -> Self:
        # A message retried until it is parked may still be a duplicate of one applied: its id must be
        # remembered until the last retry at least.
        if self.retention_consumer_inbox_days * 86_400 <= self.retry_schedule_s:
            raise ValueError(
                "RETENTION_CONSUMER_INBOX_DAYS must be longer than the retry schedule "
                "(RETRY_DELAYS_MS over MAX_ATTEMPTS)"
            )
        return self

    @model_validator(mode="after")
    def _work_items_have_days(self) -> Self:
        wrong = sorted(kind for kind, days in self.work_item_due_days.items() if not 1 <= days <= 250)
        if wrong:
            raise ValueError(f"WORK_ITEM_DUE_DAYS: {', '.join(wrong)} must have 1 to 250 working days")
        return self

    @property
    def retry_schedule_s(self) -> float:
        """From a message's first attempt to its last, at most (the delays between them)."""
        if not self.retry_delays_ms:
            return 0.0
        last = len(self.retry_delays_ms) - 1
        delays = [self.retry_delays_ms[min(n, last)] for n in range(self.max_attempts - 1)]
        return sum(delays) / 1000

    def database_url(self, service: str) -> str:
        configured: str | None = getattr(self, f"{service}_database_url")
        if configured:
            return configured
        return f"sqlite+aiosqlite:///{self.data_dir / service}.db"

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def staff_admin_subjects(self) -> frozenset[str]:
        return frozenset(s.strip() for s in self.bootstrap_staff_admin_subjects.split(",") if s.strip())

    @property
    def secure_cookies(self) -> bool:
        """Cookies are Secure always, but on a developer's own machine served over plain http on a loopback
        address, where a Secure cookie would never be sent back."""
        return not (urlsplit(self.base_url).scheme == "http" and self.on_loopback)

    @property
    def on_loopback(self) -> bool:
        """Whether the service is reached only from its own machine (a developer's): its base URL names a
        loopback address."""
        host = urlsplit(self.base_url).hostname or ""
        if host == "localhost":
            return True
        try:
            return ip_address(host).is_loopback
        except ValueError:
            return False

    @property
    def token_issuer(self) -> str:
        return self.issuer or self.base_url

    @property
    def jwks_location(self) -> str:
        return self.jwks_url or f"{self.token_issuer}/.well-known/jwks.json"

    @property
    def keys_dir(self) -> Path:
        return self.signing_keys_dir or self.data_dir / "keys"
