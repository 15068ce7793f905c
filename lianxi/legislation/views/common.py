"""What the legislation pages share: the draft's text and contents, written straight to HTML
(a 200-article draft is some 600 provisions: through the template engine that alone took
longer than the page's budget), and the choices of provisions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lianxi.legislation.models import Provision, Version


def outline(version: Version | None) -> list[Provision]:
    if version is None:
        return []
    return list(version.provisions.select_related("parent").order_by("position"))


def draft_html(
    provisions: list[Provision], counts: dict[int, int], *, comment_url: str = ""
) -> SafeString:
    """The draft as the page shows it: chapters, sections, each article a block (anchor
    `a-<number>`) with its comment count and, while open, its comment button."""
    out: list[str] = ['<div class="lx-draft">']
    in_article = False
    for p in provisions:
        text = escape(p.text)
        if p.kind in {"chapter", "section"} or p.kind == "article":
            if in_article:
                out.append("</div>")
                in_article = False
        if p.kind == "chapter":
            out.append(f'<h3 class="h5 lx-chapter" id="p-{p.pk}">{p.label} {text}</h3>')
        elif p.kind == "section":
            out.append(f'<h4 class="h6 lx-section" id="p-{p.pk}">{p.label} {text}</h4>')
        elif p.kind == "article":
            in_article = True
            out.append(f'<div class="lx-article" id="a-{p.number}">')
            side = []
            n = counts.get(p.pk, 0)
            if n:
                label = ngettext("%(n)s comment", "%(n)s comments", n) % {"n": n}
                side.append(f'<span class="badge text-bg-light">{escape(label)}</span>')
            if comment_url:
                side.append(
                    f'<a class="btn btn-outline-primary btn-sm py-0" href="{comment_url}?on={p.pk}"'
                    f' data-article="{p.number}">{escape(_("Comment"))}</a>'
                )
            if side:
                out.append(
                    '<div class="d-flex justify-content-end gap-2 small float-end ms-2">'
                    + "".join(side)
                    + "</div>"
                )
        elif p.kind == "paragraph":
            head = (
                f'<span class="lx-label">{p.parent.label}</span>'
                if p.number == 1 and p.parent
                else ""
            )
            out.append(f'<p class="lx-para mb-1">{head}{text}</p>')
        else:
            out.append(f'<p class="lx-item mb-1">{p.label}{text}</p>')
    if in_article:
        out.append("</div>")
    out.append("</div>")
    return mark_safe("".join(out))


def contents_html(provisions: list[Provision], counts: dict[int, int]) -> SafeString:
    out = ['<ul class="list-unstyled mb-0">']
    for p in provisions:
        if p.kind == "chapter":
            out.append(
                f'<li class="fw-semibold mt-2"><a href="#p-{p.pk}">{p.label} {escape(p.text)}</a></li>'
            )
        elif p.kind == "section":
            out.append(f'<li class="ms-2"><a href="#p-{p.pk}">{p.label} {escape(p.text)}</a></li>')
        elif p.kind == "article":
            n = counts.get(p.pk, 0)
            extra = f' <span class="text-muted">({n})</span>' if n else ""
            out.append(f'<li class="ms-3"><a href="#a-{p.number}">{p.label}</a>{extra}</li>')
    out.append("</ul>")
    return mark_safe("".join(out))


def comment_url(consultation: Any) -> str:
    return reverse("legislation:comment", args=[consultation.pk])


def provision_choices(
    version: Version | None, *, articles_only: bool = False
) -> list[tuple[Any, str]]:
    """Articles (and their paragraphs and items), for a select."""
    if version is None:
        return []
    provisions = version.provisions.order_by("position")
    if articles_only:  # an article's citation is its label; no text, no parents
        return list(provisions.filter(kind="article").values_list("pk", "label"))
    # Labels only: the text of 200 articles and their parents is most of what a select
    # would otherwise read.
    rows = provisions.select_related("parent__parent").only(
        "kind", "label", "parent", "parent__label", "parent__parent", "parent__parent__label"
    )
    kinds = {"article", "paragraph", "item"}
    return [(p.pk, p.citation) for p in rows if p.kind in kinds]


def options_html(choices: list[tuple[Any, str]], selected: str = "") -> SafeString:
    """<option>s of a long select, written straight to HTML (see draft_html)."""
    return mark_safe(
        "".join(
            f'<option value="{v}"{" selected" if str(v) == selected else ""}>{escape(label)}</option>'
            for v, label in choices
        )
    )
