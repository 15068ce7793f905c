"""Generate the demo city 示范市: its area tree, deputies, stations, departments and the
demo accounts.

Everything is drawn from `random.Random(seed)`, so one seed always gives the same city.
Rows are written with `bulk_create` where it matters for the large size; `Area.save()` is
bypassed there, so `prefix` and `full_name` are computed here.
"""

from __future__ import annotations

import hashlib
import random
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.management.base import OutputWrapper
from django.db import transaction
from tqdm import tqdm

from lianxi.accounts.models import User
from lianxi.core.choices import CongressLevel, Role
from lianxi.directory.choices import (
    CODE_PREFIX_LENGTH,
    AreaLevel,
    DepartmentKind,
    DeputyStatus,
    Gender,
    Sector,
    StationKind,
)
from lianxi.directory.demo import names
from lianxi.directory.models import (
    Area,
    Category,
    DemoCity,
    Department,
    Deputy,
    Expertise,
    Station,
)
from lianxi.directory.taxonomy import (
    department_names,
    link_default_departments,
    load_default_taxonomy,
)

DEMO_PASSWORD = "lianxi-demo-2026"  # noqa: S105 - a published demo password, by design
# A fixed salt: every demo account has the same hash, which `check --deploy` finds with one
# query (accounts/checks.py).
DEMO_SALT = "lianxidemocity2026"
# The demo accounts that must give the second factor, enrolled with the city (demo_otp prints
# their current code).
ENROLLED = ("admin", "committee", "committee_dh", "handler")


def demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD, salt=DEMO_SALT)


CITIZEN_PHONE = "13800138000"  # the demo citizen's number (a well-known placeholder)

PROVINCE = ("示范省", "990000000000")
CITY = ("示范市", "990100000000")
CITY_PREFIX = "9901"

# (name, rural?, streets in the small city, share of villages in its streets)
DISTRICTS: tuple[tuple[str, bool, int, float], ...] = (
    ("东湖区", False, 8, 0.0),
    ("西山区", False, 7, 0.25),
    ("南城区", False, 7, 0.0),
    ("北岭区", False, 6, 0.3),
    ("高新区", False, 4, 0.0),
    ("临江县", True, 8, 1.0),
)
# Centre (latitude, longitude) of each district on the map.
DISTRICT_CENTRES: tuple[tuple[float, float], ...] = (
    (30.600, 114.380),
    (30.585, 114.245),
    (30.530, 114.320),
    (30.675, 114.300),
    (30.525, 114.445),
    (30.665, 114.460),
)
SIZES = {"small": 1, "large": 10}
DEPUTIES_PER_SCALE = 400
STATIONS_PER_SCALE = 60
DEPUTY_ACCOUNTS_PER_SCALE = 50

# City-level departments are those the taxonomy names; these are not government bureaus.
KIND_BY_NAME = {
    "示范市中级人民法院": DepartmentKind.COURT,
    "示范市人民检察院": DepartmentKind.PROCURATORATE,
    "示范市监察委员会": DepartmentKind.SUPERVISORY,
    "示范市供电公司": DepartmentKind.ENTERPRISE,
    "示范市水务集团": DepartmentKind.ENTERPRISE,
    "示范市燃气集团": DepartmentKind.ENTERPRISE,
}
HANDLER_DEPARTMENT = "示范市住房和城乡建设局"

CHINESE_NUMBERS = {14: "十四", 17: "十七", 18: "十八"}
TERMS = {
    CongressLevel.NATIONAL: 14,
    CongressLevel.PROVINCIAL: 14,
    CongressLevel.MUNICIPAL: 17,
    CongressLevel.COUNTY: 18,
    CongressLevel.TOWNSHIP: 18,
}
# Share of deputies at each level (township ones only sit in the county's towns).
LEVEL_SHARES = (
    (CongressLevel.NATIONAL, 0.01),
    (CongressLevel.PROVINCIAL, 0.06),
    (CongressLevel.MUNICIPAL, 0.33),
    (CongressLevel.TOWNSHIP, 0.10),
)
DISTRICT_LEVELS = {CongressLevel.NATIONAL, CongressLevel.PROVINCIAL, CongressLevel.MUNICIPAL}

T = TypeVar("T")


class CityExistsError(Exception):
    """The database already holds areas; the demo city is only generated into an empty one."""


