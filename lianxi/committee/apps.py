from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _notice_ids(user: Any) -> Any:
    from lianxi.committee.models import Notice

    return Notice.objects.visible_to(user).filter(status="published").values("pk")


def _material_ids(user: Any) -> Any:
    from lianxi.committee.models import Material

    return Material.objects.visible_to(user).filter(status="published").values("pk")


class CommitteeConfig(AppConfig):
    name = "lianxi.committee"
    label = "committee"
    verbose_name = _("Committee and deputies")

    def ready(self) -> None:
        from lianxi.search.kinds import Kind, register

        register(
            Kind(
                name="notice",
                label=_("Notices"),
                visible_ids=_notice_ids,
                url=lambda pk: f"/work/committee/notices/{pk}/",
            )
        )
        register(
            Kind(
                name="material",
                label=_("Materials"),
                visible_ids=_material_ids,
                url=lambda pk: f"/work/committee/materials/{pk}/",
            )
        )
