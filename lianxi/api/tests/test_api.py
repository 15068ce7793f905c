from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import CANARY_PHONE

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.mark.django_db
def test_healthz(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_openapi_and_docs(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.1")
    assert "/api/v1/deputies" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_public_directory_never_carries_contact_details(client: Any, world: Any) -> None:
    for url in [
        "/api/v1/deputies",
        f"/api/v1/deputies/{world.deputy_a.pk}",
        "/api/v1/stations",
        f"/api/v1/stations/{world.station_a.pk}",
        "/api/v1/areas",
        "/api/v1/departments",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert CANARY_PHONE not in body
        assert not MOBILE.search(body), url
    deputy = client.get(f"/api/v1/deputies/{world.deputy_a.pk}").json()
    assert set(deputy) == {
        "id",
        "name",
        "level",
        "term",
        "constituency",
        "delegation",
        "sector",
        "occupation",
        "expertise",
        "bio",
        "station_ids",
    }


def test_deputy_filters(client: Any, world: Any) -> None:
    listing = client.get("/api/v1/deputies", {"area": world.district1.pk}).json()
    assert [d["name"] for d in listing["items"]] == ["李明华"]
    world.deputy_b.status = "recalled"
    world.deputy_b.save()
    assert client.get(f"/api/v1/deputies/{world.deputy_b.pk}").status_code == 404


def test_station_by_community(client: Any, world: Any) -> None:
    listing = client.get("/api/v1/stations", {"community": world.community2.pk}).json()
    assert [s["name"] for s in listing["items"]] == ["松林社区代表联络站"]


def test_me_requires_sign_in_and_masks_phone(client: Any, world: Any, login: Any) -> None:
    assert client.get("/api/v1/me").status_code == 401
    body = login(world["citizen"]).get("/api/v1/me").json()
    assert body["role"] == "citizen"
    assert body["phone"] == "137****1111"
    staff = login(world["staff_a"]).get("/api/v1/me").json()
    assert staff["station_ids"] == [world.station_a.pk]
    assert not MOBILE.search(json.dumps(staff))
