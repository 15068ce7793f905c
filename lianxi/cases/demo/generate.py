"""Generate the demo city's cases by driving the real case actions.

Every step is the action a real user would take (`lianxi.cases.actions`), acting as the right
demo account (committee staff, the deputy's own account, the department's handler, the
citizen), so the ledger, timeline, audit trail and outbox are what real use produces. The
actions stamp everything with the current time; afterwards the case timestamps (cases,
timeline steps, referrals, ratings, outbox rows) are moved into the past with bulk updates, so
the cases spread over the last twelve months. Audit events are append-only and keep the time
they were really written.

Choices are drawn from `random.Random(seed)`; only the query codes (made by `secrets` inside
`submit_case`) differ between two runs with one seed.
"""

from __future__ import annotations

import bisect
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from unittest import mock

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import CharField, Max, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from tqdm import tqdm

from lianxi.accounts.models import User
from lianxi.cases import actions, appeals, publish
from lianxi.cases.actions import Intake, query_code_hash
from lianxi.cases.demo import texts
from lianxi.cases.demo.templates import make_templates
from lianxi.cases.models import Case, CaseEvent, OutOfScopeRule, Rating, Referral
from lianxi.core.choices import Role
from lianxi.core.workdays import add_workdays
from lianxi.directory.demo import names
from lianxi.directory.models import Area, Category, Department, Deputy, Station
from lianxi.lib.crypto import keyed_hash
from lianxi.notifications import tasks as notification_tasks
from lianxi.notifications.models import OutboxMessage

DAY = timedelta(days=1)
NOT_DELIVERED = "demo data: not delivered"

# scenario → weight. Each scenario is a path through the state machine (see `_steps`).
SCENARIOS: dict[str, int] = {
    "submitted": 4,
    "declined": 3,
    "merged": 2,
    "assigned": 5,
    "referred": 5,
    "returned": 2,
    "rerouted": 2,
    "in_progress": 8,
    "answered": 4,
    "reported": 4,
    "reported_direct": 2,
    "closed_solved": 24,
    "closed_direct": 11,
    "closed_not_solved": 6,
    "closed_unrated": 9,
    "closed_unrated_direct": 3,
    "reopened": 2,
    "reopened_closed": 2,
}
# Scenarios in which the citizen rates: only a citizen's own account may (policies.py), so
# these are filed online by a signed-in citizen.
RATED = {
    "closed_solved",
    "closed_direct",
    "closed_not_solved",
    "reopened",
    "reopened_closed",
    "rerouted",
}
# Open at the end: how long ago (days) the last step was, (low, high); overdue ones go older.
WAITING: dict[str, tuple[float, float]] = {
    "submitted": (0.05, 3),
    "assigned": (0.2, 12),
    "reopened": (0.5, 10),
    "referred": (0.2, 3),
    "returned": (0.2, 2),
    "in_progress": (0.5, 15),
    "answered": (0.2, 5),
    "reported": (0.1, 6.5),
    "reported_direct": (0.1, 6.5),
}
OVERDUE_SHARE = 0.3
CHANNELS = (("online", 55), ("station", 20), ("deputy", 12), ("hotline", 13))
PLACE_ANY, PLACE_RURAL, PLACE_BUILDING, PLACE_ROAD = "any", "rural", "building", "road"
KINDS = (("complaint", 35), ("opinion", 20), ("suggestion", 20), ("help", 15), ("inquiry", 10))


@dataclass
class Made:
    """A generated case, as the generator remembers it."""

    case: Case
    t0: datetime
    category: Category
    community: Area | None
    issue: str


@dataclass
class Context:
    committee: User
    citizen: User
    deputies: list[Deputy]
    deputy_communities: dict[int, list[Area]]
    deputy_station: dict[int, Station | None]
    station_staff: dict[int, User]
    categories: list[Category]
    handler: dict[int, User]
    co_departments: dict[int, list[Department]]
    district_government: dict[str, Department]
    rules: list[OutOfScopeRule]
    pool: list[User] = field(default_factory=list)


