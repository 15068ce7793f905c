"""Shared test world: a small city and named personas, one per role and relation.

Personas (password for all: PASSWORD):
- admin        administrator
- committee    committee staff, jurisdiction: the whole city
- committee_d1 committee staff, jurisdiction: district 1 only
- staff_a      station staff of station A (district 1)
- staff_b      station staff of station B (district 2)
- deputy_a     deputy attached to station A; deputy_b attached to station B
- handler_x    handler of department X; handler_y of department Y
- citizen      a citizen with a phone number
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Department, Deputy, Station
from lianxi.directory.tests import factories as f

PASSWORD = "correct-horse-battery-42"
CANARY_PHONE = "13912345678"
CANARY_NAME = "甄秘密"


# A loaded machine (CI, or several suites at once) must not fail a property test on timing.
hypothesis_settings.register_profile(
    "lianxi", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("lianxi")


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--clock",
        default="",
        help="run the suite with the clock starting at this ISO time (e.g. 2026-12-31T15:00+08:00)"
        ", ticking from there; `make test-edges` uses it for year and month ends",
    )


def pytest_configure(config: Any) -> None:
    clock = config.getoption("--clock", default="")
    if clock:
        import time_machine

        # Ticks like a real clock (time.monotonic is left alone, so timeouts still work).
        traveller = time_machine.travel(datetime.fromisoformat(clock), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def sweep_share() -> tuple[int, int] | None:
    """LIANXI_SWEEPS="K/N": this run is bucket K of N (None: run everything)."""
    spec = os.environ.get("LIANXI_SWEEPS", "all")
    if spec == "all":
        return None
    bucket, _, buckets = spec.partition("/")
    return int(bucket), int(buckets)


def sweep_seed() -> str:
    """The buckets move with the commit, so that every sweep item runs on each database over a
    few commits, and the same commit always runs the same items."""
    seed = os.environ.get("LIANXI_SWEEP_SEED")
    if seed:
        return seed
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git on PATH
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).parent,
        )
    except OSError:
        return "0"
    return head.stdout.strip() or "0"


DATABASE_FIXTURES = {
    "db", "transactional_db", "django_db_setup", "live_server",
    "django_db_reset_sequences", "django_db_serialized_rollback",
}  # fmt: skip


def uses_database(item: Any) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & names)


def bucket_of(item: Any, seed: str, buckets: int) -> int | None:
    """The one bucket an item runs in, or None for every bucket. Sweeps and browser journeys
    are shared out by a hash of their id (each runs once per `make test`, on one database or
    the other); a test that never touches the database runs in bucket 0 only (the SQLite run),
    since the other database cannot change its result; every other test runs in every bucket."""
    if item.get_closest_marker("sweep") or item.get_closest_marker("browser"):
        digest = hashlib.sha256(f"{seed}:{item.nodeid}".encode()).digest()
        return digest[0] % buckets
    if not uses_database(item):
        return 0
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Under LIANXI_SWEEPS=K/N only the items of bucket K and those of every bucket run
    (`make test` gives each database its own bucket; `make sweeps` runs the sweeps on both)."""
    share = sweep_share()
    if share is None:
        return
    bucket, buckets = share
    seed = sweep_seed()
    keep, drop = [], []
    for item in items:
        home = bucket_of(item, seed, buckets)
        (keep if home is None or home == bucket else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config: Any) -> list[str]:
    lines = []
    clock = config.getoption("--clock", default="")
    if clock:
        lines.append(f"clock starts at {clock}")
    share = sweep_share()
    if share is not None:
        lines.append(f"sweeps: bucket {share[0]} of {share[1]} (seed {sweep_seed()})")
    return lines


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    # SQLite flushes with DELETE; open the audit maintenance gate so flushes work.
    # (PostgreSQL flushes with TRUNCATE, which row triggers do not see.)
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_maintenance")
                cursor.execute("INSERT INTO audit_maintenance (reason) VALUES ('test harness')")


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    from lianxi.cases import routing

    cache.clear()
    routing.forget()
    # A request through the test client may leave its language active in this thread
    # (LocaleMiddleware activates, nothing deactivates): each test starts in Chinese.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class World:
    city: Area
    district1: Area
    district2: Area
    street1: Area
    street2: Area
    community1: Area
    community2: Area
    station_a: Station
    station_b: Station
    deputy_a: Deputy
    deputy_b: Deputy
    dept_x: Department
    dept_y: Department
    users: dict[str, User]

    def __getitem__(self, key: str) -> User:
        return self.users[key]


