"""Demo data of the liaison app, made after the city and its cases: a year of weekly duty
(one pattern per station), reception days, attendance, receptions with the station's walk-in
cases linked, visits (most approved, some waiting for review), liaison rules for the year, and
a few deputies clearly behind on them.

Rows are written with bulk_create in one transaction (docs/decisions/0004), followed by one
audit event `demo.generate_liaison` with the seed and the counts."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.choices import CongressLevel
from lianxi.directory.models import Area, Deputy, Station
from lianxi.liaison.choices import Attendance, ShiftKind, VisitMethod, VisitStatus
from lianxi.liaison.models import (
    Booking,
    Duty,
    DutyPattern,
    LiaisonRule,
    Reception,
    Shift,
    StationPhoto,
    Visit,
)

ABSENCE_REASONS = ["参加人代会专题调研", "因病请假", "单位紧急工作", "外出学习培训"]
MATTERS = [
    "老旧小区加装电梯",
    "背街小巷路面破损",
    "社区养老服务",
    "农贸市场环境卫生",
    "停车难问题",
    "学校周边交通安全",
    "垃圾分类设施不足",
    "供暖不达标",
]
PEOPLE = [
    "社区居民代表",
    "楼栋长和居民",
    "村两委成员和村民",
    "个体工商户",
    "退休职工",
    "外来务工人员",
]


ROTA_AHEAD_DAYS = 28


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    rng = random.Random(seed + 4)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    year_ago = today - timedelta(days=365)
    stations = list(Station.objects.filter(is_active=True).prefetch_related("deputies"))
    with transaction.atomic():
        rules = [
            LiaisonRule(
                level=level,
                year=year,
                min_visits=4 if level != "township" else 6,
                min_people_per_visit=5,
                min_shifts=6 if level in {"county", "township"} else 0,
                max_answer_workdays=5,
                min_trainings=1,
            )
            for level in CongressLevel.values
            # Every year the demo's data covers: from a year ago to the end of the rota.
            for year in range(year_ago.year, (today + timedelta(days=ROTA_AHEAD_DAYS)).year + 1)
        ]
        LiaisonRule.objects.bulk_create(rules, ignore_conflicts=True)
        everyone = list(Deputy.objects.filter(status="serving").select_related("constituency"))
        behind = {d.pk for d in everyone if rng.random() < 0.12}
        patterns, shifts, duty_rows = [], [], []
        for station in stations:
            deputies = [d for d in station.deputies.all() if d.status == "serving"]
            if not deputies:
                continue
            weekday = rng.randint(0, 4)
            pattern = DutyPattern(
                station=station,
                weekday=weekday,
                start_time=time(9),
                end_time=time(11, 30),
                capacity=rng.choice([6, 8, 10]),
                valid_from=year_ago,
            )
            patterns.append((pattern, deputies))
        DutyPattern.objects.bulk_create([p for p, _d in patterns])
        for pattern, deputies in patterns:
            pattern.deputies.set(deputies[:2])
            day = year_ago + timedelta(days=(pattern.weekday - year_ago.weekday()) % 7)
            index = 0
            while day <= today + timedelta(days=ROTA_AHEAD_DAYS):
                on_duty = [
                    deputies[(index + k) % len(deputies)] for k in range(min(2, len(deputies)))
                ]
                shifts.append(
                    (
                        Shift(
                            station=pattern.station,
                            kind=ShiftKind.REGULAR,
                            starts_at=_at(day, 9),
                            ends_at=_at(day, 11, 30),
                            pattern=pattern,
                            capacity=pattern.capacity,
                        ),
                        on_duty,
                    )
                )
                if day.day <= 7 and day.month % 2 == 1:  # a reception day in odd months
                    reception_day = day + timedelta(days=1)
                    shifts.append(
                        (
                            Shift(
                                station=pattern.station,
                                kind=ShiftKind.RECEPTION_DAY,
                                title="代表集中接待日",
                                starts_at=_at(reception_day, 14),
                                ends_at=_at(reception_day, 17),
                                capacity=20,
                            ),
                            deputies[:4],
                        )
                    )
                day += timedelta(weeks=1)
                index += 1
        Shift.objects.bulk_create([s for s, _d in shifts], batch_size=2000)
        now = timezone.now()
        for shift, on_duty in shifts:
            past = shift.ends_at < now
            for deputy in on_duty:
                attendance, reason = Attendance.PENDING, ""
                if past:
                    absent = rng.random() < (0.8 if deputy.pk in behind else 0.08)
                    attendance = Attendance.ABSENT if absent else Attendance.ATTENDED
                    reason = rng.choice(ABSENCE_REASONS) if absent else ""
                duty_rows.append(
                    Duty(shift=shift, deputy=deputy, attendance=attendance, absence_reason=reason)
                )
        Duty.objects.bulk_create(duty_rows, batch_size=5000, ignore_conflicts=True)
        # Receptions of past shifts; the station's walk-in cases of that day are linked.
        receptions, bookings = [], []
        past_shifts = [s for s, _d in shifts if s.ends_at < now]
        for shift in past_shifts:
            people = rng.randint(0, shift.capacity)
            receptions.append(
                Reception(
                    shift=shift,
                    people_received=people + rng.randint(0, 3),
                    matters="；".join(rng.sample(MATTERS, 2)),
                    minutes="接待群众，逐一登记诉求，现场答复或转交办理。",
                )
            )
        Reception.objects.bulk_create(receptions, batch_size=2000)
        walkins = Case.objects.filter(channel="station", station__isnull=False).values_list(
            "pk", "station_id", "submitted_at"
        )
        by_station_day = {
            (r.shift.station_id, timezone.localdate(r.shift.starts_at)): r for r in receptions
        }
        links = []
        Through = Reception.cases.through
        for case_id, station_id, submitted in walkins:
            reception = by_station_day.get((station_id, timezone.localdate(submitted)))
            if reception is not None:
                links.append(Through(reception_id=reception.pk, case_id=case_id))
        Through.objects.bulk_create(links, ignore_conflicts=True)
        for shift, _d in shifts:
            if shift.ends_at >= now and rng.random() < 0.5:
                n = rng.randint(1, max(1, shift.capacity // 2))
                for i in range(n):
                    bookings.append(
                        Booking(
                            shift=shift,
                            name=f"市民{i + 1}",
                            phone=f"137{rng.randint(10**7, 10**8 - 1)}",
                        )
                    )
                shift.booked = n
        Booking.objects.bulk_create(bookings, batch_size=2000)
        Shift.objects.bulk_update([s for s, _d in shifts if s.booked], ["booked"], batch_size=2000)
        # Visits: most deputies 4–8 a year, the ones behind 0–1.
        communities: dict[str, list[int]] = {}
        for pk, prefix in Area.objects.filter(level=5).values_list("pk", "prefix"):
            communities.setdefault(prefix[:6], []).append(pk)
        visits, visit_deputies = [], []
        Member = Visit.deputies.through
        for deputy in everyone:
            pool = communities.get(deputy.constituency.prefix[:6]) or next(
                iter(communities.values())
            )
            count = rng.randint(0, 1) if deputy.pk in behind else rng.randint(4, 8)
            for _i in range(count):
                day = today - timedelta(days=rng.randint(1, 360))
                status = (
                    VisitStatus.SUBMITTED
                    if day > today - timedelta(days=20)
                    else VisitStatus.APPROVED
                )
                visits.append(
                    Visit(
                        author=deputy,
                        date=day,
                        community_id=rng.choice(pool),
                        method=rng.choice(VisitMethod.values),
                        people_met=rng.randint(3, 30),
                        people_note=rng.choice(PEOPLE),
                        matters="；".join(rng.sample(MATTERS, 2)),
                        status=status,
                    )
                )
        Visit.objects.bulk_create(visits, batch_size=2000)
        for visit in visits:
            visit_deputies.append(Member(visit_id=visit.pk, deputy_id=visit.author_id))
        Member.objects.bulk_create(visit_deputies, batch_size=5000)
        photos = _station_photos(stations, rng)
        counts = {
            "值班排班模式": len(patterns),
            "值班班次": len(shifts),
            "代表值班记录": len(duty_rows),
            "接待记录": len(receptions),
            "预约": len(bookings),
            "走访记录": len(visits),
            "履职落后的代表": len(behind),
            "联络站照片": photos,
        }
        log(None, "demo.generate_liaison", None, {"seed": seed, **counts})
    return counts


PHOTO_STATIONS = 24  # the first stations (by id) get photos; the rest show none, as in life


def _station_photos(stations: list[Station], rng: random.Random) -> int:
    """Photos drawn by demo/photos.py (the front; every other station its reception room
    too), saved as staff would upload them."""
    from django.core.files.base import ContentFile

    from lianxi.liaison.demo import photos
    from lianxi.lib.files import check_bytes

    made = 0
    for i, station in enumerate(sorted(stations, key=lambda s: s.pk)[:PHOTO_STATIONS]):
        shots = [("front", photos.front(station.name, rng), "")]
        if i % 2 == 0:
            shots.append(("room", photos.room(station.name, rng), "接待室"))
        for kind, data, caption in shots:
            checked = check_bytes(f"{kind}.jpg", data)
            photo = StationPhoto(
                station=station,
                content_type=checked.content_type,
                sha256=checked.sha256,
                caption=caption or station.address[:60],
            )
            photo.file.save(checked.sha256[:24] + checked.extension, ContentFile(data), save=False)
            photo.save()
            made += 1
    return made
