"""Publishing a notice to many deputies is confirmed first and says how many it reaches; a
notice typed as plain text keeps its paragraphs."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages

from conftest import World
from lianxi.committee.actions import AudienceSpec
from lianxi.committee.models import Notice
from lianxi.committee.text import sanitise
from lianxi.directory.models import Deputy

pytestmark = pytest.mark.django_db


def test_publishing_names_the_reach_and_needs_confirming(
    world: World, people: Any, login: Any, make_notice: Any
) -> None:
    notice = make_notice(AudienceSpec(everyone=True), publish=False)
    reach = Deputy.objects.filter(status="serving").count()
    client = login(world["committee"])
    page = client.get(f"/work/committee/notices/{notice.pk}/").content.decode()
    assert f"发布给 {reach} 位代表" in page and 'name="confirm"' in page
    url = f"/work/committee/notices/{notice.pk}/publish/"
    response = client.post(url, {"publish_at": ""})
    assert response.status_code == 302
    assert Notice.objects.get(pk=notice.pk).status == "draft"
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("勾选确认" in m for m in said), said
    client.post(url, {"publish_at": "", "confirm": "on"})
    assert Notice.objects.get(pk=notice.pk).status == "published"


def test_plain_text_keeps_its_paragraphs() -> None:
    body = sanitise("第一段第一行\n第一段第二行\n\n第二段<script>x</script>")
    assert body == "<p>第一段第一行<br>第一段第二行</p><p>第二段</p>"
    assert sanitise("<p>已有格式</p>\n\n<p>不变</p>").count("<p>") == 2
    assert sanitise("这是<strong>重点</strong>") == "<p>这是<strong>重点</strong></p>"
