#!/usr/bin/env python3
"""The outside world of `make cluster`, on 127.0.0.1 only: the fake Tencent Cloud SMS endpoint
(lianxi/notifications/channels/sms/fake_tencent.py, which checks each request's signature as the
provider does) and an SMTP sink (aiosmtpd). Production settings refuse the console SMS
transport, so the cluster's workers send through the real Tencent adapter to this fake and
through Django's SMTP backend to this sink.

    python scripts/cluster_stand_ins.py DIR

Writes DIR/stand-ins.env (the SMS_TENCENT_* and EMAIL_* variables for the app and the workers)
once both listen, then appends every text received to DIR/sms.jsonl and every e-mail to
DIR/mail.jsonl (one JSON object a line) until SIGTERM."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lianxi.notifications.channels.sms.fake_tencent import FakeTencentSms  # noqa: E402
from lianxi.notifications.tests.smtp_sink import SmtpSink  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    fake = FakeTencentSms().start()
    sink = SmtpSink().start()
    conf = fake.settings(TIMEOUT=5)
    lines = [f"SMS_TENCENT_{name}={value}" for name, value in conf.items()]
    lines += [
        "SMS_TRANSPORT=lianxi.notifications.channels.sms.tencent.TencentSmsTransport",
        "EMAIL_HOST=127.0.0.1",
        f"EMAIL_PORT={sink.port}",
        "EMAIL_USE_TLS=0",
        "EMAIL_USE_SSL=0",
    ]
    tmp = out / "stand-ins.env.tmp"
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(out / "stand-ins.env")

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    texts, mails = 0, 0
    with (out / "sms.jsonl").open("a") as sms_log, (out / "mail.jsonl").open("a") as mail_log:
        while not stop.is_set():
            with fake.lock:
                new_texts = fake.sent[texts:]
            for sent in new_texts:
                record = {"phone": sent.phone, "template": sent.template, "params": sent.params}
                sms_log.write(json.dumps(record | {"at": sent.at}, ensure_ascii=False) + "\n")
            texts += len(new_texts)
            with sink.lock:
                new_mails = sink.received[mails:]
            for mail in new_mails:
                record = {"to": str(mail["To"]), "subject": str(mail["Subject"]), "at": time.time()}
                mail_log.write(json.dumps(record, ensure_ascii=False) + "\n")
            mails += len(new_mails)
            sms_log.flush()
            mail_log.flush()
            stop.wait(0.3)
    fake.stop()
    sink.stop()


if __name__ == "__main__":
    main()
