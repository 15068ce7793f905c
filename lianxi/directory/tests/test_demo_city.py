"""The demo city generator and `manage.py demo_city` (small size only, to stay quick)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxi.accounts.models import User
from lianxi.core.choices import Role
from lianxi.core.tests.rollback import built_once
from lianxi.directory.choices import CODE_PREFIX_LENGTH
from lianxi.directory.demo.city import (
    CITIZEN_PHONE,
    DEMO_PASSWORD,
    ENROLLED,
    CityExistsError,
    generate_city,
    summarize,
)
from lianxi.directory.models import (
    Area,
    Category,
    DemoCity,
    Department,
    Deputy,
    Expertise,
    Station,
)
from lianxi.directory.tests import factories as f


def clear_city() -> None:
    """Remove everything the generator made (categories stay, unlinked)."""
    Station.objects.all().delete()
    Deputy.objects.all().delete()
    Department.objects.all().delete()
    User.objects.all().delete()
    Expertise.objects.all().delete()
    for level in (5, 4, 3, 2, 1):
        Area.objects.filter(level=level).delete()


@pytest.mark.django_db
def test_same_seed_gives_the_same_city() -> None:
    random.seed(111)  # the global generator must not matter
    first = generate_city(seed=5, size="small")
    clear_city()
    assert not Area.objects.exists()
    random.seed(222)
    second = generate_city(seed=5, size="small")
    assert first == second
    clear_city()
    other = generate_city(seed=6, size="small")
    assert other["area_digest"] != first["area_digest"]
    assert other["deputy_digest"] != first["deputy_digest"]


@pytest.fixture(scope="class")
def small_city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """One small city for the read-only tests of TestSmallCity, rolled back when the class
    is done (each test's own transaction nests inside this one)."""
    yield from built_once(django_db_blocker, lambda: generate_city(seed=1, size="small"))


@pytest.fixture
def city(small_city: dict[str, Any], db: Any) -> dict[str, Any]:
    return small_city


class TestSmallCity:
    """Read-only checks of one generated small city."""

    def test_small_city_counts(self, city: dict[str, Any]) -> None:
        assert city["districts"] == 6
        assert 35 <= city["streets"] <= 45
        assert 250 <= city["communities"] <= 350
        assert 350 <= city["deputies"] <= 450
        assert 50 <= city["stations"] <= 70
        assert 35 <= city["departments"] <= 45
        assert city == summarize()

    def test_area_codes_prefixes_and_full_names(self, city: dict[str, Any]) -> None:
        province = Area.objects.get(level=1)
        assert (province.code, province.name) == ("990000000000", "示范省")
        assert Area.objects.get(level=2).code == "990100000000"
        assert Area.objects.get(code="990101000000").name == "东湖区"
        assert set(Area.objects.filter(level=3).values_list("name", flat=True)) == {
            "东湖区",
            "西山区",
            "南城区",
            "北岭区",
            "高新区",
            "临江县",
        }
        for area in Area.objects.select_related("parent"):
            assert len(area.code) == 12 and area.code.isdigit()
            assert area.prefix == area.code[: CODE_PREFIX_LENGTH[area.level]]
            expected = (area.parent.full_name + area.name) if area.parent else area.name
            assert area.full_name == expected
            if area.parent:
                assert area.prefix.startswith(area.parent.prefix)
                assert area.level == area.parent.level + 1
        urban = Area.objects.filter(level=4, parent__name="东湖区")
        assert all(a.name.endswith("街道") for a in urban)
        county = Area.objects.filter(level=4, parent__name="临江县")
        assert all(a.name.endswith(("镇", "乡")) for a in county)
        assert Area.objects.filter(level=5, name__endswith="村").exists()
        assert Area.objects.filter(level=5, name__endswith="社区").exists()

    def test_deputies_are_believable(self, city: dict[str, Any]) -> None:
        deputies = list(Deputy.objects.select_related("constituency"))
        women = sum(d.gender == "f" for d in deputies) / len(deputies)
        assert 0.2 <= women <= 0.4
        not_serving = sum(d.status != "serving" for d in deputies) / len(deputies)
        assert 0 < not_serving <= 0.06
        levels = {d.level for d in deputies}
        assert levels == {"national", "provincial", "municipal", "county", "township"}
        for d in deputies:
            assert 1960 <= (d.birth_year or 0) <= 1995
            assert d.constituency.level in (3, 4)
            assert d.occupation and "{" not in d.occupation
            assert d.bio.count("。") == 2
            assert d.phone[:2] in {"13", "15", "18"} and len(d.phone) == 11
            if d.level == "township":
                assert d.constituency.parent.name == "临江县" and d.term == 18
            if d.level == "municipal":
                assert d.term == 17 and d.delegation == f"{d.constituency.name}代表团"
        counts = Deputy.objects.annotate(n=Count("expertise")).values_list("n", flat=True)
        assert set(counts) <= {1, 2, 3}

    def test_phones_are_stored_encrypted(self, city: dict[str, Any]) -> None:
        deputy = Deputy.objects.order_by("id").first()
        assert deputy is not None
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone FROM directory_deputy WHERE id = %s", [deputy.pk])
            raw = cursor.fetchone()[0]
        assert deputy.phone not in raw

    def test_every_station_has_deputies_staff_and_communities(self, city: dict[str, Any]) -> None:
        stations = Station.objects.annotate(
            n_deputies=Count("deputies", distinct=True),
            n_staff=Count("staff", distinct=True),
            n_communities=Count("communities", distinct=True),
        )
        for station in stations:
            assert 4 <= station.n_deputies <= 10, station.name
            assert 1 <= station.n_staff <= 2, station.name
            assert station.n_communities >= 1, station.name
            assert 30.5 <= float(station.latitude or 0) <= 30.7
            assert 114.2 <= float(station.longitude or 0) <= 114.5
            assert station.address.startswith("示范市")
            assert station.phone.startswith("027-8")
        kinds = dict(Station.objects.values_list("kind").annotate(n=Count("id")))
        assert kinds["home"] == 6
        assert kinds["station"] == city["streets"]
        assert kinds["point"] >= 1
        point = Station.objects.filter(kind="point").first()
        assert point is not None
        assert list(point.communities.all()) == [point.area]

    def test_departments_and_categories(self, city: dict[str, Any]) -> None:
        names = set(Department.objects.values_list("name", flat=True))
        for name in (
            "示范市住房和城乡建设局",
            "示范市中级人民法院",
            "示范市人民检察院",
            "示范市监察委员会",
            "示范市水务集团",
            "东湖区人民政府",
            "临江县人民政府",
        ):
            assert name in names
        for district in Area.objects.filter(level=3):
            assert Department.objects.filter(kind="government", area=district).exists()
        assert Department.objects.filter(kind="street_office").exists()
        for department in Department.objects.annotate(n=Count("handlers")):
            assert 1 <= department.n <= 2, department.name
        categories = Category.objects.select_related("default_department")
        assert categories.count() > 15
        for category in categories:
            assert category.default_department is not None, category.name
            assert category.default_department.name in names
            assert category.departments.filter(pk=category.default_department.pk).exists()

    def test_demo_accounts(self, city: dict[str, Any]) -> None:
        users = {u.username: u for u in User.objects.all()}
        admin = users["admin"]
        assert admin.role == Role.ADMIN and admin.is_superuser and admin.is_staff
        assert check_password(DEMO_PASSWORD, admin.password)
        assert users["committee"].jurisdiction is not None
        assert users["committee"].jurisdiction.code == "990100000000"
        assert users["committee_dh"].jurisdiction is not None
        assert users["committee_dh"].jurisdiction.name == "东湖区"

        station_user = users["station"]
        first_station = station_user.stations.get()
        deputy_user = users["deputy"]
        assert deputy_user.role == Role.DEPUTY
        assert deputy_user.deputy.status == "serving"
        assert deputy_user.deputy.stations.filter(pk=first_station.pk).exists()

        assert (
            Department.objects.get(name="示范市住房和城乡建设局")
            .handlers.filter(username="handler")
            .exists()
        )
        citizen = users["citizen"]
        assert citizen.role == Role.CITIZEN and not citizen.has_usable_password()
        assert citizen.phone == CITIZEN_PHONE

        bulk = users["station001"]
        assert bulk.role == Role.STATION_STAFF and not bulk.is_staff
        assert check_password(DEMO_PASSWORD, bulk.password)
        assert users["handler001"].departments.exists()
        assert users["deputy001"].deputy is not None
        assert Deputy.objects.filter(user__isnull=False).count() == 51
        assert (
            Station.objects.filter(staff__username__startswith="station").distinct().count()
            == (city["stations"])
        )


def test_generate_refuses_a_database_with_areas(db: Any) -> None:
    f.area("示范省", "990000000000", 1)
    with pytest.raises(CityExistsError):
        generate_city(seed=1)
    assert Area.objects.count() == 1
    assert not Deputy.objects.exists()


def test_command_generates_once_and_prints_accounts(db: Any) -> None:
    out = StringIO()
    call_command(
        "demo_city", "--seed", "3", "--size", "small", "--cases", "0", verbosity=0, stdout=out
    )
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for username in (
        "admin",
        "committee",
        "committee_dh",
        "station",
        "deputy",
        "handler",
        "citizen",
    ):
        assert username in text
    # No personal data of deputies in the output.
    for phone in Deputy.objects.values_list("phone", flat=True)[:100]:
        assert phone not in text
    assert "demo_otp committee" in text
    assert DemoCity.objects.get().seed == 3
    before = summarize()

    again = StringIO()
    call_command("demo_city", "--seed", "4", "--cases", "0", verbosity=0, stdout=again)
    assert "数据库中已有数据，跳过生成" in again.getvalue()
    assert "demo_otp" in again.getvalue()
    assert summarize() == before

    # The demo's staff sign in with the code demo_otp prints.
    for username in ENROLLED:
        assert TOTPDevice.objects.filter(user__username=username, confirmed=True).exists()
    printed = StringIO()
    call_command("demo_otp", "committee", stdout=printed)
    code = re.search(r"\b(\d{6})\b", printed.getvalue())
    assert code is not None
    client = Client()
    client.post("/accounts/login/", {"username": "committee", "password": DEMO_PASSWORD})
    assert client.post("/accounts/second-factor/", {"code": code.group(1)}).status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    call_command("demo_otp", "handler001", stdout=StringIO())  # enrols on request
    assert TOTPDevice.objects.filter(user__username="handler001").exists()
    with pytest.raises(CommandError):  # no code texted to the citizen yet
        call_command("demo_otp", "citizen", stdout=StringIO())
    # The citizen signs in by SMS: demo_otp reads the code texted (scripts/screenshots.py).
    phone = User.objects.get(username="citizen").phone
    citizen = Client()
    citizen.post("/accounts/citizen/", {"step": "send", "phone": phone})
    texted = StringIO()
    call_command("demo_otp", "citizen", stdout=texted)
    sms = re.search(r"\b(\d{6})\b", texted.getvalue())
    assert sms is not None
    signed_in = citizen.post(
        "/accounts/citizen/", {"step": "verify", "phone": phone, "code": sms.group(1)}
    )
    assert signed_in.status_code == 302

    # No deployment on this database while the demo passwords are there.
    with pytest.raises(SystemCheckError, match=r"lianxi\.E001"):
        call_command("check", "--deploy", stdout=StringIO(), stderr=StringIO())


def test_command_refuses_data_it_did_not_make(db: Any) -> None:
    f.area("示范省", "990000000000", 1)
    with pytest.raises(CommandError, match="不是 demo_city 生成的数据"):
        call_command("demo_city", "--cases", "0", verbosity=0, stdout=StringIO())
    assert Area.objects.count() == 1
    assert not User.objects.exists()


def test_command_refuses_a_database_with_accounts_only(db: Any) -> None:
    User.objects.create(username="real-admin", role=Role.ADMIN)
    with pytest.raises(CommandError):
        call_command("demo_city", "--cases", "0", verbosity=0, stdout=StringIO())
    assert not Area.objects.exists()
    with pytest.raises(CommandError):
        call_command("demo_otp", "real-admin", stdout=StringIO())


def test_command_refuses_production(db: Any, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="LIANXI_ENV=production"):
        call_command("demo_city", "--cases", "0", verbosity=0, stdout=StringIO())
    assert not Area.objects.exists() and not User.objects.exists()
    with pytest.raises(CommandError, match="LIANXI_ENV=production"):
        call_command("demo_otp", "committee", stdout=StringIO())
    with pytest.raises(CommandError, match="LIANXI_ENV=production"):
        call_command("demo_cases", "--count", "1", stdout=StringIO())
