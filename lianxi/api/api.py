"""The REST API: OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs. How it says no is in
lianxi/api/problems.py."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation

from lianxi.api.docs import LocalSwagger
from lianxi.api.problems import declare_framework_answers, install
from lianxi.api.routers.accounts import router as accounts_router
from lianxi.api.routers.cases import router as cases_router
from lianxi.api.routers.committee import router as committee_router
from lianxi.api.routers.directory import router as directory_router
from lianxi.api.routers.insight import router as insight_router
from lianxi.api.routers.legislation import router as legislation_router
from lianxi.api.routers.liaison import router as liaison_router
from lianxi.api.routers.notifications import router as notifications_router
from lianxi.api.routers.performance import router as performance_router
from lianxi.api.routers.polls import router as polls_router
from lianxi.api.routers.proposals import router as proposals_router
from lianxi.api.routers.publicity import router as publicity_router
from lianxi.api.routers.retention import router as retention_router
from lianxi.api.routers.search import router as search_router
from lianxi.api.routers.stats import router as stats_router
from lianxi.api.routers.topics import router as topics_router

ROUTERS_PACKAGE = "lianxi.api.routers."


class API(NinjaAPI):
    def set_default_exception_handlers(self) -> None:
        install(self)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        declare_framework_answers(schema)
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`lianxi_api_routers_<router>_<function>`, the same whichever module of a router's
        package holds the function."""
        module = operation.view_func.__module__
        if module.startswith(ROUTERS_PACKAGE):
            module = ROUTERS_PACKAGE + module.removeprefix(ROUTERS_PACKAGE).split(".")[0]
        return (module + "_" + operation.view_func.__name__).replace(".", "_")


api = API(
    title="lianxi API",
    version="1",
    description="人大代表联络平台接口 · people's congress liaison platform",
    urls_namespace="api",
    docs=LocalSwagger(),
)
api.add_router("/", directory_router)
api.add_router("/", accounts_router)
api.add_router("/", cases_router)
api.add_router("/", liaison_router)
api.add_router("/", committee_router)
api.add_router("/", legislation_router)
api.add_router("/", publicity_router)
api.add_router("/", insight_router)
api.add_router("/", topics_router)
api.add_router("/", stats_router)
api.add_router("/", search_router)
api.add_router("/", notifications_router)
api.add_router("/", proposals_router)
api.add_router("/", polls_router)
api.add_router("/", retention_router)
api.add_router("/", performance_router)
