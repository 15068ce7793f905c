"""CSRF (quality.md test 7, first half): every unsafe method on every URL of the resolver, signed
in as the administrator (who may do nearly anything, so only the CSRF check stands in the way),
with no token and with a bad token, answers 403 and changes no row of any table. The views
Django does not check (csrf_exempt) are exactly the reviewed allowlist below, and they too
change nothing when a signed-in browser is made to post to them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from conftest import World, force_login
from lianxi.core.tests.security.crawl import table_counts

METHODS = ("post", "put", "patch", "delete")
BAD_TOKEN = "x" * 32
# Views Django's CSRF middleware does not check, and why that is safe.
CSRF_EXEMPT = {
    "lianxi.api.open311.views.requests_view": "Open311 intake: its POST authenticates by "
    "api_key in the body, never by the session cookie",
    "ninja.operation.PathView.get_view.<locals>.sync_view_wrapper": "the REST API (django-ninja): operations that use "
    "the session (django_auth) check the CSRF token themselves and answer 403; operations "
    "without auth ignore the session and need a JSON body or an Idempotency-Key header, which "
    "a cross-site form cannot send",
}
GROUP = re.compile(r"\(\?P<\w+>")
CANDIDATES = ("1", "x", str(uuid.UUID(int=1)), "cases", "deputies")


def patterns(
    resolvers: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, Any]]:
    """(regex of the whole path, view) for every URL the resolver knows."""
    for entry in resolvers:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^").removesuffix("\\Z")
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, regex)
        else:
            yield regex.removesuffix("$"), entry.callback


def fill_groups(regex: str, value: str) -> str:
    """The regex with each named group replaced by `value` (groups may nest parentheses)."""
    out, i = [], 0
    while (match := GROUP.search(regex, i)) is not None:
        out.append(regex[i : match.start()])
        depth, j = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[j], 0)
            j += 1 if regex[j] != "\\" else 2
        out.append(value)
        i = j
    out.append(regex[i:])
    path = "".join(out).replace("\\", "")
    return "/" + re.sub(r"\(\?:[^)]*\)\?", "", path).replace("$", "")


def concrete(regex: str) -> str | None:
    for value in CANDIDATES:
        path = fill_groups(regex, value)
        try:
            resolve(path)
        except Resolver404:
            continue
        return path
    return None


def view_name(view: Any) -> str:
    inner = getattr(view, "view_class", None) or getattr(view, "__wrapped__", None) or view
    return f"{inner.__module__}.{inner.__qualname__}"


def all_urls() -> list[tuple[str, Any]]:
    found = {}
    for regex, view in patterns(get_resolver().url_patterns):
        path = concrete(regex)
        if path is not None:
            found[path] = view
    return sorted(found.items())


def csrf_exempt(view: Any) -> bool:
    return bool(getattr(view, "csrf_exempt", False))


def test_every_url_is_swept() -> None:
    urls = all_urls()
    unresolved = [r for r, _v in patterns(get_resolver().url_patterns) if concrete(r) is None]
    assert not unresolved, f"URLs the sweep cannot build: {unresolved}"
    assert len(urls) > 300


def test_the_csrf_exempt_views_are_the_reviewed_ones() -> None:
    exempt = {view_name(view) for _path, view in all_urls() if csrf_exempt(view)}
    assert exempt == set(CSRF_EXEMPT)


def send(client: Client, method: str, path: str, token: str | None) -> Any:
    data = {"csrfmiddlewaretoken": token} if token else {"title": "x"}
    headers = {"HTTP_X_CSRFTOKEN": token} if token else {}
    if method == "post":
        return client.post(path, data, **headers)
    return getattr(client, method)(path, "title=x", "application/x-www-form-urlencoded", **headers)


def test_unsafe_methods_without_a_valid_token_are_refused(world: World, submit: Any) -> None:
    """Per URL: POST with no token, POST with a bad token, and one of PUT, PATCH, DELETE in
    turn (Django's CSRF check treats every unsafe method alike), with no or a bad token."""
    submit()  # a case with pk 1 where the routes take a case
    client = force_login(Client(enforce_csrf_checks=True), world["admin"])
    before = table_counts()
    passed, changed, swept, urls = [], [], 0, all_urls()
    for i, (path, view) in enumerate(urls):
        other = METHODS[1 + i % 3]
        for method, token in (
            ("post", None),
            ("post", BAD_TOKEN),
            (other, [None, BAD_TOKEN][i % 2]),
        ):
            # A cookie that does not match the token sent (or none at all).
            client.cookies["csrftoken"] = "y" * 32 if token else ""
            response = send(client, method, path, token)
            swept += 1
            status = response.status_code
            if csrf_exempt(view):
                # Not checked by Django: must not act on the session's say-so.
                if status < 400 or status >= 500:
                    passed.append(f"{method.upper()} {path} → {status}")
            elif status != 403:
                passed.append(f"{method.upper()} {path} → {status}")
        after = table_counts()
        if after != before:
            diff = {t: (before[t], after[t]) for t in after if before.get(t) != after[t]}
            changed.append(f"{path}: {diff}")
            before = after
    print(f"CSRF sweep: {swept} requests over {len(urls)} URLs")
    assert len(urls) > 300 and swept == 3 * len(urls)
    assert not passed, "\n".join(passed[:40])
    assert not changed, "\n".join(changed[:20])
