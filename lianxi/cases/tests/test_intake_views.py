"""The public side through HTTP: intake, tracking, the citizen's own cases, downloads, walk-in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import CANARY_NAME, CANARY_PHONE, World
from lianxi.accounts.models import User
from lianxi.cases import actions
from lianxi.cases.attachments import attach_files
from lianxi.cases.models import Attachment, Case
from lianxi.cases.tests.test_attachments import tiny_png
from lianxi.notifications.models import OutboxMessage

CONTENT = "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return settings.MEDIA_ROOT


def form_data(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "complaint",
        "title": "电梯停运两周",
        "content": CONTENT,
        "community": world.community1.pk,
        "address": "青石社区3栋",
        "contact_name": "",
        "keep_target": "on",
    } | extra


def png(name: str = "photo.png", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_png() + extra, content_type="image/png")


def latest_code() -> str:
    body = OutboxMessage.objects.filter(channel="sms").latest("id").body
    match = re.search(r"\b(\d{6})\b", body)
    assert match, body
    return match.group(1)


# ---------------------------------------------------------------- intake


def test_intake_page_is_addressed_to_the_chosen_deputy(client: Client, world: World) -> None:
    page = client.get(f"/cases/new/?deputy={world.deputy_a.pk}").content.decode()
    assert world.deputy_a.name in page and 'name="keep_target"' in page
    assert 'data-count="5000"' in page and "js/intake.js" in page
    assert client.get("/cases/new/?deputy=999999").status_code == 200  # unknown: ignored


def test_phone_verified_intake_signs_in_and_files_with_attachment(
    client: Client, world: World, media: Path
) -> None:
    sent = client.post("/cases/new/code/", {"phone": "13812345678"}, HTTP_HX_REQUEST="true")
    assert sent.status_code == 200 and "text-success" in sent.content.decode()
    data = form_data(
        world, contact="phone", phone="13812345678", code=latest_code(), contact_name="张三"
    )
    response = client.post("/cases/new/", data | {"attachments": [png("我的.png")]})
    assert response.status_code == 302 and response["Location"] == "/cases/new/done/"
    case = Case.objects.get()
    user = User.objects.get(phone_hash=case.citizen.phone_hash)
    assert case.citizen == user and user.role == "citizen" and case.channel == "online"
    assert case.contact_name == "张三" and case.station == world.station_a
    assert case.contact_phone == "13812345678"  # the verified number, for call-backs and SMS
    item = Attachment.objects.get(case=case)
    assert item.original_name == "我的.png" and "我的" not in item.file.name
    assert (media / item.file.name).read_bytes() == tiny_png()
    done = client.get("/cases/new/done/").content.decode()
    assert case.tracking_number in done and 'id="query-code"' in done
    code = re.search(r'id="query-code">(\w+)<', done)
    assert code and actions.find_by_tracking(case.tracking_number, code.group(1)) == case
    assert client.get("/cases/new/done/").status_code == 302  # shown once
    assert client.get("/cases/mine/").status_code == 200  # signed in as that citizen


def test_wrong_code_keeps_the_text_and_files_nothing(client: Client, world: World) -> None:
    client.post("/cases/new/code/", {"phone": "13812345678"})
    data = form_data(world, contact="phone", phone="13812345678", code="000000")
    if latest_code() == "000000":
        data["code"] = "111111"
    response = client.post("/cases/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert CONTENT in page and re.search(r'class="[^"]*is-invalid[^"]*"[^>]*id="id_code"', page)
    assert not Case.objects.exists()


def test_anonymous_only_for_opinions_and_suggestions(client: Client, world: World) -> None:
    response = client.post("/cases/new/", form_data(world, contact="anonymous"))
    assert response.status_code == 400 and not Case.objects.exists()
    assert "不留联系方式的，只能提交意见、建议" in response.content.decode()
    response = client.post("/cases/new/", form_data(world, contact="anonymous", kind="suggestion"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.is_anonymous and not case.contact_phone and not case.address
    assert case.citizen is None


def test_signed_in_citizen_files_under_the_account(login: Any, world: World) -> None:
    client = login(world["citizen"])
    response = client.post("/cases/new/", form_data(world))
    assert response.status_code == 302
    assert Case.objects.get().citizen == world["citizen"]


def test_validation_errors_name_the_field_and_keep_the_text(login: Any, world: World) -> None:
    client = login(world["citizen"])
    response = client.post("/cases/new/", form_data(world, content="太短", title="电梯停运两周"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "电梯停运两周" in page
    assert re.search(r'class="[^"]*is-invalid[^"]*"[^>]*id="id_content"', page)
    response = client.post("/cases/new/", form_data(world, community="", keep_target=""))
    assert response.status_code == 400 and not Case.objects.exists()


def six_files() -> list[SimpleUploadedFile]:
    return [png(f"{i}.png") for i in range(6)]


@pytest.mark.parametrize(
    "files",
    [
        lambda: [png("a.png", b"<html><script>alert(1)</script></html>")],
        lambda: [SimpleUploadedFile("x.svg", b"<svg><script>alert(1)</script></svg>")],
        lambda: [png("big.png", b"\x00" * (10 * 1024 * 1024))],
        lambda: [png("photo.pdf")],
        lambda: [png("ok.png"), SimpleUploadedFile("b.jpg", tiny_png())],
        six_files,
    ],
    ids=["png-html-polyglot", "svg-script", "oversize", "wrong-extension", "magic-mismatch", "six"],
)
def test_bad_files_refuse_the_whole_intake(
    login: Any, world: World, media: Path, files: Any
) -> None:
    client = login(world["citizen"])
    response = client.post("/cases/new/", form_data(world) | {"attachments": files()})
    assert response.status_code == 400
    page = response.content.decode()
    assert CONTENT in page and "请重新选择附件" in page
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# ---------------------------------------------------------------- tracking


def strip_tokens(html: str) -> str:
    """Drop what differs per response (tokens, nonces) and the echoed tracking number."""
    html = re.sub(r'(middlewaretoken" value=|X-CSRFToken": |nonce=)"[^"]+"', "", html)
    return re.sub(r'name="number" value="[^"]*"', "", html)


def test_tracking_shows_public_steps_only_and_no_contact(
    client: Client, world: World, submit: Any
) -> None:
    submitted = actions.submit_case(
        world["citizen"],
        data=actions.Intake(
            kind="complaint",
            title="电梯停运两周",
            content=CONTENT,
            channel="online",
            community=world.community1,
            address="青石社区3栋2单元501",
            contact_name=CANARY_NAME,
            contact_phone=CANARY_PHONE,
        ),
    )
    case = actions.accept_case(world["committee"], case=submitted.case)
    actions.add_note(world["staff_a"], case=case, text="内部备注：居民情绪激动")
    actions.reply_to_case(
        world["deputy_a"], case=case, text="已联系物业，维修电话13887654321，本周修复。"
    )
    response = client.post(
        "/cases/track/", {"number": case.tracking_number, "code": submitted.query_code}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-step="accepted"' in page and 'data-step="replied"' in page
    assert "内部备注" not in page
    assert "138****4321" in page and "13887654321" not in page
    for secret in (CANARY_NAME, CANARY_PHONE, "3栋2单元501", world["citizen"].phone):
        assert secret not in page


def test_wrong_code_answers_like_an_unknown_number(client: Client, submit: Any) -> None:
    case = submit()
    wrong = client.post("/cases/track/", {"number": case.tracking_number, "code": "ZZZZZZ"})
    cache.clear()
    unknown = client.post("/cases/track/", {"number": "999999999999", "code": "ZZZZZZ"})
    assert wrong.status_code == unknown.status_code == 404
    assert strip_tokens(wrong.content.decode()) == strip_tokens(unknown.content.decode())


def test_tracking_is_rate_limited_per_ip(client: Client, submit: Any) -> None:
    for _i in range(20):
        assert client.post("/cases/track/", {"number": "1", "code": "X"}).status_code == 404
    assert client.post("/cases/track/", {"number": "1", "code": "X"}).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/cases/track/", {"number": "1", "code": "X"}).status_code == 404


# ---------------------------------------------------------------- the citizen's own cases


def own_case(world: World) -> Any:
    return actions.submit_case(
        world["citizen"],
        data=actions.Intake(
            kind="complaint",
            title="电梯停运两周",
            content=CONTENT,
            channel="online",
            community=world.community1,
        ),
    ).case


def test_mine_lists_only_own_cases(login: Any, world: World, submit: Any) -> None:
    mine = own_case(world)
    other = submit()
    client = login(world["citizen"])
    page = client.get("/cases/mine/").content.decode()
    assert mine.tracking_number in page and other.tracking_number not in page
    assert client.get(f"/cases/mine/{mine.pk}/").status_code == 200
    assert client.get(f"/cases/mine/{other.pk}/").status_code == 404
    staff = login(world["staff_a"])
    assert staff.get(f"/cases/mine/{mine.pk}/").status_code == 404


def test_citizen_rates_then_reopens_through_the_page(login: Any, world: World) -> None:
    case = own_case(world)
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"], case=case, text="已安排维保单位更换主板。", result_class="B"
    )
    case = actions.report_back(world["deputy_a"], case=case, text="住建局已安排维修，请留意。")
    client = login(world["citizen"])
    url = f"/cases/mine/{case.pk}/"
    page = client.get(url).content.decode()
    assert 'id="rate-form"' in page and "rate-department_rating" in page
    # The department's rating is required after a referral.
    bad = client.post(url, {"step": "rate", "rate-deputy_rating": "satisfied"})
    assert bad.status_code == 422
    assert Case.objects.get(pk=case.pk).status == "reported"
    ok = client.post(
        url,
        {
            "step": "rate",
            "rate-deputy_rating": "basic",
            "rate-department_rating": "unsatisfied",
            "rate-comment": "还没修好",
        },
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "not_solved"
    page = client.get(url).content.decode()
    assert 'id="reopen-form"' in page and 'data-step="rated"' in page
    assert client.post(url, {"step": "reopen", "reopen-reason": "短"}).status_code == 422
    ok = client.post(url, {"step": "reopen", "reopen-reason": "电梯仍然无法使用"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.status == "assigned" and case.reopen_count == 1


def test_another_citizen_cannot_step_on_my_case(login: Any, world: World) -> None:
    case = own_case(world)
    stranger = User.objects.create(username="stranger", role="citizen")
    client = login(stranger)
    assert client.post(f"/cases/mine/{case.pk}/", {"step": "chase"}).status_code == 404


# ---------------------------------------------------------------- downloads


def test_attachment_download_only_for_those_who_see_the_case(
    client: Client, login: Any, world: World
) -> None:
    case = own_case(world)
    item = attach_files(world["citizen"], case=case, files=[png("现场.png")])[0]
    url = f"/cases/{case.pk}/files/{item.pk}/"
    assert client.get(url).status_code == 404  # anonymous
    owner = login(world["citizen"])
    response = owner.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == tiny_png()
    assert login(world["staff_a"]).get(url).status_code == 200  # the case's station
    for name in ("staff_b", "deputy_b", "handler_x"):
        assert login(world[name]).get(url).status_code == 404
    stranger = User.objects.create(username="stranger", role="citizen")
    assert login(stranger).get(url).status_code == 404
    assert login(world["citizen"]).get(f"/cases/{case.pk}/files/{item.pk + 1}/").status_code == 404


# ---------------------------------------------------------------- walk-in


def walkin_data(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "station": world.station_a.pk,
        "kind": "help",
        "title": "独居老人求助",
        "content": "老人独居，行动不便，希望社区帮忙联系上门助餐服务。",
        "community": world.community1.pk,
        "contact_name": "赵大爷",
        "contact_phone": "13655556666",
    } | extra


def test_station_staff_record_a_walk_in(login: Any, world: World) -> None:
    client = login(world["staff_a"])
    page = client.get("/cases/walk-in/").content.decode()
    assert f'value="{world.community1.pk}" selected' in page
    response = client.post("/cases/walk-in/", walkin_data(world))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == "station" and case.station == world.station_a
    assert case.target_station == world.station_a and case.created_by == world["staff_a"]
    assert case.contact_phone == "13655556666"
    assert case.tracking_number in response.content.decode()
    assert OutboxMessage.objects.filter(channel="sms").exists()


def test_staff_cannot_use_another_station(login: Any, world: World) -> None:
    client = login(world["staff_b"])
    response = client.post("/cases/walk-in/", walkin_data(world))
    assert response.status_code == 400 and not Case.objects.exists()


def test_deputy_records_a_matter_heard_on_a_visit(login: Any, world: World) -> None:
    client = login(world["deputy_a"])
    response = client.post("/cases/walk-in/", walkin_data(world, station=""))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == "deputy" and case.deputy == world.deputy_a
    assert case.target_deputy == world.deputy_a


@pytest.mark.parametrize("name", ["citizen", "handler_x", "committee"])
def test_walk_in_is_only_for_station_staff_and_deputies(
    login: Any, world: World, name: str
) -> None:
    assert login(world[name]).get("/cases/walk-in/").status_code == 404


def test_walk_in_hidden_from_anonymous(client: Client, world: World) -> None:
    assert client.get("/cases/walk-in/").status_code == 404


def test_chosen_category_is_kept_and_a_foreign_one_refused(login: Any, world: World) -> None:
    from lianxi.directory.models import Category

    category = Category.objects.filter(level=2, is_active=True).first()
    assert category is not None  # the shipped taxonomy
    client = login(world["citizen"])
    assert f'value="{category.pk}"' in client.get("/cases/new/").content.decode()
    top = Category.objects.filter(level=1).first()
    assert top is not None
    bad = client.post("/cases/new/", form_data(world, category=top.pk))
    assert bad.status_code == 400 and not Case.objects.exists()
    assert client.post("/cases/new/", form_data(world, category=category.pk)).status_code == 302
    assert Case.objects.get().category == category


def test_send_code_without_javascript_keeps_the_form(client: Client, world: World) -> None:
    data = form_data(world, contact="phone", phone="13812345678", send_code="1")
    response = client.post("/cases/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONTENT in page and "is-invalid" not in page and 'id="code-status"' in page
    assert OutboxMessage.objects.filter(channel="sms").count() == 1
    assert not Case.objects.exists()
    bad = client.post("/cases/new/code/", {"phone": "12345"})
    assert bad.status_code == 400
    assert (
        client.post("/cases/new/code/", {"phone": "12345"}, HTTP_HX_REQUEST="true").status_code
        == 200
    )


def test_attachment_is_gone_after_sign_out_and_never_served_by_path(
    client: Client, login: Any, world: World, media: Path
) -> None:
    """quality.md test 15: a signed-out session gets nothing, the stored file has no public path,
    and a hostile file name cannot break out of the download's header."""
    case = own_case(world)
    hostile = png('x";\r\nSet-Cookie: a=1; <img src=x onerror=alert(1)>.png')
    item = attach_files(world["citizen"], case=case, files=[hostile])[0]
    url = f"/cases/{case.pk}/files/{item.pk}/"
    owner = login(world["citizen"])
    response = owner.get(url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition
    assert "Set-Cookie" not in response and "<" not in disposition
    assert "<" not in item.file.name and "onerror" not in item.file.name
    owner.logout()
    assert owner.get(url).status_code == 404
    assert client.get(f"/media/{item.file.name}").status_code == 404
