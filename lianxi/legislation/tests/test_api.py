"""The legislation API: reading drafts and comments, commenting with Idempotency-Key, staff
steps and dispositions, and who is refused."""

from __future__ import annotations

from typing import Any

from conftest import World, make_user
from lianxi.accounts.models import Role
from lianxi.legislation import actions
from lianxi.legislation.actions import Opinion
from lianxi.legislation.models import Comment, Consultation
from lianxi.legislation.tests.conftest import article, details, draft_text

API = "/api/v1/legislation"


def post(client: Any, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def test_public_reads_the_draft(
    client: Any, consultation: Consultation, draft: Consultation
) -> None:
    listed = client.get(f"{API}/consultations").json()
    assert [c["id"] for c in listed] == [consultation.pk]
    body = client.get(f"{API}/consultations/{consultation.pk}").json()
    labels = [p["label"] for p in body["provisions"] if p["kind"] == "article"]
    assert labels[11] == "第十二条" and body["version"]["label"]


def test_a_draft_being_prepared_is_404_to_the_public(client: Any, world: World) -> None:
    hidden = actions.create_consultation(world["committee"], details=details(), text=draft_text())
    assert client.get(f"{API}/consultations/{hidden.pk}").status_code == 404


def test_comment_with_idempotency_key(world: World, login: Any, consultation: Consultation) -> None:
    client = login(world["citizen"])
    twelve = article(consultation, 12)
    body = {"body": "建议第十二条增加夜间管理要求。", "provision_id": twelve.pk}
    first = post(
        client,
        f"{API}/consultations/{consultation.pk}/comments",
        body,
        **{"Idempotency-Key": "abc"},
    )
    assert first.status_code == 201 and first.json()["article_id"] == twelve.pk
    again = post(
        client,
        f"{API}/consultations/{consultation.pk}/comments",
        body,
        **{"Idempotency-Key": "abc"},
    )
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] and Comment.objects.count() == 1
    other = post(
        client,
        f"{API}/consultations/{consultation.pk}/comments",
        {"body": "另一条不同的意见。"},
        **{"Idempotency-Key": "abc"},
    )
    assert other.status_code == 422
    bad = post(
        client,
        f"{API}/consultations/{consultation.pk}/comments",
        {"body": "意见内容示例。", "provision_id": 999999},
    )
    assert bad.status_code == 422 and bad.json()["field"] == "provision_id"


def test_comment_keys_are_each_authors_own(
    world: World, login: Any, consultation: Consultation
) -> None:
    """Another author sending the same Idempotency-Key makes their own comment: not the first
    author's replayed, not a 422 for a different body (quality.md test 24, per client)."""
    url = f"{API}/consultations/{consultation.pk}/comments"
    first = post(
        login(world["citizen"]), url, {"body": "建议增加夜间管理要求。"}, **{"Idempotency-Key": "k"}
    )
    second_author = make_user("citizen_2", Role.CITIZEN, phone="13700002222")
    other = post(
        login(second_author), url, {"body": "建议放宽停车时间。"}, **{"Idempotency-Key": "k"}
    )
    same = post(
        login(second_author), url, {"body": "建议放宽停车时间。"}, **{"Idempotency-Key": "k"}
    )
    assert first.status_code == other.status_code == 201, other.content
    assert "Idempotent-Replayed" not in other and other.json()["id"] != first.json()["id"]
    assert same.status_code == 201 and same.json()["id"] == other.json()["id"]  # 2nd's replay
    assert same["Idempotent-Replayed"] == "true"
    authors = sorted(Comment.objects.values_list("author_key", flat=True))
    assert authors == sorted([f"u{world['citizen'].pk}", f"u{second_author.pk}"])


def test_public_comments_without_an_account(
    client: Any, world: World, consultation: Consultation
) -> None:
    """Issue 17: where the consultation invites the public, the API takes a comment without
    an account, under the web form's rules: verbatim repeats from the same client refused,
    Idempotency-Key replays, a limit per address; nobody's name unless they chose one."""
    url = f"{API}/consultations/{consultation.pk}/comments"
    twelve = article(consultation, 12)
    body = {"body": "建议第十二条明确夜间遛犬时间。", "provision_id": twelve.pk}
    first = post(client, url, body, **{"Idempotency-Key": "anon-1"})
    assert first.status_code == 201, first.content
    made = Comment.objects.get()
    assert made.source == "public" and made.author is None
    assert first.json()["name"] == "" and first.json()["mine"] is False
    replay = post(client, url, body, **{"Idempotency-Key": "anon-1"})
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    repeat = post(client, url, body)
    assert repeat.status_code == 422 and repeat.json()["field"] == "body"
    other_client = client.post(url, body, content_type="application/json", REMOTE_ADDR="10.9.9.9")
    assert other_client.status_code == 201  # another person may say the same
    assert Comment.objects.count() == 2