@dataclass(eq=False)
class Place:
    """An area being built, with what the generator needs to know about it."""

    area: Area
    rural: bool = False  # a town or village, rather than a street or urban community
    children: list[Place] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.area.name

    @property
    def base(self) -> str:
        """The name without its kind: 青石街道 → 青石, 李家湾村 → 李家湾."""
        for suffix in ("街道", "社区", "镇", "乡", "村"):
            if self.area.name.endswith(suffix):
                return self.area.name[: -len(suffix)]
        return self.area.name


@dataclass
class PlannedDeputy:
    deputy: Deputy
    district: int
    street: Place | None
    expertise: list[str]


def _progress(
    items: Iterable[T], desc: str, enabled: bool, total: int | None = None
) -> Iterator[T]:
    yield from tqdm(
        items,
        desc=desc,
        total=total,
        file=sys.stderr,
        disable=not enabled,
        leave=False,
        dynamic_ncols=True,
    )


def _area(name: str, code: str, level: int, parent: Place | None) -> Area:
    parent_area = parent.area if parent else None
    return Area(
        name=name,
        code=code,
        level=level,
        parent=parent_area,
        prefix=code[: CODE_PREFIX_LENGTH[level]],
        full_name=(parent_area.full_name + name) if parent_area else name,
    )


def _address_base(area: Area) -> str:
    """Full name without the province: 示范市东湖区青石街道."""
    return area.full_name.removeprefix(PROVINCE[0])


