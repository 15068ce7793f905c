"""Station photos (issue 22): the station's staff add and remove them (audited), everyone sees
them on the station's public page; other staff and the public cannot change them; a file
that is not an image is refused."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.liaison import actions
from lianxi.liaison.demo import photos
from lianxi.liaison.models import StationPhoto


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def jpeg() -> bytes:
    return photos.front("青石街道人大代表联络站", random.Random(1))


def test_staff_add_and_remove_a_photo_seen_on_the_public_page(
    login: Any, client: Any, world: World
) -> None:
    staff = login(world["staff_a"])
    station = world.station_a
    upload = SimpleUploadedFile("door.jpg", jpeg(), content_type="image/jpeg")
    answer = staff.post(
        f"/work/liaison/stations/{station.pk}/photos/", {"photo": upload, "caption": "联络站正门"}
    )
    assert answer.status_code == 302
    photo = StationPhoto.objects.get()
    assert photo.caption == "联络站正门" and photo.content_type == "image/jpeg"
    assert AuditEvent.objects.filter(action="liaison.add_station_photo").exists()
    page = client.get(f"/stations/{station.pk}/").content.decode()
    src = f"/liaison/stations/{station.pk}/photos/{photo.pk}/"
    assert src in page and 'alt="联络站正门"' in page
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"
    other = login(world["staff_b"])
    assert other.post(f"/work/liaison/station-photos/{photo.pk}/remove/").status_code == 404
    staff = login(world["staff_a"])  # the login fixture signs one client in as each user
    assert staff.post(f"/work/liaison/station-photos/{photo.pk}/remove/").status_code == 302
    assert not StationPhoto.objects.exists()
    assert client.get(src).status_code == 404


def test_refusals(world: World) -> None:
    station = world.station_a
    with pytest.raises(NotAllowed):
        actions.add_station_photo(world["staff_b"], station, name="a.jpg", data=jpeg())
    with pytest.raises(InvalidInput) as refused:
        actions.add_station_photo(world["staff_a"], station, name="a.jpg", data=b"not an image")
    assert refused.value.field == "photo"
    for i in range(6):
        actions.add_station_photo(
            world["staff_a"], station, name=f"{i}.jpg", data=photos.room(f"站{i}", random.Random(i))
        )
    with pytest.raises(InvalidInput):
        actions.add_station_photo(world["staff_a"], station, name="7.jpg", data=jpeg())


def test_public_cannot_upload(client: Any, world: World) -> None:
    upload = SimpleUploadedFile("door.jpg", jpeg(), content_type="image/jpeg")
    answer = client.post(f"/work/liaison/stations/{world.station_a.pk}/photos/", {"photo": upload})
    assert answer.status_code in {302, 403, 404} and not StationPhoto.objects.exists()
