"""Names and places sorted by pinyin (lianxi/core/collation.py), not by code point."""

from __future__ import annotations

from typing import Any

from lianxi.core.collation import by_pinyin, person_key, pinyin_key
from lianxi.core.pickers import likely_first, ordered_choices


def test_names_sort_by_pinyin_not_code_point() -> None:
    names = ["张伟", "杜娟", "安然", "李明", "王芳", "欧阳修", "李明华"]
    assert sorted(names) != sorted(names, key=pinyin_key)  # code point order differs
    assert sorted(names, key=person_key) == [
        "安然",
        "杜娟",
        "李明",
        "李明华",
        "欧阳修",
        "王芳",
        "张伟",
    ]


def test_surnames_and_place_names_take_their_own_reading() -> None:
    # 曾 as a surname is zēng (between 陈 chén and 张 zhāng), not céng.
    assert sorted(["陈红", "曾平", "张三"], key=person_key) == ["陈红", "曾平", "张三"]
    assert person_key("曾平")[0][0] == "zeng"
    assert pinyin_key("曾经")[0][0] == "ceng"
    assert pinyin_key("长沙")[0][0] == "chang"
    assert pinyin_key("重庆")[0][0] == "chong"


def test_latin_and_digits_do_not_break_the_order() -> None:
    assert sorted(["B栋", "3号楼", "阿里"], key=pinyin_key) == ["3号楼", "阿里", "B栋"]


class Obj:
    def __init__(self, pk: int, name: str) -> None:
        self.pk, self.name = pk, name

    def __str__(self) -> str:
        return self.name


def test_likely_choices_come_first_then_pinyin() -> None:
    people: list[Any] = [Obj(1, "张伟"), Obj(2, "杜娟"), Obj(3, "安然"), Obj(4, "李明")]
    choices = ordered_choices(
        people,
        str,
        likely={1, 4},
        likely_label="本站",
        others_label="其他",
        blank="选择代表",
        person=True,
    )
    assert choices == [
        ("", "选择代表"),
        ("本站", [(4, "李明"), (1, "张伟")]),
        ("其他", [(3, "安然"), (2, "杜娟")]),
    ]
    assert [o.name for o in by_pinyin(people, lambda o: o.name)] == ["安然", "杜娟", "李明", "张伟"]
    # No likely one: a flat list, no empty group.
    assert ordered_choices(people[:2], str) == [(2, "杜娟"), (1, "张伟")]


def test_suggested_department_moves_to_the_top() -> None:
    groups = [("政府", [(1, "住建局"), (2, "城管局")]), ("法院", [(3, "区法院")])]
    assert likely_first(groups, {2}, "建议") == [
        ("建议", [(2, "城管局")]),
        ("政府", [(1, "住建局")]),
        ("法院", [(3, "区法院")]),
    ]
    assert likely_first(groups, {9}, "建议") == groups


def test_no_select_says_dashes() -> None:
    from django import forms

    from lianxi.core.forms import BootstrapMixin
    from lianxi.directory.models import Area

    class Form(BootstrapMixin, forms.Form):
        area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)

    html = str(Form())
    assert "---------" not in html
    assert html.count('data-picker="auto"') == 2
