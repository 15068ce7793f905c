"""Write the staff summary of a consultation to a file, with a progress bar:
`legislation_summary ID [--format docx|pdf|xlsx] [--out PATH] [--group]`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from lianxi.audit.log import log
from lianxi.core.errors import ActionError
from lianxi.legislation import actions, summary
from lianxi.legislation.models import Consultation
from lianxi.lib.documents import render_docx, render_pdf
from lianxi.lib.sheets import write_workbook


class Command(BaseCommand):
    help = "Write the staff summary of a consultation (Word, PDF or Excel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("consultation", type=int)
        parser.add_argument("--format", choices=["docx", "pdf", "xlsx"], default="docx")
        parser.add_argument("--out", default="")
        parser.add_argument(
            "--group", action="store_true", help="group similar comments first (as staff)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        consultation = Consultation.objects.filter(pk=options["consultation"]).first()
        if consultation is None:
            raise CommandError(f"没有编号为 {options['consultation']} 的征求意见。")
        fmt = options["format"]
        out = Path(options["out"] or f"consultation-{consultation.pk}.{fmt}")
        started = time.perf_counter()
        bar = tqdm(
            total=summary.STEPS + 1 + int(options["group"]),
            unit="步",
            disable=options["verbosity"] == 0,
            file=self.stderr._out,
        )
        if options["group"]:
            bar.set_description("归类")
            try:
                actions.group(consultation.created_by, consultation)
            except ActionError as exc:
                raise CommandError(exc.message) from exc
            bar.update()
        if fmt == "xlsx":
            bar.set_description("写表格")
            body = write_workbook(summary.sheets(consultation))
            bar.update(summary.STEPS + 1)
        else:

            def step(name: str) -> None:
                bar.set_description(name)
                bar.update()

            built = summary.build(
                consultation,
                author="legislation_summary",
                organisation=settings.SITE_NAME,
                today=timezone.localdate(),
                step=step,
            )
            bar.set_description("排版")
            body = (render_docx if fmt == "docx" else render_pdf)(built)
            bar.update()
        bar.close()
        out.write_bytes(body)
        log(None, "legislation.export", consultation, {"format": fmt, "command": True})
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{out}（{len(body)} 字节，用时 {elapsed:.1f} 秒）"))
