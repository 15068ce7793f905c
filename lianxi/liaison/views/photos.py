"""Photos of a station: its staff add and remove them on the station's rota page; everyone
sees them on the station's public page (served from here, never from a public media folder)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lianxi.core.refusals import attempt
from lianxi.directory.models import Station
from lianxi.liaison import actions
from lianxi.liaison.access import access_managed_station
from lianxi.liaison.models import StationPhoto
from lianxi.liaison.views.common import signed_in


@require_POST
def add(request: HttpRequest, station_id: int) -> HttpResponse:
    station = access_managed_station(signed_in(request), station_id)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo to upload."))
    else:
        attempt(
            request,
            lambda: actions.add_station_photo(
                request.user,
                station,
                name=upload.name or "",
                data=upload.read(),
                caption=request.POST.get("caption", ""),
            ),
            success=_("The photo was added to the station's page."),
        )
    return redirect(f"{station_url(station)}#station-photos")


@require_POST
def remove(request: HttpRequest, photo_id: int) -> HttpResponse:
    user = signed_in(request)
    photo = StationPhoto.objects.select_related("station").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    station = access_managed_station(user, photo.station_id)
    attempt(
        request,
        lambda: actions.remove_station_photo(request.user, photo),
        success=_("The photo was removed."),
    )
    return redirect(f"{station_url(station)}#station-photos")


@require_safe
def image(request: HttpRequest, station_id: int, photo_id: int) -> FileResponse:
    """The photo's file, for the public page of an open station."""
    photo = (
        StationPhoto.objects.filter(pk=photo_id, station_id=station_id, station__is_active=True)
        .only("file", "content_type")
        .first()
    )
    if photo is None:
        raise Http404
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def station_url(station: Station) -> str:
    return reverse("liaison_work:station", args=[station.pk])
