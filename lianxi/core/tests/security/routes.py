"""Every route the authorisation tests cover: the pages from the URL resolver, the API
operations from the OpenAPI document (and the resolver's `api:` names, which must match it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The API's own plumbing, routed like pages.
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}
ADMIN = "admin:*"  # the admin site: one entry here; each model admin is walked by test_admin.py
PARAM = re.compile(r"{(\w+)}")
ARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Route:
    key: str  # the policy file's key: "ns:name" for pages, "METHOD /path" for API operations
    name: str  # URL name ("api:<operationId>" for operations)
    template: str
    params: tuple[str, ...]
    methods: tuple[str, ...]

    def url(self, arg: Any) -> str:
        if self.key == ADMIN:
            return reverse("admin:index")
        if self.key.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")):
            return PARAM.sub(lambda m: str(arg(self.name, m.group(1))), self.template)
        if not self.name:
            return "/" + self.template
        return reverse(self.name, kwargs={p: arg(self.name, p) for p in self.params})


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Any:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner or "")
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if ns and p.name else (p.name or "")
            yield prefix + str(p.pattern), name


def resolver_names() -> list[tuple[str, str]]:
    """(route, name) of every URL pattern."""
    return list(_walk(get_resolver().url_patterns))


def pages() -> list[Route]:
    routes: dict[str, Route] = {}
    for template, name in resolver_names():
        if name.startswith("admin:") or template.startswith("admin/"):
            if template.startswith("admin/login"):
                pass  # the admin sign-in redirects to the staff sign-in: a page of its own
            else:
                continue
        if name.startswith("api:") and name not in API_PAGES:
            continue
        key = name or template
        params = tuple(a or b for a, b in ARG.findall(template))
        methods = ("get",) if name in API_PAGES else ("get", "post")
        routes[key] = Route(key, name, template, params, methods)
    routes[ADMIN] = Route(ADMIN, "admin:index", "admin/", (), ("get",))
    return sorted(routes.values(), key=lambda r: r.key)


def schema() -> dict[str, Any]:
    from lianxi.api.api import api

    return dict(api.get_openapi_schema(path_prefix="/api/v1"))


def operations(doc: dict[str, Any] | None = None) -> list[Route]:
    doc = doc or schema()
    out = []
    for path, methods in doc["paths"].items():
        for method, spec in methods.items():
            out.append(
                Route(
                    f"{method.upper()} {path}",
                    f"api:{spec['operationId']}",
                    path,
                    tuple(PARAM.findall(path)),
                    (method,),
                )
            )
    return sorted(out, key=lambda r: r.key)


def api_resolver_paths() -> set[str]:
    """The API paths the resolver routes, written as the document writes them."""
    return {
        "/" + ARG.sub(lambda m: "{" + (m.group(1) or m.group(2)) + "}", t)
        for t, n in resolver_names()
        if n.startswith("api:") and n not in API_PAGES
    }


def example_body(doc: dict[str, Any], template: str, method: str, ids: dict[str, Any]) -> Any:
    """An API operation's documented example body with the world's ids filled in ({} when it
    documents none), so that validation lets a call through to the authorisation."""
    spec = doc["paths"][template][method]
    body = spec.get("requestBody")
    if body is None:
        return {}
    schema = body["content"]["application/json"]["schema"]
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return fill(dict(schema["examples"][0]), ids)


def fill(body: Any, ids: dict[str, Any]) -> Any:
    if isinstance(body, dict):
        return {k: ids[k] if k in ids else fill(v, ids) for k, v in body.items()}
    return body
