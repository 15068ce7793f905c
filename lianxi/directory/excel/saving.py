"""Writing checked directory rows: create the new records, update only what changed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from lianxi.directory.excel.lookups import BATCH, chunks
from lianxi.directory.models import Department, Deputy, Expertise, Station
from lianxi.lib.sheets import Counts


@dataclass
class Record:
    """A valid row: the model's field values and the ids of its many-to-many relations
    (a relation whose column is not in the file is left out and stays as stored)."""

    number: int
    key: Any
    values: dict[str, Any]
    relations: dict[str, list[Any]] = field(default_factory=dict)


# Valid records, and the stored objects they match (by key).
Checked = tuple[list[Record], dict[Any, Any]]


@dataclass
class Written:
    """What a write did: how many objects were created, which matched ones changed."""

    model: type[models.Model]
    created: int = 0
    matched: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    pks: dict[Any, int] = field(default_factory=dict)

    def counts(self) -> Counts:
        """(created, updated, unchanged) among the rows written."""
        changed = self.changed & self.matched
        return Counts(self.created, len(changed), len(self.matched - changed))


def save(model: type[models.Model], records: list[Record], existing: dict[Any, Any]) -> Written:
    """Create new objects; update only the changed fields of matched ones (most rows of a
    re-imported export are unchanged, and one UPDATE per changed row beats `bulk_update`'s
    CASE expressions by far)."""
    now = timezone.now()
    manager = model._default_manager
    written = Written(model)
    attnames = {f.name: f.attname for f in model._meta.concrete_fields}
    created: list[tuple[Any, Any]] = []
    for record in records:
        obj = existing.get(record.key)
        if obj is None:
            obj = model(**record.values)
            created.append((record.key, obj))
            continue
        written.matched.add(obj.pk)
        written.pks[record.key] = obj.pk
        changes: dict[str, Any] = {}
        for name, value in record.values.items():
            current = getattr(obj, attnames[name])
            if current != (value.pk if isinstance(value, models.Model) else value):
                changes[name] = value
        if changes:
            manager.filter(pk=obj.pk).update(**changes, updated_at=now)
            written.changed.add(obj.pk)
    manager.bulk_create([obj for _key, obj in created], batch_size=BATCH)
    written.created = len(created)
    written.pks.update((key, obj.pk) for key, obj in created)
    return written


def sync_relation(written: Written, name: str, records: list[Record]) -> None:
    """Set a many-to-many relation of many objects in a few queries, rewriting only the
    objects whose set of related ids differs."""
    targets = {written.pks[r.key]: r.relations[name] for r in records if name in r.relations}
    if not targets:
        return
    relation = written.model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = relation.m2m_field_name() + "_id"  # type: ignore[union-attr]
    target = relation.m2m_reverse_field_name() + "_id"  # type: ignore[union-attr]
    current: dict[int, set[int]] = defaultdict(set)
    owners = sorted(targets)
    for chunk in chunks(owners):
        rows = through.objects.filter(**{f"{source}__in": chunk}).values_list(source, target)
        for owner, other in rows:
            current[owner].add(other)
    changed = [owner for owner in owners if current.get(owner, set()) != set(targets[owner])]
    for chunk in chunks(changed):
        through.objects.filter(**{f"{source}__in": chunk}).delete()
    links = [
        through(**{source: owner, target: other}) for owner in changed for other in targets[owner]
    ]
    through.objects.bulk_create(links, batch_size=1000)
    touched = set(changed) & (written.matched - written.changed)
    for chunk in chunks(sorted(touched)):
        written.model._default_manager.filter(pk__in=chunk).update(updated_at=timezone.now())
    written.changed.update(changed)


def _write(model: type[models.Model], checked: Checked, *relations: str) -> Counts:
    records, existing = checked
    written = save(model, records, existing)
    for relation in relations:
        sync_relation(written, relation, records)
    return written.counts()


def write_deputies(checked: Checked) -> Counts:
    """Fields of expertise named in the file are created first."""
    records = [r for r in checked[0] if "expertise" in r.relations]
    names = sorted({n for r in records for n in r.relations["expertise"]})
    Expertise.objects.bulk_create(
        [Expertise(name=n) for n in names], ignore_conflicts=True, batch_size=BATCH
    )
    ids: dict[str, int] = {}
    for chunk in chunks(names):
        ids.update(Expertise.objects.filter(name__in=chunk).values_list("name", "pk"))
    for record in records:
        record.relations["expertise"] = [ids[n] for n in record.relations["expertise"]]
    return _write(Deputy, checked, "expertise")


def write_stations(checked: Checked) -> Counts:
    return _write(Station, checked, "communities", "deputies")


def write_departments(checked: Checked) -> Counts:
    return _write(Department, checked, "categories")