def test_public_api_comments_are_limited_per_address(
    client: Any, consultation: Consultation
) -> None:
    from django.core.cache import cache

    from lianxi.legislation.throttle import PUBLIC_LIMIT

    cache.clear()
    url = f"{API}/consultations/{consultation.pk}/comments"
    for i in range(PUBLIC_LIMIT):
        answer = post(client, url, {"body": f"第{i}条意见：建议明确管理部门。"})
        assert answer.status_code == 201
    refused = post(client, url, {"body": "再一条意见：建议增加宣传教育。"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Comment.objects.count() == PUBLIC_LIMIT
    cache.clear()


def test_public_api_comment_refused_where_only_accounts_are_invited(
    client: Any, world: World, consultation: Consultation
) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(for_public=False)
    response = post(
        client, f"{API}/consultations/{consultation.pk}/comments", {"body": "匿名意见内容。"}
    )
    assert response.status_code == 403 and not Comment.objects.exists()


def test_signed_in_api_comment_checks_csrf(world: World, consultation: Consultation) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["citizen"])
    response = post(
        browser, f"{API}/consultations/{consultation.pk}/comments", {"body": "跨站提交的意见。"}
    )
    assert response.status_code == 403 and not Comment.objects.exists()


def test_deputy_of_another_jurisdiction_gets_403(world: World, login: Any) -> None:
    district = actions.create_consultation(
        world["committee_d1"], details=details(), text=draft_text()
    )
    actions.publish(world["committee_d1"], district)
    response = post(
        login(world["deputy_b"]),
        f"{API}/consultations/{district.pk}/comments",
        {"body": "建议明确执法主体。"},
    )
    assert response.status_code == 403


def test_names_are_shown_only_when_chosen(
    world: World, client: Any, consultation: Consultation
) -> None:
    actions.comment(world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"))
    actions.comment(world["deputy_a"], consultation, opinion=Opinion("建议明确执法部门职责。"))
    # Before the feedback: the public sees none of them.
    assert client.get(f"{API}/consultations/{consultation.pk}/comments").json() == []
    actions.close(world["committee"], consultation)
    ids = list(Comment.objects.values_list("pk", flat=True))
    actions.dispose(world["committee"], consultation, comment_ids=ids, disposition="adopted")
    actions.publish_feedback(world["committee"], consultation)
    shown = client.get(f"{API}/consultations/{consultation.pk}/comments").json()
    names = {c["source"]: c["name"] for c in shown}
    assert names == {"citizen": "", "deputy": "李明华代表"}
    assert "137" not in str(shown) and "citizen" not in {c["name"] for c in shown}


def test_dispositions_by_staff_only(world: World, login: Any, consultation: Consultation) -> None:
    made = actions.comment(world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"))
    url = f"{API}/consultations/{consultation.pk}/dispositions"
    body = {"comment_ids": [made.pk], "disposition": "adopted"}
    assert post(login(world["committee"]), url, body).status_code == 409  # still open
    assert (
        post(
            login(world["committee"]), f"{API}/consultations/{consultation.pk}/close", {}
        ).status_code
        == 200
    )
    assert post(login(world["citizen"]), url, body).status_code == 403
    assert post(login(world["committee_d1"]), url, body).status_code == 403
    bad = post(login(world["committee"]), url, {**body, "disposition": "not_adopted"})
    assert bad.status_code == 422 and bad.json()["field"] == "reason"
    ok = post(login(world["committee"]), url, body)
    assert ok.status_code == 200 and ok.json() == {"disposed": 1}
    done = post(
        login(world["committee"]),
        f"{API}/consultations/{consultation.pk}/feedback",
        {"summary": "谢谢。"},
    )
    assert done.status_code == 200 and done.json()["stage"] == "reported"


def test_feedback_refused_while_a_comment_waits(
    world: World, login: Any, consultation: Consultation
) -> None:
    actions.comment(world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"))
    actions.close(world["committee"], consultation)
    response = post(
        login(world["committee"]), f"{API}/consultations/{consultation.pk}/feedback", {}
    )
    assert response.status_code == 409


def test_hide_by_api(world: World, login: Any, consultation: Consultation) -> None:
    made = actions.comment(world["citizen"], consultation, opinion=Opinion("辱骂性内容示例文字。"))
    assert (
        post(
            login(world["citizen"]), f"{API}/comments/{made.pk}/hide", {"reason": "自己隐藏"}
        ).status_code
        == 403
    )
    assert (
        post(
            login(world["deputy_a"]), f"{API}/comments/{made.pk}/hide", {"reason": "隐藏"}
        ).status_code
        == 404
    )
    response = post(
        login(world["committee"]), f"{API}/comments/{made.pk}/hide", {"reason": "含有侮辱性语言"}
    )
    assert response.status_code == 200 and response.json()["visibility"] == "hidden"
