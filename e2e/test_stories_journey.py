"""A success story and the annual report, in Chromium: committee staff write a story linked to
a resolved case, add a drawn photo, send it to a colleague for review, who publishes it; the
public story page shows it with its photo and its sharing tags; the Atom feed lists it and
feedparser reads it without complaint; staff make this year's annual report from the year's
records, write its text and make it final; the public downloads the PDF, which is rendered to
PNG with pdftoppm to be looked at."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import pytest
from django.utils import timezone
from PIL import Image

from conftest import World, in_thread, make_user
from e2e.helpers import sign_in_as
from lianxi.accounts.models import User
from lianxi.cases import actions as case_actions
from lianxi.cases.publish import publish_case
from lianxi.publicity.models import Story

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
TITLE = "代表督办，老旧小区电梯恢复运行"


def shot(page: Any, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"stories-{name}-{width}.png"), full_page=True)


def drawn_photo() -> bytes:
    """A drawn "after" photo: a lift door in a hallway."""
    image = Image.new("RGB", (1600, 1200), (222, 214, 196))
    image.paste((120, 124, 130), (560, 240, 1040, 1100))
    image.paste((170, 174, 180), (580, 260, 795, 1080))
    image.paste((170, 174, 180), (805, 260, 1020, 1080))
    image.paste((60, 150, 90), (1090, 560, 1150, 640))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def resolved_case(world: World, submit: Any) -> str:
    """A citizen's case answered by deputy A and rated: closed, resolved, published (the
    citizen consented)."""
    case = submit(world["citizen"], title="青石社区3栋电梯停运", consent_to_publish=True)
    case = case_actions.accept_case(world["committee"], case=case)
    case = case_actions.reply_to_case(
        world["deputy_a"], case=case, text="已协调物业和住建部门维修电梯，已恢复运行。"
    )
    case = case_actions.rate_case(world["citizen"], case=case, deputy_rating="satisfied")
    assert case.status == "closed"
    publish_case(world["committee"], case=case)
    return case.tracking_number


def done(page: Any, button: str) -> None:
    page.click(button)
    page.wait_for_selector(".alert-success")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_story_goes_public_the_feed_lists_it_the_report_downloads(
    transactional_db: Any,
    live_server: Any,
    world: World,
    submit: Any,
    open_page: Any,
    settings: Any,
    tmp_path: Path,
    width: int,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    number = resolved_case(world, submit)
    make_user("committee2", "committee", jurisdiction=world.city, display_name="张审核")

    # Staff write the story, linked to the resolved case and deputy A, with a photo.
    writer = open_page(width, 900)
    sign_in_as(writer, base, "committee")
    writer.goto(base + "/work/publicity/new/")
    writer.fill("#id_title", TITLE)
    writer.fill("#id_summary", "青石社区电梯停运两周，代表现场协调，两周内修复并加装监控。")
    writer.fill(
        "#id_body",
        "青石社区3栋电梯停运两周，老人上下楼十分困难。李明华代表接到群众反映后，当天到现场查看，"
        "联系物业和住建部门，协调维修资金。\n\n两周后电梯恢复运行，并加装了安全监控。",
    )
    writer.fill("#id_case_numbers", number)
    writer.select_option("#id_deputies", [str(world.deputy_a.pk)])
    done(writer, "#save-story")
    story_id = in_thread(lambda: Story.objects.get().pk)
    writer.set_input_files(
        "#id_photo", {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": drawn_photo()}
    )
    writer.select_option("#id_kind", "after")
    writer.fill("#id_caption", "修复后的电梯")
    done(writer, "#add-photo")
    reviewer = in_thread(lambda: User.objects.get(username="committee2").pk)
    writer.select_option("#id_reviewer", str(reviewer))
    done(writer, "#submit-story")
    assert "待审核" in writer.locator("#story-status").inner_text() or in_thread(
        lambda: Story.objects.get().status == "review"
    )
    shot(writer, "submitted", width)

    # A colleague reviews and publishes it.
    review = open_page(width, 900)
    sign_in_as(review, base, "committee2")
    review.goto(f"{base}/work/publicity/{story_id}/")
    done(review, "#publish-story")
    assert in_thread(lambda: Story.objects.get().status) == "published"

    # The public story page: title, photo, the linked case, the sharing tags.
    public = open_page(width, 900)
    public.goto(f"{base}/stories/{story_id}/")
    assert TITLE in public.locator("h1").inner_text()
    photo = public.locator("main img").first
    photo.wait_for()
    assert public.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    # The published case is linked from the story (and nothing is left unpublished).
    case_link = public.locator(f"main a[href='/published/{number}/']")
    assert case_link.count() == 1 and "未公开" not in public.locator("main").inner_text()
    case_link.click()
    public.wait_for_load_state()
    assert "已协调物业和住建部门维修电梯" in public.locator("main").inner_text()
    public.go_back()
    og = public.locator("meta[property='og:title']").get_attribute("content")
    assert og == TITLE
    assert public.locator("meta[property='og:image']").count() == 1
    shot(public, "public", width)

    # The Atom feed lists it; feedparser reads it without complaint.
    response = public.request.get(base + "/stories/feeds/stories.atom")
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [TITLE]
    assert feed.entries[0].link.endswith(f"/stories/{story_id}/")

    # Staff make this year's annual report, write its text, make it final.
    year = timezone.localdate().year
    writer.goto(base + "/work/publicity/reports/")
    writer.fill("#id_year", str(year))
    done(writer, "#new-report")
    writer.fill("#id_highlights", "全年代表联系群众，督办老旧小区电梯维修等民生实事。")
    done(writer, "#save-report")
    shot(writer, "report", width)
    done(writer, "#finalise-report")

    # The public downloads the PDF; its first page is rendered and kept to be looked at.
    public.goto(base + "/stories/reports/")
    with public.expect_download() as download:
        public.locator("a[href$='.pdf']").first.click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    pdftotext, pdftoppm = shutil.which("pdftotext"), shutil.which("pdftoppm")
    if pdftotext:
        text = subprocess.run(  # noqa: S603 - poppler on our own download
            [pdftotext, "-raw", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout
        flat = re.sub(r"\s+", "", text)
        assert str(year) in flat and TITLE in flat, flat[:500]
    if pdftoppm:
        SHOTS.mkdir(parents=True, exist_ok=True)
        prefix = SHOTS / f"stories-report-{width}"
        subprocess.run(  # noqa: S603 - poppler on our own download
            [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "3", str(pdf), str(prefix)],
            check=True,
        )
        pages = sorted(SHOTS.glob(f"stories-report-{width}-*.png"))
        assert pages and Image.open(pages[0]).size[0] > 300
    assert [p.blocked for p in (writer, review, public)] == [[], [], []]
