"""The pages: public draft, commenting, own comments, feedback, comparison; staff preparing,
publishing, moderating, disposing; contact points entering opinions; who gets a 404."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from conftest import World
from lianxi.legislation import actions
from lianxi.legislation.actions import Opinion
from lianxi.legislation.models import Comment, Consultation, ContactPoint, Stage
from lianxi.legislation.tests.conftest import article, draft_text
from lianxi.lib.sheets import Sheet, write_workbook


def word_file(text: str) -> bytes:
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "示范市养犬管理条例（草案）",
        "explanation": "起草说明",
        "opens_on": "2026-05-01",
        "closes_on": "2026-05-31",
        "for_public": "on",
        "for_citizens": "on",
        "for_deputies": "on",
        "for_contact_points": "on",
        "max_length": "2000",
        **extra,
    }


def test_staff_upload_a_word_draft_review_and_publish(world: World, login: Any) -> None:
    client = login(world["committee"])
    upload = io.BytesIO(word_file(draft_text(14)))
    upload.name = "draft.docx"
    response = client.post("/work/legislation/new/", form(file=upload))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "第十四条" in page and "（二）饲养禁养犬只的。" in page
    client.post(f"/work/legislation/{consultation.pk}/publish/")
    consultation.refresh_from_db()
    assert consultation.stage == Stage.OPEN


def test_a_malformed_word_file_names_the_line(world: World, login: Any) -> None:
    client = login(world["committee"])
    upload = io.BytesIO(word_file("第一条 甲。\n第三条 乙。"))
    upload.name = "draft.docx"
    response = client.post("/work/legislation/new/", form(file=upload))
    assert response.status_code == 400
    assert "第2行" in response.content.decode()
    assert not Consultation.objects.exists()


def test_pasted_text(world: World, login: Any) -> None:
    client = login(world["committee"])
    response = client.post("/work/legislation/new/", form(text=draft_text(3)))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["citizen", "deputy_a", "staff_a", "handler_x", "committee_d1"])
def test_others_get_404_on_staff_pages(
    world: World, login: Any, draft: Consultation, who: str
) -> None:
    client = login(world[who])
    assert client.get(f"/work/legislation/{draft.pk}/").status_code == 404
    assert client.post(f"/work/legislation/{draft.pk}/publish/").status_code == 404


def test_a_draft_is_not_public(client: Any, draft: Consultation) -> None:
    assert client.get(f"/legislation/{draft.pk}/").status_code == 404


def test_public_page_and_comment_on_article_12(
    world: World, login: Any, consultation: Consultation
) -> None:
    client = login(world["citizen"])
    page = client.get(f"/legislation/{consultation.pk}/").content.decode()
    assert "第十二条" in page and 'href="#a-12"' in page
    twelve = article(consultation, 12)
    assert client.get(f"/legislation/{consultation.pk}/comment/?on={twelve.pk}").status_code == 200
    response = client.post(
        f"/legislation/{consultation.pk}/comment/?on={twelve.pk}",
        {"provision": twelve.pk, "body": "建议第十二条增加夜间噪音管理要求。"},
    )
    assert response.status_code == 302
    mine = client.get(f"/legislation/{consultation.pk}/mine/").content.decode()
    assert "建议第十二条增加夜间噪音管理要求" in mine
    page = client.get(f"/legislation/{consultation.pk}/").content.decode()
    assert "1 条意见" in page or "1 comment" in page


def test_anonymous_comment_and_own_list(client: Any, consultation: Consultation) -> None:
    response = client.post(
        f"/legislation/{consultation.pk}/comment/", {"body": "希望加强宣传教育工作。"}
    )
    assert response.status_code == 302
    assert (
        "希望加强宣传教育工作"
        in client.get(f"/legislation/{consultation.pk}/mine/").content.decode()
    )
    response = client.post(
        f"/legislation/{consultation.pk}/comment/", {"body": "希望加强宣传教育工作。"}
    )
    assert response.status_code == 400


def test_contact_point_uploads_a_sheet(
    world: World, login: Any, consultation: Consultation, contact_point: ContactPoint
) -> None:
    client = login(world["staff_a"])
    assert client.get(f"/work/legislation/{consultation.pk}/offline/").status_code == 200
    rows = [
        [
            f"第{n % 14 + 1}条" if n % 2 else "",
            f"居民第{n}条意见：建议细化规定。",
            10 + n,
            "青石社区议事厅",
            "2026-05-09",
        ]
        for n in range(1, 31)
    ]
    data = write_workbook(
        [Sheet("意见", ["条文", "意见内容", "参与人数", "收集地点", "日期"], rows)]
    )
    upload = io.BytesIO(data)
    upload.name = "opinions.xlsx"
    response = client.post(
        f"/work/legislation/{consultation.pk}/offline/",
        {"kind": "sheet", "sheet-contact_point": contact_point.pk, "sheet-file": upload},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(source="contact_point").count() == 30


def test_a_bad_sheet_is_refused_row_by_row(
    world: World, login: Any, consultation: Consultation, contact_point: ContactPoint
) -> None:
    client = login(world["staff_a"])
    rows = [
        ["第九十九条", "意见内容一二三四五", 3, "青石社区", "2026-05-09"],
        ["", "好", 3, "青石社区", "2026-05-09"],
    ]
    data = write_workbook(
        [Sheet("意见", ["条文", "意见内容", "参与人数", "收集地点", "日期"], rows)]
    )
    upload = io.BytesIO(data)
    upload.name = "opinions.xlsx"
    response = client.post(
        f"/work/legislation/{consultation.pk}/offline/",
        {"kind": "sheet", "sheet-contact_point": contact_point.pk, "sheet-file": upload},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "第2行" in body and "第3行" in body
    assert not Comment.objects.exists()


def test_offline_pages_are_for_contact_point_staff(
    world: World, login: Any, consultation: Consultation
) -> None:
    assert (
        login(world["staff_b"]).get(f"/work/legislation/{consultation.pk}/offline/").status_code
        == 404
    )


def test_close_group_dispose_and_publish_feedback(
    world: World, login: Any, consultation: Consultation
) -> None:
    one = actions.comment(
        world["citizen"],
        consultation,
        opinion=Opinion("建议降低登记费用。", article(consultation, 12).pk),
    )
    two = actions.comment(
        world["deputy_a"], consultation, opinion=Opinion("建议明确执法部门职责。")
    )
    client = login(world["committee"])
    client.post(f"/work/legislation/{consultation.pk}/close/")
    client.post(f"/work/legislation/{consultation.pk}/comments/group/")
    page = client.get(f"/work/legislation/{consultation.pk}/comments/?show=waiting")
    assert page.status_code == 200 and "建议降低登记费用" in page.content.decode()
    client.post(
        f"/work/legislation/{consultation.pk}/comments/dispose/",
        {"comment": [one.pk], "disposition": "adopted", "reason": ""},
    )
    client.post(
        f"/work/legislation/{consultation.pk}/comments/dispose/",
        {"comment": [two.pk], "disposition": "not_adopted", "reason": "已由其他法规规定。"},
    )
    client.post(f"/work/legislation/{consultation.pk}/feedback/", {"summary": "感谢参与。"})
    consultation.refresh_from_db()
    assert consultation.stage == Stage.REPORTED
    public = login(world["citizen"])
    mine = public.get(f"/legislation/{consultation.pk}/mine/").content.decode()
    assert "采纳" in mine or "Adopted" in mine
    report = public.get(f"/legislation/{consultation.pk}/feedback/").content.decode()
    assert "第十二条" in report and "已由其他法规规定" in report


def test_feedback_needs_every_disposition(
    world: World, login: Any, consultation: Consultation
) -> None:
    actions.comment(world["citizen"], consultation, opinion=Opinion("建议降低登记费用。"))
    client = login(world["committee"])
    client.post(f"/work/legislation/{consultation.pk}/close/")
    client.post(f"/work/legislation/{consultation.pk}/feedback/", {"summary": ""})
    consultation.refresh_from_db()
    assert consultation.stage == Stage.CLOSED


def test_hide_from_the_queue(world: World, login: Any, consultation: Consultation) -> None:
    made = actions.comment(world["citizen"], consultation, opinion=Opinion("辱骂性内容示例文字。"))
    client = login(world["committee"])
    client.post(
        f"/work/legislation/{consultation.pk}/comments/{made.pk}/hide/",
        {"reason": "含有侮辱性语言"},
    )
    made.refresh_from_db()
    assert made.visibility == "hidden"


def test_compare_versions(world: World, login: Any, consultation: Consultation) -> None:
    actions.close(world["committee"], consultation)
    actions.add_version(
        world["committee"],
        consultation,
        label="二审稿",
        text=draft_text(
            15, changed={3: "养犬人应当遵守第3项规定，文明养犬，不得在夜间干扰他人正常生活。"}
        ),
    )
    page = login(world["citizen"]).get(f"/legislation/{consultation.pk}/compare/").content.decode()
    assert "<ins>在夜间</ins>" in page
    assert 'data-status="added"' in page


def test_summary_documents(world: World, login: Any, consultation: Consultation) -> None:
    actions.comment(
        world["citizen"],
        consultation,
        opinion=Opinion("建议降低登记费用。", article(consultation, 2).pk),
    )
    client = login(world["committee"])
    docx = client.get(f"/work/legislation/{consultation.pk}/summary.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "示范市养犬管理条例" in text
    xlsx = client.get(f"/work/legislation/{consultation.pk}/summary.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (
        login(world["committee_d1"])
        .get(f"/work/legislation/{consultation.pk}/summary.docx")
        .status_code
        == 404
    )


def test_home_page_lists_open_consultations(client: Any, consultation: Consultation) -> None:
    page = client.get("/").content.decode()
    assert consultation.title in page


def test_deputies_inbox_and_calendar(world: World, login: Any, consultation: Consultation) -> None:
    client = login(world["deputy_a"])
    inbox = client.get("/work/committee/").content.decode()
    assert 'id="inbox-consultations"' in inbox and consultation.title in inbox
    calendar = client.get("/work/committee/calendar/?month=2026-05").content.decode()
    assert "征求意见截止" in calendar


def test_search_finds_consultations_and_comments(
    world: World, login: Any, consultation: Consultation
) -> None:
    from lianxi.search.service import Params, search

    def kinds(user: Any, q: str) -> set[tuple[str, int]]:
        return {(row.kind, row.object_id) for row in search(user, Params(q=q)).rows}

    made = actions.comment(
        world["citizen"], consultation, opinion=Opinion("建议设置专门的遛狗公园。")
    )
    assert ("draft_comment", made.pk) in kinds(world["committee"], "遛狗公园")
    assert ("draft_comment", made.pk) not in kinds(world["deputy_b"], "遛狗公园")
    assert ("consultation", consultation.pk) in kinds(world["citizen"], "养犬管理条例")
    goto = login(world["committee"]).get(f"/legislation/comments/{made.pk}/")
    assert (
        goto.status_code == 302
        and f"/work/legislation/{consultation.pk}/comments/" in goto["Location"]
    )
    assert login(world["deputy_b"]).get(f"/legislation/comments/{made.pk}/").status_code == 404
