"""The signed-in user's own account."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from lianxi.lib.masking import mask_phone

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    phone: str
    jurisdiction: str | None
    station_ids: list[int]
    department_ids: list[int]
    deputy_id: int | None


@router.get("/me", response=MeOut, auth=django_auth)
def me(request: HttpRequest) -> dict:
    user = request.user
    deputy = getattr(user, "deputy", None)
    return {
        "id": user.pk,
        "username": user.get_username(),
        "display_name": user.display_name,  # type: ignore[union-attr]
        "role": user.role,  # type: ignore[union-attr]
        "phone": mask_phone(user.phone),  # type: ignore[union-attr]
        "jurisdiction": user.jurisdiction.full_name if user.jurisdiction else None,  # type: ignore[union-attr]
        "station_ids": list(user.stations.values_list("pk", flat=True)),  # type: ignore[union-attr]
        "department_ids": list(user.departments.values_list("pk", flat=True)),  # type: ignore[union-attr]
        "deputy_id": deputy.pk if deputy else None,
    }
