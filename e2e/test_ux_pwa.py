"""The phone app: manifest, icons and a service worker at the site's root; offline, the
offline page; a citizen's matter written and sent without a connection is kept on the phone
and filed once when the connection comes back, even if it is sent twice, with its photo."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import choose_community, latest_sms_code, tiny_png
from lianxi.cases.models import Attachment, Case

pytestmark = pytest.mark.browser


def test_manifest_worker_and_offline_page(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(390)
    page.goto(live_server.url + "/")
    manifest = page.evaluate(
        "() => fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone" and manifest["theme_color"] == "#b3261e"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        status = page.evaluate("u => fetch(u).then(r => r.status)", icon["src"])
        assert status == 200, icon
    scope = page.evaluate(
        "() => navigator.serviceWorker.ready.then(r => new URL(r.scope).pathname)"
    )
    assert scope == "/"
    page.reload()  # the worker now controls the page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto(live_server.url + "/published/")
    assert page.locator("#offline-page").count() == 1
    assert page.locator("#offline-banner").is_visible()
    page.context.set_offline(False)
    assert page.blocked == []


def test_draft_sent_offline_is_filed_once_when_back_online(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(390)
    page.goto(live_server.url + "/cases/new/")
    page.select_option("#id_kind", "suggestion")
    page.fill("#id_title", "公园增设休息座椅")
    page.fill("#id_content", "青石社区公园里座椅太少，老人散步走累了没有地方坐。")
    choose_community(page, world)
    page.fill("#id_phone", "13812345678")
    page.click("#send-code")
    page.wait_for_selector("#code-status .text-success")
    page.fill("#id_code", in_thread(latest_sms_code))
    # A photo goes with the draft (kept in IndexedDB beside the text).
    page.set_input_files(
        "#id_attachments", {"name": "座椅.png", "mimeType": "image/png", "buffer": tiny_png()}
    )

    page.context.set_offline(True)
    page.click("#intake-submit")
    page.wait_for_selector("#draft-waiting")
    assert "/cases/new/" in page.url
    # The phone is switched off and on again: the draft is still there, waiting.
    kept = page.evaluate("() => JSON.parse(localStorage.getItem('lianxi:draft:case'))")
    assert kept["waiting"] and kept["fields"]["title"] == "公园增设休息座椅"
    assert in_thread(lambda: Case.objects.count()) == 0

    # Back online: the draft goes by itself.
    page.context.set_offline(False)
    page.wait_for_url("**/cases/new/done/")
    number = page.locator("#tracking-number").inner_text().strip()
    assert number
    assert (
        in_thread(lambda: Attachment.objects.filter(case__tracking_number=number).count()) == 1
    )  # sent with the draft
    assert page.evaluate(
        """() => new Promise(done => {
            const open = indexedDB.open('lianxi-drafts', 1);
            open.onsuccess = () => {
              const get = open.result.transaction('files').objectStore('files').get('lianxi:draft:case');
              get.onsuccess = () => done(get.result === undefined);
            };
        })"""
    )  # nothing left on the phone
    assert page.evaluate("() => localStorage.getItem('lianxi:draft:case')") is None
    # The same draft arriving again (a second tab, a flaky signal) files nothing new.
    again = page.evaluate(
        """(draft) => {
            const body = new FormData();
            Object.entries(draft.fields).forEach(([k, v]) => body.append(k, v));
            const csrf = document.cookie.match(/csrftoken=([^;]+)/);
            body.append('csrfmiddlewaretoken', csrf ? csrf[1] : '');
            return fetch(draft.action, {
              method: 'POST', body, credentials: 'same-origin', redirect: 'manual'
            }).then(r => r.type);
        }""",
        kept,
    )
    assert again == "opaqueredirect"  # the first sending's answer, not a second case
    assert in_thread(lambda: Case.objects.count()) == 1
    assert page.blocked == []


def test_draft_keeps_its_photo_when_the_page_is_opened_again(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = open_page(390)
    page.goto(live_server.url + "/cases/new/")
    page.fill("#id_title", "路灯不亮")
    page.set_input_files(
        "#id_attachments", {"name": "路灯.png", "mimeType": "image/png", "buffer": tiny_png()}
    )
    page.wait_for_function(  # IndexedDB is written after the change event
        """() => new Promise(done => {
            const open = indexedDB.open('lianxi-drafts', 1);
            open.onsuccess = () => {
              const get = open.result.transaction('files').objectStore('files')
                .get('lianxi:draft:case');
              get.onsuccess = () => done(!!get.result);
            };
            open.onerror = () => done(false);
        })"""
    )
    page.goto(live_server.url + "/cases/new/")
    page.wait_for_function("() => document.querySelector('#id_attachments').files.length === 1")
    assert page.input_value("#id_title") == "路灯不亮"
    assert page.evaluate("() => document.querySelector('#id_attachments').files[0].name") == (
        "路灯.png"
    )
    assert page.locator("#draft-restored").is_visible()
