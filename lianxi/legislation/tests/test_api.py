"""The legislation API: reading drafts and comments, commenting with Idempotency-Key, staff
steps and dispositions, and who is refused."""

from __future__ import annotations

from typing import Any

from conftest import World
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


def test_commenting_needs_an_account(client: Any, consultation: Consultation) -> None:
    response = post(
        client, f"{API}/consultations/{consultation.pk}/comments", {"body": "匿名意见内容。"}
    )
    assert response.status_code == 401


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