class CaseGenerator:
    def __init__(self, seed: int, count: int, progress: bool = False) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.count = count
        self.progress = progress
        self.now = timezone.now()
        self.real_marks: list[datetime] = []
        self.sim_marks: list[datetime] = []
        self.codes: dict[int, str] = {}
        self.made: list[Made] = []
        self.scenario_counts: dict[str, int] = {}
        self._workday_cache: dict[tuple[date, int], date] = {}

    # ---- setup ------------------------------------------------------------------------

    def load(self) -> Context:
        committee = User.objects.get(username="committee")
        citizen = User.objects.get(username="citizen")
        deputies = list(
            Deputy.objects.filter(user__isnull=False, status="serving", user__is_active=True)
            .select_related("user", "constituency")
            .prefetch_related("stations__communities")
            .order_by("id")
        )
        if not deputies:
            raise RuntimeError("the demo city has no deputies with accounts")
        communities_by_prefix = list(Area.objects.filter(level=5).order_by("code"))
        deputy_communities: dict[int, list[Area]] = {}
        deputy_station: dict[int, Station | None] = {}
        for deputy in deputies:
            stations = [s for s in deputy.stations.all() if s.is_active]
            deputy_station[deputy.pk] = stations[0] if stations else None
            found = [c for s in stations for c in s.communities.all()]
            if not found:
                prefix = deputy.constituency.prefix if deputy.constituency else ""
                found = [c for c in communities_by_prefix if c.prefix.startswith(prefix)]
            deputy_communities[deputy.pk] = found or communities_by_prefix
        station_staff: dict[int, User] = {}
        for station in Station.objects.prefetch_related("staff").order_by("id"):
            staff = [u for u in station.staff.all() if u.is_active]
            if staff:
                station_staff[station.pk] = min(staff, key=lambda u: u.pk)
        categories = list(
            Category.objects.filter(level=2, is_active=True, default_department__isnull=False)
            .select_related("default_department", "parent")
            .order_by("code")
        )
        handler: dict[int, User] = {}
        handled_by: dict[int, list[Department]] = {}
        for department in Department.objects.filter(is_active=True).prefetch_related(
            "handlers", "categories"
        ):
            users = [u for u in department.handlers.all() if u.is_active]
            if users:
                handler[department.pk] = min(users, key=lambda u: u.pk)
                for category in department.categories.all():
                    handled_by.setdefault(category.pk, []).append(department)
        categories = [
            c for c in categories if c.code in texts.PROBLEMS and c.default_department_id in handler
        ]
        co_departments = {
            c.pk: [d for d in handled_by.get(c.pk, []) if d.pk != c.default_department_id]
            for c in categories
        }
        district_government: dict[str, Department] = {}
        for department in Department.objects.filter(
            area__level=3, kind="government", is_active=True
        ).select_related("area"):
            if department.pk in handler:
                district_government[department.area.prefix] = department
        rules = list(OutOfScopeRule.objects.filter(is_active=True).order_by("name"))
        return Context(
            committee=committee,
            citizen=citizen,
            deputies=deputies,
            deputy_communities=deputy_communities,
            deputy_station=deputy_station,
            station_staff=station_staff,
            categories=categories,
            handler=handler,
            co_departments=co_departments,
            district_government=district_government,
            rules=rules,
        )

    def make_citizens(self, ctx: Context, how_many: int) -> None:
        """Citizens who signed in with a phone number (as `verify_login_code` creates them)."""
        unusable = make_password(None)
        taken = set(User.objects.exclude(phone="").values_list("phone", flat=True))
        users: list[User] = []
        while len(users) < how_many:
            phone = self.mobile()
            if phone in taken:
                continue
            taken.add(phone)
            users.append(
                User(
                    username=f"citizen-{self.rng.getrandbits(40):010x}",
                    role=Role.CITIZEN,
                    phone=phone,
                    phone_hash=keyed_hash(phone, "phone"),
                    password=unusable,
                )
            )
        User.objects.bulk_create(users, batch_size=500)
        ctx.pool = users

    # ---- text ---------------------------------------------------------------------------

    def mobile(self) -> str:
        prefix = self.rng.choice(("13", "15", "18", "17", "19"))
        return prefix + str(self.rng.randint(0, 9)) + f"{self.rng.randint(0, 99_999_999):08d}"

    def person_name(self) -> str:
        surnames, weights = zip(*names.SURNAMES, strict=True)
        surname = self.rng.choices(surnames, weights)[0]
        chars = names.GIVEN_FEMALE if self.rng.random() < 0.5 else names.GIVEN_MALE
        length = 1 if self.rng.random() < 0.3 else 2
        return surname + "".join(self.rng.choice(chars) for _ in range(length))

    def road(self) -> str:
        rng = self.rng
        return (
            rng.choice(names.STREET_FIRST)
            + rng.choice(names.STREET_SECOND)
            + rng.choice(texts.ROAD_SUFFIXES)
        )

    def place(self, community: Area | None, where: str = PLACE_ANY) -> str:
        """A place in `community` of the kind the problem happens at (texts.place_kind): a
        block of flats for a lift, a road for a street light, a village group for farmland."""
        rng = self.rng
        name = community.name if community else self.road().removesuffix("路") + "小区"
        village = name.endswith("村")
        if where == PLACE_RURAL or (village and where == PLACE_BUILDING):
            return f"{name}{rng.randint(1, 12)}组" if village else f"{name}周边"
        roll = rng.random()
        if where == PLACE_BUILDING:
            roll = 0.45
        elif where == PLACE_ROAD:
            roll = 0.1 if roll < 0.6 else 0.9
        if roll < 0.3:
            first, second = self.road(), self.road()
            while second == first:
                second = self.road()
            return f"{first}与{second}交叉口"
        if roll < 0.6:
            if village:
                return f"{name}{rng.randint(1, 12)}组"
            return f"{name}{rng.randint(1, 28)}栋{rng.randint(1, 6)}单元"
        if roll < 0.8:
            return f"{name}{rng.choice(texts.SHOPS)}附近"
        return f"{self.road()}{rng.randint(1, 399)}号"

    def compose(self, category: Category, community: Area | None) -> tuple[str, str, str, str]:
        """(kind, title, content, issue) for one matter."""
        rng = self.rng
        problems = texts.PROBLEMS[category.code]
        village = community is not None and community.name.endswith("村")
        if not village:  # farmland, village roads and the like happen only in villages
            problems = tuple(
                p for p in problems if texts.place_kind(category.code, *p) != PLACE_RURAL
            )
            problems = problems or texts.PROBLEMS[category.code]
        issue, detail = rng.choice(problems)
        place = self.place(community, texts.place_kind(category.code, issue, detail))
        community_name = community.name if community else "本市"
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        if issue.startswith("建议"):
            kind = "suggestion"
        elif "咨询" in issue:
            kind = "inquiry"
        title = issue
        if rng.random() < 0.55 or len(title) < 8:
            title = community_name + issue
        if len(title) > 30:
            title = issue
        if len(title) < 8:
            title = f"关于{title}的问题"
        parts = [
            rng.choice(texts.OPENINGS).format(community=community_name),
            detail.format(place=place),
            "，",
            rng.choice(texts.DURATIONS),
            "，",
        ]
        impact = rng.choice(texts.IMPACTS)
        if impact:
            parts += [impact, "。"]
        else:
            parts[-1] = "。"
        attempt = rng.choice(texts.ATTEMPTS)
        if attempt:
            parts += [attempt, "。"]
        parts += [rng.choice(texts.REQUESTS), "。"]
        content = "".join(parts)
        if len(content) < 40:
            content += f"具体位置在{place}，联系方式已留，随时可以核实。"
        return kind, title[:30], content[:400], issue

    # ---- time ---------------------------------------------------------------------------

    def mark(self, sim: datetime) -> None:
        """Everything written from now until the next mark happened, in the story, at `sim`."""
        self.real_marks.append(timezone.now())
        self.sim_marks.append(sim)

    def shift(self, real: datetime | None) -> datetime | None:
        if real is None or not self.real_marks or real < self.real_marks[0]:
            return real
        i = bisect.bisect_right(self.real_marks, real) - 1
        return self.sim_marks[i] + (real - self.real_marks[i])

    def workdays(self, start: date, days: int) -> date:
        key = (start, days)
        if key not in self._workday_cache:
            self._workday_cache[key] = add_workdays(start, days)
        return self._workday_cache[key]

    # ---- one case -----------------------------------------------------------------------

    def _steps(self, scenario: str, limit: int) -> list[tuple[str, float]]:
        """The actions of `scenario` after intake, with the days each takes."""
        u = self.rng.uniform
        accept = [("accept", u(0.1, 3))]
        refer = [("refer", u(0.5, 4))]
        handled = [("dept_accept", u(0.2, 3)), ("dept_answer", u(1, limit * 1.6))]
        report = [("report_back", u(0.3, 4))]
        reply = [("reply", u(0.5, 6))]
        rate = [("rate", u(0.2, 6))]
        unrated = [("close_unrated", u(7.05, 8))]
        through = accept + refer + handled + report
        paths: dict[str, list[tuple[str, float]]] = {
            "submitted": [],
            "declined": [("decline", u(0.2, 3))],
            "merged": [],
            "assigned": accept,
            "referred": accept + refer,
            "returned": [*accept, *refer, ("dept_return", u(0.2, 2.5))],
            "rerouted": [
                *accept,
                *refer,
                ("dept_return", u(0.2, 2.5)),
                ("reroute", u(0.5, 3)),
                *handled,
                *report,
                *rate,
            ],
            "in_progress": [*accept, *refer, ("dept_accept", u(0.2, 3))],
            "answered": accept + refer + handled,
            "reported": through,
            "reported_direct": accept + reply,
            "closed_solved": through + rate,
            "closed_direct": accept + reply + rate,
            "closed_not_solved": through + rate,
            "closed_unrated": through + unrated,
            "closed_unrated_direct": accept + reply + unrated,
            "reopened": [*through, *rate, ("reopen", u(0.5, 5))],
            "reopened_closed": [*through, *rate, ("reopen", u(0.5, 5)), *reply, *rate],
        }
        return paths[scenario]

    def _start(self, scenario: str, total: float) -> datetime:
        """When the case was submitted, so that its last step lies in the past."""
        rng = self.rng
        if scenario in WAITING:
            low, high = WAITING[scenario]
            if scenario in {"referred", "in_progress", "returned"} and rng.random() < OVERDUE_SHARE:
                low, high = 20.0, 90.0
            end = self.now - timedelta(days=rng.uniform(low, high))
            start = end - timedelta(days=total)
        else:
            # Office hours may push each staff step up to a day later: keep a margin.
            latest = max(1.0, 365 - total - 5)
            start = self.now - timedelta(days=total + 5 + rng.uniform(0, latest))
        return start

    def _intake(
        self, ctx: Context, i: int, scenario: str
    ) -> tuple[Any, Intake, Category, Area | None, str]:
        rng = self.rng
        category = rng.choice(ctx.categories)
        deputy = rng.choice(ctx.deputies)
        community = rng.choice(ctx.deputy_communities[deputy.pk])
        if texts.rural_category(category.code) and not community.name.endswith("村"):
            villages = [c for c in ctx.deputy_communities[deputy.pk] if c.name.endswith("村")]
            if villages:
                community = rng.choice(villages)
            else:  # a deputy of town communities hears town matters
                category = rng.choice(
                    [c for c in ctx.categories if not texts.rural_category(c.code)]
                )
        station = ctx.deputy_station[deputy.pk]
        demo_every = max(1, self.count // max(6, min(20, self.count // 150)))
        actor: Any = AnonymousUser()
        contact_name = contact_phone = ""
        anonymous = False
        if i % demo_every == demo_every // 2:
            channel, actor = "online", ctx.citizen
            community = ctx.citizen.home_community or community
            contact_phone = ctx.citizen.phone
        elif scenario in RATED:
            channel, actor = "online", rng.choice(ctx.pool)
            contact_phone = actor.phone
        else:
            channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
            if channel == "station" and station is not None and station.pk in ctx.station_staff:
                actor = ctx.station_staff[station.pk]
            elif channel == "deputy":
                actor = deputy.user
            elif channel == "hotline":
                actor = ctx.committee
            else:
                channel = "online"
            if channel == "online" and rng.random() < 0.25:
                anonymous = True
            else:
                contact_name = self.person_name()
                contact_phone = self.mobile()
        kind, title, content, issue = self.compose(category, community)
        address = ""
        if community is not None and rng.random() < 0.7:
            tail = (
                f"{rng.randint(1, 28)}栋{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
                if not community.name.endswith("村")
                else f"{rng.randint(1, 12)}组{rng.randint(1, 60)}号"
            )
            address = community.full_name.removeprefix("示范省") + tail
        data = Intake(
            kind=kind,
            title=title,
            content=content,
            channel=channel,
            category=category,
            community=community,
            address=address,
            target_deputy=deputy,
            target_station=station,
            contact_name=contact_name,
            contact_phone=contact_phone,
            is_anonymous=anonymous,
            consent_to_publish=rng.random() < 0.45,
        )
        return actor, data, category, community, issue

    def one(self, ctx: Context, i: int, scenario: str) -> Made:
        rng = self.rng
        actor, data, category, community, issue = self._intake(ctx, i, scenario)
        steps = self._steps(scenario, category.time_limit_days)
        at = self._start(scenario, sum(days for _, days in steps))
        self.mark(at)
        submitted = actions.submit_case(actor, data=data)
        case = submitted.case
        self.codes[case.pk] = submitted.query_code
        citizen = case.citizen
        deputy_user = data.target_deputy.user if data.target_deputy else None
        lead: Department | None = None
        answer_summary = ""
        for step, days in steps:
            # Never in the future, whatever hour the demo is generated at.
            at = min(self._office(at + timedelta(days=days), step), self.now - timedelta(hours=1))
            self.mark(at)
            if step == "accept":
                case = actions.accept_case(
                    ctx.committee, case=case, note=rng.choice(texts.ACCEPT_NOTES)
                )
            elif step == "decline":
                case = actions.decline_case(ctx.committee, case=case, rule=rng.choice(ctx.rules))
            elif step == "refer":
                lead = category.default_department
                assert lead is not None
                co = ctx.co_departments.get(category.pk, [])
                case = actions.refer_case(
                    deputy_user,
                    case=case,
                    lead=lead,
                    co=[rng.choice(co)] if co and rng.random() < 0.25 else [],
                    note=rng.choice(texts.REFER_NOTES),
                    disclose_contact=bool(case.contact_phone) and rng.random() < 0.3,
                )
            elif step == "dept_return":
                assert lead is not None
                case = actions.department_return(
                    ctx.handler[lead.pk], case=case, reason=rng.choice(texts.RETURN_REASONS)
                )
            elif step == "reroute":
                lead = self._fallback(ctx, community, lead)
                case = actions.reroute_case(ctx.committee, case=case, lead=lead)
            elif step == "dept_accept":
                assert lead is not None
                case = actions.department_accept(ctx.handler[lead.pk], case=case)
            elif step == "dept_answer":
                assert lead is not None
                result = self._result(scenario)
                answer = rng.choice(texts.ANSWERS[result]).format(dept=lead.name, issue=issue)
                answer_summary = answer.split("。")[0] + "。"
                case = actions.department_answer(
                    ctx.handler[lead.pk], case=case, text=answer, result_class=result
                )
            elif step == "report_back":
                assert lead is not None
                text = rng.choice(texts.REPORT_BACKS).format(
                    issue=issue, dept=lead.short_name or lead.name, summary=answer_summary
                )
                case = actions.report_back(deputy_user, case=case, text=text)
            elif step == "reply":
                text = rng.choice(texts.DIRECT_REPLIES).format(issue=issue)
                case = actions.reply_to_case(deputy_user, case=case, text=text)
            elif step == "rate":
                case = self._rate(citizen, case, scenario)
            elif step == "close_unrated":
                shifted = self.shift(case.reported_at)
                Case.objects.filter(pk=case.pk).update(reported_at=shifted)
                case.reported_at = shifted
                case = actions.close_unrated(None, case=case)
            elif step == "reopen":
                case = actions.reopen_case(
                    citizen, case=case, reason=rng.choice(texts.REOPEN_REASONS)
                )
            else:  # pragma: no cover - the table above names only these
                raise ValueError(step)
        return Made(case, self._first_sim(case), category, community, issue)

    def _office(self, at: datetime, step: str) -> datetime:
        """Staff steps happen in office hours (8:30–18:00 local), unless that would pass now."""
        if step in {"rate", "reopen", "close_unrated"}:
            return at
        local = timezone.localtime(at)
        if 8 <= local.hour < 18:
            return at
        day = local.date() if local.hour < 8 else local.date() + timedelta(days=1)
        moved = timezone.make_aware(
            datetime.combine(day, datetime.min.time()), timezone.get_current_timezone()
        ) + timedelta(minutes=510 + self.rng.randint(0, 120))
        return moved if moved < self.now - timedelta(hours=1) else at

    def _first_sim(self, case: Case) -> datetime:
        return self.shift(case.submitted_at) or case.submitted_at

    def _fallback(
        self, ctx: Context, community: Area | None, lead: Department | None
    ) -> Department:
        """Returned cases go to the district government (the fallback in the issue)."""
        if community is not None:
            for prefix, department in ctx.district_government.items():
                if community.prefix.startswith(prefix) and department != lead:
                    return department
        return next(d for d in ctx.district_government.values() if d != lead)

    def _result(self, scenario: str) -> str:
        if scenario == "closed_not_solved":
            return self.rng.choice("BCDD")
        return self.rng.choices("ABCD", [60, 20, 12, 8])[0]

    def _rate(self, citizen: Any, case: Case, scenario: str) -> Case:
        rng = self.rng
        good = ("satisfied", "satisfied", "satisfied", "basic")
        if scenario == "closed_not_solved" or (scenario == "reopened" and case.reopen_count == 0):
            deputy_rating = rng.choice(("basic", "satisfied", "unsatisfied"))
            department_rating = "unsatisfied"
        elif scenario == "reopened_closed" and case.reopen_count == 0:
            deputy_rating, department_rating = "basic", "unsatisfied"
        else:
            deputy_rating, department_rating = rng.choice(good), rng.choice(good)
        return actions.rate_case(
            citizen,
            case=case,
            deputy_rating=deputy_rating,
            department_rating=department_rating,
            comment=rng.choice(texts.RATING_COMMENTS),
        )

    def merge(self, ctx: Context) -> Made | None:
        """A second citizen raises a matter already in the ledger; staff merge it."""
        rng = self.rng
        open_ = [m for m in self.made if m.case.status in {"assigned", "referred", "in_progress"}]
        if not open_:
            return None
        into = rng.choice(open_)
        kind, title, content, _issue = self.compose(into.category, into.community)
        data = Intake(
            kind=kind,
            title=title,
            content=content,
            channel=rng.choice(("online", "online", "hotline")),
            category=into.category,
            community=into.community,
            target_deputy=into.case.deputy,
            target_station=into.case.station,
            contact_name=self.person_name(),
            contact_phone=self.mobile(),
            consent_to_publish=False,
        )
        actor: Any = ctx.committee if data.channel == "hotline" else AnonymousUser()
        at = into.t0 + timedelta(days=rng.uniform(0.5, 5))
        at = min(at, self.now - timedelta(hours=6))
        self.mark(at)
        submitted = actions.submit_case(actor, data=data)
        self.codes[submitted.case.pk] = submitted.query_code
        self.mark(min(at + timedelta(hours=rng.uniform(2, 30)), self.now - timedelta(hours=1)))
        case = actions.merge_case(ctx.committee, case=submitted.case, into=into.case)
        return Made(case, at, into.category, into.community, _issue)

    def publish(self, ctx: Context) -> int:
        """Committee staff publish about half of the consented, closed cases and hold one back;
        the rest wait in their publication queue."""
        done, held = 0, False
        latest = self.now - timedelta(days=2)
        for made in self.made:
            case = made.case
            closed = self.shift(case.closed_at)
            if closed is None or closed > latest or not publish.can_be_published(case):
                continue
            if self.rng.random() < 0.4:
                if not held:
                    self.mark(min(closed + timedelta(days=1), latest))
                    made.case = publish.hold_publication(
                        ctx.committee, case=case, reason="答复中涉及邻里双方的具体住址，暂缓公开。"
                    )
                    held = True
                continue
            self.mark(min(closed + timedelta(days=self.rng.uniform(0.5, 5)), latest))
            made.case = publish.publish_case(ctx.committee, case=case)
            done += 1
        return done

    def appeal(self, ctx: Context) -> None:
        """One department appeals a rating of its result; the committee has not decided yet."""
        for made in reversed(self.made):
            case = made.case
            if appeals.appealable_rating(case) is None:
                continue
            lead = case.referrals.filter(role="lead", status="answered").first()
            handler = ctx.handler.get(lead.department_id) if lead else None
            rating = case.ratings.order_by("-round").first()
            rated = self.shift(rating.rated_at) if rating else None
            if handler is None or rated is None:
                continue
            self.mark(min(rated + timedelta(hours=20), self.now - timedelta(hours=1)))
            reason = (
                "市民不满意的是小区外市政道路施工问题，不属于本次交办事项，我单位已按交办内容办结。"
            )
            appeals.appeal_rating(handler, case=case, reason=reason)
            return

    # ---- all of it ----------------------------------------------------------------------

    def plan(self) -> list[str]:
        keys, weights = list(SCENARIOS), list(SCENARIOS.values())
        scenarios = list(keys) if self.count >= len(keys) else []
        while len(scenarios) < self.count:
            scenarios.append(self.rng.choices(keys, weights)[0])
        self.rng.shuffle(scenarios)
        # Merges need open cases to merge into: they come last.
        return sorted(scenarios[: self.count], key=lambda s: s == "merged")

    def run(self) -> dict[str, Any]:
        ctx = self.load()
        self.make_citizens(ctx, max(20, self.count // 10))
        make_templates(
            {
                "deputy": ctx.deputies[0].user,
                "staff": next(iter(ctx.station_staff.values()), None),
                "handler": next(iter(ctx.handler.values()), None),
                "committee": ctx.committee,
            }
        )
        first_outbox = OutboxMessage.objects.aggregate(m=Max("id"))["m"] or 0
        first_event = CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0
        for i, scenario in enumerate(self._iter(self.plan())):
            made = self.merge(ctx) if scenario == "merged" else self.one(ctx, i, scenario)
            if made is None:
                made = self.one(ctx, i, "submitted")
                scenario = "submitted"
            self.made.append(made)
            self.scenario_counts[scenario] = self.scenario_counts.get(scenario, 0) + 1
        published = self.publish(ctx)
        self.appeal(ctx)
        self.backdate(first_event, first_outbox)
        example = next(
            (m.case for m in self.made if m.case.is_published),
            self.made[0].case if self.made else None,
        )
        return {
            "cases": len(self.made),
            "published": published,
            "scenarios": dict(sorted(self.scenario_counts.items())),
            # One pair to try the public tracking page with.
            "example": (
                {
                    "tracking_number": Case.objects.get(pk=example.pk).tracking_number,
                    "query_code": self.codes[example.pk],
                }
                if example is not None
                else None
            ),
        }

    def _iter(self, scenarios: list[str]) -> Iterator[str]:
        yield from tqdm(
            scenarios,
            desc="诉求",
            file=sys.stderr,
            disable=not self.progress,
            leave=False,
            dynamic_ncols=True,
        )

    # ---- into the past ------------------------------------------------------------------

    def backdate(self, first_event: int, first_outbox: int) -> None:
        ids = [m.case.pk for m in self.made]
        shift = self.shift
        renumbered: dict[str, str] = {}
        used: set[str] = set(
            Case.objects.exclude(pk__in=ids).values_list("tracking_number", flat=True)
        )
        referrals = list(Referral.objects.filter(case_id__in=ids).select_related("case__category"))
        due_of: dict[int, date] = {}
        for ref in sorted(referrals, key=lambda r: r.pk):
            ref.referred_at = shift(ref.referred_at)  # type: ignore[assignment]
            ref.accepted_at = shift(ref.accepted_at)
            ref.answered_at = shift(ref.answered_at)
            day = timezone.localdate(ref.referred_at)
            limit = ref.case.category.time_limit_days if ref.case.category else 15
            ref.due_date = self.workdays(day, limit)
            ref.accept_by = self.workdays(day, actions.RETURN_WINDOW_WORKDAYS)
            due_of[ref.case_id] = ref.due_date
        _set_rows(
            Referral,
            ["referred_at", "accepted_at", "answered_at", "due_date", "accept_by"],
            referrals,
        )
        cases = list(Case.objects.filter(pk__in=ids).order_by("pk"))
        for case in cases:
            case.submitted_at = shift(case.submitted_at)  # type: ignore[assignment]
            case.accepted_at = shift(case.accepted_at)
            case.first_answer_at = shift(case.first_answer_at)
            case.reported_at = shift(case.reported_at)
            case.closed_at = shift(case.closed_at)
            case.due_date = due_of.get(case.pk, case.due_date)
            if case.accepted_at is not None:
                # The deputy's deadline runs from acceptance (cases/deadlines.py).
                case.deputy_due = self.workdays(
                    timezone.localdate(case.accepted_at), settings.DEPUTY_ANSWER_WORKDAYS
                )
            number = self._number(timezone.localdate(case.submitted_at), used)
            renumbered[case.tracking_number] = number
            case.tracking_number = number
            case.query_code_hash = query_code_hash(number, self.codes[case.pk])
        # Two passes: numbers are unique, and a new number may equal an old one.
        Case.objects.filter(pk__in=ids).update(
            tracking_number=Concat(Value("tmp"), Cast("id", CharField()))
        )
        _set_rows(
            Case,
            [
                "tracking_number",
                "query_code_hash",
                "submitted_at",
                "accepted_at",
                "first_answer_at",
                "reported_at",
                "closed_at",
                "due_date",
                "deputy_due",
            ],
            cases,
        )
        ratings = list(Rating.objects.filter(case_id__in=ids))
        for rating in ratings:
            rating.rated_at = shift(rating.rated_at)  # type: ignore[assignment]
        _set_rows(Rating, ["rated_at"], ratings)

        number_re = re.compile(r"\d{12}")

        def renumber(text: str) -> str:
            return number_re.sub(lambda m: renumbered.get(m.group(0), m.group(0)), text)

        events = list(CaseEvent.objects.filter(id__gt=first_event))
        for event in events:
            event.at = shift(event.at)  # type: ignore[assignment]
            for key in ("into", "merged"):
                if key in event.data:
                    event.data[key] = renumbered.get(event.data[key], event.data[key])
        _set_rows(CaseEvent, ["at", "data"], events)

        messages = list(OutboxMessage.objects.filter(id__gt=first_outbox))
        for message in messages:
            message.created_at = shift(message.created_at)  # type: ignore[assignment]
            message.body = renumber(message.body)
            if message.status == "pending":
                message.status = "sent"
                message.sent_at = message.created_at
                message.last_error = NOT_DELIVERED
        _set_rows(
            OutboxMessage, ["created_at", "body", "status", "sent_at", "last_error"], messages
        )

    def _number(self, day: date, used: set[str]) -> str:
        while True:
            number = f"{day:%y%m%d}{self.rng.randrange(10**6):06d}"
            if number not in used:
                used.add(number)
                return number


def _set_rows(model: Any, fields: list[str], objs: list[Any]) -> None:
    """UPDATE `fields` of each object, one parameterised statement run for all rows
    (much faster than `bulk_update`'s CASE expressions for thousands of rows)."""
    if not objs:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    # Identifiers come from the model's meta and are quoted; values are parameters.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        qn(meta.db_table),
        ", ".join(f"{qn(f.column)} = %s" for f in columns),
        qn(meta.pk.column),
    )
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def generate_cases(
    seed: int = 1,
    count: int = 3000,
    progress: bool = False,
) -> dict[str, Any]:
    """Generate `count` demo cases in one transaction. Notifications they queue are marked
    sent ("demo data: not delivered") so the first `make demo` does not flood the console."""
    generator = CaseGenerator(seed, count, progress)
    # The outbox would queue one delivery task per SMS at commit; the rows are marked sent
    # before commit, so those tasks would do nothing. Skip queueing them at all.
    with mock.patch.object(notification_tasks, "deliver_message", _not_delivered):
        with transaction.atomic():
            summary = generator.run()
    return summary


def _not_delivered(message_id: int) -> None:
    """Stands in for the delivery task while demo cases are generated."""
