"""`manage.py demo_city --seed N --size small|large`: fill an empty database with 示范市."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.directory.demo.city import (
    SIZES,
    CityExistsError,
    enrol_demo_accounts,
    generate_city,
    print_accounts,
)
from lianxi.directory.demo.guard import is_demo_database

EXISTS_MESSAGE = "数据库中已有数据，跳过生成"

COUNT_LABELS = (
    ("districts", "区县"),
    ("streets", "街道/乡镇"),
    ("communities", "社区/村"),
    ("deputies", "人大代表"),
    ("stations", "联络站（点）"),
    ("departments", "承办单位"),
    ("categories", "诉求分类"),
    ("users", "账号"),
)


class Command(BaseCommand):
    help = "Generate the demo city 示范市 (areas, deputies, stations, departments, accounts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same city)"
        )
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument(
            "--cases",
            type=int,
            default=2000,
            help=(
                "demo cases to generate through the case actions (both sizes); 0 for the city "
                "alone, without cases or the other apps' demo data"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Refuses production and any database holding data it did not make.
        if is_demo_database():
            self.stdout.write(EXISTS_MESSAGE)
            if User.objects.filter(username="committee").exists():
                enrol_demo_accounts()
                print_accounts(self.stdout)
                self.print_open311_key()
            return
        started = time.monotonic()
        progress = options["verbosity"] > 0
        try:
            summary = generate_city(options["seed"], options["size"], progress=progress)
        except CityExistsError:  # another process got there first
            self.stdout.write(EXISTS_MESSAGE)
            return
        elapsed = time.monotonic() - started
        # Bulk generation writes rows directly (see docs/decisions/0004); it is still audited.
        log(
            None,
            "demo.generate_city",
            None,
            {"seed": options["seed"], "size": options["size"]} | summary,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成示范市（种子 {options['seed']}，规模 {options['size']}，"
                f"用时 {elapsed:.1f} 秒）："
            )
        )
        for key, label in COUNT_LABELS:
            self.stdout.write(f"  {label}：{summary[key]}")
        if options["cases"] > 0:
            from lianxi.cases.demo.generate import generate_cases

            started = time.monotonic()
            cases = generate_cases(options["seed"], options["cases"], progress=progress)
            self.stdout.write(
                f"  诉求：{cases['cases']}（其中公开 {cases['published']}，"
                f"用时 {time.monotonic() - started:.1f} 秒）"
            )
            self.generate_apps(options["seed"], progress=progress)
        print_accounts(self.stdout)
        self.print_open311_key()

    def generate_apps(self, seed: int, *, progress: bool) -> None:
        """Each app's demo data, in dependency order (rota before the committee's calendar,
        intelligence and the search index last, over everything else). The day's reminder
        jobs run after the data they remind of (deadlines, escalations, rota, notices)."""
        from lianxi.committee.demo.generate import generate as committee
        from lianxi.insight.demo.generate import generate as insight
        from lianxi.legislation.demo.generate import generate as legislation
        from lianxi.liaison.demo.generate import generate as liaison
        from lianxi.notifications.demo.generate import generate as reminders
        from lianxi.performance.demo.generate import generate as performance
        from lianxi.polls.demo.generate import generate as polls
        from lianxi.proposals.demo.generate import generate as proposals
        from lianxi.publicity.demo.generate import generate as publicity
        from lianxi.retention.demo.generate import generate as retention
        from lianxi.search.demo.generate import generate as search
        from lianxi.stats.demo.generate import generate as stats
        from lianxi.topics.demo.generate import generate as topics

        for generate in (
            liaison,
            committee,
            legislation,
            proposals,
            polls,
            performance,
            insight,
            topics,
            reminders,
            stats,
            publicity,
            retention,
            search,
        ):
            started = time.monotonic()
            counts = generate(seed, progress=progress)
            if counts:
                summary = "，".join(f"{label} {n}" for label, n in counts.items())
                self.stdout.write(f"  {summary}（用时 {time.monotonic() - started:.1f} 秒）")

    def print_open311_key(self) -> None:
        """A fresh key for the demo's Open311 client at every start (only its hash is kept,
        so the previous one stops working)."""
        from lianxi.cases.keys import issue_key
        from lianxi.cases.models import IntakeClient

        name = "示范市12345热线（演示）"
        key = issue_key(None, name=name, rotate=IntakeClient.objects.filter(name=name).exists())
        self.stdout.write(
            f"  Open311 演示客户端「{name}」的 api_key：{key}\n"
            "  （POST /open311/v2/requests.json 时使用；每次启动演示都会换发新密钥）"
        )
