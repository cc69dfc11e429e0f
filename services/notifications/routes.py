"""The URL table of the notifications service, and nothing else."""

from services.notifications import api
from services.notifications.schemas import WorkItemList, WorkItemQuery
from shared.auth.principal import Scope
from shared.http.routing import Route

ROUTES = [
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
]