class CityBuilder:
    def __init__(self, seed: int, size: str, progress: bool) -> None:
        if size not in SIZES:
            raise ValueError(f"unknown size {size!r}")
        self.rng = random.Random(seed)
        self.scale = SIZES[size]
        self.progress = progress
        self.city: Place | None = None
        self.districts: list[Place] = []
        self.district_of: dict[str, int] = {}  # street code → index in self.districts
        self.planned: list[PlannedDeputy] = []
        self.stations: list[Station] = []
        self.station_deputies: list[list[Deputy]] = []
        self.departments: list[Department] = []
        self.password_hash = demo_password_hash()
        surnames, weights = zip(*names.SURNAMES, strict=True)
        self.surnames: Sequence[str] = surnames
        self.surname_weights: Sequence[float] = weights

    # ---- people -------------------------------------------------------------------------

    def person_name(self, gender: str) -> str:
        surname = self.rng.choices(self.surnames, self.surname_weights)[0]
        chars = names.GIVEN_FEMALE if gender == Gender.FEMALE else names.GIVEN_MALE
        length = 1 if self.rng.random() < 0.25 else 2
        given = "".join(self.rng.choice(chars) for _ in range(length))
        return surname + given

    def mobile(self) -> str:
        prefix = self.rng.choice(("13", "15", "18"))
        return prefix + str(self.rng.randint(0, 9)) + f"{self.rng.randint(0, 99_999_999):08d}"

    def office_phone(self) -> str:
        return f"027-8{self.rng.randint(0, 9_999_999):07d}"

    # ---- areas --------------------------------------------------------------------------

    def build_areas(self) -> None:
        province = Place(_area(PROVINCE[0], PROVINCE[1], AreaLevel.PROVINCE, None))
        province.area.save()
        city = Place(_area(CITY[0], CITY[1], AreaLevel.CITY, province))
        city.area.save()
        self.city = city

        districts = [
            Place(_area(name, f"{CITY_PREFIX}{i:02d}000000", AreaLevel.DISTRICT, city), rural)
            for i, (name, rural, _, _) in enumerate(DISTRICTS, start=1)
        ]
        Area.objects.bulk_create([d.area for d in districts])
        self.districts = districts

        used_streets: set[str] = set()
        streets: list[Place] = []
        for index, (district, (_, rural, count, _)) in enumerate(
            zip(districts, DISTRICTS, strict=True)
        ):
            for j in range(1, count * self.scale + 1):
                base = self._unique(used_streets, self._street_base)
                if rural:
                    suffix = "乡" if self.rng.random() < 0.25 else "镇"
                else:
                    suffix = "街道"
                code = district.area.prefix + f"{j:03d}000"
                street = Place(_area(base + suffix, code, AreaLevel.STREET, district), rural)
                district.children.append(street)
                streets.append(street)
                self.district_of[code] = index
        Area.objects.bulk_create([s.area for s in streets])

        communities: list[Place] = []
        for district, (_, _, _, village_share) in _progress(
            list(zip(districts, DISTRICTS, strict=True)), "社区和村", self.progress
        ):
            used: set[str] = set()
            n = len(district.children)
            for k, street in enumerate(district.children):
                # Suburban districts have villages in their outer streets.
                outer = village_share >= 1 or (village_share > 0 and k >= n * (1 - village_share))
                count = self.rng.randint(5, 10)
                for j in range(1, count + 1):
                    if street.rural and j == 1:
                        name = self._unique(used, lambda s=street: s.base) + "社区"
                        rural = False
                    elif outer and (street.rural or self.rng.random() < 0.6):
                        name = self._unique(used, self._village_base) + "村"
                        rural = True
                    else:
                        name = self._unique(used, self._community_base) + "社区"
                        rural = False
                    code = street.area.prefix + f"{j:03d}"
                    place = Place(_area(name, code, AreaLevel.COMMUNITY, street), rural)
                    street.children.append(place)
                    communities.append(place)
        Area.objects.bulk_create([c.area for c in communities], batch_size=500)

    def _unique(self, used: set[str], make: Any) -> str:
        for _ in range(60):
            candidate = make()
            if candidate not in used:
                used.add(candidate)
                return str(candidate)
        base = make()
        for numeral in names.NUMERALS:
            if base + numeral not in used:
                used.add(base + numeral)
                return str(base + numeral)
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def _street_base(self) -> str:
        first = self.rng.choice(names.STREET_FIRST)
        second = self.rng.choice(names.STREET_SECOND)
        return first + second

    def _community_base(self) -> str:
        return self.rng.choice(names.COMMUNITY_WORDS) + self.rng.choice(names.COMMUNITY_SUFFIXES)

    def _village_base(self) -> str:
        terrain = self.rng.choice(names.VILLAGE_TERRAIN)
        if self.rng.random() < 0.55:
            surname = self.rng.choices(self.surnames[:60], self.surname_weights[:60])[0]
            return surname + "家" + terrain
        return self.rng.choice(names.VILLAGE_NATURE) + terrain

    @property
    def streets(self) -> list[Place]:
        return [s for d in self.districts for s in d.children]

    # ---- deputies -----------------------------------------------------------------------

    def build_deputies(self) -> None:
        expertise = {
            name: Expertise.objects.get_or_create(name=name)[0] for name in names.EXPERTISE
        }
        total = DEPUTIES_PER_SCALE * self.scale
        levels: list[str] = []
        for share_level, share in LEVEL_SHARES:
            levels += [share_level] * round(total * share)
        levels += [CongressLevel.COUNTY] * (total - len(levels))
        self.rng.shuffle(levels)

        # County deputies go round the streets, township deputies round the towns,
        # so every street has some.
        streets = self.streets
        towns = [s for s in streets if s.rural]
        street_cycle = self._cycle(streets)
        town_cycle = self._cycle(towns)
        district_weights = [len(d.children) for d in self.districts]

        for level in _progress(levels, "代表", self.progress):
            if level in DISTRICT_LEVELS:
                district_index = self.rng.choices(range(len(self.districts)), district_weights)[0]
                street = None
                constituency = self.districts[district_index]
            else:
                street = next(town_cycle if level == CongressLevel.TOWNSHIP else street_cycle)
                district_index = self.district_of[street.area.code]
                constituency = street
            self.planned.append(self._deputy(level, district_index, street, constituency))

        Deputy.objects.bulk_create([p.deputy for p in self.planned], batch_size=500)
        through = Deputy.expertise.through
        rows = [
            through(deputy_id=p.deputy.pk, expertise_id=expertise[name].pk)
            for p in self.planned
            for name in p.expertise
        ]
        through.objects.bulk_create(rows, batch_size=1000)

    def _cycle(self, items: list[Place]) -> Iterator[Place]:
        while True:
            order = list(items)
            self.rng.shuffle(order)
            yield from order

    def _deputy(
        self, level: str, district_index: int, street: Place | None, constituency: Place
    ) -> PlannedDeputy:
        rng = self.rng
        district = self.districts[district_index]
        rural = district.rural or (street is not None and street.rural)
        gender = Gender.FEMALE if rng.random() < 0.3 else Gender.MALE
        name = self.person_name(gender)

        ctx_street = street or rng.choice(district.children)
        villages = [c for c in ctx_street.children if c.rural]
        weights = names.RURAL_SECTOR_WEIGHTS if rural else names.SECTOR_WEIGHTS
        sectors = [s for s in weights if s != Sector.FARMER or villages]
        sector = rng.choices(sectors, [weights[s] for s in sectors])[0]
        occupation_template, suggested = rng.choice(names.OCCUPATIONS[sector])
        community = rng.choice(
            villages if villages and sector == Sector.FARMER else ctx_street.children
        )
        town = ctx_street.name.endswith(("镇", "乡"))
        occupation = occupation_template.format(
            d=district.name,
            dk="县" if district.rural else "区",
            s=ctx_street.name,
            c=community.name,
            party="党委" if town else "党工委",
            head=("人民政府" + ("乡长" if ctx_street.name.endswith("乡") else "镇长"))
            if town
            else "办事处主任",
            secretary="党支部书记、村委会主任" if community.rural else "党委书记、居委会主任",
            deputy_head="村委会副主任" if community.rural else "居委会副主任",
        )

        count = rng.choice((1, 2, 2, 3))
        chosen: list[str] = []
        for name_ in suggested:
            if len(chosen) < count and (not chosen or rng.random() < 0.7):
                chosen.append(name_)
        while len(chosen) < count:
            extra = rng.choice(names.EXPERTISE)
            if extra not in chosen:
                chosen.append(extra)

        term = TERMS[CongressLevel(level)]
        if level == CongressLevel.NATIONAL:
            delegation, congress = "示范省代表团", f"第{CHINESE_NUMBERS[term]}届全国人大代表"
        elif level == CongressLevel.PROVINCIAL:
            delegation, congress = "示范市代表团", f"示范省第{CHINESE_NUMBERS[term]}届人大代表"
        elif level == CongressLevel.MUNICIPAL:
            delegation = f"{district.name}代表团"
            congress = f"示范市第{CHINESE_NUMBERS[term]}届人大代表"
        elif level == CongressLevel.COUNTY:
            delegation = f"{constituency.name}代表组"
            congress = f"{district.name}第{CHINESE_NUMBERS[term]}届人大代表"
        else:
            delegation = ""
            congress = f"{constituency.name}第{CHINESE_NUMBERS[term]}届人大代表"

        roll = rng.random()
        status = DeputyStatus.SERVING
        if roll < 0.02:
            status = DeputyStatus.RESIGNED
        elif roll < 0.03:
            status = DeputyStatus.RECALLED

        deputy = Deputy(
            name=name,
            gender=gender,
            birth_year=rng.randint(1960, 1995),
            level=level,
            term=term,
            constituency=constituency.area,
            delegation=delegation,
            sector=sector,
            occupation=occupation,
            status=status,
            phone=self.mobile(),
            bio=self._bio(occupation, congress, chosen),
        )
        return PlannedDeputy(deputy, district_index, street, chosen)

    def _bio(self, occupation: str, congress: str, expertise: list[str]) -> str:
        topics = [names.EXPERTISE_TOPICS[e] for e in expertise]
        topic_text = "、".join(topics)
        first = self.rng.choice(
            (
                f"{occupation}，{congress}。",
                f"{congress}，{occupation}。",
            )
        )
        second = self.rng.choice(
            (
                f"履职以来重点关注{topic_text}，多次提出相关建议并推动落实。",
                f"长期关注{topic_text}，经常深入一线走访群众、收集意见。",
                f"熟悉{'、'.join(expertise)}领域，围绕{topics[0]}开展调研，定期到联络站接待选民。",
            )
        )
        return first + second

    # ---- stations -----------------------------------------------------------------------

    def build_stations(self) -> None:
        rng = self.rng
        serving = [p for p in self.planned if p.deputy.status == DeputyStatus.SERVING]
        by_district: dict[int, list[Deputy]] = {}
        by_street: dict[str, list[Deputy]] = {}
        for p in serving:
            if p.street is None:
                by_district.setdefault(p.district, []).append(p.deputy)
            else:
                by_street.setdefault(p.street.area.code, []).append(p.deputy)

        target = STATIONS_PER_SCALE * self.scale
        points_wanted = max(0, target - len(self.districts) - len(self.streets))
        all_communities = [c for s in self.streets for c in s.children[1:]]
        point_codes = {c.area.code for c in rng.sample(all_communities, points_wanted)}

        plans: list[tuple[Station, list[Area], list[Deputy]]] = []
        for index, district in enumerate(self.districts):
            district_deputies = by_district.get(index, [])
            first_street = district.children[0]
            home = self._station(
                f"{district.name}人大代表之家",
                StationKind.HOME,
                district.area,
                self._road_address(first_street),
                index,
            )
            plans.append(
                (home, [c.area for c in first_street.children], self._pick(district_deputies, []))
            )
            for street in district.children:
                street_deputies = by_street.get(street.area.code, [])
                station = self._station(
                    f"{street.name}人大代表联络站",
                    StationKind.STATION,
                    street.area,
                    self._road_address(street),
                    index,
                )
                plans.append(
                    (
                        station,
                        [c.area for c in street.children],
                        self._pick(street_deputies, district_deputies),
                    )
                )
                for community in street.children:
                    if community.area.code not in point_codes:
                        continue
                    centre = "村委会" if community.rural else "党群服务中心"
                    point = self._station(
                        f"{street.name}{community.name}人大代表联络点",
                        StationKind.POINT,
                        community.area,
                        _address_base(community.area) + centre,
                        index,
                    )
                    plans.append(
                        (point, [community.area], self._pick(street_deputies, district_deputies))
                    )

        Station.objects.bulk_create([p[0] for p in plans], batch_size=500)
        self.stations = [p[0] for p in plans]
        self.station_deputies = [p[2] for p in plans]
        served = Station.communities.through
        served.objects.bulk_create(
            [served(station_id=s.pk, area_id=a.pk) for s, areas, _ in plans for a in areas],
            batch_size=1000,
        )
        attached = Station.deputies.through
        attached.objects.bulk_create(
            [attached(station_id=s.pk, deputy_id=d.pk) for s, _, deps in plans for d in deps],
            batch_size=1000,
        )

    def _pick(self, own: list[Deputy], fallback: list[Deputy]) -> list[Deputy]:
        """4–10 deputies from `own`, topped up from `fallback` when there are too few."""
        want = self.rng.randint(4, 10)
        chosen = self.rng.sample(own, min(want, len(own)))
        if len(chosen) < 4:
            extra = [d for d in fallback if d not in chosen]
            chosen += self.rng.sample(extra, min(4 - len(chosen), len(extra)))
        return chosen

    def _road_address(self, street: Place) -> str:
        road = street.base + self.rng.choice(("路", "路", "大道", "街"))
        return f"{_address_base(street.area)}{road}{self.rng.randint(1, 399)}号"

    def _station(self, name: str, kind: str, area: Area, address: str, district: int) -> Station:
        lat, lng = DISTRICT_CENTRES[district]
        lat = min(30.7, max(30.5, lat + self.rng.uniform(-0.03, 0.03)))
        lng = min(114.5, max(114.2, lng + self.rng.uniform(-0.035, 0.035)))
        return Station(
            name=name,
            kind=kind,
            area=area,
            address=address,
            latitude=Decimal(f"{lat:.6f}"),
            longitude=Decimal(f"{lng:.6f}"),
            opening_hours=self.rng.choice(names.OPENING_HOURS),
            phone=self.office_phone(),
            description=self.rng.choice(names.STATION_DESCRIPTIONS),
        )

    # ---- departments --------------------------------------------------------------------

    def build_departments(self) -> None:
        assert self.city is not None
        departments: list[Department] = []
        for name in department_names():
            departments.append(
                Department(
                    name=name,
                    short_name=name.removeprefix("示范市")[:30],
                    kind=KIND_BY_NAME.get(name, DepartmentKind.GOVERNMENT),
                    area=self.city.area,
                    phone=self.office_phone(),
                )
            )
        for district in self.districts:
            government = (
                "高新区管理委员会" if district.name == "高新区" else f"{district.name}人民政府"
            )
            departments.append(
                Department(
                    name=government,
                    short_name=government,
                    kind=DepartmentKind.GOVERNMENT,
                    area=district.area,
                    phone=self.office_phone(),
                )
            )
        # Small: the first street of each old urban district has its street office;
        # large: every street and town.
        for district in self.districts:
            streets = (
                district.children
                if self.scale > 1
                else ([] if district.rural or district.name == "高新区" else district.children[:1])
            )
            for street in streets:
                office = f"{street.name}人民政府" if street.rural else f"{street.name}办事处"
                departments.append(
                    Department(
                        name=office,
                        short_name=office[:30],
                        kind=DepartmentKind.STREET_OFFICE,
                        area=street.area,
                        phone=self.office_phone(),
                    )
                )
        Department.objects.bulk_create(departments, batch_size=500)
        self.departments = departments
        if not Category.objects.exists():
            load_default_taxonomy()
        link_default_departments()

    # ---- accounts -----------------------------------------------------------------------

    def build_accounts(self) -> None:
        assert self.city is not None
        dh = self.districts[0]

        def named(username: str, role: str, display_name: str, **extra: Any) -> User:
            user = User(username=username, role=role, display_name=display_name, **extra)
            user.password = self.password_hash
            user.save()
            return user

        named("admin", Role.ADMIN, "系统管理员", is_superuser=True)
        named("committee", Role.COMMITTEE, "市人大常委会代表工委", jurisdiction=self.city.area)
        named("committee_dh", Role.COMMITTEE, "东湖区人大常委会代表工委", jurisdiction=dh.area)
        citizen = User(
            username="citizen",
            role=Role.CITIZEN,
            display_name="演示群众",
            phone=CITIZEN_PHONE,
            home_community=dh.children[0].children[0].area,
        )
        citizen.set_unusable_password()
        citizen.save()

        first_station = self.stations[0]
        named("station", Role.STATION_STAFF, f"{first_station.name}工作人员").stations.add(
            first_station
        )
        deputy_record = next(
            d for d in self.station_deputies[0] if d.status == DeputyStatus.SERVING
        )
        deputy_user = named("deputy", Role.DEPUTY, deputy_record.name)
        handler = named("handler", Role.DEPARTMENT, "住建局承办人")
        Department.objects.get(name=HANDLER_DEPARTMENT).handlers.add(handler)

        bulk: list[User] = []
        station_links: list[tuple[int, int]] = []  # (station index, user index)
        # One or two accounts per station and per department, counting `station` and
        # `handler` above.
        for i in range(1, len(self.stations) + 1):
            second = self.rng.random() < 0.3 and i > 1
            for suffix in ("", "b") if second else ("",):
                station_links.append((i - 1, len(bulk)))
                bulk.append(
                    self._bulk_user(
                        f"station{i:03d}{suffix}", Role.STATION_STAFF, self._staff_name()
                    )
                )
        department_links: list[tuple[int, int]] = []
        for i, department in enumerate(self.departments, start=1):
            second = self.rng.random() < 0.3 and department.name != HANDLER_DEPARTMENT
            for suffix in ("", "b") if second else ("",):
                department_links.append((i - 1, len(bulk)))
                bulk.append(
                    self._bulk_user(f"handler{i:03d}{suffix}", Role.DEPARTMENT, self._staff_name())
                )
        deputies = [
            p.deputy
            for p in self.planned
            if p.deputy.status == DeputyStatus.SERVING and p.deputy is not deputy_record
        ][: DEPUTY_ACCOUNTS_PER_SCALE * self.scale]
        first_deputy_user = len(bulk)
        for i, deputy in enumerate(deputies, start=1):
            bulk.append(self._bulk_user(f"deputy{i:03d}", Role.DEPUTY, deputy.name))

        User.objects.bulk_create(list(_progress(bulk, "账号", self.progress)), batch_size=500)
        staff = Station.staff.through
        staff.objects.bulk_create(
            [staff(station_id=self.stations[s].pk, user_id=bulk[u].pk) for s, u in station_links],
            batch_size=1000,
        )
        handlers = Department.handlers.through
        handlers.objects.bulk_create(
            [
                handlers(department_id=self.departments[d].pk, user_id=bulk[u].pk)
                for d, u in department_links
            ],
            batch_size=1000,
        )
        deputy_record.user = deputy_user
        for offset, deputy in enumerate(deputies):
            deputy.user = bulk[first_deputy_user + offset]
        Deputy.objects.bulk_update([deputy_record, *deputies], ["user"], batch_size=500)

    def _staff_name(self) -> str:
        return self.person_name(Gender.FEMALE if self.rng.random() < 0.55 else Gender.MALE)

    def _bulk_user(self, username: str, role: str, display_name: str) -> User:
        return User(
            username=username,
            role=role,
            display_name=display_name,
            password=self.password_hash,
            is_staff=False,
        )

    # ---- all of it ----------------------------------------------------------------------

    def build(self) -> None:
        steps = (
            ("行政区划", self.build_areas),
            ("代表", self.build_deputies),
            ("联络站", self.build_stations),
            ("承办单位", self.build_departments),
            ("账号", self.build_accounts),
        )
        for _, step in _progress(steps, "生成示范市", self.progress):
            step()


