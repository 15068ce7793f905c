"""Personal data is encrypted at rest (quality.md test 20)."""

from typing import Any

from django.db import connection

from conftest import CANARY_PHONE


def test_phone_numbers_are_not_stored_in_clear(world: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM directory_deputy")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT phone, phone_hash FROM accounts_user WHERE phone <> ''")
        users = cursor.fetchall()
    assert stored and all(CANARY_PHONE not in value for value in stored)
    assert users and all("13700001111" not in v for row in users for v in row)
    world.deputy_a.refresh_from_db()
    assert world.deputy_a.phone == CANARY_PHONE
