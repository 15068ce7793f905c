"""Who a notice, material or course is addressed to, resolved at the time of asking: a deputy
who joins later (or gains a field of expertise) is reached while the item is open."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxi.directory.choices import DeputyStatus


def _packed(values: list[str]) -> str:
    """ ",a,b," so that one value is found with `contains(",a,")` on every database."""
    clean = sorted({v.replace(",", " ").strip() for v in values if v and v.strip()})
    return ("," + ",".join(clean) + ",") if clean else ""


def _unpacked(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


class Audience(models.Model):
    """Criteria combine with AND across kinds (level AND expertise …) and OR within one kind;
    named deputies are added on top; `everyone` reaches all serving deputies."""

    everyone = models.BooleanField(_("all deputies"), default=False)
    levels = models.CharField(_("levels"), max_length=120, blank=True)
    delegations = models.CharField(_("delegations"), max_length=400, blank=True)
    sectors = models.CharField(_("sectors"), max_length=200, blank=True)
    areas = models.ManyToManyField(
        "directory.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    expertise = models.ManyToManyField(
        "directory.Expertise", verbose_name=_("fields of expertise"), blank=True, related_name="+"
    )
    deputies = models.ManyToManyField(
        "directory.Deputy", verbose_name=_("named deputies"), blank=True, related_name="+"
    )
    has_criteria = models.BooleanField(_("has criteria"), default=False, editable=False)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return f"audience {self.pk}"

    @property
    def level_list(self) -> list[str]:
        return _unpacked(self.levels)

    @property
    def delegation_list(self) -> list[str]:
        return _unpacked(self.delegations)

    @property
    def sector_list(self) -> list[str]:
        return _unpacked(self.sectors)

    def set_lists(self, *, levels: list[str], delegations: list[str], sectors: list[str]) -> None:
        self.levels, self.delegations, self.sectors = (
            _packed(levels),
            _packed(delegations),
            _packed(sectors),
        )

    def deputies_qs(self) -> Any:
        """The serving deputies this audience reaches now."""
        from lianxi.directory.models import Deputy

        serving = Deputy.objects.filter(status=DeputyStatus.SERVING)
        if self.everyone:
            return serving
        q = Q(pk__in=self.deputies.values("pk"))
        if self.has_criteria:
            crit = Q()
            if self.level_list:
                crit &= Q(level__in=self.level_list)
            if self.delegation_list:
                crit &= Q(delegation__in=self.delegation_list)
            if self.sector_list:
                crit &= Q(sector__in=self.sector_list)
            prefixes = list(self.areas.values_list("prefix", flat=True))
            if prefixes:
                area_q = Q()
                for prefix in prefixes:
                    area_q |= Q(constituency__prefix__startswith=prefix)
                crit &= area_q
            expertise_ids = list(self.expertise.values_list("pk", flat=True))
            if expertise_ids:
                crit &= Q(
                    pk__in=Deputy.expertise.through.objects.filter(
                        expertise_id__in=expertise_ids
                    ).values("deputy_id")
                )
            q |= crit
        return serving.filter(q)


def audience_ids_for(deputy: Any) -> Any:
    """Ids of the audiences that reach `deputy` now (a subquery)."""
    if deputy is None or deputy.status != DeputyStatus.SERVING:
        return Audience.objects.none().values("pk")
    area_ids = [deputy.constituency_id]
    node = deputy.constituency.parent
    while node is not None:
        area_ids.append(node.pk)
        node = node.parent
    expertise_ids = list(deputy.expertise.values_list("pk", flat=True))
    from lianxi.committee.models.audience import Audience as A

    no_area = ~Q(pk__in=A.areas.through.objects.values("audience_id"))
    no_expertise = ~Q(pk__in=A.expertise.through.objects.values("audience_id"))
    crit = (
        Q(has_criteria=True)
        & (Q(levels="") | Q(levels__contains=f",{deputy.level},"))
        & (Q(sectors="") | Q(sectors__contains=f",{deputy.sector},"))
        & (
            Q(delegations="")
            | Q(delegations__contains=f",{(deputy.delegation or '').replace(',', ' ')},")
        )
        & (
            no_area
            | Q(pk__in=A.areas.through.objects.filter(area_id__in=area_ids).values("audience_id"))
        )
        & (
            no_expertise
            | Q(
                pk__in=A.expertise.through.objects.filter(expertise_id__in=expertise_ids).values(
                    "audience_id"
                )
            )
        )
    )
    named = Q(pk__in=A.deputies.through.objects.filter(deputy_id=deputy.pk).values("audience_id"))
    return A.objects.filter(Q(everyone=True) | named | crit).values("pk")


class CalendarToken(models.Model):
    """The private address of a user's iCal feed (a capability URL; reset makes a new one).
    `token` is a random nonce; the address carries an HMAC of it under the secret key, so the
    database alone does not give the feeds away."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="committee_calendar",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def feed_key(self) -> str:
        """What goes in the feed's address: `<user id>-<HMAC of the nonce>`."""
        return f"{self.user_id}-{feed_mac(self.user_id, self.token)}"


def feed_mac(user_id: int, nonce: str) -> str:
    message = f"committee-calendar:{user_id}:{nonce}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]
