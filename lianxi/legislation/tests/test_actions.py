"""Every state, transition and role of a consultation (actions)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from conftest import World, make_user
from lianxi.audit.models import AuditEvent
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.directory.tests import factories as f
from lianxi.legislation import actions
from lianxi.legislation.actions import Offline, Opinion
from lianxi.legislation.models import Comment, Consultation, ContactPoint, Provision, Stage
from lianxi.legislation.tests.conftest import article, details, draft_text
from lianxi.notifications.models import OutboxMessage as Notification


def test_create_stores_the_structure(world: World, draft: Consultation) -> None:
    assert draft.stage == Stage.DRAFT
    assert draft.area == world.city
    version = draft.current
    assert version is not None and version.number == 1 and version.label
    articles = version.provisions.filter(kind="article")
    assert articles.count() == 14
    second = articles.get(number=2)
    paragraphs = Provision.objects.filter(parent=second)
    assert [p.label for p in paragraphs] == ["第一款", "第二款"]
    item = Provision.objects.get(kind="item", number=2, version=version)
    assert item.article == second and item.citation == "第二条第二款第（二）项"
    assert AuditEvent.objects.filter(action="legislation.create", outcome="ok").exists()


def test_a_malformed_draft_creates_nothing(world: World) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.create_consultation(
            world["committee"], details=details(), text="第一条 甲。\n第三条 乙。"
        )
    assert "2" in exc.value.message
    assert not Consultation.objects.exists() and not Provision.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "deputy_a", "staff_a", "handler_x"])
def test_only_committee_staff_create(world: World, who: str) -> None:
    with pytest.raises(NotAllowed):
        actions.create_consultation(world[who], details=details(), text=draft_text())


def test_details_are_checked(world: World) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.create_consultation(
            world["committee"],
            details=details(opens_on=date(2026, 6, 1), closes_on=date(2026, 5, 1)),
            text=draft_text(),
        )
    assert exc.value.field == "closes_on"
    with pytest.raises(InvalidInput):
        actions.create_consultation(
            world["committee"],
            details=details(
                for_public=False, for_citizens=False, for_deputies=False, for_contact_points=False
            ),
            text=draft_text(),
        )


def test_staff_of_a_district_cannot_publish_the_citys_draft(
    world: World, draft: Consultation
) -> None:
    with pytest.raises(NotAllowed):
        actions.publish(world["committee_d1"], draft)


def test_publish_tells_deputies_and_contact_points(
    world: World, draft: Consultation, contact_point: ContactPoint
) -> None:
    actions.publish(world["committee"], draft)
    told = set(
        Notification.objects.filter(channel="inapp").values_list("user__username", flat=True)
    )
    assert {"deputy_a", "deputy_b", "staff_a"} <= told
    assert "citizen" not in told
    with pytest.raises(IllegalTransition):
        actions.publish(world["committee"], draft)


def test_citizen_comments_on_an_article(world: World, consultation: Consultation) -> None:
    twelve = article(consultation, 12)
    made = actions.comment(
        world["citizen"],
        consultation,
        opinion=Opinion("建议增加夜间遛狗牵绳的具体要求。", twelve.pk),
    )
    assert made.source == "citizen" and made.article == twelve and not made.named
    assert made.public_name == ""


def test_a_paragraph_comment_counts_for_its_article(
    world: World, consultation: Consultation
) -> None:
    paragraph = Provision.objects.get(version=consultation.current, kind="paragraph", number=2)
    made = actions.comment(
        world["citizen"], consultation, opinion=Opinion("第二款表述不清楚。", paragraph.pk)
    )
    assert made.article == article(consultation, 2)


def test_deputy_comments_are_marked(world: World, consultation: Consultation) -> None:
    made = actions.comment(world["deputy_a"], consultation, opinion=Opinion("建议明确执法主体。"))
    assert made.source == "deputy" and made.deputy == world.deputy_a and made.named
    assert made.public_name == "李明华代表"
    assert world.deputy_a.legislation_comments.count() == 1


def test_deputy_of_another_jurisdiction_is_refused(world: World) -> None:
    district = actions.create_consultation(
        world["committee_d1"], details=details(), text=draft_text()
    )
    actions.publish(world["committee_d1"], district)
    # deputy_b sits for the other district
    with pytest.raises(NotAllowed):
        actions.comment(world["deputy_b"], district, opinion=Opinion("建议明确执法主体。"))
    actions.comment(world["deputy_a"], district, opinion=Opinion("建议明确执法主体。"))


def test_anonymous_public_comments(world: World, consultation: Consultation) -> None:
    made = actions.comment(
        AnonymousUser(),
        consultation,
        opinion=Opinion("希望增加养犬人培训。", named=True, signature="张先生"),
        anonymous_key="session-1",
    )
    assert made.source == "public" and made.author is None and made.public_name == "张先生"
    with pytest.raises(InvalidInput):
        actions.comment(AnonymousUser(), consultation, opinion=Opinion("希望增加养犬人培训。"))


def test_audience_not_invited(world: World) -> None:
    closed_door = actions.create_consultation(
        world["committee"], details=details(for_public=False, for_citizens=False), text=draft_text()
    )
    actions.publish(world["committee"], closed_door)
    with pytest.raises(NotAllowed):
        actions.comment(world["citizen"], closed_door, opinion=Opinion("我想提意见。"))
    with pytest.raises(NotAllowed):
        actions.comment(
            AnonymousUser(), closed_door, opinion=Opinion("我想提意见。"), anonymous_key="s"
        )
    with pytest.raises(NotAllowed):
        actions.comment(world["handler_x"], closed_door, opinion=Opinion("我想提意见。"))


def test_outside_the_period(world: World, consultation: Consultation) -> None:
    with time_machine.travel(date(2026, 6, 1)), pytest.raises(IllegalTransition):
        actions.comment(world["citizen"], consultation, opinion=Opinion("逾期提出的意见。"))
    with pytest.raises(IllegalTransition):
        actions.comment(
            world["citizen"],
            Consultation.objects.get(pk=consultation.pk) if False else _draft(world),
            opinion=Opinion("还没有公布的草案。"),
        )


def _draft(world: World) -> Consultation:
    return actions.create_consultation(world["committee"], details=details(), text=draft_text())


def test_not_yet_open(world: World) -> None:
    later = actions.create_consultation(
        world["committee"],
        details=details(opens_on=date(2026, 5, 20), closes_on=date(2026, 6, 20)),
        text=draft_text(),
    )
    actions.publish(world["committee"], later)
    with pytest.raises(IllegalTransition) as exc:
        actions.comment(world["citizen"], later, opinion=Opinion("提前提出的意见。"))
    assert "2026-05-20" in exc.value.message


def test_length_and_duplicates(world: World, consultation: Consultation) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.comment(world["citizen"], consultation, opinion=Opinion("长" * 2001))
    assert exc.value.field == "body"
    actions.comment(world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"))
    with pytest.raises(InvalidInput):
        actions.comment(world["citizen"], consultation, opinion=Opinion("建议 降低登记费用。"))
    # Another person may say the same.
    other = make_user("citizen2", Role.CITIZEN)
    actions.comment(other, consultation, opinion=Opinion("建议降低登记费用。"))


def test_idempotency_key_replays(world: World, consultation: Consultation) -> None:
    first = actions.comment(
        world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"), request_key="k1"
    )
    again = actions.comment(
        world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"), request_key="k1"
    )
    assert first.pk == again.pk and Comment.objects.count() == 1
    with pytest.raises(InvalidInput):
        actions.comment(
            world["citizen"], consultation, opinion=Opinion("另外一条意见内容。"), request_key="k1"
        )


def test_contact_point_enters_offline_opinions(
    world: World, consultation: Consultation, contact_point: ContactPoint
) -> None:
    item = Offline(
        "居民建议设置专门的遛狗区域。",
        article(consultation, 5).pk,
        23,
        "青石社区会议室",
        date(2026, 5, 9),
    )
    made = actions.record_offline(world["staff_a"], consultation, contact_point, item=item)
    assert made.source == "contact_point" and made.participants == 23
    assert made.public_name == contact_point.name
    with pytest.raises(InvalidInput):
        actions.record_offline(world["staff_a"], consultation, contact_point, item=item)
    with pytest.raises(NotAllowed):
        actions.record_offline(world["staff_b"], consultation, contact_point, item=item)
    future = Offline("未来的座谈会。", None, 3, "青石社区会议室", date(2026, 6, 9))
    with pytest.raises(InvalidInput) as exc:
        actions.record_offline(world["staff_a"], consultation, contact_point, item=future)
    assert exc.value.field == "held_on"


def _close_with_comments(world: World, consultation: Consultation) -> list[Comment]:
    made = [
        actions.comment(
            world["citizen"],
            consultation,
            opinion=Opinion("建议降低犬只登记费用，减轻负担。", article(consultation, 5).pk),
        ),
        actions.comment(
            world["deputy_a"],
            consultation,
            opinion=Opinion("建议犬只登记费用适当降低。", article(consultation, 5).pk),
        ),
        actions.comment(
            world["deputy_b"], consultation, opinion=Opinion("建议明确执法部门的职责。")
        ),
    ]
    actions.close(world["committee"], consultation)
    return made


def test_dispositions_and_feedback(world: World, consultation: Consultation) -> None:
    a, b, c = _close_with_comments(world, consultation)
    with pytest.raises(IllegalTransition):
        actions.publish_feedback(world["committee"], consultation)
    actions.dispose(
        world["committee"], consultation, comment_ids=[a.pk, b.pk], disposition="adopted"
    )
    with pytest.raises(InvalidInput) as exc:
        actions.dispose(
            world["committee"], consultation, comment_ids=[c.pk], disposition="not_adopted"
        )
    assert exc.value.field == "reason"
    with pytest.raises(InvalidInput):
        actions.dispose(world["committee"], consultation, comment_ids=[c.pk], disposition="covered")
    actions.dispose(
        world["committee"],
        consultation,
        comment_ids=[c.pk],
        disposition="covered",
        covered_by_id=article(consultation, 3).pk,
    )
    # A personal edit of one member of the group.
    actions.dispose(
        world["committee"],
        consultation,
        comment_ids=[b.pk],
        disposition="partly",
        reason="费用标准由价格部门核定。",
    )
    actions.publish_feedback(world["committee"], consultation, summary="共收到意见3条。")
    consultation.refresh_from_db()
    assert consultation.stage == Stage.REPORTED
    told = Notification.objects.filter(kind="legislation.report", channel="inapp").values_list(
        "user__username", flat=True
    )
    assert set(told) == {"citizen", "deputy_a", "deputy_b"}


def test_citizen_cannot_dispose(world: World, consultation: Consultation) -> None:
    a, *_ = _close_with_comments(world, consultation)
    for who in ["citizen", "deputy_a", "staff_a", "committee_d1"]:
        with pytest.raises(NotAllowed):
            actions.dispose(world[who], consultation, comment_ids=[a.pk], disposition="adopted")
    assert AuditEvent.objects.filter(action="legislation.dispose", outcome="denied").count() == 4


def test_no_disposition_while_open(world: World, consultation: Consultation) -> None:
    made = actions.comment(world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"))
    with pytest.raises(IllegalTransition):
        actions.dispose(
            world["committee"], consultation, comment_ids=[made.pk], disposition="adopted"
        )


def test_hide_tells_the_author_and_keeps_the_text_in_the_audit(
    world: World, consultation: Consultation
) -> None:
    made = actions.comment(world["citizen"], consultation, opinion=Opinion("辱骂性内容示例文字。"))
    actions.hide(world["committee"], made, reason="含有侮辱性语言")
    made.refresh_from_db()
    assert made.visibility == "hidden"
    event = AuditEvent.objects.get(action="legislation.hide")
    assert "辱骂性内容" in str(event.data)
    assert Notification.objects.filter(user=world["citizen"], kind="legislation.hide").exists()
    actions.close(world["committee"], consultation)
    # A hidden comment needs no disposition.
    actions.publish_feedback(world["committee"], consultation)


def test_merge_takes_the_disposition(world: World, consultation: Consultation) -> None:
    a, b, _c = _close_with_comments(world, consultation)
    actions.merge(world["committee"], b, into=a)
    actions.dispose(world["committee"], consultation, comment_ids=[a.pk], disposition="adopted")
    b.refresh_from_db()
    assert b.visibility == "merged" and b.disposition == "adopted"


def test_grouping_finds_similar_comments(world: World, consultation: Consultation) -> None:
    texts = [
        "建议降低犬只登记费用，减轻养犬人负担。",
        "犬只登记费用太高，建议降低登记费用。",
        "登记费用偏高，建议降低犬只登记费用标准。",
        "建议在公园设置专门的遛狗区域。",
    ]
    for n, body in enumerate(texts):
        user = make_user(f"c{n}", Role.CITIZEN)
        actions.comment(user, consultation, opinion=Opinion(body))
    assert actions.group(world["committee"], consultation) >= 1
    grouped = Comment.objects.exclude(group=None)
    assert grouped.count() >= 2
    assert not grouped.filter(body__contains="遛狗").exists()


def test_second_reading_is_a_new_version(world: World, consultation: Consultation) -> None:
    with pytest.raises(IllegalTransition):
        actions.add_version(world["committee"], consultation, label="二审稿", text=draft_text())
    actions.close(world["committee"], consultation)
    version = actions.add_version(
        world["committee"], consultation, label="二审稿", text=draft_text(15)
    )
    assert version.number == 2 and consultation.current == version


def test_a_contact_point_outside_the_area(world: World) -> None:
    district = actions.create_consultation(
        world["committee_d1"], details=details(), text=draft_text()
    )
    actions.publish(world["committee_d1"], district)
    far = ContactPoint.objects.create(
        name="松林联系点", station=world.station_b, area=world.community2
    )
    with pytest.raises(NotAllowed):
        actions.record_offline(
            world["staff_b"],
            district,
            far,
            item=Offline("意见内容示例。", None, 5, "松林社区", date(2026, 5, 9)),
        )
    assert f.area  # factories stay importable for other tests


def test_a_period_that_ended_is_closed_by_the_schedule(
    world: World, consultation: Consultation
) -> None:
    """Open until 31 May: still open on that day, closed by the first run after it, once; the
    staff member who made it is told how many comments wait; a draft is left alone."""
    from lianxi.legislation.tasks import close_ended_consultations

    actions.comment(
        world["citizen"], consultation, opinion=Opinion(body="建议明确犬链长度的具体要求。")
    )
    other = actions.create_consultation(
        world["committee"], details=details(title="示范市物业管理条例（草案）"), text=draft_text()
    )
    with time_machine.travel("2026-05-31T23:00:00+08:00", tick=False):
        assert close_ended_consultations() == 0
    with time_machine.travel("2026-06-01T00:05:00+08:00", tick=False):
        assert close_ended_consultations() == 1
        assert close_ended_consultations() == 0  # nothing twice
    consultation.refresh_from_db()
    other.refresh_from_db()
    assert consultation.stage == Stage.CLOSED and other.stage == Stage.DRAFT
    event = AuditEvent.objects.get(action="legislation.close_ended")
    assert event.actor is None and event.data["waiting"] == 1
    told = Notification.objects.filter(kind="legislation.close_ended", channel="inapp")
    assert list(told.values_list("user__username", flat=True)) == ["committee"]
    assert "1" in told.get().body and consultation.title in told.get().body


def test_drafts_are_visible_to_administrators_and_staff_not_to_others(
    world: World, draft: Consultation
) -> None:
    """`Q() | other` is `other` in Django: an administrator's "everything" must not shrink to
    the published consultations."""
    assert draft.stage == "draft"
    for name in ("admin", "committee"):
        assert Consultation.objects.visible_to(world[name]).filter(pk=draft.pk).exists(), name
    for name in ("citizen", "deputy_a", "staff_a"):
        assert not Consultation.objects.visible_to(world[name]).filter(pk=draft.pk).exists(), name
