"""Sorting Chinese names and places the way people look them up: by pinyin, not by code point.

Python and SQLite compare by code point (王 before 李 by chance of encoding); people expect
李 (lǐ) before 王 (wáng), as in a printed directory. The readings come from pypinyin's table of
single characters, read as a data file (pypinyin's phrase tables would cost ~50 MB per process
for no gain here). A character with several readings takes its first, except the few below
whose usual reading in names and places is another one.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Readings in place names (长沙, 重庆, 蚌埠…) that are not the table's first.
PLACE_READINGS = {"长": "chang", "重": "chong", "蚌": "beng", "厦": "xia", "六": "liu"}
# A surname's reading when it differs (曾 zēng, 单 shàn, 解 xiè…): only a name's first character.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "盖": "ge",
    "翟": "zhai",
    "缪": "miao",
    "覃": "qin",
    "尉": "yu",
    "乐": "yue",
    "召": "shao",
    "长": "chang",
}
TONES = {"1": "āēīōūǖ", "2": "áéíóúǘ", "3": "ǎěǐǒǔǚ", "4": "àèìòùǜ"}


def _plain(reading: str) -> str:
    """`lǐ` → `li3`; `lǘ` → `lv2`."""
    tone = "5"
    letters = []
    for ch in reading:
        for number, marked in TONES.items():
            if ch in marked:
                tone = number
        base = unicodedata.normalize("NFD", ch)[0]
        letters.append("v" if base == "u" and ch in "üǖǘǚǜ" else base)
    return "".join(letters) + tone


@cache
def readings() -> dict[str, str]:
    """Character → its first reading with the tone as a digit (`李` → `li3`)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pypinyin is not installed (requirements.txt)")
    table = Path(spec.submodule_search_locations[0]) / "pinyin_dict.json"
    raw: dict[str, str] = json.loads(table.read_text(encoding="utf-8"))
    out = {chr(int(code)): _plain(value.split(",")[0]) for code, value in raw.items()}
    for ch, reading in PLACE_READINGS.items():
        out[ch] = reading + out[ch][-1]
    return out


def pinyin_key(text: str, *, person: bool = False) -> tuple[tuple[str, str], ...]:
    """A sort key: per character its syllable and tone; other characters as themselves
    (lower case), so 'A栋' and '3号' still sort sensibly. `person` reads the first
    character as a surname."""
    table = readings()
    key = []
    for i, ch in enumerate(text.strip()):
        if person and i == 0 and ch in SURNAME_READINGS:
            key.append((SURNAME_READINGS[ch], ch))
        elif ch in table:
            reading = table[ch]
            key.append((reading[:-1], reading[-1] + ch))
        else:
            key.append((ch.lower(), ch))
    return tuple(key)


def by_pinyin(items: Iterable[T], name: Callable[[T], str], *, person: bool = False) -> list[T]:
    """`items` sorted by the pinyin of `name(item)`."""
    return sorted(items, key=lambda item: pinyin_key(name(item), person=person))


def person_key(text: str) -> tuple[tuple[str, str], ...]:
    return pinyin_key(text, person=True)
