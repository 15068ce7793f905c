"""Audience targeting is exact and resolved when asked (a deputy added later is reached)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from lianxi.committee.actions import AudienceSpec
from lianxi.committee.models import Notice
from lianxi.committee.models.audience import audience_ids_for
from lianxi.directory.tests import factories as f


def reached(notice: Notice) -> set[str]:
    return set(notice.audience.deputies_qs().values_list("name", flat=True))


def test_municipal_with_environment_reaches_exactly_those(
    world: World, people: dict[str, Any], fields: dict[str, Any], make_notice: Any
) -> None:
    notice = make_notice(AudienceSpec(levels=["municipal"], expertise_ids=[fields["环保"].pk]))
    assert reached(notice) == {"李明华"}
    # the deputy side agrees with the staff side for every deputy
    for key, deputy in people.items():
        sees = Notice.objects.for_deputy(deputy).filter(pk=notice.pk).exists()
        assert sees == (key == "a"), key


def test_a_deputy_added_later_is_reached_while_open(
    world: World, people: dict[str, Any], fields: dict[str, Any], make_notice: Any
) -> None:
    notice = make_notice(AudienceSpec(levels=["municipal"], expertise_ids=[fields["环保"].pk]))
    newcomer = f.deputy("周新人", world.district2)
    assert not Notice.objects.for_deputy(newcomer).filter(pk=notice.pk).exists()
    newcomer.expertise.add(fields["环保"])
    assert Notice.objects.for_deputy(newcomer).filter(pk=notice.pk).exists()
    assert reached(notice) == {"李明华", "周新人"}


def test_a_deputy_added_after_it_closed_is_not_reached(
    world: World, people: dict[str, Any], fields: dict[str, Any], make_notice: Any
) -> None:
    notice = make_notice(
        AudienceSpec(expertise_ids=[fields["环保"].pk]),
        closes_at=timezone.now() + timedelta(days=1),
    )
    Notice.objects.filter(pk=notice.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    type(people["a"]).objects.filter(pk=people["a"].pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    people["a"].refresh_from_db()
    late = f.deputy("吴迟到", world.district1)
    late.expertise.add(fields["环保"])
    assert not Notice.objects.for_deputy(late).filter(pk=notice.pk).exists()
    # those on the rolls before it closed keep it
    assert Notice.objects.for_deputy(people["a"]).filter(pk=notice.pk).exists()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (lambda w, x: AudienceSpec(everyone=True), {"李明华", "王秀英", "赵county", "孙plain"}),
        (lambda w, x: AudienceSpec(levels=["county"]), {"赵county"}),
        (lambda w, x: AudienceSpec(sectors=["worker", "farmer"]), {"赵county", "孙plain"}),
        (lambda w, x: AudienceSpec(area_ids=[w.district2.pk]), {"王秀英", "孙plain"}),
        (
            lambda w, x: AudienceSpec(area_ids=[w.district1.pk], expertise_ids=[x["环保"].pk]),
            {"李明华", "赵county"},
        ),
        (
            lambda w, x: AudienceSpec(levels=["county"], deputy_ids=[w.deputy_b.pk]),
            {"赵county", "王秀英"},
        ),
        (lambda w, x: AudienceSpec(deputy_ids=[w.deputy_b.pk]), {"王秀英"}),
        (lambda w, x: AudienceSpec(delegations=["东湖代表团"]), {"李明华"}),
    ],
)
def test_combinations(
    world: World,
    people: dict[str, Any],
    fields: dict[str, Any],
    make_notice: Any,
    spec: Any,
    expected: set[str],
) -> None:
    people["a"].delegation = "东湖代表团"
    people["a"].save(update_fields=["delegation"])
    notice = make_notice(spec(world, fields))
    assert reached(notice) == expected
    for deputy in people.values():
        deputy.refresh_from_db()
        hit = notice.audience_id in set(audience_ids_for(deputy).values_list("pk", flat=True))
        assert hit == (deputy.name in expected), deputy.name
