"""The default category taxonomy: its data, the idempotent loader and department linking."""

from __future__ import annotations

import pytest

from lianxi.directory.models import Category, Department
from lianxi.directory.taxonomy import (
    TAXONOMY,
    department_names,
    iter_nodes,
    link_default_departments,
    load_default_taxonomy,
)
from lianxi.directory.tests import factories as f

FIRST_LEVEL = [
    "城乡建设",
    "环境保护",
    "交通运输",
    "教育文体",
    "劳动和社会保障",
    "商贸旅游",
    "卫生计生",
    "农村农业",
    "民政",
    "政法",
    "国土资源",
    "经济管理",
    "科技与信息产业",
    "党务政务",
    "纪检监察",
]


def test_first_level_is_the_fifteen_standard_areas_in_order() -> None:
    assert [n["name"] for n in TAXONOMY] == FIRST_LEVEL
    assert [n["code"] for n in TAXONOMY] == [f"{i:02d}" for i in range(1, 16)]


def test_every_node_is_well_formed() -> None:
    codes = [n["code"] for n in iter_nodes()]
    assert len(codes) == len(set(codes))
    for top in TAXONOMY:
        children = top.get("children", [])
        assert 4 <= len(children) <= 8, top["name"]
        for child in children:
            assert len(child["code"]) == 4 and child["code"].startswith(top["code"])
            assert "children" not in child
    for node in iter_nodes():
        words = node["keywords"].split()
        assert 10 <= len(words) <= 20, node["name"]
        assert len(set(words)) == len(words), node["name"]
        assert len(node["keywords"]) <= 300
        assert len(node["name"]) <= 40
        assert 5 <= node["time_limit_days"] <= 30, node["name"]
        assert node["department"].startswith("示范市")


def test_urgent_matters_have_short_time_limits() -> None:
    limits = {n["name"]: n["time_limit_days"] for n in iter_nodes()}
    assert limits["供水供电供气"] <= 5
    assert limits["劳动工资拖欠"] <= 5
    assert limits["违纪违法举报"] > limits["供水供电供气"]


@pytest.mark.django_db
def test_loader_is_idempotent_and_restores_missing_rows() -> None:
    load_default_taxonomy()  # the data migration has normally loaded it already
    total = len(iter_nodes())
    assert Category.objects.count() == total
    assert load_default_taxonomy() == 0
    assert Category.objects.count() == total

    Category.objects.filter(code="0102").delete()
    Category.objects.filter(code="0101").update(name="改过的名字", keywords="")
    assert load_default_taxonomy() == 1
    assert Category.objects.count() == total
    assert Category.objects.get(code="0101").name == "住房保障"
    assert "物业费" in Category.objects.get(code="0102").keywords.split()


@pytest.mark.django_db
def test_loaded_tree_has_levels_parents_and_order() -> None:
    load_default_taxonomy()
    top = Category.objects.filter(parent__isnull=True).order_by("code")
    assert list(top.values_list("name", flat=True)) == FIRST_LEVEL
    assert set(top.values_list("level", flat=True)) == {1}
    child = Category.objects.get(code="0102")
    assert child.name == "物业管理" and child.level == 2 and child.parent.code == "01"
    orders = list(Category.objects.order_by("code").values_list("sort_order", flat=True))
    assert orders == sorted(orders)
    assert Category.objects.filter(default_department__isnull=False).count() == 0


@pytest.mark.django_db
def test_link_default_departments_matches_by_name() -> None:
    load_default_taxonomy()
    city = f.area("示范市", "990100000000", 2)
    zhujian = f.department("示范市住房和城乡建设局", city)
    water = f.department("示范市水务集团", city, kind="enterprise")
    power = f.department("示范市供电公司", city, kind="enterprise")

    linked = link_default_departments()

    with_department = Category.objects.filter(default_department__isnull=False)
    assert linked == with_department.count()
    assert Category.objects.get(code="0102").default_department == zhujian
    assert Category.objects.get(code="0108").default_department == water
    # Further handlers get the category without being its default.
    assert power.categories.filter(code="0108").exists()
    assert zhujian.categories.filter(code="0102").exists()
    # Departments that do not exist leave their categories alone.
    assert Category.objects.get(code="0201").default_department is None
    # Idempotent.
    assert link_default_departments() == linked
    assert (
        zhujian.categories.count()
        == Category.objects.filter(default_department=zhujian).count()
        + zhujian.categories.exclude(default_department=zhujian).count()
    )


@pytest.mark.django_db
def test_every_named_department_can_be_linked() -> None:
    load_default_taxonomy()
    city = f.area("示范市", "990100000000", 2)
    for name in department_names():
        f.department(name, city)
    assert link_default_departments() == len(iter_nodes())
    assert not Category.objects.filter(default_department__isnull=True).exists()
    assert Department.objects.filter(categories__isnull=True).count() == 0
