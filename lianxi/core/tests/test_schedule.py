"""The periodic jobs run at the local hours their crontabs name (Asia/Shanghai), not UTC."""

from __future__ import annotations

from datetime import datetime

from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY


def due_at(hour: int, minute: int) -> set[str]:
    """The periodic tasks the consumer would enqueue at this local wall-clock time."""
    autodiscover_modules("tasks")  # as `manage.py run_huey` does
    return {task.name for task in HUEY.read_periodic(datetime(2026, 6, 1, hour, minute))}


def test_crontab_hours_are_local() -> None:
    assert HUEY.utc is False
    assert HUEY._get_timestamp().hour == datetime.now().hour  # local wall clock
    assert any("remind_due_task" in name for name in due_at(7, 30))
    assert not any("remind_due_task" in name for name in due_at(15, 30))  # 07:30 UTC
    assert any("retention" in name or "archive" in name for name in due_at(3, 20))
