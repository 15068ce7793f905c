"""Every model of every lianxi app is in the admin, and every admin works the same way: pages
answer, filters and search work, read-only admins refuse changes, staff who are not superusers
see only the rows the pages would show them, personal data stays masked, labels are Chinese.

One small demo city (every app's demo data, see admin_world.py) serves the whole module."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, label_for_field
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Q
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import override

from conftest import force_login
from lianxi.accounts.models import User
from lianxi.audit.models import AuditEvent
from lianxi.core.admin import ReadOnlyAdmin, ScopedAdmin
from lianxi.core.tests.admin_world import CANARIES
from lianxi.core.tests.security.crawl import demo_city

# Models that must not appear in the admin, and why.
NOT_IN_ADMIN = {
    "cases.idempotencykey": "plumbing of retried intake; the stored answer holds the citizen's "
    "query code in clear, and nothing in it is for an administrator to read or act on",
}
REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
OURS = [(m, a) for m, a in REGISTRY if m._meta.app_config.name.startswith("lianxi")]
SHOWN = [(m, a) for m, a in REGISTRY if m._meta.app_label != "auth"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def ids(pairs: list[tuple[Any, Any]]) -> list[str]:
    return [m._meta.label_lower for m, _a in pairs]


def url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


__all__ = ["demo_city"]  # the module's world, a fixture


@pytest.fixture
def canaries(demo_city: dict[str, Any], db: Any) -> dict[str, Any]:
    return demo_city


@pytest.fixture
def superuser(canaries: dict[str, Any], client: Any) -> Any:
    return force_login(client, User.objects.get(username="admin"))


def staff(username: str) -> User:
    """A demo account let into the admin with every view permission (only administrators
    get in for real: the scope must still hold for anyone else)."""
    User.objects.filter(username=username).update(is_staff=True)
    user = User.objects.get(username=username)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def sample(model: type[models.Model], canaries: dict[str, Any]) -> Any:
    return canaries.get(model) or model._default_manager.order_by("pk").first()


def test_every_model_of_every_app_is_registered() -> None:
    missing, unexpected = [], []
    for config in apps.get_app_configs():
        if not config.name.startswith("lianxi."):
            continue
        for model in config.get_models():
            if model._meta.auto_created:
                continue
            label = model._meta.label_lower
            if label in NOT_IN_ADMIN:
                if admin.site.is_registered(model):
                    unexpected.append(label)
            elif not admin.site.is_registered(model):
                missing.append(label)
    assert not missing, f"not in the admin: {missing}"
    assert not unexpected, f"registered although listed in NOT_IN_ADMIN: {unexpected}"
    assert len(OURS) > 60


@pytest.mark.parametrize(("model", "model_admin"), OURS, ids=ids(OURS))
def test_ours_use_the_scoped_bases(model: type[models.Model], model_admin: Any) -> None:
    assert isinstance(model_admin, ScopedAdmin)


READ_ONLY = [(m, a) for m, a in SHOWN if isinstance(a, ReadOnlyAdmin)]


@pytest.mark.parametrize(("model", "model_admin"), SHOWN, ids=ids(SHOWN))
def test_pages_answer_for_a_superuser(
    model: type[models.Model], model_admin: Any, superuser: Any, canaries: dict[str, Any]
) -> None:
    """The change list (showing the sample row: a canary where there is one) and the change
    page answer, and neither shows personal data in clear."""
    obj = sample(model, canaries)
    assert obj is not None, f"no {model._meta.label} to open: fill it in admin_world.py"
    pk_filter = {f"{model._meta.pk.name}__exact": obj.pk}  # type: ignore[union-attr]
    listing = superuser.get(url(model, "changelist"), pk_filter)
    assert listing.status_code == 200 and listing.context["cl"].result_count == 1
    page = superuser.get(url(model, "change", obj.pk))
    assert page.status_code == 200
    for response in (listing, page):
        text = response.content.decode()
        leaked = [c for c in CANARIES if c in text]
        assert not leaked, f"{model._meta.label}: personal data in clear: {leaked}"
    if (model, model_admin) in READ_ONLY:
        assert 'name="_save"' not in text and 'name="_continue"' not in text


def changelist(model_admin: Any, user: User, params: str = "") -> Any:
    """The admin's change list for `params`, its page of rows read (without rendering)."""
    request = RequestFactory().get("/" + params)
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    list(cl.result_list)
    return cl


@pytest.mark.parametrize(("model", "model_admin"), SHOWN, ids=ids(SHOWN))
def test_filters_and_search_work(
    model: type[models.Model], model_admin: Any, canaries: dict[str, Any]
) -> None:
    """Up to three choices of every filter, and searches with odd input, run (a bad filter
    raises here where the page would answer with `?e=1`)."""
    user = User.objects.get(username="admin")
    cl = changelist(model_admin, user)
    assert cl.filter_specs, "no list filters"
    tried = 0
    for spec in cl.filter_specs:
        choices = [c for c in spec.choices(cl) if not c.get("selected")]
        for choice in choices[:3]:
            changelist(model_admin, user, choice["query_string"])
            tried += 1
    assert tried, "no filter has a choice to try"
    assert cl.search_fields, "no search fields"
    for term in ("示范", "13", "a'\"%_\\"):
        changelist(model_admin, user, "?" + urlencode({"q": term}))


