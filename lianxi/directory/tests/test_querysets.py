"""Scope of every role over deputies, stations and departments (visible_to)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lianxi.directory.access import access_department, access_deputy, access_station
from lianxi.directory.models import Department, Deputy, Station


def names(qs: Any) -> set[str]:
    return {obj.name for obj in qs}


EXPECTED_STATIONS = {
    "admin": {"青石社区代表联络站", "松林社区代表联络站"},
    "committee": {"青石社区代表联络站", "松林社区代表联络站"},
    "committee_d1": {"青石社区代表联络站"},
    "staff_a": {"青石社区代表联络站"},
    "staff_b": {"松林社区代表联络站"},
    "deputy_a": {"青石社区代表联络站"},
    "deputy_b": {"松林社区代表联络站"},
    "handler_x": set(),
    "handler_y": set(),
    "citizen": set(),
}
EXPECTED_DEPUTIES = {
    "admin": {"李明华", "王秀英"},
    "committee": {"李明华", "王秀英"},
    "committee_d1": {"李明华"},
    "staff_a": {"李明华"},
    "staff_b": {"王秀英"},
    "deputy_a": {"李明华"},
    "deputy_b": {"王秀英"},
    "handler_x": set(),
    "handler_y": set(),
    "citizen": set(),
}
EXPECTED_DEPARTMENTS = {
    "admin": {"示范市住房和城乡建设局", "东湖区市场监督管理局"},
    # City-level departments serve district committees too.
    "committee": {"示范市住房和城乡建设局", "东湖区市场监督管理局"},
    "committee_d1": {"示范市住房和城乡建设局", "东湖区市场监督管理局"},
    "handler_x": {"示范市住房和城乡建设局"},
    "handler_y": {"东湖区市场监督管理局"},
    "staff_a": set(),
    "deputy_a": set(),
    "citizen": set(),
}


@pytest.mark.parametrize(("persona", "expected"), EXPECTED_STATIONS.items())
def test_station_scope(world: Any, persona: str, expected: set[str]) -> None:
    assert names(Station.objects.visible_to(world[persona])) == expected


@pytest.mark.parametrize(("persona", "expected"), EXPECTED_DEPUTIES.items())
def test_deputy_scope(world: Any, persona: str, expected: set[str]) -> None:
    assert names(Deputy.objects.visible_to(world[persona])) == expected


@pytest.mark.parametrize(("persona", "expected"), EXPECTED_DEPARTMENTS.items())
def test_department_scope(world: Any, persona: str, expected: set[str]) -> None:
    assert names(Department.objects.visible_to(world[persona])) == expected


def test_anonymous_and_disabled_see_nothing(world: Any) -> None:
    anonymous = AnonymousUser()
    assert not Station.objects.visible_to(anonymous).exists()
    staff = world["staff_a"]
    staff.is_active = False
    assert not Station.objects.visible_to(staff).exists()


def test_committee_without_jurisdiction_sees_nothing(world: Any) -> None:
    user = world["committee"]
    user.jurisdiction = None
    assert not Station.objects.visible_to(user).exists()
    assert not Deputy.objects.visible_to(user).exists()


def test_access_helpers_give_the_same_404(world: Any) -> None:
    staff_b = world["staff_b"]
    for helper, obj in [
        (access_station, world.station_a),
        (access_deputy, world.deputy_a),
        (access_department, world.dept_x),
    ]:
        with pytest.raises(Http404):
            helper(staff_b, obj.pk)
        with pytest.raises(Http404):
            helper(staff_b, 987654)


def test_public_lists(world: Any) -> None:
    world.deputy_b.status = "resigned"
    world.deputy_b.save()
    world.station_b.is_active = False
    world.station_b.save()
    assert names(Deputy.objects.public()) == {"李明华"}
    assert names(Station.objects.public()) == {"青石社区代表联络站"}
