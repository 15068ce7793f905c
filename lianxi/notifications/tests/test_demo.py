"""The demo's reminder jobs (lianxi/notifications/demo): after the demo city, its cases and its
rota, every demo role has unread notifications and some cases are escalated (督办)."""

from __future__ import annotations

from typing import Any

from freezegun import freeze_time

from lianxi.accounts.models import User
from lianxi.cases import queues
from lianxi.cases.demo.generate import generate_cases
from lianxi.cases.models import Case
from lianxi.directory.demo.city import generate_city
from lianxi.liaison.demo.generate import generate as generate_rota
from lianxi.notifications.demo.generate import generate as generate_reminders
from lianxi.notifications.models import OutboxMessage


def test_every_demo_role_has_unread_notifications_and_cases_are_escalated(db: Any) -> None:
    with freeze_time("2026-11-17 10:00:00+08:00", tick=True):
        generate_city(3, "small")
        generate_cases(3, 80)
        generate_rota(3)
        counts = generate_reminders(3)
    assert counts["督办"] > 0 and counts["调班申请"] == 1
    for name in ("committee", "committee_dh", "station", "deputy", "handler", "citizen"):
        user = User.objects.get(username=name)
        assert OutboxMessage.objects.inbox(user).unread().exists(), name
    assert Case.objects.filter(queues.escalated()).count() == counts["督办"]
    assert not OutboxMessage.objects.filter(status="pending").exclude(channel="inapp").exists()
