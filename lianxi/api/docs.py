"""The API's documentation page (/api/v1/docs): Swagger UI served from the project's own static
files (vendor/swagger-ui-dist, pinned from npm), since the Content-Security-Policy allows
scripts and styles from this origin only; django-ninja's default would load them from a CDN."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

SWAGGER_UI = "vendor/swagger-ui-dist-5.36.0"


class LocalSwagger(Swagger):
    template = "api/docs.html"
    # Tags closed at first: with all ~140 operations open, Swagger UI 5.36 stopped drawing
    # after the first ten (no error shown); closed, every tag is listed and opens on a click.
    default_settings = {**Swagger.default_settings, "docExpansion": "none"}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": self.settings,
            "api": api,
            "swagger_ui": SWAGGER_UI,
        }
        return render(request, self.template, context)
