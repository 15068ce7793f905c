"""quality.md row 4, filter abuse: on every list (each API read without a path parameter, and
the list pages), filter, ordering and search parameters on fields that are not offered
(`?citizen__phone__startswith=138`, `?ordering=citizen__phone`, …), sent by each role that may
read the list, give the unfiltered answer or a 400/422. Each probe goes in pairs whose values
differ (`138` / `999`): the two answers must be alike, so no hidden filter is an oracle."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lianxi.core.tests.security import authz_world, routes
from lianxi.core.tests.security.authz_world import (
    ROLES,
    Targets,
    call,
)

targets = authz_world.targets  # the module's world, built once

# Each probe: a parameter, and two values that would give different answers if it were applied.
PROBES = [
    ("citizen__phone__startswith", "138", "999"),
    ("contact_phone__startswith", "1", "9"),
    ("contact_phone", "13700001111", "19900000000"),
    ("citizen__phone", "13700001111", "19900000000"),
    ("contact_name__contains", "王", "甄"),
    ("citizen", "1", "2"),
    ("citizen_id", "1", "2"),
    ("ordering", "citizen__phone", "-citizen__phone"),
    ("ordering", "contact_phone", "-contact_phone"),
    ("order_by", "contact_phone", "-contact_phone"),
    ("sort", "contact_phone", "-contact_phone"),
    ("search", "137", "999"),
    ("phone", "137", "999"),
    ("address__contains", "路", "秘"),
]
LIST_PAGES = [
    "casework:list", "cases:mine", "published:list", "liaison_work:home", "liaison_work:visits",
    "liaison_work:compliance", "committee_work:inbox", "committee_work:notices",
    "committee_work:materials", "committee_work:courses", "committee_work:activities",
    "legislation_work:list", "legislation:list", "proposals_work:list", "proposals:public",
    "topics_work:hot_issues", "topics_work:topics", "topics:following", "notifications:list",
    "retention_work:requests", "privacy:deletion", "search_work:search", "search:search",
    "portal:stations", "portal:deputies", "workbench:home", "stats_work:dashboard",
    "casework:templates",
]  # fmt: skip
# Parameters a page offers itself (a choice among fixed orders, validated by its form): an
# unknown value falls back to the default or is refused on the form, so it is not probed here.
PAGE_OFFERS = {
    "casework:list": {"sort"},
    "search_work:search": {"sort"},
    "search:search": {"sort"},
}
NOISE = [
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'<meta name="csrf-token" content="[^"]*"'),
    re.compile(r'"X-CSRFToken": "[^"]*"'),
]
RELATIVE_TIME = re.compile(r"(<time [^>]*>)[^<]*(</time>)")
SCHEMA = routes.schema()
LISTS = [r for r in routes.operations(SCHEMA) if r.methods == ("get",) and not r.params]
stats = {"requests": 0, "compared": 0}


def offered(route: routes.Route) -> set[str]:
    spec = SCHEMA["paths"][route.template]["get"]
    return {p["name"] for p in spec.get("parameters", []) if p["in"] == "query"}


def normal(response: Any, words: tuple[str, ...]) -> tuple[int, str]:
    """Status and body, without what changes per request (nonces, tokens) and without the
    probe's own words (a search box may echo them)."""
    text = response.content.decode(errors="replace")
    for pattern in NOISE:
        text = pattern.sub("", text)
    # "3 分钟前" moves on between two requests; the datetime attribute stays and is compared.
    text = RELATIVE_TIME.sub(r"\1\2", text)
    # Pages echo their own address (the language switch's `next`): drop the query string.
    text = re.sub(r"\?[^\"'<>\s]*", "", text)
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return response.status_code, text


def alike(answer: Any, base: Any, words: tuple[str, ...]) -> bool:
    return answer.status_code == 200 and normal(answer, words) == normal(base, words)


def check(t: Targets, role: str, url: str, skip: set[str]) -> int:
    base = call(t, role, "get", url)
    stats["requests"] += 1
    if base.status_code != 200:
        return 0
    probes = [p for p in PROBES if p[0] not in skip]
    # First every probe at once, as a pair: when both answers are the unfiltered one, no
    # parameter changed anything (a filter applied would narrow or reorder one of them).
    # Otherwise each probe alone, which names the one at fault.
    once = {name: (a, b) for name, a, b in reversed(probes)}  # a name twice: its first pair
    words = tuple({w for probe in probes for w in probe})
    first = call(t, role, "get", url, {name: a for name, (a, _b) in once.items()})
    second = call(t, role, "get", url, {name: b for name, (_a, b) in once.items()})
    stats["requests"] += 2
    if alike(first, base, words) and alike(second, base, words):
        probes = [p for p in probes if once.get(p[0]) != (p[1], p[2])]
        compared = len(once)
    else:
        compared = 0
    for name, a, b in probes:
        words = (name, a, b)
        first = call(t, role, "get", url, {name: a})
        second = call(t, role, "get", url, {name: b})
        stats["requests"] += 2
        for answer in (first, second):
            assert answer.status_code in (200, 400, 422), (role, url, name, answer.status_code)
            if answer.status_code == 200:
                assert normal(answer, words) == normal(base, words), (
                    f"{url}?{name}=… changes what {role} gets: a filter the list does not offer"
                )
        assert normal(first, words) == normal(second, words), (role, url, name, "oracle")
        compared += 1
    return compared


@pytest.mark.parametrize("route", LISTS, ids=[r.key for r in LISTS])
def test_api_lists_ignore_or_refuse_unoffered_filters(
    route: routes.Route,
    targets: Targets,
    db: Any,
) -> None:
    done = sum(check(targets, role, route.template, offered(route)) for role in ROLES)
    stats["compared"] += done


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_ignore_or_refuse_unoffered_filters(
    name: str,
    targets: Targets,
    db: Any,
) -> None:
    from django.urls import reverse

    url = reverse(name)
    done = sum(check(targets, role, url, PAGE_OFFERS.get(name, set())) for role in ROLES)
    stats["compared"] += done
    assert done, f"no role could read {name}"


def teardown_module() -> None:
    print(f"\nfilters: {stats['requests']} requests, {stats['compared']} probe pairs compared")
