"""Public pages under /stories/: the list of published success stories, a story's page (made
to be shared: Open Graph tags, one column on a phone), its photos, and the Atom feeds."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from lianxi.directory.choices import AreaLevel
from lianxi.directory.models import Area
from lianxi.portal.rendering import clean_id, paginate
from lianxi.publicity.access import access_photo, access_story
from lianxi.publicity.models import PhotoKind, PublishedCase, Story
from lianxi.publicity.showcase import public_links

PER_PAGE = 12


def districts() -> Any:
    return Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code")


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    district_id = clean_id(request, "district")
    district = districts().filter(pk=district_id).first() if district_id else None
    qs = Story.objects.published().select_related("area").prefetch_related("photos")
    if district is not None:
        qs = qs.in_area(district.prefix)
    context = {
        "page": paginate(request, qs.order_by("-published_at", "-pk"), PER_PAGE),
        "districts": districts(),
        "district": district,
    }
    return render(request, "publicity/public/list.html", context)


@require_safe
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access_story(request.user, story_id)
    photos = list(story.photos.all())
    cover = next((p for p in photos if p.kind == PhotoKind.AFTER), photos[0] if photos else None)
    published = {
        p.case_id: p for p in PublishedCase.objects.filter(case_id__in=story.cases.values("pk"))
    }
    context = {
        "story": story,
        "before": [p for p in photos if p.kind == PhotoKind.BEFORE],
        "after": [p for p in photos if p.kind == PhotoKind.AFTER],
        "others": [p for p in photos if p.kind == PhotoKind.OTHER],
        "cover": cover,
        "cover_url": request.build_absolute_uri(reverse("publicity:photo", args=[cover.pk]))
        if cover
        else "",
        "page_url": request.build_absolute_uri(reverse("publicity:detail", args=[story.pk])),
        "links": public_links(story, published),
        "is_public": story.status == "published",
    }
    return render(request, "publicity/public/detail.html", context)


@require_safe
def photo(request: HttpRequest, photo_id: int) -> HttpResponse | FileResponse:
    """A story's photo. It was re-encoded by us (photos.py), so it is shown inline; a draft's
    photos only to the staff who may see the draft."""
    found = access_photo(request.user, photo_id)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="story-{found.story_id}-{found.pk}.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    if found.story.status == "published":
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
