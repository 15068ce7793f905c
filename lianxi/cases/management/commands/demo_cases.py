"""`manage.py demo_cases --seed N --count 3000`: fill the demo city with cases, through the
real case actions (see lianxi/cases/demo/generate.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from lianxi.accounts.models import User
from lianxi.cases.demo.generate import generate_cases
from lianxi.cases.models import Case
from lianxi.directory.demo.guard import require_demo_database

STATUS_LABELS = (
    ("submitted", "待受理"),
    ("declined", "不予受理"),
    ("merged", "已合并"),
    ("assigned", "代表办理中"),
    ("referred", "已转办"),
    ("returned", "部门退回"),
    ("in_progress", "部门办理中"),
    ("answered", "部门已答复"),
    ("reported", "已反馈待评价"),
    ("closed", "已办结"),
)


class Command(BaseCommand):
    help = "Generate demo cases for the demo city, driving the real case actions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--count", type=int, default=3000, help="how many cases")
        parser.add_argument(
            "--force", action="store_true", help="generate even if cases already exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be at least 1")
        require_demo_database()  # never production, never a database demo_city did not fill
        if not User.objects.filter(username="committee").exists():
            raise CommandError("no demo city here: run `manage.py demo_city` first")
        if Case.objects.exists() and not options["force"]:
            self.stdout.write("数据库中已有诉求，跳过生成（--force 可追加）")
            return
        started = time.monotonic()
        summary = generate_cases(options["seed"], count, progress=options["verbosity"] > 0)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {summary['cases']} 件演示诉求（种子 {options['seed']}，"
                f"用时 {elapsed:.1f} 秒，其中公开 {summary['published']} 件）："
            )
        )
        counts = dict(Case.objects.order_by().values_list("status").annotate(n=Count("id")))
        for status, label in STATUS_LABELS:
            self.stdout.write(f"  {label}：{counts.get(status, 0)}")
        self.stdout.write("  站内消息与短信已标记为已发送（演示数据，不实际投递）")
