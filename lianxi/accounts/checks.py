"""`manage.py check --deploy` fails while any account still has the demo password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.core import checks
from django.db import DatabaseError, connection
from django.db.models import Q

from lianxi.core.choices import Role


def demo_password_accounts() -> list[str]:
    """Usernames whose password is the published demo one: every hash `demo_city` wrote (one
    fixed salt, found by one query), and, checked one by one, the well-known demo usernames
    and the administrators, whose demo hash a later sign-in may have re-salted."""
    from lianxi.accounts.models import User
    from lianxi.directory.demo.city import ACCOUNTS, DEMO_PASSWORD, DEMO_SALT

    salted = User.objects.filter(password__contains=f"${DEMO_SALT}$")
    found = set(salted.values_list("username", flat=True))
    named = [name for name, _role, _scope in ACCOUNTS if not name.endswith("…")]
    few = (
        User.objects.filter(Q(username__in=named) | Q(is_superuser=True) | Q(role=Role.ADMIN))
        .exclude(username__in=found)
        .values_list("username", "password")
    )
    found.update(name for name, hashed in few if check_password(DEMO_PASSWORD, hashed))
    return sorted(found)


@checks.register(checks.Tags.security, deploy=True)
def no_demo_passwords(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from lianxi.accounts.models import User

    try:
        if User._meta.db_table not in connection.introspection.table_names():
            return []  # not migrated: no accounts at all
        names = demo_password_accounts()
    except DatabaseError as exc:  # no database to look in: say so rather than pass silently
        return [
            checks.Warning(
                f"Could not look for accounts with the demo password: {exc}",
                id="lianxi.W001",
            )
        ]
    if not names:
        return []
    shown = ", ".join(names[:10]) + (" …" if len(names) > 10 else "")
    return [
        checks.Error(
            f"{len(names)} account(s) still have the published demo password: {shown}.",
            hint="This database holds the demo (make demo / demo_city). Deploy on a fresh "
            "database, or set new passwords (manage.py changepassword) or disable them.",
            id="lianxi.E001",
        )
    ]
