"""The installable phone app (PWA): the manifest, the service worker served from the site's
root (so its scope is the whole site) and the page it shows when there is no connection.
The citizen's draft of a matter is kept on the phone by static/js/pwa.js."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME = "#b3261e"
# Bump when the worker's cached shell changes: the old cache is dropped on activation.
VERSION = "lianxi-pwa-1"


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    data = {
        "name": settings.SITE_NAME,
        "short_name": _("Liaison"),
        "description": _("Raise a matter with your deputy and follow it."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("Raise a matter"), "url": "/cases/new/"},
            {"name": _("Track a matter"), "url": "/cases/track/"},
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [
        "/offline/",
        static("css/lianxi.css"),
        static("css/identity.css"),
        static("vendor/bootstrap-5.3.9/bootstrap.min.css"),
        static("icons/icon-192.png"),
    ]
    response = render(
        request,
        "core/pwa/sw.js",
        {"version": VERSION, "shell": json.dumps(shell)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pwa/offline.html")
