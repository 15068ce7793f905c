"""Public pages: anonymous access, public fields only, htmx fragments."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import CANARY_PHONE, World
from lianxi.directory.tests import factories as f

MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
HTMX = {"HTTP_HX_REQUEST": "true"}


def get(client: Client, url: str, **extra: Any) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    assert CANARY_PHONE not in body
    assert not MOBILE_RE.search(body), MOBILE_RE.search(body)
    return body


def public_urls(world: World) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:find"),
        reverse("portal:find") + f"?community={world.community1.pk}",
        reverse("portal:find") + "?q=青石",
        reverse("portal:find") + f"?district={world.district1.pk}&street={world.street1.pk}",
        reverse("portal:find_streets") + f"?district={world.district1.pk}",
        reverse("portal:find_communities") + f"?street={world.street1.pk}",
        reverse("portal:find_search") + "?q=松林",
        reverse("portal:deputies"),
        reverse("portal:deputies") + f"?q=李&district={world.district1.pk}&level=municipal",
        reverse("portal:deputy", args=[world.deputy_a.pk]),
        reverse("portal:stations"),
        reverse("portal:stations") + f"?q=青石&district={world.district1.pk}",
        reverse("portal:station", args=[world.station_a.pk]),
    ]


def test_every_public_page_is_open_and_leaks_no_phone(client: Client, world: World) -> None:
    for url in public_urls(world):
        get(client, url)


def test_public_pages_leak_nothing_to_signed_in_users_either(login: Any, world: World) -> None:
    client = login(world["citizen"])
    for url in public_urls(world):
        get(client, url)


def test_home(client: Client, world: World) -> None:
    body = get(client, reverse("portal:home"))
    assert 'action="/find/"' in body and 'name="q"' in body
    assert world.station_a.name in body and world.station_b.name in body
    assert '<div class="stat-number">2</div>' in body  # 2 deputies, 2 stations, 2 communities


def test_home_counts_only_public_records(client: Client, world: World) -> None:
    world.deputy_b.status = "resigned"
    world.deputy_b.save()
    world.station_b.is_active = False
    world.station_b.save()
    body = get(client, reverse("portal:home"))
    assert body.count('<div class="stat-number">1</div>') == 3
    assert world.station_b.name not in body


def test_find_by_community_shows_its_station_and_deputies(client: Client, world: World) -> None:
    body = get(client, reverse("portal:find") + f"?community={world.community1.pk}")
    assert world.station_a.name in body
    assert world.deputy_a.name in body
    assert world.station_b.name not in body
    assert world.deputy_b.name not in body
    # The selects show where the community is.
    assert f'<option value="{world.district1.pk}" selected>' in body
    assert f'<option value="{world.street1.pk}" selected>' in body
    assert f'<option value="{world.community1.pk}" selected>' in body


def test_find_lists_deputies_of_enclosing_constituencies(client: Client, world: World) -> None:
    city_deputy = f.deputy("赵全市", world.city)
    gone = f.deputy("钱离任", world.district1, status="recalled")
    body = get(client, reverse("portal:find") + f"?community={world.community1.pk}")
    assert city_deputy.name in body
    assert gone.name not in body
    # Nearest first: the district's deputy before the city's.
    assert body.index(world.deputy_a.name) < body.index(city_deputy.name)


def test_find_hides_resigned_deputies_of_a_station(client: Client, world: World) -> None:
    world.deputy_a.status = "resigned"
    world.deputy_a.save()
    body = get(client, reverse("portal:find") + f"?community={world.community1.pk}")
    assert world.station_a.name in body
    assert world.deputy_a.name not in body


def test_find_without_javascript_steps_through_the_selects(client: Client, world: World) -> None:
    body = get(client, reverse("portal:find") + f"?district={world.district1.pk}")
    assert world.street1.name in body and world.street2.name not in body
    body = get(
        client,
        reverse("portal:find") + f"?district={world.district1.pk}&street={world.street1.pk}",
    )
    assert f'<option value="{world.community1.pk}">{world.community1.name}</option>' in body
    assert world.station_a.name not in body  # nothing chosen yet


def test_find_search_without_javascript(client: Client, world: World) -> None:
    body = get(client, reverse("portal:find") + "?q=松林")
    assert f"?community={world.community2.pk}" in body
    assert f"?community={world.community1.pk}" not in body


def test_find_search_matches_street_names(client: Client, world: World) -> None:
    f.area("石桥社区", "990101001002", 5, world.street1)
    body = get(client, reverse("portal:find_search") + "?q=青石街道")
    assert "石桥社区" in body and world.community1.name in body


def test_find_search_reports_no_match(client: Client, world: World) -> None:
    body = get(client, reverse("portal:find_search") + "?q=不存在的地方")
    assert "不存在的地方" in body
    assert "?community=" not in body


def test_find_preselects_home_community(login: Any, world: World) -> None:
    citizen = world["citizen"]
    citizen.home_community = world.community2
    citizen.save()
    body = get(login(citizen), reverse("portal:find"))
    assert world.station_b.name in body and world.deputy_b.name in body
    assert f'<option value="{world.community2.pk}" selected>' in body


def test_find_ignores_bad_ids(client: Client, world: World) -> None:
    for query in (
        "?community=abc",
        "?community=999999",
        "?district=x&street=-1",
        "?community=" + "9" * 40,
    ):
        get(client, reverse("portal:find") + query)
    # A street id from another district is not trusted.
    body = get(
        client, reverse("portal:find") + f"?district={world.district1.pk}&street={world.street2.pk}"
    )
    assert f'value="{world.street2.pk}" selected' not in body


def test_htmx_partials_are_fragments(client: Client, world: World) -> None:
    body = get(client, reverse("portal:find_streets") + f"?district={world.district1.pk}", **HTMX)
    assert "<html" not in body and "<nav" not in body
    assert f'<option value="{world.street1.pk}">{world.street1.name}</option>' in body
    assert world.street2.name not in body
    assert 'hx-swap-oob="innerHTML"' in body  # resets the community select
    body = get(client, reverse("portal:find_communities") + f"?street={world.street1.pk}", **HTMX)
    assert "<html" not in body
    assert f'<option value="{world.community1.pk}">{world.community1.name}</option>' in body
    assert world.community2.name not in body
    body = get(client, reverse("portal:find_search") + "?q=青石", **HTMX)
    assert "<html" not in body and world.community1.name in body
    # No district: only the two placeholders (streets, and the reset communities).
    assert get(client, reverse("portal:find_streets"), **HTMX).count("<option") == 2


def test_find_htmx_swaps_only_the_finder(client: Client, world: World) -> None:
    url = reverse("portal:find") + f"?community={world.community1.pk}"
    body = get(client, url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="find")
    assert "<html" not in body and body.lstrip().startswith('<div id="find">')
    assert world.station_a.name in body
    # A history restore needs the whole page.
    body = get(
        client,
        url,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="find",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in body


def test_deputies_list_and_filters(client: Client, world: World) -> None:
    body = get(client, reverse("portal:deputies"))
    assert world.deputy_a.name in body and world.deputy_b.name in body
    body = get(client, reverse("portal:deputies") + f"?district={world.district2.pk}")
    assert world.deputy_b.name in body and world.deputy_a.name not in body
    body = get(client, reverse("portal:deputies") + "?q=李明")
    assert world.deputy_a.name in body and world.deputy_b.name not in body
    body = get(client, reverse("portal:deputies") + "?level=national")
    assert world.deputy_a.name not in body and "没有符合条件的人大代表" in body
    body = get(
        client,
        reverse("portal:deputies") + "?q=李明",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    assert "<html" not in body and world.deputy_a.name in body


def test_deputies_list_is_paginated_by_24(client: Client, world: World) -> None:
    for i in range(30):
        f.deputy(f"测试{i:02d}", world.district1)
    body = get(client, reverse("portal:deputies"))
    assert body.count('class="avatar avatar-sm"') == 24
    body = get(client, reverse("portal:deputies") + "?page=2")
    assert body.count('class="avatar avatar-sm"') == 32 - 24
    get(client, reverse("portal:deputies") + "?page=999")


def test_resigned_and_recalled_deputies_are_not_listed(client: Client, world: World) -> None:
    world.deputy_a.status = "resigned"
    world.deputy_a.save()
    gone = f.deputy("孙罢免", world.district1, status="recalled")
    assert world.deputy_a.name not in get(client, reverse("portal:deputies"))
    assert client.get(reverse("portal:deputy", args=[world.deputy_a.pk])).status_code == 404
    assert client.get(reverse("portal:deputy", args=[gone.pk])).status_code == 404
    assert client.get(reverse("portal:deputy", args=[999999])).status_code == 404
    assert world.deputy_a.name not in get(
        client, reverse("portal:station", args=[world.station_a.pk])
    )


def test_deputy_page(client: Client, world: World) -> None:
    from lianxi.directory.models import Expertise

    deputy = world.deputy_a
    deputy.delegation = "东湖区代表团"
    deputy.occupation = "社区医生"
    deputy.bio = "长期关注社区养老。"
    deputy.email = "secret@example.com"
    deputy.save()
    deputy.expertise.add(Expertise.objects.create(name="医疗卫生"))
    body = get(client, reverse("portal:deputy", args=[deputy.pk]))
    for text in (
        "李明华",
        "东湖区代表团",
        "社区医生",
        "长期关注社区养老",
        "医疗卫生",
        world.station_a.name,
        world.district1.full_name,
        '<span class="avatar avatar-lg" aria-hidden="true">李</span>',
    ):
        assert text in body, text
    assert "secret@example.com" not in body
    assert "Term 17" in body or "第17届" in body


def test_stations_list_and_filters(client: Client, world: World) -> None:
    body = get(client, reverse("portal:stations"))
    assert world.station_a.name in body and world.station_b.name in body
    body = get(client, reverse("portal:stations") + f"?district={world.district2.pk}")
    assert world.station_b.name in body and world.station_a.name not in body
    body = get(client, reverse("portal:stations") + "?q=青石")
    assert world.station_a.name in body and world.station_b.name not in body
    world.station_b.is_active = False
    world.station_b.save()
    assert world.station_b.name not in get(client, reverse("portal:stations"))
    assert client.get(reverse("portal:station", args=[world.station_b.pk])).status_code == 404
    assert client.get(reverse("portal:station_qr", args=[world.station_b.pk])).status_code == 404


def test_station_page(client: Client, world: World) -> None:
    station = world.station_a
    station.opening_hours = "每周三 9:00-11:30"
    station.phone = "0991-1234567"
    station.latitude = "39.123456"
    station.longitude = "116.654321"
    station.save()
    body = get(client, reverse("portal:station", args=[station.pk]))
    for text in (
        station.name,
        station.address,
        "每周三 9:00-11:30",
        "0991-1234567",
        "39.123456",
        "116.654321",
        world.community1.name,
        world.deputy_a.name,
        "<svg viewBox=",
        reverse("portal:station_qr", args=[station.pk]),
    ):
        assert text in body, text
    assert "http://testserver" + reverse("portal:station", args=[station.pk]) in body


def test_station_qr_download(client: Client, world: World) -> None:
    response = client.get(reverse("portal:station_qr", args=[world.station_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_station_qr_encodes_the_station_url(client: Client, world: World) -> None:
    import segno

    url = "http://testserver" + reverse("portal:station", args=[world.station_a.pk])
    expected = segno.make(url, error="m").svg_inline(scale=4, omitsize=True)
    assert expected in get(client, reverse("portal:station", args=[world.station_a.pk]))


def test_public_pages_only_answer_get(client: Client, world: World) -> None:
    assert client.post(reverse("portal:find")).status_code == 405


@pytest.mark.parametrize("name", ["portal:station", "portal:deputy", "portal:station_qr"])
def test_missing_records_are_404(client: Client, world: World, name: str) -> None:
    assert client.get(reverse(name, args=[987654])).status_code == 404


def test_pages_do_not_run_a_query_per_row(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(20):
        deputy = f.deputy(f"查询{i:02d}", world.district1)
        world.station_a.deputies.add(deputy)
        f.station(f"查询站{i:02d}", world.community1).communities.add(world.community1)
    for url in (
        reverse("portal:home"),
        reverse("portal:deputies"),
        reverse("portal:stations"),
        reverse("portal:find") + f"?community={world.community1.pk}",
        reverse("portal:station", args=[world.station_a.pk]),
    ):
        with django_assert_max_num_queries(12):
            client.get(url)


def test_find_groups_deputies_by_congress_nearest_first(client: Client, world: World) -> None:
    county = f.deputy("区代表", world.street1, level="county", term=18)
    national = f.deputy("全国代表", world.city, level="national", term=14)
    body = get(client, reverse("portal:find") + f"?community={world.community1.pk}")
    assert body.index(county.name) < body.index(world.deputy_a.name) < body.index(national.name)


def test_find_links_to_all_deputies_of_a_large_group(client: Client, world: World) -> None:
    for i in range(14):
        f.deputy(f"多位{i:02d}", world.district1)
    url = reverse("portal:find") + f"?community={world.community1.pk}"
    body = get(client, url)
    link = reverse("portal:deputies") + f"?community={world.community1.pk}&amp;level=municipal"
    assert link in body
    body = get(client, link.replace("&amp;", "&"))
    assert body.count('class="avatar avatar-sm"') == 15
    assert world.deputy_b.name not in body


def test_deputies_filtered_by_community(client: Client, world: World) -> None:
    body = get(client, reverse("portal:deputies") + f"?community={world.community2.pk}")
    assert world.deputy_b.name in body and world.deputy_a.name not in body
    assert world.community2.name in body  # the filter is shown, and can be removed


def test_areas_are_named_from_the_district_down(client: Client, world: World) -> None:
    body = get(client, reverse("portal:stations"))
    assert ">东湖区青石街道青石社区<" in body
    assert ">示范省示范市东湖区青石街道青石社区<" not in body


def test_stations_list_is_paginated_by_12(client: Client, world: World) -> None:
    for i in range(13):
        f.station(f"分页站{i:02d}", world.community1)
    body = get(client, reverse("portal:stations"))
    assert body.count('class="card lx-card h-100"') == 12
    body = get(client, reverse("portal:stations") + "?page=2")
    assert body.count('class="card lx-card h-100"') == 15 - 12
