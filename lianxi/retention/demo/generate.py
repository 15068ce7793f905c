"""Demo data of the retention app: a citizen who has asked for their personal data to be
deleted, waiting for committee staff (a second demo citizen, so the main demo account stays
usable), and a first run of both retention jobs (nothing is old enough in a fresh demo)."""

from __future__ import annotations

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.retention import actions
from lianxi.retention.models import DeletionRequest


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Returns counts by Chinese label for the command's summary."""
    home = User.objects.filter(username="citizen").values_list("home_community", flat=True).first()
    citizen, _created = User.objects.get_or_create(
        username="citizen_leaving",
        defaults={"role": Role.CITIZEN, "display_name": "孙丽（演示）", "home_community_id": home},
    )
    if not DeletionRequest.objects.filter(citizen=citizen).exists():
        citizen.set_unusable_password()
        citizen.save()
        actions.file_request(citizen, reason="已搬离本市，不再使用本平台，请删除我的个人信息。")
    archived = actions.archive_audit(None)
    anonymised = actions.anonymise_closed(None)
    if progress:
        print("retention: 1 deletion request waiting")
    return {
        "删除个人信息申请": DeletionRequest.objects.count(),
        "归档审计事件": archived.events if archived else 0,
        "匿名化诉求": anonymised.cases,
    }
