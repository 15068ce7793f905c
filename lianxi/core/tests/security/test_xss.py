"""Stored XSS (quality.md test 6): a payload corpus written into every text field a person can
fill, then every page, admin page, API answer and e-mail that shows them, for every role.

Each page is rendered twice from the same rows: once with a harmless value of the same length
(the payload with its markup characters neutralised) and once with the payload. Parsed with
html5lib, the payload must add no element and no attribute, no `javascript:` link, no `49`
(`{{7*7}}` evaluated) and no template tag evaluated; every HTML answer carries a CSP header."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import html5lib
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse

from lianxi.accounts.models import User
from lianxi.audit.context import Origin, current_origin
from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.committee.text import sanitise
from lianxi.core.tests.security.crawl import ROLES, Crawl, client_for, demo_city
from lianxi.notifications.channels.email import transport as email
from lianxi.notifications.models import OutboxMessage

__all__ = ["demo_city"]  # the module's world, a fixture

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "{{7*7}}",
    "{% now 'Y' %}",
]
# The harmless twin keeps the length and the words, without markup or template syntax.
NEUTRAL = str.maketrans({c: "_" for c in "<>\"'{}%:=/"})

# Text fields that are not free text a person types, and why (every other CharField and
# TextField of every lianxi model is filled; a new one is filled unless listed here).
NOT_FREE_TEXT = {
    "accounts.User.password": "a password hash",
    "accounts.User.username": "a sign-in name, unique, chosen from a restricted alphabet",
    "accounts.User.email": "an EmailField validated on input",
    "accounts.User.phone": "a phone number validated on input and masked on output",
    "accounts.OneTimeCode.phone_hash": "a hash",
    "accounts.OneTimeCode.code_hash": "a hash",
    "accounts.OneTimeCode.ip": "the client address",
    "accounts.RecoveryCode.code_hash": "a hash",
    "audit.AuditEvent.*": "append-only; written below through log() with hostile labels",
    "directory.Area.code": "an administrative code (12 digits)",
    "directory.Category.code": "a taxonomy code",
    "directory.Deputy.phone": "a phone number validated on input and masked on output",
    "directory.Deputy.email": "an e-mail address validated on input",
    "directory.DemoCity.size": "the demo generator's size word",
    "cases.Case.tracking_number": "generated",
    "cases.Case.contact_phone": "a phone number validated on input and masked on output",
    "cases.CaseEvent.step": "a workflow step code",
    "cases.IdempotencyKey.key": "an API client's key, never shown",
    "cases.IdempotencyKey.body_hash": "a hash",
    "cases.Attachment.content_type": "sniffed from the bytes on upload",
    "cases.Attachment.sha256": "a hash",
    "cases.IntakeClient.name": "unique API client name typed by an administrator (kept simple)",
    "notifications.OutboxMessage.recipient": "an address validated on input",
    "notifications.OutboxMessage.dedupe_key": "generated",
    "notifications.OutboxMessage.kind": "an event code",
    "notifications.OutboxMessage.url": "a link the platform builds to its own pages",
    "notifications.OutboxMessage.provider_ref": "the SMS provider's id",
    "notifications.OutboxMessage.claimed_by": "a worker's token",
    "liaison.Booking.phone": "a phone number validated on input and masked on output",
    "liaison.Photo.content_type": "sniffed from the bytes on upload",
    "liaison.Photo.sha256": "a hash",
    "committee.Activity.level": "a deputy-level code",
    "committee.Activity.sectors": "sector codes",
    "committee.Audience.levels": "deputy-level codes",
    "committee.Audience.delegations": "delegation names picked from the directory",
    "committee.Audience.sectors": "sector codes",
    "committee.CalendarToken.token": "a secret token",
    "committee.NoticeAttachment.content_type": "sniffed from the bytes on upload",
    "committee.NoticeAttachment.sha256": "a hash",
    "committee.Material.content_type": "sniffed from the bytes on upload",
    "committee.TrainingSession.checkin_token": "a secret token",
    "legislation.Comment.author_key": "a hash of the author's identity",
    "legislation.Comment.body_hash": "a hash",
    "legislation.Comment.request_key": "an idempotency key",
    "insight.RoutingModel.fingerprint": "a hash",
    "insight.RoutingModel.path": "a file path the platform chooses",
    "topics.CaseTerms.terms": "derived tokens, never shown",
    "topics.Follow.phone": "a phone number validated on input and masked on output",
    "search.Document.*": "derived from the source rows: rebuilt by reindexing after the fill",
    "stats.*": "aggregates",
    "retention.AuditArchive.*": "written by the archiving job",
}
SEARCH_TERM = "alert"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
SCRIPT_URL = re.compile(r"^[\s\x00-\x1f]*(javascript|vbscript|data):", re.IGNORECASE)
# Not beside a colon either: a time written during the crawl ("22:49", an audit row's) differs
# between the two renderings and is not an evaluated {{7*7}}.
STANDALONE = {
    marker: re.compile(rf"(?<![\d:]){marker}(?![\d:])") for marker in ("49", "2026", "2027")
}


def label(model: type[models.Model], name: str) -> str:
    return f"{model._meta.label}.{name}"


def skipped(model: type[models.Model], f: models.Field[Any, Any]) -> bool:
    meta = model._meta
    return bool(
        f.choices
        or not f.editable
        or {label(model, f.name), f"{meta.label}.*", f"{meta.app_label}.*"} & NOT_FREE_TEXT.keys()
    )


def text_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    found = []
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("lianxi.") or model._meta.proxy:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, (models.CharField, models.TextField)) and not skipped(model, f):
                found.append((model, f))
    return found


def value(f: models.Field[Any, Any], harmless: bool, suffix: str = "") -> str:
    """As much of the corpus as fits the field (short fields get a different payload each)."""
    room = (f.max_length or 100_000) - len(suffix)
    start = sum(map(ord, f"{f.model.__name__}.{f.name}")) % len(PAYLOADS)
    ring = PAYLOADS[start:] + PAYLOADS[:start]
    chosen: list[str] = []
    for payload in ring:
        if len(" ".join([*chosen, payload])) <= room:
            chosen.append(payload)
    text = " ".join(chosen) + suffix
    if isinstance(f, models.URLField):  # what URL validation lets through
        text = 'https://example.org/?q="><svg onload=alert(1)>{{7*7}}'[: f.max_length]
    return text.translate(NEUTRAL) if harmless else text


def in_a_unique_set(model: Any, name: str) -> bool:
    """Whether the field is one of several unique together (a poll's answer per person)."""
    sets = [*model._meta.unique_together]
    sets += [c.fields for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    return any(name in fields for fields in sets)


def fill(harmless: bool) -> int:
    """Write the corpus (or its harmless twin) into every free-text field; the fields filled."""
    # E-mail copies of in-app messages, so that the outbox holds e-mails to render.
    for message in OutboxMessage.objects.filter(channel="inapp").order_by("pk")[:10]:
        OutboxMessage.objects.create(
            channel="email",
            user=message.user,
            recipient="someone@example.org",
            subject=message.subject,
            body=message.body,
            kind=message.kind,
            url=message.url,
            dedupe_key=f"xss-{message.pk}",
        )
    filled = 0
    for model, f in text_fields():
        manager = model._default_manager
        if f.unique or in_a_unique_set(model, f.name):
            # One UPDATE: the text, then the row's id, so that each row's value is its own.
            room = " " + "0" * 12
            text = value(f, harmless, room)[: -len(room)] + " "
            pk = Cast("pk", output_field=models.CharField())
            manager.update(**{f.name: Concat(Value(text), pk)})
        elif label(model, f.name) == "committee.Notice.body":  # rich text: stored sanitised
            manager.update(body=sanitise(f"<p>{value(f, harmless)}</p>"))
        else:
            manager.update(**{f.name: value(f, harmless)})
        filled += 1
    text = value(LogEntry._meta.get_field("change_message"), harmless)
    admin_user = User.objects.get(username="admin")
    case = Case.objects.order_by("pk").first()
    assert case is not None
    # The admin log, and audit events whose labels and user agent come from hostile text.
    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=str(case.pk),
        object_repr=text[:200],
        action_flag=CHANGE,
        change_message=text,
    )
    token = current_origin.set(Origin(ip="10.0.0.1", user_agent=text[:200]))
    try:
        for who in User.objects.filter(username__in=["admin", "committee", "station"]):
            log(who, "security.xss_probe", target=case)
    finally:
        current_origin.reset(token)
    reindex()
    return filled


def reindex() -> None:
    from lianxi.search.committee import reindex_committee
    from lianxi.search.legislation import reindex_legislation
    from lianxi.search.reindex import reindex_cases

    reindex_cases()
    reindex_committee()
    reindex_legislation()


@dataclass
class Shape:
    """What a payload could add to a page."""

    status: int
    html: bool
    csp: bool
    tags: Counter[str] = field(default_factory=Counter)
    attrs: Counter[str] = field(default_factory=Counter)
    scripted: list[str] = field(default_factory=list)  # javascript: links, on* attributes
    text: str = ""


def shape_of(body: bytes, status: int, content_type: str, csp: bool) -> Shape:
    html = "html" in content_type
    textual = html or content_type.startswith(("text/", "application/json"))
    shape = Shape(status, html, csp, text=body.decode(errors="replace") if textual else "")
    if not html:
        return shape
    tree = html5lib.parse(body, treebuilder="etree", namespaceHTMLElements=False)
    shape.text = " ".join(tree.itertext())  # random tokens and nonces are attributes
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        shape.tags[element.tag] += 1
        for name, val in element.attrib.items():
            shape.attrs[f"{element.tag}@{name}"] += 1
            url_attr = name.lower() in URL_ATTRIBUTES
            if name.lower().startswith("on") or (url_attr and SCRIPT_URL.match(val)):
                shape.scripted.append(f"<{element.tag} {name}={val[:60]!r}>")
    return shape


def shape(response: Any) -> Shape:
    content = getattr(response, "content", None)
    if content is None:  # a streamed download
        content = b"".join(response.streaming_content)
    return shape_of(
        content,
        response.status_code,
        response.get("Content-Type", ""),
        bool(response.get("Content-Security-Policy")),
    )


def differences(url: str, calm: Shape, hostile: Shape) -> list[str]:
    found = []
    if hostile.status >= 500:
        found.append(f"{url}: {hostile.status} with the payload")
    if calm.status != hostile.status or calm.html != hostile.html:
        return found
    for what, before, after in (("elements", calm.tags, hostile.tags),):
        added = after - before
        if added:
            found.append(f"{url}: the payload adds {what} {dict(added)}")
    added_attrs = hostile.attrs - calm.attrs
    if added_attrs:
        found.append(f"{url}: the payload adds attributes {dict(added_attrs)}")
    extra = set(hostile.scripted) - set(calm.scripted)
    if extra:
        found.append(f"{url}: script in attributes {sorted(extra)[:3]}")
    for marker, pattern in STANDALONE.items():  # {{7*7}} and {% now 'Y' %} evaluated
        if len(pattern.findall(hostile.text)) > len(pattern.findall(calm.text)):
            found.append(f"{url}: {marker!r} appears more often with the payload")
    return found


def admin_pages() -> list[str]:
    """Each registered model's change list and the change page of its first row, the admin
    index (recent actions) and the history page of the case the admin log names."""
    urls = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    case = Case.objects.order_by("pk").first()
    assert case is not None
    urls.append(reverse("admin:cases_case_history", args=[case.pk]))
    return urls


def api_pages(client: Client) -> Iterator[str]:
    """Every API read without path parameters, and one detail read of each list's first item."""
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        if "{" not in path:
            yield path
            continue
        listing = path.rsplit("/{", 1)[0]
        if "{" in listing or not listing:
            continue
        items = client.get(listing).json() if client.get(listing).status_code == 200 else None
        if isinstance(items, dict):
            items = items.get("items") or items.get("results")
        if isinstance(items, list) and items and isinstance(items[0], dict) and "id" in items[0]:
            yield re.sub(r"\{[^}]+\}$", str(items[0]["id"]), path)


def emails() -> dict[str, Shape]:
    """The HTML body of every e-mail in the outbox, built as the sender builds it."""
    shapes = {}
    # Keyed by position: PostgreSQL does not roll its sequences back, so the second rendering's
    # rows have other ids.
    rows = OutboxMessage.objects.filter(channel="email").order_by("pk")[:20]
    for n, message in enumerate(rows):
        context = {
            "subject": message.subject,
            "lines": [{"text": message.body, "url": email.absolute(message.url)}],
        }
        mail = email.build("someone@example.org", message.subject, context, f"m{message.pk}")
        html_body = str(mail.alternatives[0][0])
        shapes[f"e-mail {n}"] = shape_of(html_body.encode(), 200, "text/html", True)
    return shapes


def render_all(
    harmless: bool, plan: dict[str, list[str]] | None
) -> tuple[dict[str, list[str]], dict[str, Shape], int]:
    """Fill, then render every page of the plan (crawling to make one when None)."""
    filled = fill(harmless)
    # Chosen before anything is rendered: a first row that the crawl itself creates (a sign-in's
    # access log) gets another id in the second rendering, and the admin's "does not exist"
    # message for it would land on the next page.
    admin_urls = admin_pages()
    if plan is None:
        plan = {}
        outbox = OutboxMessage.objects.filter(channel="email")
        assert outbox.exists(), "no e-mail in the outbox to render"
    shapes: dict[str, Shape] = {}
    for role in ROLES:
        client = client_for(role)
        if role in plan:
            for url in plan[role]:
                shapes[f"{role} {url}"] = shape(client.get(url))
            continue
        # The first rendering crawls: each page is fetched once in both renderings, in the
        # same order (some GETs write, e.g. a notice's read receipt, and change what follows).
        pages: list[str] = []

        def visit(url: str, response: Any, role: str = role, pages: list[str] = pages) -> None:
            if "alert" not in url:  # a link that carries the harmless text itself
                pages.append(url)
                shapes[f"{role} {url}"] = shape(response)

        Crawl(role).run(client, visit)
        more = [f"/search/?q={SEARCH_TERM}"]
        if role != "public":
            more += [f"/work/search/?q={SEARCH_TERM}"]
        if role == "admin":
            more += admin_urls
        more += list(api_pages(client))
        for url in more:
            shapes[f"{role} {url}"] = shape(client.get(url))
        plan[role] = pages + more
    shapes.update(emails())
    return plan, shapes, filled


def test_every_text_field_is_filled_or_explained() -> None:
    listed = {key for key in NOT_FREE_TEXT if not key.endswith("*")}
    real = {
        label(model, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if model._meta.app_config.name.startswith("lianxi.")
    }
    assert listed <= real, f"NOT_FREE_TEXT names fields that do not exist: {listed - real}"
    assert len(text_fields()) > 100


def test_payloads_add_nothing_to_any_page_mail_or_answer(demo_city: Any, db: Any) -> None:
    with transaction.atomic():
        calm_plan, calm, filled = render_all(harmless=True, plan=None)
        transaction.set_rollback(True)
    with transaction.atomic():
        _plan, hostile, _filled = render_all(harmless=False, plan=calm_plan)
        transaction.set_rollback(True)
    problems = []
    for key, before in calm.items():
        problems += differences(key, before, hostile[key])
    html_pages = [key for key, s in hostile.items() if s.html and not key.startswith("e-mail")]
    no_csp = [key for key in html_pages if not hostile[key].csp]
    api = [key for key in hostile if " /api/" in key]
    json_as_html = [key for key in api if hostile[key].html]
    stats = {
        "fields": filled,
        "pages": len(hostile),
        "html": len(html_pages),
        "api": len(api),
        "emails": sum(k.startswith("e-mail") for k in hostile),
        "per role": {role: len(pages) for role, pages in calm_plan.items()},
    }
    print("stored XSS sweep:", json.dumps(stats, ensure_ascii=False))
    assert stats["emails"] > 0 and stats["api"] > 20 and len(html_pages) > 300
    assert not problems, "\n".join(problems[:40])
    assert not no_csp, f"HTML without a CSP header: {no_csp[:10]}"
    assert not json_as_html, f"API answers served as HTML: {json_as_html[:10]}"