def make_user(username: str, role: str, **extra: Any) -> User:
    user = User(
        username=username, role=role, display_name=extra.pop("display_name", username), **extra
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db: Any) -> World:
    province = f.area("示范省", "990000000000", 1)
    city = f.area("示范市", "990100000000", 2, province)
    d1 = f.area("东湖区", "990101000000", 3, city)
    d2 = f.area("西山区", "990102000000", 3, city)
    s1 = f.area("青石街道", "990101001000", 4, d1)
    s2 = f.area("松林街道", "990102001000", 4, d2)
    c1 = f.area("青石社区", "990101001001", 5, s1)
    c2 = f.area("松林社区", "990102001001", 5, s2)
    users = {
        "admin": make_user("admin", Role.ADMIN),
        "committee": make_user("committee", Role.COMMITTEE, jurisdiction=city),
        "committee_d1": make_user("committee_d1", Role.COMMITTEE, jurisdiction=d1),
        "staff_a": make_user("staff_a", Role.STATION_STAFF),
        "staff_b": make_user("staff_b", Role.STATION_STAFF),
        "deputy_a": make_user("deputy_a", Role.DEPUTY),
        "deputy_b": make_user("deputy_b", Role.DEPUTY),
        "handler_x": make_user("handler_x", Role.DEPARTMENT),
        "handler_y": make_user("handler_y", Role.DEPARTMENT),
        "citizen": make_user("citizen", Role.CITIZEN, phone="13700001111"),
    }
    station_a = f.station("青石社区代表联络站", c1)
    station_b = f.station("松林社区代表联络站", c2)
    station_a.communities.add(c1)
    station_b.communities.add(c2)
    station_a.staff.add(users["staff_a"])
    station_b.staff.add(users["staff_b"])
    deputy_a = f.deputy("李明华", d1, user=users["deputy_a"], phone=CANARY_PHONE)
    deputy_b = f.deputy("王秀英", d2, user=users["deputy_b"], phone="13900002222")
    station_a.deputies.add(deputy_a)
    station_b.deputies.add(deputy_b)
    dept_x = f.department("示范市住房和城乡建设局", city)
    dept_y = f.department("东湖区市场监督管理局", d1)
    dept_x.handlers.add(users["handler_x"])
    dept_y.handlers.add(users["handler_y"])
    return World(
        city,
        d1,
        d2,
        s1,
        s2,
        c1,
        c2,
        station_a,
        station_b,
        deputy_a,
        deputy_b,
        dept_x,
        dept_y,
        users,
    )


@pytest.fixture
def submit(world: World) -> Any:
    """`submit(actor=None, **fields)` files a case from community 1 (station A, deputy A)
    through the intake action and returns it."""
    from django.contrib.auth.models import AnonymousUser

    from lianxi.cases.actions import Intake, submit_case

    def do(actor: Any = None, **fields: Any) -> Any:
        data = Intake(
            kind=fields.pop("kind", "complaint"),
            title=fields.pop("title", "小区电梯长期故障"),
            content=fields.pop(
                "content", "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。"
            ),
            channel=fields.pop("channel", "online"),
            community=fields.pop("community", world.community1),
            contact_phone=fields.pop("contact_phone", "13612345678"),
            **fields,
        )
        return submit_case(actor or AnonymousUser(), data=data).case

    return do


def enrol(user: User) -> Any:
    """A confirmed authenticator app (TOTP device) for `user`, made once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lianxi.accounts import second_factor

    return second_factor.device_of(user) or TOTPDevice.objects.create(
        user=user, name=second_factor.DEVICE_NAME, confirmed=True
    )


def current_code(username: str) -> str:
    """The code `username`'s authenticator app shows now (enrolling them if needed), for tests
    and browser journeys that type the second step. A code works once and a person signs in
    at most twice in 30 seconds, tests far more often: the device forgets its last code."""
    from lianxi.accounts import second_factor

    device = enrol(User.objects.get(username=username))
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return second_factor.code_at(device)


def force_login(client: Any, user: User) -> Any:
    """`client.force_login` with the second factor passed, as a real sign-in leaves it."""
    from lianxi.accounts import second_factor

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[second_factor.SESSION_KEY] = "totp"
    session.save()
    return client


@pytest.fixture
def login(client: Any) -> Any:
    """`login(user)` signs the test client in as that persona (both factors passed)."""

    def do(user: User) -> Any:
        return force_login(client, user)

    return do


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


@pytest.fixture
def open_page() -> Any:
    """`open_page(width)` gives a Chromium page (Debian's chromium driven by Playwright) that
    records CSP violations in `page.blocked`. Playwright starts with the first page: ORM calls
    made while its loop runs get a connection of their own that nothing closes, and PostgreSQL
    then cannot drop the test database (use `in_thread` for calls after the first page)."""
    import os
    import shutil

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; our ORM calls are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    started: list[Any] = []  # playwright, browser: once the first page is asked for

    def make(width: int = 390, height: int = 844) -> Any:
        if not started:
            playwright = sync_playwright().start()
            started.extend(
                [
                    playwright,
                    playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS),
                ]
            )
        browser = started[1]
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        # The suites run side by side on a small CI machine: a slow answer under that load is
        # not what these tests check (speed is measured in bench/), so wait up to a minute.
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.blocked = []
        page.on("console", lambda m: "violates" in m.text and page.blocked.append(m.text))
        return page

    yield make
    if started:
        started[1].close()
        started[0].stop()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def in_thread(func: Any) -> Any:
    """Run an ORM call in a fresh thread and close its connection, so a browser test's
    database reads leave no connection open behind them."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run() -> Any:
        try:
            return func()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
