from __future__ import annotations

from typing import Any

import pytest

from conftest import CANARY_NAME, CANARY_PHONE, World
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.publish import publish_case

SECRET_CONTENT = (
    f"我家楼下的路灯坏了一个月，晚上出行很危险。我叫{CANARY_NAME}，电话{CANARY_PHONE}，请联系我。"
)
REPLY = f"已联系街道更换路灯，如有问题可致电{CANARY_PHONE}转{CANARY_NAME}反映。"


@pytest.fixture
def published(world: World, submit: Any) -> Any:
    """`published(**fields)`: a case answered by the deputy, rated, closed and published."""

    def do(**fields: Any) -> Case:
        fields.setdefault("title", "路灯损坏需要维修")
        fields.setdefault("content", SECRET_CONTENT)
        case = submit(
            world["citizen"],
            consent_to_publish=True,
            contact_name=CANARY_NAME,
            contact_phone=CANARY_PHONE,
            **fields,
        )
        case = actions.accept_case(world["committee"], case=case)
        case = actions.reply_to_case(world["deputy_a"], case=case, text=REPLY)
        case = actions.rate_case(world["citizen"], case=case, deputy_rating="satisfied")
        return publish_case(world["committee"], case=case)

    return do
