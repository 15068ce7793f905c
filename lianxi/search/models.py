"""Models of the search app: one row per searchable object, whatever its kind.

The full-text structures live beside this table and are created by migration 0002, one per
database: SQLite an FTS5 index (`search_fts`, external content = this table, kept in step by
triggers); PostgreSQL a generated `tsv` column with a GIN index. Both read the space-joined
rjieba tokens in `title_tokens` and `body_tokens` (PostgreSQL also the `keys`), so writing a row
is one INSERT or UPDATE."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Document(models.Model):
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=300)
    # The text shown in snippets: public text only, phone and ID numbers masked.
    body = models.TextField(pgettext_lazy("body", "text"), blank=True)
    title_tokens = models.TextField(_("title tokens"), blank=True)
    body_tokens = models.TextField(_("text tokens"), blank=True)
    at = models.DateTimeField(_("date"), db_index=True)
    # Lexemes of lianxi/search/keys.py (month, public, deputy, station); PostgreSQL indexes
    # them with the words.
    keys = models.CharField(_("index keys"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
