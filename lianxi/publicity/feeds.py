"""Atom feeds of the public side: success stories, published cases and consultations, for the
whole city or for one area (`?area=<id>`: the area and the areas within it). Each entry has a
stable id (the page's address), a title, a summary and when it was published or updated."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from lianxi.directory.models import Area
from lianxi.legislation.models import Consultation
from lianxi.publicity.models import PublishedCase, Story

ITEMS = 30


def _area(request: HttpRequest) -> Area | None:
    value = request.GET.get("area") or ""
    if not (value.isdigit() and len(value) < 10):
        return None
    return Area.objects.filter(pk=int(value)).first()


class AreaFeed(Feed):
    feed_type = Atom1Feed
    language = "zh-cn"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Area | None:
        self.request = request
        return _area(request)

    def named(self, obj: Area | None, what: str) -> str:
        from django.conf import settings

        site = getattr(settings, "SITE_NAME", "")
        return f"{site} · {what}" + (f" · {obj.name}" if obj is not None else "")

    def link(self, obj: Area | None) -> str:
        return self.page

    def feed_url(self, obj: Area | None) -> str:
        return self.request.get_full_path()

    def author_name(self) -> str:
        from django.conf import settings

        return str(getattr(settings, "SITE_NAME", ""))

    page = "/"


class StoryFeed(AreaFeed):
    page = "/stories/"

    def title(self, obj: Area | None) -> str:
        return self.named(obj, _("Success stories"))

    def subtitle(self, obj: Area | None) -> str:
        return _("What deputies and the congress achieved for the people.")

    def items(self, obj: Area | None) -> Any:
        qs = Story.objects.published().select_related("area")
        if obj is not None:
            qs = qs.in_area(obj.prefix)
        return qs.order_by("-published_at", "-pk")[:ITEMS]

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        return item.summary

    def item_link(self, item: Story) -> str:
        return f"/stories/{item.pk}/"

    def item_pubdate(self, item: Story) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Story) -> datetime | None:
        return item.published_at

    def item_categories(self, item: Story) -> list[str]:
        return [item.area.name]


class CaseFeed(AreaFeed):
    page = "/published/"

    def title(self, obj: Area | None) -> str:
        return self.named(obj, _("Resolved cases"))

    def subtitle(self, obj: Area | None) -> str:
        return _("Matters raised by residents, answered and closed, published with their consent.")

    def items(self, obj: Area | None) -> Any:
        qs = PublishedCase.objects.all()
        if obj is not None:
            qs = qs.filter(area_prefix__startswith=obj.prefix)
        return qs.order_by("-closed_at", "-case_id")[:ITEMS]

    def item_title(self, item: PublishedCase) -> str:
        return item.title

    def item_description(self, item: PublishedCase) -> str:
        return " · ".join(v for v in (item.district, item.category, item.tracking_number) if v)

    def item_link(self, item: PublishedCase) -> str:
        return f"/published/{item.tracking_number}/"

    def item_pubdate(self, item: PublishedCase) -> datetime:
        return item.closed_at

    def item_updateddate(self, item: PublishedCase) -> datetime:
        return item.closed_at

    def item_categories(self, item: PublishedCase) -> list[str]:
        return [c for c in (item.category, item.district) if c]


def _day(value: Any) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(8, 0)))


class ConsultationFeed(AreaFeed):
    page = "/legislation/"

    def title(self, obj: Area | None) -> str:
        return self.named(obj, _("Draft laws for comment"))

    def subtitle(self, obj: Area | None) -> str:
        return _("Draft laws and regulations open for the public's comments, and their feedback.")

    def items(self, obj: Area | None) -> Any:
        qs = Consultation.objects.published().select_related("area")
        if obj is not None:
            above = [obj.prefix[:n] for n in range(1, len(obj.prefix) + 1)]
            qs = qs.filter(area__prefix__in=above) | qs.filter(area__prefix__startswith=obj.prefix)
        return qs.order_by("-opens_on", "-pk")[:ITEMS]

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        return _("%(stage)s · open for comment from %(a)s to %(b)s") % {
            "stage": item.get_stage_display(),
            "a": item.opens_on.isoformat(),
            "b": item.closes_on.isoformat(),
        }

    def item_link(self, item: Consultation) -> str:
        return f"/legislation/{item.pk}/"

    def item_pubdate(self, item: Consultation) -> datetime:
        return item.published_at or _day(item.opens_on)

    def item_updateddate(self, item: Consultation) -> datetime:
        return item.reported_at or item.closed_at or item.published_at or _day(item.opens_on)

    def item_categories(self, item: Consultation) -> list[str]:
        return [item.area.name]
