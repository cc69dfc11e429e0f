"""The URL table of the notifications service, and nothing else."""

from services.notifications import api
from services.notifications.schemas import (
    CompletionIn,
    InboxEntryOut,
    InboxPage,
    InboxQuery,
    WorkItemList,
    WorkItemOut,
    WorkItemQuery,
)
from shared.auth.principal import Scope
from shared.http.routing import Route

ROUTES = [
    Route(
        "GET",
        "/notifications",
        api.list_inbox,
        "The caller's inbox, newest first",
        "inbox",
        scopes=(Scope.PROVIDER, Scope.STAFF),
        query=InboxQuery,
        response=InboxPage,
        errors=(422,),
    ),
    Route(
        "GET",
        "/notifications/stream",
        api.stream_inbox,
        "The inbox live, as server-sent events",
        "inbox",
        scopes=(Scope.PROVIDER, Scope.STAFF),
        content_type="text/event-stream",
        description="`event: notification`, `id:` the entry's number, `data:` the entry as JSON; a "
        "comment line every 15 s keeps proxies from closing it. Reconnect with `Last-Event-ID` to get "
        "what was missed.",
    ),
    Route(
        "POST",
        "/notifications/{id}/read",
        api.mark_read,
        "Mark a notification read",
        "inbox",
        scopes=(Scope.PROVIDER, Scope.STAFF),
        response=InboxEntryOut,
        errors=(404,),
    ),
    Route(
        "GET",
        "/work-items",
        api.list_work_items,
        "The staff work queue of the caller's areas",
        "work queue",
        scopes=(Scope.STAFF,),
        query=WorkItemQuery,
        response=WorkItemList,
        errors=(422,),
    ),
    Route(
        "POST",
        "/work-items/{id}/claim",
        api.claim_work_item,
        "Claim a work item",
        "work queue",
        scopes=(Scope.STAFF,),
        response=WorkItemOut,
        errors=(404, 409),
        description="An item another member holds answers 409 naming them; claiming one you hold is a no-op.",
    ),
    Route(
        "POST",
        "/work-items/{id}/completion",
        api.complete_work_item,
        "Complete a work item",
        "work queue",
        scopes=(Scope.STAFF,),
        body=CompletionIn,
        response=WorkItemOut,
        errors=(404, 409),
        description="An open item, or one you hold; never one another member holds.",
        body_example={"note": "Ansökan granskad och beslutad."},
    ),
]
