"""`check --deploy` fails while an account has the demo password; nobody may choose it."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from conftest import PASSWORD
from lianxi.accounts import actions
from lianxi.accounts.checks import demo_password_accounts, no_demo_passwords
from lianxi.core.errors import InvalidInput
from lianxi.directory.demo.city import DEMO_PASSWORD, demo_password_hash


def test_clean_database_passes(world: Any) -> None:
    assert demo_password_accounts() == []
    assert no_demo_passwords() == []
    call_command("check", "--deploy", stdout=StringIO(), stderr=StringIO())


def test_a_demo_hash_fails_the_deploy_check(world: Any) -> None:
    world["staff_a"].password = demo_password_hash()
    world["staff_a"].save()
    [error] = no_demo_passwords()
    assert error.id == "lianxi.E001" and "staff_a" in error.msg
    with pytest.raises(SystemCheckError, match=r"lianxi\.E001"):
        call_command("check", "--deploy", stdout=StringIO(), stderr=StringIO())


def test_a_re_salted_demo_password_of_an_administrator_is_found(world: Any) -> None:
    world["admin"].set_password(DEMO_PASSWORD)  # another salt, as after a hasher upgrade
    world["admin"].save()
    assert demo_password_accounts() == ["admin"]


def test_only_the_deploy_check_runs_it(world: Any) -> None:
    world["staff_a"].password = demo_password_hash()
    world["staff_a"].save()
    call_command("check", stdout=StringIO(), stderr=StringIO())  # not without --deploy


def test_nobody_chooses_the_demo_password(world: Any) -> None:
    with pytest.raises(InvalidInput):
        actions.change_password(
            world["deputy_a"], old_password=PASSWORD, new_password=DEMO_PASSWORD
        )
