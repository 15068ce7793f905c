"""The invitation suggestion on a constructed case whose right ranking is known."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import World
from lianxi.committee import actions
from lianxi.committee.models import Invitation
from lianxi.committee.suggest import suggest


def test_ranking_matches_topic_and_spreads_participation(
    world: World, people: Any, fields: Any, make_activity: Any
) -> None:
    # Two past activities for the county deputy: recent participation lowers the rank.
    for n in range(2):
        past = make_activity(
            title=f"往期座谈会第{n + 1}次", starts_at=timezone.now() + timedelta(days=1)
        )
        actions.invite(world["committee"], activity=past, deputy_ids=[people["county"].pk])
    activity = make_activity(
        topic="生态环境保护与环境教育",
        expertise_ids=[fields["环保"].pk],
        sectors=["farmer"],
        level="municipal",
    )
    ranked = suggest(world["committee"], activity)
    names = [s.deputy.name for s in ranked]
    # a: 环保 3 + level 1 = 4; b: mentions 教育 2 + level 1 = 3;
    # county: 环保 3 + farmer 1.5 = 4.5, the best match, but − 0.5 × 2 recent invitations = 3.5;
    # plain: level 1 = 1; resigned never.
    assert names == ["李明华", "赵county", "王秀英", "孙plain"]
    assert [s.score for s in ranked] == [4.0, 3.5, 3.0, 1.0]
    county = ranked[1]
    assert county.recent == 2 and "环保" in county.reasons


def test_already_invited_and_unmatched_are_left_out(
    world: World, people: Any, fields: Any, make_activity: Any
) -> None:
    activity = make_activity(expertise_ids=[fields["环保"].pk])
    actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk])
    names = [s.deputy.name for s in suggest(world["committee"], activity)]
    assert names == ["赵county"]
    assert Invitation.objects.filter(activity=activity).count() == 1


def test_suggestions_stay_within_the_jurisdiction(
    world: World, people: Any, fields: Any, make_activity: Any
) -> None:
    activity = make_activity(expertise_ids=[fields["教育"].pk, fields["环保"].pk])
    everyone = {s.deputy.name for s in suggest(world["committee"], activity)}
    district = {s.deputy.name for s in suggest(world["committee_d1"], activity)}
    assert everyone == {"李明华", "王秀英", "赵county"}
    assert district == {"李明华", "赵county"}
