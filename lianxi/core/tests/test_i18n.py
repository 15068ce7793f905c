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


GETTEXT_CALLS = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# The names `makemessages` (xgettext) extracts: a call under any other name, such as
# `from django.utils.translation import gettext as _t`, is never put in the catalog and shows
# in English ("Done: %(step)s." did).
EXTRACTED = GETTEXT_CALLS | {"_"}


def gettext_names(tree: ast.Module) -> dict[str, str]:
    """Local name → the django.utils.translation function it is, from the file's imports."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in GETTEXT_CALLS:
                    names[alias.asname or alias.name] = alias.name
    return names


def gettext_calls(tree: ast.Module) -> list[tuple[ast.Call, str, str]]:
    """(call, the name used, the function) of every gettext call in the file: by a name
    imported from django.utils.translation, or as `translation.<function>(...)`."""
    names = gettext_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in names:
            found.append((node, node.func.id, names[node.func.id]))
        elif isinstance(node.func, ast.Attribute) and node.func.attr in GETTEXT_CALLS:
            found.append((node, node.func.attr, node.func.attr))
    return found


def python_sources() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.glob("**/*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def source_msgids() -> list[tuple[str, str]]:
    """(file:line, msgid) of every gettext call on a literal in the package's Python code,
    whatever name the function was imported under."""
    found = []
    for path, tree in python_sources():
        for node, _name, function in gettext_calls(tree):
            arg = node.args[1 if function.startswith(("p", "np")) else 0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", arg.value))
    return found


def test_gettext_is_called_only_by_names_makemessages_extracts() -> None:
    hidden = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {name}()"
        for path, tree in python_sources()
        for node, name, _function in gettext_calls(tree)
        if name not in EXTRACTED
    ]
    assert not hidden, f"gettext under a name makemessages does not extract: {hidden[:10]}"


def test_the_walker_sees_aliased_gettext() -> None:
    """The check above and the catalog check below would catch the "Done: %(step)s." bug."""
    tree = ast.parse(
        "from django.utils.translation import gettext as _t\n"
        "from django.utils.translation import pgettext_lazy as p_\n"
        "x = _t('Done: %(step)s.') % {'step': 'a'}\n"
        "y = p_('case status', 'Closed')\n"
    )
    calls = {(name, function) for _node, name, function in gettext_calls(tree)}
    assert calls == {("_t", "gettext"), ("p_", "pgettext_lazy")}
    assert not {name for name, _f in calls} <= EXTRACTED


TEMPLATE_TRANSLATE = re.compile(r"""\{%-?\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


def template_msgids() -> list[tuple[str, str]]:
    """(file, msgid) of every `{% translate "literal" %}` in the package's templates."""
    return [
        (str(path.relative_to(PACKAGE)), double or single)
        for path in sorted(PACKAGE.glob("**/templates/**/*.html"))
        for double, single in TEMPLATE_TRANSLATE.findall(path.read_text(encoding="utf-8"))
    ]


def test_done_step_message_is_chinese() -> None:
    with override("zh-hans"):
        text = gettext("Done: %(step)s.") % {"step": "受理"}
    assert HAN.search(text.replace("受理", "")), text


def test_every_string_marked_for_translation_is_in_a_catalog() -> None:
    """A string marked but never extracted shows in English; `make messages` adds it."""
    known = {e.msgid for po in CATALOGS for e in messages(po)}
    found = source_msgids() + template_msgids()
    assert len(found) > 1000  # the walkers really found the marked strings
    missing = [f"{place} {msgid[:50]!r}" for place, msgid in found if msgid not in known]
    assert not missing, f"not in any catalog (run: make messages): {missing[:10]}"


def django_catalogs() -> list[tuple[str, dict, bool]]:
    """(name, compiled catalog, one of ours) in the order Django's merge gives them
    precedence: the LOCALE_PATHS catalogs first, then each installed app's own (Django's
    contrib apps and third-party apps included) in INSTALLED_APPS order. Django keeps one
    translation per (context, msgid) for the whole site: the first one here."""
    from django.apps import apps
    from django.conf import settings

    found = []
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += [Path(c.path) / "locale" for c in apps.get_app_configs()]
    for localedir in dirs:
        try:
            translation = pygettext.translation("django", localedir, ["zh_Hans"])
        except FileNotFoundError:
            continue
        ours = localedir.resolve().is_relative_to(PACKAGE)
        name = str(localedir.relative_to(PACKAGE)) if ours else localedir.parent.name
        found.append((name, translation._catalog, ours))  # type: ignore[attr-defined]
    return found


def test_django_loads_every_catalog_of_ours() -> None:
    ours = [name for name, _catalog, mine in django_catalogs() if mine]
    assert len(ours) == len(CATALOGS), f"Django reads {ours}, the package has {CATALOGS}"


def test_no_msgid_is_translated_differently_in_two_catalogs() -> None:
    """Django merges every catalog into one, so a (context, msgid) translated differently in
    two catalogs shows the first catalog's wording on the other app's pages too (a proposal
    co-signer's "Confirmed" read 确认时间, committee's column label; committee's training
    "Sessions" read 会话, django.contrib.sessions' word). For every msgid one of our catalogs
    translates, the wording Django shows must be the one each of our catalogs has. Same
    meaning: one wording everywhere; another meaning: a context (pgettext,
    {% translate "..." context "..." %}). Our project catalog may reword Django's own
    strings: it comes first."""
    seen: dict[object, list[tuple[str, str, bool]]] = {}
    for name, catalog, ours in django_catalogs():
        for key, text in catalog.items():
            if key not in ("", ("", 0)):  # the header
                seen.setdefault(key, []).append((name, text, ours))
    conflicts = []
    for key, texts in seen.items():
        shown = texts[0][1]
        if any(ours and text != shown for _name, text, ours in texts):
            msgid = key[0] if isinstance(key, tuple) else key
            context, _sep, msgid = msgid.rpartition("\x04")
            label = f"{msgid!r}" + (f" (context {context!r})" if context else "")
            conflicts.append(f"{label}: " + ", ".join(f"{n}={t!r}" for n, t, _o in texts))
    assert not conflicts, (
        f"{len(conflicts)} msgids translated differently in two catalogs (the first wins):\n"
        + "\n".join(sorted(conflicts))
    )
