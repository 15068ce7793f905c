"""The zh_Hans catalog is complete, free of fuzzy entries, compiled, and used by Django."""

from __future__ import annotations

import ast
import gettext as pygettext
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from django.utils.translation import gettext, ngettext, override

PACKAGE = Path(__file__).resolve().parents[2]
LC_MESSAGES = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
# The project catalog and each app's own (apps with a `locale/` keep their strings there).
CATALOGS = sorted(PACKAGE.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
each_catalog = pytest.mark.parametrize(
    "po", CATALOGS, ids=[str(p.relative_to(PACKAGE).parts[0]) for p in CATALOGS]
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")
HAN = re.compile(r"[\u4e00-\u9fff]")
KEYWORD = re.compile(
    r'^(?P<kind>msgctxt|msgid_plural|msgid|msgstr)(?:\[(?P<index>\d+)\])?\s+(?P<text>".*")$'
)


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    obsolete: bool = False

    def add(self, kind: str, index: int, text: str) -> None:
        if kind == "msgctxt":
            self.msgctxt = (self.msgctxt or "") + text
        elif kind == "msgid":
            self.msgid += text
        elif kind == "msgid_plural":
            self.msgid_plural = (self.msgid_plural or "") + text
        else:
            self.msgstr[index] = self.msgstr.get(index, "") + text


@cache
def parse_po(path: Path = PO) -> tuple[Entry, ...]:
    """A small .po reader. Entries are separated by blank lines (as gettext writes them);
    obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    lineno = 0
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = Entry(line=lineno + 1)
        target: tuple[str, int] | None = None
        for offset, raw in enumerate(block.splitlines()):
            line = raw.strip()
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif not line or line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                target = (match["kind"], int(match["index"] or 0))
                entry.add(*target, ast.literal_eval(match["text"]))
            elif line.startswith('"') and target is not None:
                entry.add(*target, ast.literal_eval(line))
            else:
                raise AssertionError(f"{path.name}:{lineno + offset + 1}: cannot parse {raw!r}")
        lineno += block.count("\n") + 2
        if target is not None and not entry.obsolete:
            entries.append(entry)
    return tuple(entries)


def messages(po: Path = PO) -> list[Entry]:
    return [e for e in parse_po(po) if e.msgid]


def where(e: Entry, po: Path = PO) -> str:
    return f"{po.relative_to(PACKAGE)}:{e.line} {e.msgid[:60]!r}"


@each_catalog
def test_catalog_has_a_utf8_header_with_one_plural_form(po: Path) -> None:
    header = next(e for e in parse_po(po) if e.msgid == "")
    text = header.msgstr[0]
    assert "fuzzy" not in header.flags
    assert "Language: zh_Hans\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=1; plural=0;" in text


def test_the_project_catalog_was_read() -> None:
    assert PO in CATALOGS
    assert len(messages()) > 300  # the parser really read the catalog


@each_catalog
def test_every_entry_is_translated_and_none_is_fuzzy(po: Path) -> None:
    entries = messages(po)
    fuzzy = [where(e, po) for e in entries if "fuzzy" in e.flags]
    empty = [where(e, po) for e in entries if not e.msgstr or not all(e.msgstr.values())]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"


@each_catalog
def test_plural_entries_have_the_single_chinese_form(po: Path) -> None:
    for e in messages(po):
        if e.msgid_plural is not None:
            assert set(e.msgstr) == {0}, where(e, po)


@each_catalog
def test_translations_keep_every_placeholder(po: Path) -> None:
    for e in messages(po):
        expected = sorted(PLACEHOLDER.findall(e.msgid))
        for text in e.msgstr.values():
            assert sorted(PLACEHOLDER.findall(text)) == expected, where(e, po)


@each_catalog
def test_compiled_catalog_matches_the_po_file(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run: make messages"
    with mo.open("rb") as fh:
        compiled = pygettext.GNUTranslations(fh)
    stale = []
    for e in messages(po):
        if e.msgid_plural is None:
            got = (
                compiled.gettext(e.msgid)
                if e.msgctxt is None
                else compiled.pgettext(e.msgctxt, e.msgid)
            )
        elif e.msgctxt is None:
            got = compiled.ngettext(e.msgid, e.msgid_plural, 1)
        else:
            got = compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 1)
        if got != e.msgstr[0]:
            stale.append(where(e, po))
    assert not stale, f"django.mo is out of date, recompile it: {stale[:5]}"


@pytest.mark.parametrize("msgid", ["Find your deputy", "Liaison stations", "Staff sign-in"])
def test_django_translates_to_the_catalog_chinese(msgid: str) -> None:
    catalog = {e.msgid: e.msgstr[0] for e in messages() if e.msgctxt is None}
    with override("zh-hans"):
        text = gettext(msgid)
    assert text == catalog[msgid]
    assert HAN.search(text)
    with override("en"):
        assert gettext(msgid) == msgid


def test_plural_and_placeholders_render_in_chinese() -> None:
    with override("zh-hans"):
        assert gettext("Term %(term)s") % {"term": 17} == "第17届"
        one = ngettext("%(counter)s deputy", "%(counter)s deputies", 1) % {"counter": 1}
        many = ngettext("%(counter)s deputy", "%(counter)s deputies", 5) % {"counter": 5}
    assert HAN.search(one) and "1" in one
    assert HAN.search(many) and "5" in many
    with override("en"):
        assert ngettext("%(counter)s deputy", "%(counter)s deputies", 5) % {"counter": 5} == (
            "5 deputies"
        )


GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


def source_msgids() -> list[tuple[str, str]]:
    """(file:line, msgid) of every gettext call on a literal in the package's Python code."""
    found = []
    for path in sorted(PACKAGE.glob("**/*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in GETTEXT_CALLS:
                continue
            arg = node.args[1 if node.func.id.startswith("p") else 0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", arg.value))
    return found


TEMPLATE_TRANSLATE = re.compile(r"""\{%-?\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


def template_msgids() -> list[tuple[str, str]]:
    """(file, msgid) of every `{% translate "literal" %}` in the package's templates."""
    return [
        (str(path.relative_to(PACKAGE)), double or single)
        for path in sorted(PACKAGE.glob("**/templates/**/*.html"))
        for double, single in TEMPLATE_TRANSLATE.findall(path.read_text(encoding="utf-8"))
    ]


def test_every_string_marked_for_translation_is_in_a_catalog() -> None:
    """A string marked but never extracted shows in English; `make messages` adds it."""
    known = {e.msgid for po in CATALOGS for e in messages(po)}
    found = source_msgids() + template_msgids()
    assert len(found) > 1000  # the walkers really found the marked strings
    missing = [f"{place} {msgid[:50]!r}" for place, msgid in found if msgid not in known]
    assert not missing, f"not in any catalog (run: make messages): {missing[:10]}"