@pytest.mark.parametrize(("model", "model_admin"), READ_ONLY, ids=ids(READ_ONLY))
def test_read_only_admins_refuse_changes(
    model: type[models.Model], model_admin: Any, superuser: Any, canaries: dict[str, Any]
) -> None:
    obj = sample(model, canaries)
    assert superuser.get(url(model, "add")).status_code == 403
    assert superuser.post(url(model, "change", obj.pk), {}).status_code == 403
    before = model._default_manager.count()
    deleted = superuser.post(url(model, "delete", obj.pk), {"post": "yes"})
    if model._meta.label == "axes.AccessAttempt":  # deleting lifts a lockout, audited
        assert deleted.status_code == 302
        assert AuditEvent.objects.filter(action="records.delete").exists()
        return
    assert deleted.status_code == 403
    assert model._default_manager.count() == before


def expected_rows(model_admin: Any, user: User) -> set[Any] | None:
    """The rows the pages' rules give `user`; None where an admin scopes by its own rule."""
    model = model_admin.model
    if type(model_admin).scope is not ScopedAdmin.scope:
        return None
    manager = model._default_manager
    if model_admin.visible_through:
        rule = Q(pk__in=[])
        for path in model_admin.visible_through:
            target = model._meta.get_field(path.split("__")[0]).related_model
            for part in path.split("__")[1:]:
                target = target._meta.get_field(part).related_model
            rule |= Q(**{f"{path}__in": target.objects.visible_to(user)})
        return set(manager.filter(rule).values_list("pk", flat=True))
    if hasattr(manager, "visible_to"):
        return set(manager.visible_to(user).values_list("pk", flat=True))
    if user.role in model_admin.open_to:
        return set(manager.values_list("pk", flat=True))
    return set()


PERSONAS = ["committee_dh", "station", "deputy", "handler"]


def test_staff_who_are_not_superusers_see_their_rows(canaries: dict[str, Any]) -> None:
    User.objects.filter(username="admin").update(is_superuser=False)
    narrowed: dict[str, list[str]] = {}
    for username in ["admin", *PERSONAS]:
        user = staff(username)
        assert not user.is_superuser
        narrowed[username] = []
        for model, model_admin in OURS:
            request = RequestFactory().get(url(model, "changelist"))
            request.user = user
            shown = set(
                model_admin.get_changelist_instance(request).queryset.values_list("pk", flat=True)
            )
            every = model._default_manager.count()
            if username == "admin":  # administrators see every row of every table
                assert len(shown) == every, model._meta.label
            if 0 < len(shown) < every:
                narrowed[username].append(model._meta.label)
            expected = expected_rows(model_admin, user)
            if expected is not None:
                assert shown == expected, (username, model._meta.label)
    # The walk is not vacuous: each persona sees part of many tables.
    assert len(narrowed["committee_dh"]) >= 15, narrowed["committee_dh"]
    assert len(narrowed["station"]) >= 8, narrowed["station"]
    assert {"cases.Case", "cases.Referral", "liaison.Shift"} <= set(narrowed["committee_dh"])


def test_rows_outside_the_scope_do_not_open(canaries: dict[str, Any], client: Any) -> None:
    from lianxi.cases.models import Case

    user = staff("committee_dh")
    force_login(client, user)
    inside = Case.objects.visible_to(user).first()
    outside = Case.objects.exclude(pk__in=Case.objects.visible_to(user).values("pk")).first()
    assert inside is not None and outside is not None
    assert client.get(url(Case, "change", inside.pk)).status_code == 200
    response = client.get(url(Case, "change", outside.pk))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(url(AuditEvent, "changelist")).context["cl"].result_count == 0


def test_statistics_and_hot_issues_follow_the_dashboards(canaries: dict[str, Any]) -> None:
    from lianxi.stats.access import scope_for
    from lianxi.stats.models import AreaMonth, DeputyMonth, StationMonth
    from lianxi.topics.access import hot_issues_for
    from lianxi.topics.models import HotIssue

    def shown(model: type[models.Model], user: User) -> set[Any]:
        request = RequestFactory().get("/")
        request.user = user
        cl = admin.site._registry[model].get_changelist_instance(request)
        return set(cl.queryset.values_list("pk", flat=True))

    committee = staff("committee_dh")
    prefix = scope_for(committee).prefix
    inside = set(
        AreaMonth.objects.filter(area_prefix__startswith=prefix).values_list("pk", flat=True)
    )
    assert inside and shown(AreaMonth, committee) == inside
    assert len(inside) < AreaMonth.objects.count()
    station = staff("station")
    own = scope_for(station).ids
    assert shown(StationMonth, station) == set(
        StationMonth.objects.filter(station_id__in=own).values_list("pk", flat=True)
    )
    assert shown(DeputyMonth, station) == set() == shown(AreaMonth, station)
    hot = set(hot_issues_for(committee).values_list("pk", flat=True))
    assert shown(HotIssue, committee) == hot
    assert shown(HotIssue, station) == set()


@pytest.mark.parametrize(("model", "model_admin"), SHOWN, ids=ids(SHOWN))
def test_every_label_is_chinese(
    model: type[models.Model], model_admin: Any, canaries: dict[str, Any]
) -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="admin")
    obj = sample(model, canaries)
    names = [
        *model_admin.get_list_display(request),
        *flatten_fieldsets(model_admin.get_fieldsets(request, obj)),
    ]
    with override("zh-hans"):
        labels = {
            "app": str(model._meta.app_config.verbose_name),
            "model": str(model._meta.verbose_name),
            "models": str(model._meta.verbose_name_plural),
        }
        for name in names:
            labels[str(name)] = str(label_for_field(name, model, model_admin))
        cl = model_admin.get_changelist_instance(request)
        for spec in cl.filter_specs:
            labels[f"filter {spec.title}"] = str(spec.title)
    english = {k: v for k, v in labels.items() if not HAN.search(v)}
    assert not english, f"{model._meta.label}: not translated: {english}"
