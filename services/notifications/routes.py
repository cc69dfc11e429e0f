"""The URL table of the notifications service, and nothing else."""

from services.notifications.actions import work_items as work_items_actions
from services.notifications.api import inbox, preferences, webhooks, work_items
from services.notifications.keys import NOTIFICATIONS_KEY
from services.notifications.schemas import (
    CompletionIn,
    DeliveryPage,
    DeliveryQuery,
    InboxEntryOut,
    InboxPage,
    InboxQuery,
    PreferencesChange,
    PreferencesIn,
    PreferencesOut,
    SecretRotated,
    SubscriptionChange,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionList,
    SubscriptionOut,
    WorkItemList,
    WorkItemOut,
    WorkItemQuery,
)
from services.notifications.storage.work_items import WorkItem
from shared.auth.principal import Scope
from shared.http.history import history_route
from shared.http.routing import Route

# Reading (and marking read) the organisation's inbox is reading; its settings, which are the whole
# organisation's (one recipient per organisation, its webhooks and their secrets), are managing it.
READ, MANAGE, S = Scope.PROVIDER_READ, Scope.PROVIDER_ADMIN, Scope.STAFF

ROUTES = [
    Route(
        "GET",
        "/notifications",
        inbox.list_inbox,
        "The caller's inbox, newest first",
        "inbox",
        scopes=(READ, S),
        query=InboxQuery,
        response=InboxPage,
        errors=(422,),
    ),
    Route(
        "GET",
        "/notifications/stream",
        inbox.stream_inbox,
        "The inbox live, as server-sent events",
        "inbox",
        scopes=(READ, S),
        content_type="text/event-stream",
        description="`event: notification`, `id:` the entry's number, `data:` the entry as JSON; a "
        "comment line every 15 s keeps proxies from closing it. Reconnect with `Last-Event-ID` to get "
        "what was missed.",
    ),
    Route(
        "POST",
        "/notifications/{id}/read",
        inbox.mark_read,
        "Mark a notification read",
        "inbox",
        scopes=(READ, S),
        response=InboxEntryOut,
        errors=(404,),
    ),
    Route(
        "GET",
        "/work-items",
        work_items.list_work_items,
        "The staff work queue of the caller's areas",
        "work queue",
        scopes=(S,),
        query=WorkItemQuery,
        response=WorkItemList,
        errors=(422,),
    ),
    Route(
        "POST",
        "/work-items/{id}/claim",
        work_items.claim_work_item,
        "Claim a work item",
        "work queue",
        scopes=(S,),
        response=WorkItemOut,
        errors=(404, 409),
        description="An item another member holds answers 409 naming them; claiming one you hold is a no-op.",
    ),
    history_route(
        "/work-items",
        NOTIFICATIONS_KEY,
        WorkItem,
        work_items_actions.visible_item,
        summary="The work item's audit trail: made, claimed, completed",
        tag="work queue",
        scopes=(S,),
    ),
    Route(
        "POST",
        "/work-items/{id}/completion",
        work_items.complete_work_item,
        "Complete a work item",
        "work queue",
        scopes=(S,),
        body=CompletionIn,
        response=WorkItemOut,
        errors=(404, 409),
        description="An open item, or one you hold; never one another member holds.",
        body_example={"note": "Ansökan granskad och beslutad."},
    ),
    Route(
        "GET",
        "/preferences",
        preferences.show,
        "Your language and the channels of each kind of event",
        "preferences",
        scopes=(READ, S),
        response=PreferencesOut,
    ),
    Route(
        "PUT",
        "/preferences",
        preferences.choose,
        "Choose your language and channels",
        "preferences",
        scopes=(MANAGE, S),
        body=PreferencesIn,
        response=PreferencesOut,
        errors=(422,),
        description="Replaces what you chose before with the whole document: a field or kind you leave out "
        "goes back to its default (a provider: inbox, email to its contact address and webhook; staff: "
        "inbox, and email once an address is given), so a staff member who leaves out `email_address` "
        "gets no email. To change one thing and keep the rest, use PATCH. The inbox is always on. "
        "Webhooks are for providers; `email_address` is for staff.",
        body_example={"language": "en", "channels": {"deviation.acknowledged": ["inbox"]}},
    ),
    Route(
        "PATCH",
        "/preferences",
        preferences.change,
        "Change some of your language and channels, keeping the rest",
        "preferences",
        scopes=(MANAGE, S),
        body=PreferencesChange,
        response=PreferencesOut,
        errors=(422,),
        description="Only what you send changes: a language or `email_address` given replaces the old one "
        "(`email_address: null` stops email to it), and each kind given in `channels` takes the channels "
        "given; every other kind keeps what you chose before, or its default. The inbox is always on.",
        body_example={"channels": {"deviation.acknowledged": ["inbox"]}},
    ),
    Route(
        "POST",
        "/webhooks",
        webhooks.subscribe,
        "Subscribe a system of yours to events",
        "webhooks",
        scopes=(MANAGE,),
        body=SubscriptionIn,
        response=SubscriptionCreated,
        status=201,
        errors=(422,),
        description="Each event is POSTed as JSON (its type, time, id, subject, link, title and `data` with "
        "the ids of what it concerns and the area; what was written into the case is behind the link), "
        "signed per Standard Webhooks: headers `webhook-id`, "
        "`webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of "
        "`{id}.{timestamp}.{body}` with the secret, which is shown only in this answer). Any 2xx is "
        "success. No connection, no answer in time, 5xx and 429 are tried again with growing delay (after "
        "`Retry-After` if you send one); any other 4xx is not tried again; 410 disables the subscription "
        "at once, as does a delivery that fails a whole schedule, until you enable it, and your inbox is "
        "told with the last error. URLs must be https and public.",
        body_example={
            "url": "https://system.omsorg.example/kundval-hook",
            "event_types": ["application.approved", "authorisation.warning_issued"],
            "description": "Our case system",
        },
    ),
    # Unpaged: an organisation has at most MAX_SUBSCRIPTIONS (10); one more is refused.
    Route(
        "GET",
        "/webhooks",
        webhooks.list_subscriptions,
        "Your webhook subscriptions",
        "webhooks",
        scopes=(MANAGE,),
        response=SubscriptionList,
    ),
    Route(
        "GET",
        "/webhooks/{id}",
        webhooks.show_subscription,
        "One webhook subscription",
        "webhooks",
        scopes=(MANAGE,),
        response=SubscriptionOut,
        errors=(404,),
    ),
    Route(
        "PATCH",
        "/webhooks/{id}",
        webhooks.change_subscription,
        "Change a subscription, or enable it again",
        "webhooks",
        scopes=(MANAGE,),
        body=SubscriptionChange,
        response=SubscriptionOut,
        errors=(404, 422),
        description="`enabled: true` on a disabled subscription sends what was held while it was off, and "
        "the delivery that failed and disabled it.",
        body_example={"enabled": True},
    ),
    Route(
        "POST",
        "/webhooks/{id}/secret",
        webhooks.rotate_secret,
        "Rotate a subscription's signing secret",
        "webhooks",
        scopes=(MANAGE,),
        response=SecretRotated,
        errors=(404,),
        description="Issues a new secret, shown only in this answer. Until `previous_secret_until` "
        "(`WEBHOOK_SECRET_OVERLAP_H` after now) each message carries two signatures in `webhook-signature`, "
        "space-separated: one with the new secret and one with the one before, so your system can switch "
        "to the new secret while messages keep verifying; then only the new one signs, and the old one is "
        "forgotten. Rotating again within that time drops the oldest.",
    ),
    Route(
        "DELETE",
        "/webhooks/{id}",
        webhooks.unsubscribe,
        "End a subscription",
        "webhooks",
        scopes=(MANAGE,),
        status=204,
        errors=(404,),
        description="Deliveries still waiting are not sent.",
    ),
    Route(
        "GET",
        "/webhooks/{id}/deliveries",
        webhooks.delivery_log,
        "The delivery log of a subscription",
        "webhooks",
        scopes=(MANAGE,),
        query=DeliveryQuery,
        response=DeliveryPage,
        errors=(404, 422),
        description="Newest first, each with the payload sent and every attempt.",
    ),
]
