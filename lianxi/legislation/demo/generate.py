"""Demo data of the legislation app, made after the city: grassroots legislative contact
points at a few stations, and two consultations written from the drafts of `texts`: one open
(comments from the public, deputies and contact points), one closed with a second reading and
every comment disposed of, its feedback published. One audit event
`demo.generate_legislation` with the seed and the counts."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Deputy, Station
from lianxi.legislation.actions.comments import fingerprint
from lianxi.legislation.actions.drafts import new_version
from lianxi.legislation.demo import texts
from lianxi.legislation.models import (
    Comment,
    Consultation,
    ContactPoint,
    Provision,
    Source,
    Stage,
    Version,
)
from lianxi.legislation.numerals import to_chinese

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
PLACES = ["社区议事厅", "街道会议室", "居民小组活动室", "代表联络站"]


def draft_text(draft: dict[str, Any]) -> str:
    lines = [draft["title"]]
    number = 0
    for n, (heading, articles) in enumerate(draft["chapters"], start=1):
        lines.append(f"第{to_chinese(n)}章　{heading}")
        for text in articles:
            number += 1
            lines.append(f"第{to_chinese(number)}条　{text}")
    return "\n".join(lines)


def revised_text(draft: dict[str, Any]) -> str:
    changed: dict[int, str] = draft["second"]
    lines = [draft["title"].replace("草案", "草案二审稿")]
    number = 0
    for n, (heading, articles) in enumerate(draft["chapters"], start=1):
        lines.append(f"第{to_chinese(n)}章　{heading}")
        for text in articles:
            number += 1
            lines.append(f"第{to_chinese(number)}条　{changed.get(number, text)}")
    return "\n".join(lines)


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.staff = User.objects.filter(role=Role.COMMITTEE, username="committee").first() or (
            User.objects.filter(role=Role.COMMITTEE).first()
        )
        city = Area.objects.filter(level=2).order_by("code").first()
        assert city is not None
        self.city = city
        self.citizens = list(User.objects.filter(role=Role.CITIZEN, is_active=True)[:60])
        self.deputies = list(
            Deputy.objects.filter(
                status="serving", user__isnull=False, constituency__prefix__startswith=city.prefix
            ).select_related("user")[:30]
        )
        self.counts: dict[str, int] = {}

    def contact_points(self) -> list[ContactPoint]:
        stations = list(
            Station.objects.filter(is_active=True, area__prefix__startswith=self.city.prefix)
            .exclude(staff=None)
            .select_related("area")
            .order_by("pk")[:4]
        )
        points = [
            ContactPoint.objects.create(
                name=f"{station.area.name}基层立法联系点", station=station, area=station.area
            )
            for station in stations
        ]
        self.counts["基层立法联系点"] = len(points)
        return points

    def consultation(
        self, draft: dict[str, Any], opens: int, closes: int, stage: str
    ) -> Consultation:
        consultation = Consultation.objects.create(
            title=draft["title"],
            explanation=draft["explanation"],
            area=self.city,
            stage=stage,
            opens_on=self.today + timedelta(days=opens),
            closes_on=self.today + timedelta(days=closes),
            created_by=self.staff,
            published_at=self.now + timedelta(days=opens),
        )
        new_version(consultation, "征求意见稿", draft_text(draft))
        return consultation

    def _comment(
        self,
        consultation: Consultation,
        version: Version,
        article: Provision | None,
        body: str,
        **extra: Any,
    ) -> Comment:
        source = extra.pop("source")
        key = extra.pop("key")
        return Comment(
            consultation=consultation,
            version=version,
            provision=article,
            article=article,
            source=source,
            author_key=key,
            body=body,
            body_hash=fingerprint(body, article.pk if article else "", key),
            **extra,
        )

    def comments(
        self, consultation: Consultation, rows: Any, points: list[ContactPoint]
    ) -> list[Comment]:
        version = consultation.versions.get(number=1)
        articles = {p.number: p for p in version.provisions.filter(kind="article")}
        made: list[Comment] = []
        for n, row in enumerate(rows):
            number, body = row[0], row[1]
            article = articles.get(number) if number else None
            roll = n % 5
            extra: dict[str, Any] = {}
            if roll == 1 and self.deputies:
                deputy = self.deputies[n % len(self.deputies)]
                extra = dict(
                    source=Source.DEPUTY,
                    author=deputy.user,
                    deputy=deputy,
                    named=True,
                    signature=deputy.name,
                    key=f"u{deputy.user_id}",
                )
            elif roll == 2 and points:
                point = points[n % len(points)]
                extra = dict(
                    source=Source.CONTACT_POINT,
                    contact_point=point,
                    named=True,
                    signature=point.name[:40],
                    participants=self.rng.randint(8, 40),
                    place=point.area.name + self.rng.choice(PLACES),
                    held_on=consultation.opens_on + timedelta(days=self.rng.randint(0, 5)),
                    key=f"cp{point.pk}",
                )
            elif self.citizens:
                citizen = self.citizens[n % len(self.citizens)]
                named = n % 3 == 0
                extra = dict(
                    source=Source.CITIZEN,
                    author=citizen,
                    named=named,
                    signature=f"{self.rng.choice(SURNAMES)}先生" if named else "",
                    key=f"u{citizen.pk}",
                )
            else:
                extra = dict(source=Source.PUBLIC, key=f"sdemo{n}")
            if len(row) > 2:
                disposition, reason = row[2], row[3]
                extra.update(
                    disposition=disposition,
                    reason=reason,
                    disposed_at=self.now,
                    disposed_by=self.staff,
                )
                if disposition == "covered":
                    extra["covered_by"] = articles.get(12 if number == 12 else 6) or article
            made.append(self._comment(consultation, version, article, body, **extra))
        Comment.objects.bulk_create(made)
        return made


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    if Consultation.objects.exists() or not Area.objects.filter(level=2).exists():
        return {}
    with transaction.atomic():
        maker = _Maker(seed)
        points = maker.contact_points()
        dogs = maker.consultation(texts.DOGS, -10, 20, Stage.OPEN)
        open_comments = maker.comments(dogs, texts.DOGS["comments"], points)
        bikes = maker.consultation(texts.EBIKES, -90, -60, Stage.REPORTED)
        bikes.closed_at = maker.now - timedelta(days=60)
        bikes.reported_at = maker.now - timedelta(days=30)
        bikes.feedback = (
            "本次征求意见共收到意见建议十二条，经认真研究，采纳和部分采纳九条，"
            "据此对草案第八条、第九条、第十一条作了修改。感谢社会各界的关心和支持。"
        )
        bikes.save()
        closed_comments = maker.comments(bikes, texts.EBIKES["comments"], points)
        new_version(bikes, "二审稿", revised_text(texts.EBIKES))
        maker.counts["征求意见"] = 2
        maker.counts["草案意见"] = len(open_comments) + len(closed_comments)
        log(None, "demo.generate_legislation", None, {"seed": seed, "counts": maker.counts})
    return maker.counts
