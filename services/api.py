"""The public API as one document: every service's routes, whichever process serves /openapi.json.

Run apart behind the path-routing proxy, /openapi.json and /docs reach one process only (the application
service's), yet a client reads them as the description of the whole base URL. The route tables are plain
data, so each process documents all of them itself rather than fetching the others' documents at run time,
which would tie its answer to their being up.
"""

from services.application.routes import ROUTES as APPLICATION_ROUTES
from services.notifications.routes import ROUTES as NOTIFICATION_ROUTES
from services.reporting.routes import ROUTES as REPORTING_ROUTES
from shared.http.app import ApiDocument

PUBLIC_API = ApiDocument("kundval-portal", APPLICATION_ROUTES + REPORTING_ROUTES + NOTIFICATION_ROUTES)
