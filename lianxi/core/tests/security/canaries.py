"""Canaries for quality.md rows 13, 14 and 20: unique personal data planted in a citizen's
contact fields and typed into case text, and the counts of where they turn up.

Two sets, because the policy treats them differently: the **contact** canaries (the citizen's
account and the case's contact fields) are shown in full only through an explicit, audited
reveal; the **text** canaries (typed by the citizen into the case) are shown in clear to the
case's need-to-know staff and masked to everyone else."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from conftest import World

# In the contact fields (account and case).
NAME = "甄秘密"
PHONE = "15867503921"
ADDRESS = "青石街道梧桐巷88号3单元502室"
ADDRESS_TAIL = "梧桐巷88号3单元502"  # what mask_address hides (it keeps 6 characters)
EMAIL = "zhen.mimi@canary-mail.cn"
# A follower's and a visitor's phone (at rest).
PHONE_2 = "18645093127"
PHONE_3 = "17768210459"
SHIFT_START = datetime(2027, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# Typed into the case's title, content, replies and notes.
TEXT_PHONE = "13572046813"
TEXT_IDNO = "330106198807154213"
TEXT_EMAIL = "mimi.text@canary-mail.cn"

CONTACT = {"name": NAME, "phone": PHONE, "address": ADDRESS_TAIL, "email": EMAIL}
TEXT = {"text phone": TEXT_PHONE, "text id": TEXT_IDNO, "text email": TEXT_EMAIL}
ALL = {**CONTACT, **TEXT}
# What masking leaves: the only forms allowed to appear where the full value may not.
MASKED = {
    "phone": "158****3921",
    "address": "青石街道梧桐***",
    "text phone": "135****6813",
    "text id": "330106********3",
}

CONTENT = (
    f"梧桐巷路灯坏了一个月，晚上出行很危险。我的电话{TEXT_PHONE}，身份证号{TEXT_IDNO}，"
    f"邮箱{TEXT_EMAIL}，请联系我。"
)

# Public output must hold none of these (row 14): a CN mobile, an 18-digit ID, an e-mail.
CN_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def hits(text: str, canaries: dict[str, str] = ALL) -> Counter[str]:
    return Counter({k: text.count(v) for k, v in canaries.items() if v in text})


@dataclass
class Planted:
    case: Any  # routed to department X without the contact disclosed
    citizen: Any


def plant(world: World, account: bool = True, **intake: Any) -> Planted:
    """The citizen (contact canaries on the account) files a case with contact canaries in
    the contact fields and text canaries in the text; community 1 (station A, deputy A), the
    deputy accepts it, replies quoting the text, and refers it to department X without
    disclosing the contact. Every notification the steps make is in the outbox."""
    from lianxi.cases import actions
    from lianxi.cases.actions import Intake, submit_case

    citizen = world["citizen"]
    citizen.phone = PHONE
    if account:  # the account's name and e-mail too (stored in clear: not for test_at_rest)
        citizen.email, citizen.display_name = EMAIL, NAME
    citizen.save()
    data = Intake(
        kind=intake.pop("kind", "complaint"),
        title=intake.pop("title", f"梧桐巷路灯损坏 {TEXT_PHONE}"),
        content=intake.pop("content", CONTENT),
        channel="online",
        community=world.community1,
        address=ADDRESS,
        contact_name=NAME,
        contact_phone=PHONE,
        **intake,
    )
    case = submit_case(citizen, data=data).case
    case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    actions.add_note(
        world["deputy_a"], case=case, text=f"已电话联系{TEXT_PHONE}，核实身份{TEXT_IDNO}。"
    )
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    return Planted(case=case, citizen=citizen)


def outbox_text() -> Iterable[tuple[str, str]]:
    """(channel, subject + body) of every message in the outbox."""
    from lianxi.notifications.models import OutboxMessage

    for m in OutboxMessage.objects.order_by("pk"):
        yield m.channel, f"{m.subject}\n{m.body}"
