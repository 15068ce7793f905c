"""The REST API: OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from lianxi.api.routers.accounts import router as accounts_router
from lianxi.api.routers.cases import router as cases_router
from lianxi.api.routers.committee import router as committee_router
from lianxi.api.routers.directory import router as directory_router
from lianxi.api.routers.insight import router as insight_router
from lianxi.api.routers.liaison import router as liaison_router
from lianxi.api.routers.notifications import router as notifications_router
from lianxi.api.routers.search import router as search_router
from lianxi.api.routers.stats import router as stats_router
from lianxi.api.routers.topics import router as topics_router
from lianxi.core.errors import ActionError, NotAllowed, RateLimited

api = NinjaAPI(
    title="lianxi API",
    version="1",
    description="人大代表联络平台接口 · people's congress liaison platform",
    urls_namespace="api",
)
api.add_router("/", directory_router)
api.add_router("/", accounts_router)
api.add_router("/", cases_router)
api.add_router("/", liaison_router)
api.add_router("/", committee_router)
api.add_router("/", insight_router)
api.add_router("/", topics_router)
api.add_router("/", stats_router)
api.add_router("/", search_router)
api.add_router("/", notifications_router)


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    status = 429 if isinstance(exc, RateLimited) else 403 if isinstance(exc, NotAllowed) else 422
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=status)
