"""Ranked suggestion of deputies to invite to an activity.

Score = 3 per field of expertise the activity seeks that the deputy has
      + 2 per other field of the deputy named in the title, topic or agenda
      + 1.5 when the deputy's sector is sought, + 1 when the level matches,
      + 1 when the constituency lies in the activity's area (below the organiser's top area)
      − 0.5 per activity the deputy was invited to in the last 12 months (so the same few are
        not always asked). Only deputies with at least one match are suggested."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from lianxi.committee.models import Activity, Invitation
from lianxi.committee.models.activities import InvitationStatus
from lianxi.directory.models import Deputy

RECENT_DAYS = 365
W_EXPERTISE, W_MENTION, W_SECTOR, W_LEVEL, W_AREA, W_RECENT = 3.0, 2.0, 1.5, 1.0, 1.0, 0.5


@dataclass
class Suggestion:
    deputy: Deputy
    score: float
    reasons: list[str] = field(default_factory=list)
    recent: int = 0
    attended: int = 0


def suggest(actor: Any, activity: Activity, limit: int = 30) -> list[Suggestion]:
    sought = set(activity.expertise.values_list("pk", flat=True))
    text = " ".join([activity.title, activity.topic, activity.agenda])
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    invited = Invitation.objects.filter(activity=activity).values("deputy_id")
    candidates = (
        Deputy.objects.visible_to(actor)
        .filter(status="serving")
        .exclude(pk__in=invited)
        .select_related("constituency")
        .prefetch_related("expertise")
        .annotate(
            recent=Count(
                "committee_invitations",
                filter=Q(committee_invitations__invited_at__gte=since)
                & ~Q(committee_invitations__status=InvitationStatus.WITHDRAWN),
                distinct=True,
            ),
            attended=Count(
                "committee_invitations",
                filter=Q(committee_invitations__invited_at__gte=since)
                & Q(committee_invitations__attended=True),
                distinct=True,
            ),
        )
    )
    sectors = set(activity.sector_list)
    area_prefix = activity.area.prefix
    out: list[Suggestion] = []
    for deputy in candidates:
        score, reasons = 0.0, []
        for exp in deputy.expertise.all():
            if exp.pk in sought:
                score += W_EXPERTISE
                reasons.append(exp.name)
            elif exp.name and exp.name in text:
                score += W_MENTION
                reasons.append(exp.name)
        if sectors and deputy.sector in sectors:
            score += W_SECTOR
            reasons.append(deputy.get_sector_display())
        if activity.level and deputy.level == activity.level:
            score += W_LEVEL
            reasons.append(deputy.get_level_display())
        in_area = deputy.constituency.prefix.startswith(area_prefix)
        if in_area and len(area_prefix) > 4:
            score += W_AREA
            reasons.append(activity.area.name)
        if score <= 0:
            continue
        recent = int(getattr(deputy, "recent", 0))
        out.append(
            Suggestion(
                deputy=deputy,
                score=round(score - W_RECENT * recent, 2),
                reasons=[str(r) for r in reasons],
                recent=recent,
                attended=int(getattr(deputy, "attended", 0)),
            )
        )
    out.sort(key=lambda s: (-s.score, s.recent, s.deputy.name, s.deputy.pk))
    return out[:limit]
