"""Who hears of the committee's notices, trainings and activities
(lianxi/committee/actions/): the deputies each announcement names (`deputies`): the notice's
or course's audience, the invited, those still coming to an activity."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.rules import Rule

COMMITTEE = Family.COMMITTEE


def named_deputies(event: Announcement) -> list[Any]:
    return [d.user for d in event["deputies"] if d.user_id]


def short(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


def notice_params(event: Announcement) -> dict[str, Any]:
    return {"title": event.target.title}


def session_params(event: Announcement) -> dict[str, Any]:
    session = event.target
    return {
        "title": session.title,
        "time": short(session.starts_at),
        "place": session.place or session.online_link,
    }


def activity_params(event: Announcement) -> dict[str, Any]:
    activity = getattr(event.target, "activity", event.target)
    return {"title": activity.title, "time": short(activity.starts_at), "place": activity.place}


def deputies_rule(
    action: str, template: Any, params: Any, url: Any, key: Any, **extra: Any
) -> Rule:
    return Rule(
        action=action,
        who=extra.pop("who", _("the deputies concerned")),
        role=Role.DEPUTY,
        family=COMMITTEE,
        template=template,
        params=params,
        recipients=named_deputies,
        url=url,
        key=key,
        **extra,
    )


def notice_url(event: Announcement) -> str:
    return f"/committee/notices/{event.target.pk}/"


def published(event: Announcement) -> bool:
    return bool(event.get("deputies"))


def activity_url(event: Announcement) -> str:
    return f"/committee/activities/{getattr(event.target, 'activity_id', event.target.pk)}/"


NOTICE_WHO = _("the deputies the notice is addressed to")
RULES = [
    # Notices
    *[
        deputies_rule(
            action,
            _("New notice: %(title)s"),
            notice_params,
            notice_url,
            lambda e: f"committee:notice:{e.target.pk}:published",
            who=NOTICE_WHO,
            when=lambda e: published(e) and not e.target.must_confirm,
        )
        for action in ("committee.publish_notice", "committee.publish_scheduled")
    ],
    *[
        deputies_rule(
            action,
            _("New notice, please confirm you have read it: %(title)s"),
            notice_params,
            notice_url,
            lambda e: f"committee:notice:{e.target.pk}:published",
            who=NOTICE_WHO,
            when=lambda e: published(e) and e.target.must_confirm,
        )
        for action in ("committee.publish_notice", "committee.publish_scheduled")
    ],
    deputies_rule(
        "committee.remind_readers",
        _("Reminder: please read and confirm the notice %(title)s"),
        notice_params,
        notice_url,
        lambda e: f"committee:notice:{e.target.pk}:remind",
        who=_("the notice's deputies who have not confirmed it"),
    ),
    # Trainings
    deputies_rule(
        "committee.save_course",
        _("You are invited to the training %(title)s"),
        notice_params,
        lambda e: f"/committee/trainings/{e.target.pk}/",
        lambda e: f"committee:course:{e.target.pk}:open",
        who=_("the deputies the training is for"),
        when=lambda e: not e.target.required,
    ),
    deputies_rule(
        "committee.save_course",
        _("Required training for you: %(title)s"),
        notice_params,
        lambda e: f"/committee/trainings/{e.target.pk}/",
        lambda e: f"committee:course:{e.target.pk}:open",
        who=_("the deputies the training is for"),
        when=lambda e: e.target.required,
    ),
    deputies_rule(
        "committee.remind_session",
        _("Training reminder: %(title)s at %(time)s, %(place)s"),
        session_params,
        lambda e: f"/committee/sessions/{e.target.pk}/",
        lambda e: f"committee:session:{e.target.pk}:remind",
        who=_("the training's participants, the day before"),
    ),
    # Activities
    deputies_rule(
        "committee.invite",
        _("Invitation: %(title)s, %(time)s at %(place)s. Please answer in your inbox."),
        activity_params,
        activity_url,
        lambda e: f"committee:activity:{e.target.pk}:invited",
        who=_("the deputies invited"),
    ),
    deputies_rule(
        "committee.save_activity",
        _("Changed: %(title)s is now %(time)s at %(place)s."),
        activity_params,
        activity_url,
        lambda e: f"committee:activity:{e.target.pk}:moved:{e['version']}",
        who=_("the deputies invited or coming"),
    ),
    deputies_rule(
        "committee.cancel_activity",
        _("Cancelled: %(title)s"),
        activity_params,
        activity_url,
        lambda e: f"committee:activity:{e.target.pk}:cancelled",
        who=_("the deputies invited or coming"),
    ),
    deputies_rule(
        "committee.remind_invitation",
        _("Please answer the invitation to %(title)s (%(time)s)."),
        activity_params,
        activity_url,
        lambda e: f"committee:invitation:{e.target.pk}:remind",
        who=_("the deputy invited who has not answered"),
        when=lambda e: e.target.status == "invited",
    ),
    deputies_rule(
        "committee.remind_invitation",
        _("Reminder: %(title)s starts %(time)s."),
        activity_params,
        activity_url,
        lambda e: f"committee:invitation:{e.target.pk}:remind",
        who=_("the deputy coming, before the activity"),
        when=lambda e: e.target.status != "invited",
    ),
]
