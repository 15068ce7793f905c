"""Small factories for directory records (plain functions, no magic)."""

from __future__ import annotations

import itertools
from typing import Any

from lianxi.directory.models import Area, Category, Department, Deputy, Station

_seq = itertools.count(1)


def area(name: str, code: str, level: int, parent: Area | None = None) -> Area:
    return Area.objects.create(name=name, code=code, level=level, parent=parent)


def deputy(name: str, constituency: Area, **extra: Any) -> Deputy:
    fields = {"level": "municipal", "term": 17, "sector": "professional"} | extra
    return Deputy.objects.create(name=name, constituency=constituency, **fields)


def station(name: str, area_: Area, **extra: Any) -> Station:
    fields = {"kind": "station", "address": f"{area_.full_name}{next(_seq)}号"} | extra
    return Station.objects.create(name=name, area=area_, **fields)


def department(name: str, area_: Area, **extra: Any) -> Department:
    return Department.objects.create(
        name=name, area=area_, kind=extra.pop("kind", "government"), **extra
    )


def category(name: str, code: str, parent: Category | None = None, **extra: Any) -> Category:
    return Category.objects.create(name=name, code=code, parent=parent, **extra)
