"""E-mail through Django's mail backend (SMTP in production: EMAIL_HOST and friends from the
environment), as text and HTML in the platform's look. The Message-ID is the platform's own id
for the message, the same on every attempt, so a message sent again after a worker died
mid-send is recognised as the same one by mail clients."""

from __future__ import annotations

import smtplib
import socket
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from lianxi.notifications.channels.errors import DeliveryError, PermanentFailure, TemporaryFailure


def message_id(ref: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{ref}@{domain}>"


def build(address: str, subject: str, context: dict[str, Any], ref: str) -> EmailMultiAlternatives:
    """One e-mail; `context` fills notifications/email/message.{txt,html} (`lines`: the texts,
    each {"text", "url"}; `intro`: a line above them)."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/message.txt", context),
        to=[address],
        headers={"Message-ID": message_id(ref)},
    )
    mail.attach_alternative(
        render_to_string("notifications/email/message.html", context), "text/html"
    )
    return mail


def failure(exc: Exception) -> DeliveryError:
    """SMTP's own verdict: 5xx for this recipient is final, everything else may pass later."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            return PermanentFailure(f"SMTP {codes[0]}: recipient refused")
        return TemporaryFailure(f"SMTP {codes[0] if codes else ''}: recipient refused")
    if isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600:
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return PermanentFailure(f"SMTP {exc.smtp_code}: authentication failed")
        return PermanentFailure(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")
    if isinstance(exc, (smtplib.SMTPException, OSError, socket.timeout)):
        return TemporaryFailure(f"{type(exc).__name__}: {exc}")
    return TemporaryFailure(f"{type(exc).__name__}: {exc}")


class Mailer:
    """One connection to the mail server for a batch of messages: opened on first use,
    dropped after an error (the next message opens a fresh one)."""

    def __init__(self) -> None:
        self.connection: Any = None

    def send(self, mail: EmailMultiAlternatives) -> str:
        try:
            if self.connection is None:
                self.connection = get_connection(fail_silently=False)
                self.connection.open()
            mail.connection = self.connection
            mail.send(fail_silently=False)
        except Exception as exc:  # the backend's errors, sorted into retry or give up
            self.close()
            raise failure(exc) from None
        return str(mail.extra_headers["Message-ID"]).strip("<>")

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: S110 - a connection that broke is dropped all the same
                pass


def send_email(
    address: str, subject: str, text: str, *, ref: str, url: str = "", mailer: Mailer | None = None
) -> str:
    """One notification by e-mail; returns its Message-ID."""
    lines = [{"text": text, "url": absolute(url)}]
    mail = build(address, subject, {"subject": subject, "lines": lines}, ref)
    return (mailer or Mailer()).send(mail)


def absolute(url: str) -> str:
    if not url:
        return ""
    return url if url.startswith("http") else settings.SITE_URL.rstrip("/") + url
