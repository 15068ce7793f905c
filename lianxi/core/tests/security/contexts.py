"""quality.md row 3, the template half (the JSON half is test_fields.py): what each role's
pages hand their templates, recorded during the canary crawl of row 13 (test_canary_crawl.py,
no extra requests). While each staff role's pages render, two things are recorded:

- every context the templates get, walked as data (dicts, lists, strings, dataclasses; model
  instances are the templates' business, below): no canary contact value in full for any role
  (no reveal happens in the crawl), and no typed canary in full for roles without need to know;
- every attribute a template reads from a model instance (`cases.Case.contact_phone_masked`),
  per role. Those are the template-context keys: each role's set must be ⊆
  `context_allowlist.yaml` (a new one fails until someone adds it on purpose:
  `LIANXI_FIELDS_RECORD=1` drafts the additions; review them), and no role's templates may read
  a field in full where the model offers its masked twin (`contact_phone` beside
  `contact_phone_masked`), except those in FULL_ON_PURPOSE."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from django.db import models
from django.template import base as template_base
from django.test.signals import template_rendered

ALLOWLIST = Path(
    os.environ.get("LIANXI_CONTEXT_ALLOWLIST") or Path(__file__).with_name("context_allowlist.yaml")
)
RECORD = os.environ.get("LIANXI_FIELDS_RECORD") == "1"
# Full values a template may read although a masked twin exists, and why.
FULL_ON_PURPOSE = {
    "directory.Deputy.phone": "a deputy's own phone, read only where can_see_deputy_contact "
    "allows (the deputy, their station's staff, committee staff, administrators), audited as "
    "directory.show_contact; other roles get phone_masked (and the allowlist keeps it so)",
}
# The template engine's own probes of a resolved value, not a template's reading.
ENGINE = {
    "do_not_call_in_templates",
    "alters_data",
    "expects_localtime",
    "needs_autoescape",
    "is_safe",
    "template_name",
    "silent_variable_failure",
    "resolve_expression",
}


@dataclasses.dataclass
class Seen:
    reads: set[str] = dataclasses.field(default_factory=set)
    values: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (template, text)
    contexts: int = 0


def strings(value: Any, depth: int = 0) -> Iterator[str]:
    """The text a context value holds as data (not reaching into model instances, querysets,
    forms or callables: what a template reads from those is recorded as reads)."""
    if depth > 8:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield k
            yield from strings(v, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name, None), depth + 1)


@contextmanager
def recording(seen: Seen) -> Iterator[None]:
    builtin_getattr = getattr

    def reading(obj: Any, name: str, *default: Any) -> Any:
        if isinstance(obj, models.Model) and name not in ENGINE and not name.startswith("_"):
            seen.reads.add(f"{obj._meta.label}.{name}")
        return builtin_getattr(obj, name, *default)

    def rendered(sender: Any, template: Any, context: Any, **_kw: Any) -> None:
        seen.contexts += 1
        name = getattr(template, "name", None) or "?"
        for layer in context.dicts:
            for text in strings(dict(layer)):
                seen.values.append((name, text))

    template_rendered.connect(rendered, dispatch_uid="row3-context")
    try:
        with mock.patch.object(template_base, "getattr", reading, create=True):
            yield
    finally:
        template_rendered.disconnect(dispatch_uid="row3-context")


def masked_twins(reads: set[str]) -> set[str]:
    """Reads of a field in full where its model offers the masked twin."""
    from django.apps import apps

    full = set()
    for read in reads:
        label, attr = read.rsplit(".", 1)
        model = apps.get_model(label)
        if not attr.endswith("_masked") and hasattr(model, f"{attr}_masked"):
            full.add(read)
    return full - set(FULL_ON_PURPOSE)


def _load() -> dict[str, list[str]]:
    if not ALLOWLIST.exists():
        return {}
    return {k: v or [] for k, v in (yaml.safe_load(ALLOWLIST.read_text("utf-8")) or {}).items()}


EXPECTED = _load()
observed: dict[str, set[str]] = {}


def check(name: str, seen: Seen, canaries: dict[str, str]) -> None:
    """Row 3's assertions on what `name`'s pages handed their templates."""
    leaks = sorted(
        {
            f"{template}: {k}"
            for template, text in seen.values
            for k, v in canaries.items()
            if v in text
        }
    )
    assert leaks == [], leaks[:20]
    assert masked_twins(seen.reads) == set()
    assert seen.contexts > 20, seen.contexts
    observed[name] = seen.reads
    print(f"{name}: {seen.contexts} template contexts, {len(seen.reads)} model attributes read")
    if RECORD or not ALLOWLIST.exists():  # not yet recorded: the two checks above still hold
        return
    new = sorted(seen.reads - set(EXPECTED.get(name, [])))
    assert new == [], (
        f"{name}'s templates read {new}, not in {ALLOWLIST.name}: if the role may see them, "
        "run with LIANXI_FIELDS_RECORD=1 and review the additions"
    )


def write_allowlist() -> None:
    """After a recording run: the allowlist with this run's reads added (for review)."""
    if not (RECORD and observed):
        return
    merged = {k: set(v) for k, v in EXPECTED.items()}
    for name, reads in observed.items():
        merged.setdefault(name, set()).update(reads)
    ALLOWLIST.write_text(
        "# quality.md row 3, templates: per role, the model attributes its pages' templates\n"
        "# read (contexts.py, during test_canary_crawl.py). Reviewed: none is a personal field\n"
        "# in full (FULL_ON_PURPOSE names the deliberate ones).\n"
        + yaml.safe_dump({k: sorted(v) for k, v in sorted(merged.items())}, allow_unicode=True),
        encoding="utf-8",
    )
