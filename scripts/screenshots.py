#!/usr/bin/env python3
"""Screenshots of every public page, each role's workbench and a citizen's own pages, at phone
and desktop width.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765 e2e/screenshots

`make screenshots` writes them to e2e/screenshots/ (git-ignored: 200-odd PNGs that change
with every style edit would swell the history; each run makes them again), named
LANG-ROLE-PAGE-WIDTH.png, in Chinese and in English.

Needs a running server with the demo city (`manage.py demo_city --seed 1 --size small`) and
Debian's chromium. Pages are found by following links, so no ids are hard-coded. Besides the
PNGs it reports, per page, console errors (CSP violations show up there) and horizontal
overflow; the exit status is 1 when any page has either.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from playwright.sync_api import Browser, Page, sync_playwright

WIDTHS = (390, 1280)
LANGUAGES = ("zh-hans", "en")  # the language cookie each round of shots is taken with
STAFF_PAGES = (
    ("-cases", "/work/cases/"),
    ("-liaison", "/work/liaison/"),
    ("-visits", "/work/liaison/visits/"),
    ("-committee", "/work/committee/"),
    ("-notices", "/work/committee/notices/"),
    ("-calendar", "/work/committee/calendar/"),
    ("-topics", "/work/topics/"),
    ("-supervision", "/work/topics/supervision/"),
    ("-routing", "/work/insight/routing/"),
    ("-stats", "/work/stats/"),
    ("-search", "/work/search/?q=%E7%94%B5%E6%A2%AF"),
)
# The demo city's published password (README); no real account uses it.
PASSWORD = "lianxi-demo-2026"  # noqa: S105
ACCOUNTS = ("admin", "committee", "station", "deputy", "handler")
CITIZEN_PHONE = "13800138000"  # the demo citizen (lianxi/directory/demo/city.py), by SMS code
CITIZEN_PAGES = (
    ("", "/work/"),
    ("-new", "/cases/new/"),
    ("-mine", "/cases/mine/"),
    ("-notifications", "/notifications/"),
    ("-profile", "/accounts/profile/"),
    ("-privacy", "/privacy/deletion/"),
    ("-legislation", "/legislation/"),
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    shots: int = 0


def first_link(page: Page, pattern: str) -> str | None:
    """The first link on the page whose path matches `pattern` (a regex)."""
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        if href and re.fullmatch(pattern, href.split("#")[0]):
            return urljoin(page.url, href)
    return None


def shoot(page: Page, url: str, out: Path, name: str, width: int, report: Report) -> None:
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    try:
        response = page.goto(url, wait_until="networkidle")
        status = response.status if response else 0
        if status != 200:
            report.problems.append(f"{name} @{width}: HTTP {status} for {url}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            report.problems.append(f"{name} @{width}: {overflow}px horizontal overflow")
        page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
        report.shots += 1
    finally:
        page.remove_listener("console", on_console)
    for text in errors:
        report.problems.append(f"{name} @{width}: console error: {text}")


def public_pages(page: Page, base: str) -> list[tuple[str, str]]:
    """(name, url) of the public pages, discovering record ids by following links."""
    pages = [("home", urljoin(base, "/")), ("find", urljoin(base, "/find/"))]
    page.goto(urljoin(base, "/stations/"))
    station = first_link(page, r"(.*)/stations/\d+/")
    pages.append(("stations", page.url))
    if station:
        pages.append(("station", station))
        page.goto(station)
        community = first_link(page, r".*/find/\?community=\d+")
        if community:
            pages.append(("find-community", community))
            page.goto(community)
            name = page.locator("#find-result h2").first.inner_text().strip()
            pages.append(("find-search", urljoin(base, "/find/?q=" + name[:2])))
    for name, path in (
        ("case-new", "/cases/new/"),
        ("track", "/cases/track/"),
        ("published", "/published/"),
        ("stats", "/stats/"),
        ("search", "/search/?q=" + quote("停车")),
        ("week", "/liaison/week/"),
        ("map", "/liaison/map/"),
    ):
        pages.append((name, urljoin(base, path)))
    page.goto(urljoin(base, "/published/"))
    published = first_link(page, r"(.*)/published/[^/?]+/")
    if published:
        pages.append(("published-case", published))
    page.goto(urljoin(base, "/deputies/"))
    pages.append(("deputies", page.url))
    pages.append(("deputies-page2", urljoin(base, "/deputies/?page=2")))
    deputy = first_link(page, r"(.*)/deputies/\d+/")
    if deputy:
        pages.append(("deputy", deputy))
    return pages


def log_in(page: Page, base: str, username: str) -> bool:
    page.goto(urljoin(base, "/accounts/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/second-factor/" in page.url:  # the code the demo account's app shows now
        printed = manage("demo_otp", username)
        code = re.search(r"\b(\d{6})\b", printed)
        if code is None:
            return False
        page.fill("input[name=code]", code.group(1))
        page.click("#main form button[type=submit]")
        page.wait_for_load_state("networkidle")
    return "/accounts/" not in page.url


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def log_in_citizen(page: Page, base: str) -> bool:
    """The citizen's way in: the phone number, 获取验证码, the code from the SMS (read from the
    demo's outbox by `manage.py demo_otp citizen`)."""
    page.goto(urljoin(base, "/accounts/citizen/"))
    page.fill("input[name=phone]", CITIZEN_PHONE)
    page.click("#send-code")
    page.wait_for_load_state("networkidle")
    if page.locator("input[name=code]").count() == 0:
        return False
    code = re.search(r"\b(\d{6})\b", manage("demo_otp", "citizen"))
    if code is None:
        return False
    page.fill("input[name=code]", code.group(1))
    page.locator("#main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    return "/accounts/" not in page.url


def citizen_pages(page: Page, base: str) -> list[tuple[str, str]]:
    """The citizen's home, filing, their matters and one of them, notices, profile, data."""
    pages = []
    for suffix, path in CITIZEN_PAGES:
        response = page.goto(urljoin(base, path))
        if response is not None and response.status == 200:
            pages.append((suffix, page.url))
            if suffix == "-mine":
                case = first_link(page, r"(.*)/cases/mine/\d+/")
                if case:
                    pages.append(("-mine-case", case))
    return pages


def workbench_pages(page: Page, base: str) -> list[tuple[str, str]]:
    page.goto(urljoin(base, "/work/"))
    pages = [("", page.url)]
    for kind in ("stations", "deputies", "departments"):
        link = first_link(page, rf"(.*)/work/{kind}/\d+/")
        if link:
            pages.append((f"-{kind[:-1] if kind != 'deputies' else 'deputy'}", link))
    for suffix, path in STAFF_PAGES:
        response = page.goto(urljoin(base, path))
        if response is not None and response.status == 200:  # each role sees its own share
            pages.append((suffix, page.url))
            if suffix == "-cases":
                case = first_link(page, r"(.*)/work/cases/\d+/")
                if case:
                    pages.append(("-case", case))
    return pages


def new_context(browser: Browser, base: str, width: int, language: str, state: Any = None) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", storage_state=state
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context


def run(browser: Browser, base: str, out: Path, languages: tuple[str, ...]) -> Report:
    report = Report()
    # The citizen signs in once (an SMS code a minute, five an hour): later rounds reuse the
    # session's cookies.
    citizen: dict[str, Any] = {}
    for language in languages:
        lang = "zh" if language == "zh-hans" else language
        for width in WIDTHS:
            context = new_context(browser, base, width, language)
            page = context.new_page()
            for name, url in public_pages(page, base):
                shoot(page, url, out, f"{lang}-public-{name}", width, report)
            context.close()
            for username in ACCOUNTS:
                context = new_context(browser, base, width, language)
                page = context.new_page()
                if not log_in(page, base, username):
                    report.problems.append(f"{username}: could not sign in")
                    context.close()
                    continue
                for suffix, url in workbench_pages(page, base):
                    shoot(page, url, out, f"{lang}-work-{username}{suffix}", width, report)
                context.close()
            context = new_context(browser, base, width, language, citizen.get("state"))
            page = context.new_page()
            if "state" in citizen or log_in_citizen(page, base):
                citizen.setdefault("state", context.storage_state())
                for suffix, url in citizen_pages(page, base):
                    shoot(page, url, out, f"{lang}-citizen{suffix}", width, report)
            else:
                report.problems.append("citizen: could not sign in with the SMS code")
            context.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8765")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument(
        "--languages", default=",".join(LANGUAGES), help="e.g. zh-hans,en (the default)"
    )
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            languages = tuple(x for x in args.languages.split(",") if x)
            report = run(browser, args.base_url.rstrip("/") + "/", args.out_dir, languages)
        finally:
            browser.close()
    print(f"{report.shots} screenshots in {args.out_dir}")
    # The same console error on every page is one problem: print it once, with its pages.
    grouped: dict[str, list[str]] = {}
    for problem in report.problems:
        where, _, what = problem.partition(": ")
        grouped.setdefault(what, []).append(where)
    for what, pages in grouped.items():
        shown = ", ".join(pages[:4]) + (f" and {len(pages) - 4} more" if len(pages) > 4 else "")
        print(f"PROBLEM: {what}\n    on {shown}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
