"""Demo data of the committee app, made after the city and its cases: a year of notices,
materials, trainings and activities (with invitations, answers, attendance, minutes and
contributions), so the deputy's inbox and calendar and the staff's lists are lived-in.

Rows are written with bulk_create in one transaction (docs/decisions/0004), followed by one
audit event `demo.generate_committee` with the seed and the counts."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.committee.demo import texts
from lianxi.committee.models import (
    Activity,
    ActivitySeries,
    Audience,
    Contribution,
    Course,
    Enrollment,
    Invitation,
    Material,
    MaterialDownload,
    Notice,
    NoticeRead,
    Outcome,
    SessionAttendance,
    TrainingSession,
)
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Deputy, Expertise


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.staff = User.objects.filter(role=Role.COMMITTEE, username="committee").first() or (
            User.objects.filter(role=Role.COMMITTEE).first()
        )
        city = Area.objects.filter(level=2).order_by("code").first()
        assert city is not None
        self.city = city
        self.districts = list(Area.objects.filter(level=3, prefix__startswith=city.prefix))
        self.deputies = list(
            Deputy.objects.filter(status="serving").values_list(
                "pk", "level", "constituency__prefix"
            )
        )
        self.expertise = {e.name: e for e in Expertise.objects.all()}
        through = Deputy.expertise.through
        self.deputy_fields: dict[int, set[int]] = {}
        for deputy_id, expertise_id in through.objects.values_list("deputy_id", "expertise_id"):
            self.deputy_fields.setdefault(deputy_id, set()).add(expertise_id)
        demo_deputy = User.objects.filter(username="deputy", role=Role.DEPUTY).first()
        record = Deputy.objects.filter(user=demo_deputy).first() if demo_deputy else None
        self.demo_deputy_id = record.pk if record else None
        self.counts: dict[str, int] = {}

    def moment(self, day: Any, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def weekday(self, day: Any) -> Any:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    # ------------------------------------------------------------ audiences

    def audiences(self, n: int) -> list[tuple[Audience, list[int], list[int]]]:
        """n audiences of mixed kinds; (audience, area ids, expertise ids) before saving M2M."""
        out = []
        names = list(self.expertise)
        for _ in range(n):
            roll = self.rng.random()
            audience = Audience()
            areas: list[int] = []
            fields: list[int] = []
            if roll < 0.4 or not names:
                audience.everyone = True
            elif roll < 0.6:
                audience.set_lists(levels=["municipal"], delegations=[], sectors=[])
                audience.has_criteria = True
            elif roll < 0.85:
                fields = [self.expertise[self.rng.choice(names)].pk]
                audience.has_criteria = True
                if self.rng.random() < 0.5:
                    audience.set_lists(levels=["municipal"], delegations=[], sectors=[])
            else:
                areas = [self.rng.choice(self.districts).pk] if self.districts else []
                audience.has_criteria = bool(areas)
                audience.everyone = not areas
            out.append((audience, areas, fields))
        Audience.objects.bulk_create([a for a, _, _ in out])
        Audience.areas.through.objects.bulk_create(
            [Audience.areas.through(audience_id=a.pk, area_id=x) for a, xs, _ in out for x in xs]
        )
        Audience.expertise.through.objects.bulk_create(
            [
                Audience.expertise.through(audience_id=a.pk, expertise_id=x)
                for a, _, xs in out
                for x in xs
            ]
        )
        return out

    def reached(self, audience: Audience, areas: list[int], fields: list[int]) -> list[int]:
        if audience.everyone:
            return [d for d, _, _ in self.deputies]
        prefixes = list(Area.objects.filter(pk__in=areas).values_list("prefix", flat=True))
        levels = audience.level_list
        return [
            pk
            for pk, level, prefix in self.deputies
            if (not levels or level in levels)
            and (not prefixes or any(prefix.startswith(p) for p in prefixes))
            and (not fields or self.deputy_fields.get(pk, set()) & set(fields))
        ]

    # ------------------------------------------------------------ notices, materials

    def notices(self) -> None:
        audiences = self.audiences(40)
        notices: list[Notice] = []
        for i, (audience, _a, _f) in enumerate(audiences):
            kind, title, must = texts.NOTICES[i % len(texts.NOTICES)]
            when = self.now - timedelta(days=int(365 * (1 - i / len(audiences))) - 1)
            published: datetime | None = when
            publish_at: datetime | None = None
            status = "published"
            if i >= len(audiences) - 2:
                status, published = "scheduled", None
                publish_at = self.now + timedelta(days=3 + i % 5, hours=1)
            notices.append(
                Notice(
                    kind=kind,
                    title=title.format(n=30 + i // 3, year=when.year)[:120],
                    body=texts.NOTICE_BODY,
                    area=self.city,
                    audience=audience,
                    must_confirm=must,
                    status=status,
                    publish_at=publish_at,
                    published_at=published,
                    created_by=self.staff,
                )
            )
        Notice.objects.bulk_create(notices)
        for n in notices:
            n.created_at = n.published_at or self.now
        Notice.objects.bulk_update(notices, ["created_at"])
        reads: list[NoticeRead] = []
        for notice, (audience, areas, fields) in zip(notices, audiences, strict=True):
            if notice.status != "published" or notice.published_at is None:
                continue
            age = (self.now - notice.published_at).days
            share = 0.3 if age < 5 else 0.85
            for deputy_id in self.reached(audience, areas, fields):
                if deputy_id == self.demo_deputy_id and age < 40:
                    continue  # leave a few for the demo deputy's inbox
                if self.rng.random() < share:
                    read = notice.published_at + timedelta(hours=self.rng.randint(1, 72))
                    confirmed = read if notice.must_confirm and self.rng.random() < 0.9 else None
                    reads.append(
                        NoticeRead(
                            notice=notice, deputy_id=deputy_id, read_at=read, confirmed_at=confirmed
                        )
                    )
        NoticeRead.objects.bulk_create(reads, batch_size=2000)
        self.counts["通报与工作动态"] = len(notices)
        self.counts["阅读回执"] = len(reads)

    def materials(self) -> None:
        audiences = self.audiences(len(texts.MATERIALS))
        items = []
        for (kind, title, tags), (audience, _a, _f) in zip(texts.MATERIALS, audiences, strict=True):
            items.append(
                Material(
                    kind=kind,
                    title=title.format(year=self.today.year - 1),
                    description="供代表履职学习和调研参考。",
                    tags=tags,
                    link="https://www.npc.gov.cn/",
                    area=self.city,
                    audience=audience,
                    created_by=self.staff,
                )
            )
        Material.objects.bulk_create(items)
        for i, item in enumerate(items):
            item.created_at = self.now - timedelta(days=300 - i * 20)
        Material.objects.bulk_update(items, ["created_at"])
        users = list(
            Deputy.objects.filter(user__isnull=False).values_list("user_id", flat=True)[:300]
        )
        downloads = [
            MaterialDownload(material=m, user_id=u)
            for m in items
            for u in self.rng.sample(users, min(len(users), self.rng.randint(3, 25)))
        ]
        MaterialDownload.objects.bulk_create(downloads)
        self.counts["资料"] = len(items)
        self.counts["资料下载"] = len(downloads)

    # ------------------------------------------------------------ trainings

    def trainings(self) -> None:
        audiences = self.audiences(len(texts.COURSES))
        courses, sessions = [], []
        for i, ((kind, title, required, parts), (audience, _a, _f)) in enumerate(
            zip(texts.COURSES, audiences, strict=True)
        ):
            course = Course(
                kind=kind,
                title=title,
                description="由市人大常委会代表工作委员会组织。",
                required=required,
                area=self.city,
                audience=audience,
                created_by=self.staff,
            )
            courses.append(course)
            start = self.today - timedelta(days=300 - i * 62)
            for j, part in enumerate(parts):
                day = self.weekday(start + timedelta(days=7 * j))
                sessions.append(
                    (
                        i,
                        TrainingSession(
                            title=part,
                            starts_at=self.moment(day, 9),
                            ends_at=self.moment(day, 11, 30),
                            place="市委党校报告厅" if j % 2 == 0 else "",
                            online_link="" if j % 2 == 0 else "https://meeting.example.cn/npc",
                            lecturer=self.rng.choice(texts.LECTURERS),
                            checkin_token=secrets.token_urlsafe(18),
                        ),
                    )
                )
        Course.objects.bulk_create(courses)
        for i, session in sessions:
            session.course = courses[i]
        TrainingSession.objects.bulk_create([s for _, s in sessions])
        enrollments, attendance = [], []
        for i, (course, (audience, areas, fields)) in enumerate(
            zip(courses, audiences, strict=True)
        ):
            pool = self.reached(audience, areas, fields)
            takers = pool if course.required else self.rng.sample(pool, len(pool) // 3)
            course_sessions = [s for k, s in sessions if k == i]
            for deputy_id in takers:
                done = 0
                for session in course_sessions:
                    if session.ends_at < self.now and self.rng.random() < 0.85:
                        method = "qr" if self.rng.random() < 0.7 else "staff"
                        rating = (
                            self.rng.choice([3, 4, 4, 5, 5]) if self.rng.random() < 0.4 else None
                        )
                        attendance.append(
                            SessionAttendance(
                                session=session,
                                deputy_id=deputy_id,
                                method=method,
                                rating=rating,
                                feedback="内容实用，案例丰富。" if rating and rating >= 4 else "",
                                feedback_at=session.ends_at if rating else None,
                            )
                        )
                        done += 1
                complete = done == len(course_sessions)
                enrollments.append(
                    Enrollment(
                        course=course,
                        deputy_id=deputy_id,
                        completed_at=course_sessions[-1].ends_at if complete else None,
                    )
                )
        Enrollment.objects.bulk_create(enrollments, batch_size=2000)
        SessionAttendance.objects.bulk_create(attendance, batch_size=2000)
        self.counts["培训课程"] = len(courses)
        self.counts["培训课次"] = len(sessions)
        self.counts["培训签到"] = len(attendance)

    # ------------------------------------------------------------ activities

    def activities(self) -> None:
        kinds = list(texts.ACTIVITIES)
        planned: list[tuple[Activity, list[int]]] = []
        series = ActivitySeries.objects.create(
            title="常委会组成人员联系代表季度座谈会",
            kind="symposium",
            recurrence="quarterly",
            area=self.city,
        )
        by_name = {name: e.pk for name, e in self.expertise.items()}
        for i in range(60):
            offset = -340 + i * 7  # a year back, a couple of months ahead
            kind = kinds[i % len(kinds)]
            title, topic = texts.ACTIVITIES[kind][(i // len(kinds)) % len(texts.ACTIVITIES[kind])]
            day = self.weekday(self.today + timedelta(days=offset))
            start = self.moment(day, 9 if i % 2 else 14, 30)
            fields = [by_name[w] for w in topic.split() if w in by_name]
            activity = Activity(
                kind=kind,
                title=title,
                topic=topic.split(" ", 1)[-1],
                agenda="一、听取有关部门情况汇报\n二、实地察看\n三、代表座谈发言",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                place=self.rng.choice(texts.PLACES),
                capacity=self.rng.choice([10, 12, 15, 20]),
                area=self.city,
                level="municipal" if i % 3 == 0 else "",
                status="done" if start < self.now else "open",
                created_by=self.staff,
            )
            planned.append((activity, fields))
        for q in range(4):
            day = self.weekday(
                self.today.replace(day=1) - timedelta(days=270) + timedelta(days=91 * q)
            )
            start = self.moment(day, 14, 30)
            planned.append(
                (
                    Activity(
                        kind="symposium",
                        title=f"{series.title}（{q + 1}/4）",
                        topic="听取代表对常委会工作的意见建议",
                        agenda="一、通报常委会近期工作\n二、代表发言",
                        starts_at=start,
                        ends_at=start + timedelta(hours=2),
                        place="市人大常委会第一会议室",
                        capacity=20,
                        area=self.city,
                        series=series,
                        status="done" if start < self.now else "open",
                        created_by=self.staff,
                    ),
                    [],
                )
            )
        Activity.objects.bulk_create([a for a, _ in planned])
        Activity.expertise.through.objects.bulk_create(
            [
                Activity.expertise.through(activity_id=a.pk, expertise_id=f)
                for a, fields in planned
                for f in fields
            ]
        )
        invitations: list[Invitation] = []
        contributions: list[Contribution] = []
        outcomes: list[Outcome] = []
        deputy_ids = [d for d, _, _ in self.deputies]
        load: dict[int, int] = {}
        for activity, fields in planned:
            matched = [d for d in deputy_ids if self.deputy_fields.get(d, set()) & set(fields)]
            pool = matched if len(matched) >= activity.capacity else deputy_ids
            # favour those asked least, as the suggestion does
            candidates = sorted(
                self.rng.sample(pool, min(len(pool), activity.capacity * 3)),
                key=lambda d: load.get(d, 0),
            )[: activity.capacity + 3]
            if (
                self.demo_deputy_id
                and activity.starts_at > self.now - timedelta(days=120)
                and self.demo_deputy_id not in candidates
                and self.rng.random() < 0.5
            ):
                candidates[-1] = self.demo_deputy_id
            past = activity.starts_at < self.now
            accepted = 0
            for deputy_id in candidates:
                load[deputy_id] = load.get(deputy_id, 0) + 1
                roll = self.rng.random()
                if not past and (roll < 0.35 or deputy_id == self.demo_deputy_id):
                    status, reason = "invited", ""
                elif roll < 0.8 and accepted < activity.capacity:
                    status, reason = "accepted", ""
                    accepted += 1
                else:
                    status, reason = "declined", self.rng.choice(texts.DECLINE_REASONS)
                attended = (status == "accepted" and self.rng.random() < 0.92) if past else None
                invitations.append(
                    Invitation(
                        activity=activity,
                        deputy_id=deputy_id,
                        status=status,
                        reason=reason,
                        responded_at=None
                        if status == "invited"
                        else activity.starts_at - timedelta(days=3),
                        attended=attended,
                    )
                )
                if attended and self.rng.random() < 0.5:
                    contributions.append(
                        Contribution(
                            activity=activity,
                            deputy_id=deputy_id,
                            kind="speech" if self.rng.random() < 0.7 else "written",
                            text=self.rng.choice(texts.SPEECHES),
                        )
                    )
            if past:
                activity.minutes = (
                    f"{activity.title}于{timezone.localtime(activity.starts_at):%Y年%m月%d日}举行。"
                    "会议听取了有关部门情况汇报，与会代表围绕主题踊跃发言，提出了意见建议。"
                )
                outcomes.append(Outcome(activity=activity, text=self.rng.choice(texts.OUTCOMES)))
        Activity.objects.bulk_update([a for a, _ in planned], ["minutes"])
        Invitation.objects.bulk_create(invitations, batch_size=2000)
        for inv in invitations:
            inv.invited_at = inv.activity.starts_at - timedelta(days=10)
        Invitation.objects.bulk_update(invitations, ["invited_at"], batch_size=2000)
        Contribution.objects.bulk_create(contributions, batch_size=2000)
        Outcome.objects.bulk_create(outcomes)
        self.counts["联系代表活动"] = len(planned)
        self.counts["活动邀请"] = len(invitations)
        self.counts["代表发言与书面意见"] = len(contributions)


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    if Notice.objects.exists() or not Deputy.objects.exists():
        return {}
    with transaction.atomic():
        maker = _Maker(seed)
        maker.notices()
        maker.materials()
        maker.trainings()
        maker.activities()
        log(None, "demo.generate_committee", None, {"seed": seed, "counts": maker.counts})
    return maker.counts
