"""The materials library: staff add links (files are uploaded on the page); every download is
recorded."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.problems import answers
from lianxi.api.routers.committee.router import MADE, MAX_PAGE, STEP, router
from lianxi.api.routers.committee.schemas import MaterialIn
from lianxi.committee import actions
from lianxi.committee.models import Material
from lianxi.committee.policies import is_committee_staff


def _material_out(m: Material) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "title": m.title,
        "description": m.description,
        "tags": m.tag_list,
        "link": m.link,
        "has_file": bool(m.file),
        "status": m.status,
        "created_at": m.created_at,
    }


@router.get("/committee/materials", response=answers(Any))
def list_materials(
    request: HttpRequest, tag: str = "", offset: Offset = 0, limit: Limit = 50
) -> Any:
    limit = max(1, min(limit, MAX_PAGE))
    qs = Material.objects.visible_to(request.user)
    if not is_committee_staff(request.user):
        qs = qs.filter(status="published")
    if tag:
        qs = qs.filter(tags__contains=tag[:30])
    items = qs.order_by("-id")[max(0, offset) : max(0, offset) + limit]
    return [_material_out(m) for m in items]


@router.post("/committee/materials", response=MADE)
def create_material(request: HttpRequest, payload: MaterialIn) -> Any:
    """A link in the library (files are uploaded on the page)."""
    data = payload.data(actions.MaterialInput)
    return _material_out(actions.add_material(request.user, data=data))


@router.post(
    "/committee/materials/{int:material_id}/download",
    response=STEP,
)
def download_material(request: HttpRequest, material_id: Id) -> Any:
    """Records the download; answers the file itself, or `{"link": …}` for a link."""
    material = get_object_or_404(Material.objects.visible_to(request.user), pk=material_id)
    actions.download_material(request.user, material=material)
    if material.file:
        try:
            handle = material.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=material.original_name or "file",
            content_type=material.content_type,
        )
    return {"link": material.link}
