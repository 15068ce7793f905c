"""quality.md row 2, IDOR enumeration: a user asks for someone else's objects by walking the
ids around one of them (pk ±1..50) and by putting a foreign id in a nested route (a case's
attachment, a case's steps and notes, a visit's review, a booking's cancel, a notification's
read, a proposal's document, a comment's hide, a reply template's edit, `?case=`). Pass: no
2xx answer for an object the user may not see, none carrying its fields, and the refusal of
an existing object answers exactly like a missing one (status and body), so ids are no oracle."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from lianxi.core.tests.security import authz_world, routes
from lianxi.core.tests.security.authz_world import (
    Targets,
    call,
)

targets = authz_world.targets  # the module's world, built once

WIDE = 50  # the detail route of each kind walks pk ±1..50
NARROW = 5  # nested routes walk ±1..5 and the foreign ids
MISSING = 10**7  # an id no table reaches
NOISE = [
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'<meta name="csrf-token" content="[^"]*"'),
    re.compile(r'"X-CSRFToken": "[^"]*"'),
]
stats = {"requests": 0, "refused": 0}
SCHEMA = routes.schema()
PARAMS = {
    "case": "case_id", "visit": "visit_id", "booking": "booking_id",
    "message": "notification_id", "proposal": "proposal_id", "comment": "comment_id",
    "template": "template_id", "attachment": "attachment_id",
}  # fmt: skip


@dataclass(frozen=True)
class Probe:
    kind: str  # the model the id walks
    attacker: str  # persona
    method: str
    url: str  # "{id}" stands for the walked id, "{own_*}" for the attacker's own objects
    width: int = NARROW


def visible(t: Targets, kind: str, persona: str) -> Callable[[int], bool]:
    """Whether `persona` may see object `pk` of `kind` (the app's own querysets)."""
    from lianxi.cases.models import Attachment, Case, ReplyTemplate
    from lianxi.legislation.models import Comment
    from lianxi.liaison.models import Booking, Visit
    from lianxi.notifications.models import OutboxMessage
    from lianxi.proposals.models import Proposal

    user = t.users[persona]
    sets = {
        "case": lambda: set(Case.objects.visible_to(user).values_list("pk", flat=True)),
        "attachment": lambda: set(
            Attachment.objects.filter(case__in=Case.objects.visible_to(user)).values_list(
                "pk", flat=True
            )
        ),
        "visit": lambda: set(Visit.objects.visible_to(user).values_list("pk", flat=True)),
        "booking": lambda: set(Booking.objects.filter(citizen=user).values_list("pk", flat=True)),
        "message": lambda: set(
            OutboxMessage.objects.filter(user=user).values_list("pk", flat=True)
        ),
        "proposal": lambda: set(Proposal.objects.visible_to(user).values_list("pk", flat=True)),
        "comment": lambda: set(Comment.objects.visible_to(user).values_list("pk", flat=True)),
        "template": lambda: set(
            ReplyTemplate.objects.visible_to(user).values_list("pk", flat=True)
        ),
    }
    seen = sets[kind]()
    return lambda pk: pk in seen


def model_of(kind: str) -> Any:
    from lianxi.cases.models import Attachment, Case, ReplyTemplate
    from lianxi.legislation.models import Comment
    from lianxi.liaison.models import Booking, Visit
    from lianxi.notifications.models import OutboxMessage
    from lianxi.proposals.models import Proposal

    return {
        "case": Case, "attachment": Attachment, "visit": Visit, "booking": Booking,
        "message": OutboxMessage, "proposal": Proposal, "comment": Comment,
        "template": ReplyTemplate,
    }[kind]  # fmt: skip


# Who walks what: each attacker is a signed-in account for which the targets (authz_world's
# own objects of other personas) are someone else's.
PROBES = [
    # Cases: another citizen, another station's staff, another department, another deputy.
    *[
        Probe("case", who, "get", url, WIDE if url == "/work/cases/{id}/" else NARROW)
        for who in ("station_other", "handler_other", "deputy_other")
        for url in (
            "/work/cases/{id}/",
            "/work/cases/{id}/reply-template/",
        )
    ],
    *[
        Probe("case", who, "post", url)
        for who in ("station_other", "handler_other", "deputy_other")
        for url in (
            "/work/cases/{id}/steps/accept/",
            "/work/cases/{id}/steps/dept_answer/",
            "/work/insight/answer-check/{id}/",
        )
    ],
    Probe("case", "station_other", "post", "/work/cases/{id}/reveal/"),
    Probe("case", "citizen_other", "get", "/cases/mine/{id}/", WIDE),
    Probe("case", "citizen_other", "get", "/cases/{id}/files/{own_attachment}/"),
    *[
        Probe("case", who, method, url, WIDE if url == "/api/v1/cases/{id}" else NARROW)
        for who in ("station_other", "handler_other", "deputy_other", "citizen_other")
        for method, url in (
            ("get", "/api/v1/cases/{id}"),
            ("post", "/api/v1/cases/{id}/notes"),
            ("post", "/api/v1/cases/{id}/reveal"),
            ("post", "/api/v1/cases/{id}/dept-answer"),
            ("post", "/api/v1/insight/cases/{id}/answer-check"),
        )
    ],
    Probe("attachment", "citizen_other", "get", "/cases/{own_case}/files/{id}/", WIDE),
    # Visits: another station's staff, another deputy.
    *[
        Probe("visit", who, method, url, WIDE if url == "/work/liaison/visits/{id}/" else NARROW)
        for who in ("station_other", "deputy_other")
        for method, url in (
            ("get", "/work/liaison/visits/{id}/"),
            ("post", "/work/liaison/visits/{id}/review/"),
            ("post", "/work/liaison/visits/{id}/case/"),
            ("post", "/api/v1/liaison/visits/{id}/review"),
        )
    ],
    # Bookings: another citizen.
    Probe("booking", "citizen_other", "post", "/liaison/bookings/{id}/cancel/", WIDE),
    Probe("booking", "citizen_other", "post", "/api/v1/liaison/bookings/{id}/cancel"),
    # Notifications: another citizen, a member of staff.
    *[
        Probe("message", who, method, url, WIDE if "open" in url else NARROW)
        for who in ("citizen_other", "station")
        for method, url in (
            ("post", "/notifications/{id}/open/"),
            ("post", "/notifications/{id}/read/"),
            ("post", "/api/v1/notifications/{id}/read"),
        )
    ],
    # Proposals: another deputy, a station's staff.
    *[
        Probe("proposal", who, "get", url, WIDE if url.endswith("{id}/") else NARROW)
        for who in ("deputy_other", "handler_other")
        for url in (
            "/work/proposals/{id}/",
            "/work/proposals/{id}/document.docx",
            "/api/v1/proposals/{id}",
        )
    ],
    # Consultation comments: another citizen (the comment's page), a deputy (hiding).
    Probe("comment", "citizen_other", "get", "/legislation/comments/{id}/", WIDE),
    Probe("comment", "deputy_other", "post", "/api/v1/legislation/comments/{id}/hide"),
    # Reply templates: another station's staff, another department.
    *[
        Probe("template", who, method, url, WIDE if method == "get" else NARROW)
        for who in ("station_other", "handler_other")
        for method, url in (
            ("get", "/work/cases/templates/{id}/"),
            ("post", "/work/cases/templates/{id}/delete/"),
            ("put", "/api/v1/reply-templates/{id}"),
            ("delete", "/api/v1/reply-templates/{id}"),
        )
    ],
]


def normal(body: bytes, walked: int) -> str:
    text = body.decode(errors="replace")
    for pattern in NOISE:
        text = pattern.sub("", text)
    return re.sub(rf"/{walked}(?=[/.?\"'])", "/<id>", text)


def own_ids(t: Targets, persona: str) -> dict[str, int]:
    """The attacker's own case and attachment, for routes that nest a foreign id in one's own."""
    from lianxi.cases.models import Attachment, Case

    user = t.users[persona]
    case = Case.objects.filter(citizen=user).first()
    if case is None:
        return {"own_case": 0, "own_attachment": 0}
    attachment = Attachment.objects.filter(case=case).first() or Attachment.objects.create(
        case=case, file="cases/own.jpg", original_name="own.jpg", content_type="image/jpeg",
        size=1, sha256="8" * 64,
    )  # fmt: skip
    return {"own_case": case.pk, "own_attachment": attachment.pk}


def anchor(t: Targets, kind: str) -> int:
    """The walk's centre: authz_world's target of that kind."""
    return int(t.objects["message" if kind == "message" else kind].pk)


@pytest.mark.parametrize("probe", PROBES, ids=[f"{p.attacker}-{p.method}-{p.url}" for p in PROBES])
def test_foreign_ids_answer_like_missing_ones(probe: Probe, targets: Targets, db: Any) -> None:
    sees = visible(targets, probe.kind, probe.attacker)
    own = own_ids(targets, probe.attacker)
    model = model_of(probe.kind)
    centre = anchor(targets, probe.kind)
    assert not sees(centre), f"{probe.attacker} must not see the target {probe.kind}"
    existing = set(model.objects.values_list("pk", flat=True))
    walk = [centre + d for d in range(-probe.width, probe.width + 1)]
    foreign = [pk for pk in walk if pk in existing and not sees(pk)]
    assert foreign, "the walk must meet someone else's objects"
    data: Any = None
    if probe.url.startswith("/api/") and probe.method != "get":
        template = re.sub(r"{id}", "{" + PARAMS[probe.kind] + "}", probe.url)
        data = routes.example_body(SCHEMA, template, probe.method, targets.bodies)

    def ask(pk: int) -> Any:
        url = probe.url.format(id=pk, **own)
        stats["requests"] += 1
        return call(targets, probe.attacker, probe.method, url, data)

    missing = ask(MISSING)
    assert missing.status_code == 404, (probe, missing.status_code)
    baseline = normal(missing.content, MISSING)
    for pk in foreign:
        response = ask(pk)
        assert response.status_code == 404, f"{probe.url} id {pk}: {response.status_code}"
        assert normal(response.content, pk) == baseline, f"{probe.url} id {pk}: not like missing"
        stats["refused"] += 1


def test_a_foreign_case_id_in_a_query_string_filters_nothing_in(
    targets: Targets,
    db: Any,
) -> None:
    """`?case=<foreign id>` on the routes that take one shows none of that case."""
    case = targets.objects["case"]
    for persona in ("station_other", "handler_other", "deputy_other", "citizen_other"):
        for url in (
            f"/work/cases/?id={case.pk}",
            f"/work/cases/?case={case.pk}",
            f"/work/liaison/visits/new/?case={case.pk}",
            f"/api/v1/cases?id={case.pk}",
            f"/notifications/?case={case.pk}",
            f"/topics/similar/?case={case.pk}",
        ):
            response = call(targets, persona, "get", url)
            stats["requests"] += 1
            body = response.content.decode(errors="replace")
            assert case.title not in body, (persona, url)
            assert case.tracking_number not in body, (persona, url)


def teardown_module() -> None:
    print(f"\nIDOR: {stats['requests']} requests, {stats['refused']} foreign ids refused alike")
