"""Load held (quality.md row 29): the people of a city on the platform at once, against
`make cluster` (nginx, HTTPS). Run by `make load` (bench/load.py), which writes the fixture
this file reads (LOAD_FIXTURE: ids to visit, signed-in sessions, the ledger file) and
reconciles the ledger afterwards. The mix, by number of simulated users:

- 70 % citizens browsing: the home page, published cases (list and one), stations, deputies,
  public statistics, consultations, a static file, and searches (two-character Chinese words);
- 20 % citizens submitting: cases through the API (with an Idempotency-Key) and the web form
  (with its one-time token and a photo), and comments on an open consultation (signed in);
- 10 % staff working cases: their list, one case (page and API), accepting a new case in their
  station, an internal note.

Every acknowledged filing and comment is written to the ledger (one JSON object a line).
Locust's own failures are any answer ≥ 400 that is not expected; staff accepting a case that a
colleague accepted a moment before (409) is expected and named so in the statistics.

Runs with locust only (no Django): `locust -f bench/locustfile.py --headless ...`."""

from __future__ import annotations

import json
import os
import random
import re
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task
from locust.clients import HttpSession

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The drill's digest and image: reconciliation compares them with what is stored.
from bench.drill import payload_hash, tiny_png

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
CAFILE = FIXTURE["cafile"]
SESSION_COOKIE = FIXTURE["session_cookie"]
CSRF_COOKIE = FIXTURE["csrf_cookie"]
LEDGER = Path(FIXTURE["ledger"])
_ledger_lock = threading.Lock()
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORDS = [
    "路灯",
    "停车",
    "噪音",
    "垃圾",
    "电梯",
    "道路",
    "供暖",
    "物业",
    "学校",
    "公交",
    "绿化",
    "排水",
]
TOPICS = ["路灯不亮", "下水道堵塞", "小区停车难", "噪音扰民", "道路破损", "垃圾清运不及时"]
COMMENTS = [
    "建议明确执行部门的职责分工，避免推诿。",
    "第三条的表述过于原则，建议增加具体标准。",
    "希望增加公众参与的渠道，及时公开办理结果。",
    "建议对老旧小区给予一定的过渡期。",
]


def ledger(entry: dict[str, Any]) -> None:
    entry["acked_at"] = time.time()
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with _ledger_lock, LEDGER.open("a") as out:
        out.write(line)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.verify = CAFILE
        self.rng = random.Random()  # noqa: S311 - load data, not secrets

    def csrf(self, page: str, name: str) -> str:
        """Open `page` (for its CSRF cookie) and return the token to send back."""
        self.client.get(page, name=name)
        return str(self.client.cookies.get(CSRF_COOKIE, ""))

    def referer(self, path: str) -> dict[str, str]:
        return {"Referer": self.host.rstrip("/") + path}


class Browser(Person):
    """70 %: reading public pages and searching."""

    weight = 70

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="browse: home")

    @task(3)
    def published(self) -> None:
        self.client.get(f"/published/?page={self.rng.randint(1, 3)}", name="browse: published list")
        if FIXTURE["published"]:
            number = self.rng.choice(FIXTURE["published"])
            self.client.get(f"/published/{number}/", name="browse: published case")

    @task(2)
    def stations(self) -> None:
        self.client.get("/stations/", name="browse: stations")
        self.client.get(
            f"/stations/{self.rng.choice(FIXTURE['stations'])}/", name="browse: station"
        )

    @task(2)
    def deputies(self) -> None:
        self.client.get("/deputies/", name="browse: deputies")
        self.client.get(f"/deputies/{self.rng.choice(FIXTURE['deputies'])}/", name="browse: deputy")

    @task(1)
    def statistics(self) -> None:
        self.client.get("/stats/", name="browse: statistics")

    @task(1)
    def consultations(self) -> None:
        self.client.get("/legislation/", name="browse: consultations")

    @task(1)
    def static(self) -> None:
        self.client.get(FIXTURE["static"], name="browse: static file")

    @task(4)
    def search(self) -> None:
        words = " ".join(self.rng.sample(WORDS, 2))
        self.client.get("/search/", params={"q": words}, name="search: two words")


