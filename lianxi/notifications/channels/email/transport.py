"""Email through Django's configured mail backend."""

from __future__ import annotations

from django.core.mail import send_mail


def send_email(address: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [address], fail_silently=False)