def generate_city(seed: int = 1, size: str = "small", progress: bool = False) -> dict[str, Any]:
    """Build the demo city into an empty database, in one transaction. Returns `summarize()`.
    Raises CityExistsError when areas already exist."""
    with transaction.atomic():
        if Area.objects.exists():
            raise CityExistsError
        CityBuilder(seed, size, progress).build()
        DemoCity.objects.create(seed=seed, size=size)
        enrol_demo_accounts()
    return summarize()


def enrol_demo_accounts() -> None:
    """An authenticator app for each demo account of a role that requires one, so the demo
    signs in at once: `manage.py demo_otp USERNAME` prints the code the app would show."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lianxi.accounts.second_factor import DEVICE_NAME, device_of

    for user in User.objects.filter(username__in=ENROLLED):
        if device_of(user) is None:
            TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def summarize() -> dict[str, Any]:
    """Counts of what the database holds and digests of the generated names, which are
    equal for equal seeds (they do not depend on primary keys)."""
    areas = Area.objects.order_by("code").values_list("code", "name")
    deputies = Deputy.objects.order_by().values_list(
        "name", "constituency__code", "level", "occupation", "birth_year", "bio"
    )
    stations = Station.objects.order_by().values_list("name", "address", "area__code")

    def digest(rows: Iterable[tuple[Any, ...]]) -> str:
        text = "\n".join("\t".join(str(v) for v in row) for row in sorted(rows))
        return hashlib.sha256(text.encode()).hexdigest()

    return {
        "districts": Area.objects.filter(level=AreaLevel.DISTRICT).count(),
        "streets": Area.objects.filter(level=AreaLevel.STREET).count(),
        "communities": Area.objects.filter(level=AreaLevel.COMMUNITY).count(),
        "deputies": Deputy.objects.count(),
        "stations": Station.objects.count(),
        "departments": Department.objects.count(),
        "categories": Category.objects.count(),
        "users": User.objects.count(),
        "area_digest": digest(areas),
        "deputy_digest": digest(deputies),
        "station_digest": digest(stations),
    }


ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("admin", "管理员", "全部数据、用户与系统设置（可进入 Django 管理后台）"),
    ("committee", "常委会工作人员", "示范市全市范围内的代表、联络站、诉求与统计"),
    ("committee_dh", "常委会工作人员", "仅东湖区范围内的代表、联络站与诉求"),
    ("station", "联络站工作人员", "东湖区人大代表之家的值班、接待与现场登记"),
    ("station001…", "联络站工作人员", "每个联络站（点）一个账号，只看本站"),
    ("deputy", "人大代表", "本人履职档案、所在联络站及交办给本人的诉求"),
    ("deputy001…", "人大代表", "前若干名代表各一个账号，只看本人"),
    ("handler", "承办单位", "示范市住房和城乡建设局收到的转办件"),
    ("handler001…", "承办单位", "每个承办单位一个账号，只看本单位"),
    ("citizen", "群众", "本人提交的诉求（手机号加验证码登录，无密码）"),
)


def _width(text: str) -> int:
    """Columns a terminal gives the text (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_accounts(stdout: TextIO | OutputWrapper) -> None:
    """The demo accounts, what each sees, and the shared password. No personal data."""
    rows = [("用户名", "角色", "可见范围"), *ACCOUNTS]
    first = max(_width(r[0]) for r in rows) + 2
    second = max(_width(r[1]) for r in rows) + 2
    lines = [
        "演示账号：",
        *(f"  {_pad(name, first)}{_pad(role, second)}{scope}" for name, role, scope in rows),
        f"  除 citizen 外所有账号的密码：{DEMO_PASSWORD}",
        "  第二步验证：常委会工作人员、承办单位和管理员输入密码后还要输入手机验证器 App 的 6 位动态码。",
        f"  演示账号（{'、'.join(ENROLLED)}）已绑定验证器；当前动态码用此命令查看：",
        "    .venv/bin/python manage.py demo_otp committee",
        "  （其他账号首次登录时扫码绑定；代表和联络站账号可在“我的资料”中自愿开启）",
        f"  citizen 用演示手机号 {CITIZEN_PHONE} 接收验证码登录（演示号码，非真实个人信息）",
        "  本地没有短信通道：验证码显示在本终端的 [SMS → …] 行，管理员也可在后台“待发消息”中查看",
    ]
    for line in lines:
        stdout.write(line + "\n")