class Submitter(Person):
    """20 %: filing cases (API and web form) and commenting on an open consultation."""

    weight = 20

    def on_start(self) -> None:
        super().on_start()
        self.signed_in = False
        if FIXTURE["citizens"]:
            session = self.rng.choice(FIXTURE["citizens"])
            self.client.cookies.set(SESSION_COOKIE, session, domain="127.0.0.1", path="/")
            self.signed_in = True
        # API filings go out anonymously, without the signed-in session (and so without CSRF).
        self.anon = HttpSession(
            base_url=self.host, request_event=self.environment.events.request, user=self
        )

    def fields(self) -> dict[str, Any]:
        topic = self.rng.choice(TOPICS)
        marker = uuid.uuid4().hex[:12]
        return {
            "kind": self.rng.choice(["opinion", "suggestion"]),
            "title": f"{topic}{marker[:6]}",
            "content": f"{topic}，已经持续一段时间，请尽快处理。编号{marker}。",
            "community_id": self.rng.choice(FIXTURE["communities"]),
        }

    @task(5)
    def file_api(self) -> None:
        f = self.fields()
        anonymous = self.rng.random() < 0.2
        body = f | {"address": "", "consent_to_publish": self.rng.random() < 0.4}
        name = phone = ""
        if anonymous:
            body["anonymous"] = True
        else:
            name, phone = "张三", f"139{self.rng.randrange(10**8):08d}"
            body |= {"contact_name": name, "contact_phone": phone}
        sent = payload_hash(
            [
                f["kind"],
                f["title"],
                f["content"],
                f["community_id"],
                body["consent_to_publish"],
                anonymous,
                name,
                phone,
            ]
        )
        key = uuid.uuid4().hex
        with self.anon.post(
            "/api/v1/cases",
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
            verify=CAFILE,  # a bare HttpSession does not take `verify` from the session
            name="submit: case (API)",
            catch_response=True,
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"HTTP {answer.status_code}: {answer.text[:200]}")
                return
            out = answer.json()
            ledger(
                {
                    "via": "api",
                    "key": key,
                    "id": out["id"],
                    "tracking_number": out["tracking_number"],
                    "hash": sent,
                    "phone": phone,
                }
            )

    @task(2)
    def file_web(self) -> None:
        page = self.client.get("/cases/new/", name="submit: form page")
        found = CSRF_FIELD.search(page.text)
        if page.status_code != 200 or not found:
            return
        f = self.fields()
        token = uuid.uuid4().hex[:24]
        data = {
            "csrfmiddlewaretoken": found.group(1),
            "form_token": token,
            "kind": f["kind"],
            "title": f["title"],
            "content": f["content"],
            "category": "",
            "community": str(f["community_id"]),
            "address": "",
            "contact": "anonymous",
        }
        files = {"attachments": ("photo.png", tiny_png(self.rng.randrange(2**24)), "image/png")}
        # What the form sent; whether the case is anonymous follows from being signed in.
        sent = payload_hash([f["kind"], f["title"], f["content"], f["community_id"]])
        with self.client.post(
            "/cases/new/",
            data=data,
            files=files,
            headers=self.referer("/cases/new/"),
            allow_redirects=False,
            name="submit: case (web form)",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or "/cases/new/done/" not in answer.headers.get(
                "Location", ""
            ):
                answer.failure(f"HTTP {answer.status_code}: {answer.text[:200]}")
                return
            ledger({"via": "web", "key": "web:" + token, "hash": sent, "attachments": 1})

    @task(2)
    def comment(self) -> None:
        consultation = FIXTURE.get("open_consultation")
        if not consultation or not self.signed_in:
            return
        path = f"/legislation/{consultation}/"
        token = self.csrf(path, "submit: consultation page")
        body = {"body": self.rng.choice(COMMENTS) + uuid.uuid4().hex[:6], "named": False}
        key = uuid.uuid4().hex
        with self.client.post(
            f"/api/v1/legislation/consultations/{consultation}/comments",
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                "X-CSRFToken": token,
                **self.referer(path),
            },
            name="submit: comment (API)",
            catch_response=True,
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"HTTP {answer.status_code}: {answer.text[:200]}")
                return
            ledger({"via": "comment", "key": key, "id": answer.json()["id"], "body": body["body"]})


class Staff(Person):
    """10 %: committee staff triaging new cases (accepting them), deputies working theirs."""

    weight = 10

    def on_start(self) -> None:
        super().on_start()
        # Half committee staff, half deputies, whatever their numbers in the fixture.
        role = self.rng.choice(sorted({s["role"] for s in FIXTURE["staff"]}))
        me = self.rng.choice([s for s in FIXTURE["staff"] if s["role"] == role])
        self.role = me["role"]
        self.client.cookies.set(SESSION_COOKIE, me["session"], domain="127.0.0.1", path="/")
        self.token = ""

    def token_for(self) -> str:
        if not self.token:
            self.token = self.csrf("/work/", "staff: workbench")
        return self.token

    def post_step(self, case_id: int, step: str, body: dict[str, Any], name: str) -> None:
        with self.client.post(
            f"/api/v1/cases/{case_id}/{step}",
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.token_for(),
                **self.referer("/work/cases/"),
            },
            name=name,
            catch_response=True,
        ) as answer:
            if answer.status_code in {200, 204}:
                answer.success()
            elif answer.status_code == 409:
                answer.success()  # a colleague acted on it a moment before: the rule says no
                answer.request_meta["name"] = name + " (taken by a colleague: 409)"
            else:
                answer.failure(f"HTTP {answer.status_code}: {answer.text[:200]}")

    def cases(self, status: str) -> list[dict[str, Any]]:
        listing = self.client.get(
            "/api/v1/cases", params={"status": status, "page_size": 20}, name="staff: cases (API)"
        )
        return list(listing.json().get("items", [])) if listing.status_code == 200 else []

    @task(3)
    def workbench(self) -> None:
        self.client.get("/work/", name="staff: workbench")
        self.client.get("/work/cases/", name="staff: case list (page)")

    @task(4)
    def work_a_case(self) -> None:
        if self.role == "committee":
            found = self.cases("submitted")
            if found:
                case = self.rng.choice(found)
                self.client.get(f"/work/cases/{case['id']}/", name="staff: one case (page)")
                if case.get("deputy_id"):  # routed to a deputy: accept it for them
                    note = "已受理，将尽快联系您。"
                    self.post_step(case["id"], "accept", {"note": note}, "staff: accept")
                else:  # to be routed by hand: note what to check first
                    text = "请核实所属社区后再分派代表。"
                    self.post_step(case["id"], "notes", {"text": text}, "staff: note")
            return
        found = self.cases("assigned")
        if found:
            case = self.rng.choice(found)
            self.client.get(f"/api/v1/cases/{case['id']}", name="staff: one case (API)")
            text = "已电话联系群众，约定下周现场查看。"
            self.post_step(case["id"], "notes", {"text": text}, "staff: note")
