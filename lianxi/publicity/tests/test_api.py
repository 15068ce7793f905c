"""The stories API: the public reads published stories; staff take the review steps; each
refusal answers with the project's problem body."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.publicity.models import Story, StoryStatus

pytestmark = pytest.mark.django_db
API = "/api/v1/stories"


def post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def test_the_public_reads_published_stories_only(
    client: Any, published: Story, world: World
) -> None:
    from lianxi.publicity import actions
    from lianxi.publicity.tests.conftest import details

    hidden = actions.create_story(world["committee"], details=details(title="尚未送审的宣传稿"))
    listed = client.get(API).json()
    assert [s["id"] for s in listed] == [published.pk]
    body = client.get(f"{API}/{published.pk}").json()
    assert body["status"] == "published" and body["deputies"] == ["李明华"]
    assert body["cases"][0]["tracking_number"] and len(body["photos"]) == 2
    assert body["photos"][0]["url"].startswith("/stories/photos/")
    refused = client.get(f"{API}/{hidden.pk}")
    assert refused.status_code == 404 and refused.json()["detail"]


def test_review_steps(world: World, login: Any, draft: Story) -> None:
    author = login(world["committee_d1"])
    bad = post(author, f"{API}/{draft.pk}/submit", {"reviewer_id": world["committee_d1"].pk})
    assert bad.status_code == 422 and bad.json()["field"] == "reviewer"
    sent = post(author, f"{API}/{draft.pk}/submit", {"reviewer_id": world["committee"].pk})
    assert sent.status_code == 200 and sent.json()["status"] == StoryStatus.REVIEW
    own = post(author, f"{API}/{draft.pk}/publish")
    assert own.status_code == 403
    reviewer = login(world["committee"])
    done = post(reviewer, f"{API}/{draft.pk}/publish")
    assert done.status_code == 200 and done.json()["status"] == "published"
    again = post(reviewer, f"{API}/{draft.pk}/publish")
    assert again.status_code == 409
    gone = post(reviewer, f"{API}/{draft.pk}/withdraw", {"reason": "涉及隐私"})
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"


def test_others_are_refused(world: World, login: Any, client: Any, in_review: Story) -> None:
    assert post(client, f"{API}/{in_review.pk}/publish").status_code == 401
    citizen = login(world["citizen"])
    assert post(citizen, f"{API}/{in_review.pk}/publish").status_code == 404
    assert post(citizen, f"{API}/{in_review.pk}/return", {"reason": "x" * 501}).status_code in (
        404,
        422,
    )


def test_an_administrator_sees_and_withdraws_any_story(
    world: World, login: Any, published: Story, draft: Any
) -> None:
    admin = login(world["admin"])
    done = post(admin, f"{API}/{published.pk}/withdraw", {"reason": "照片涉及群众隐私"})
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert admin.get(f"{API}/{published.pk}").status_code == 200
