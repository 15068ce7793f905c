"""Masking of personal data for display (quality.md: `138****5678`)."""

from __future__ import annotations

import re

# Mainland mobile numbers and 18-digit resident ID numbers inside free text.
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
IDNO_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
# E-mail addresses typed into free text; the masked form (`z***@host`) does not match again.
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
MASK = "****"
# What mask_phone gives back; masking it again must not change it (it is idempotent).
MASKED_PHONE_RE = re.compile(r"\d{3}\*{4}\d{4}|\*{4}(\d{2})?")


def mask_phone(phone: str | None) -> str:
    """`13812345678` → `138****5678`; anything else keeps at most its last 4 characters."""
    if not phone:
        return ""
    if MASKED_PHONE_RE.fullmatch(phone):
        return phone
    # Decimal digits only (the `\d` of the patterns): "³" is a digit to isdigit(), not a number.
    digits = "".join(ch for ch in phone if ch.isdecimal())
    if len(digits) >= 7:
        return digits[:3] + MASK + digits[-4:]
    if len(digits) >= 4:
        return MASK + digits[-2:]
    return MASK


def mask_name(name: str | None) -> str:
    """`张三丰` → `张**`; the family name alone stays."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_address(address: str | None) -> str:
    """Keep the first 6 characters (district and street); hide the rest."""
    if not address:
        return ""
    return address[:6] + ("***" if len(address) > 6 else "")


def mask_email(email: str | None) -> str:
    """`zhang.san@example.org` → `z***@example.org`."""
    if not email:
        return ""
    name, _at, domain = email.partition("@")
    return name[:1] + "***@" + domain if domain else mask_address(email)


def mask_text(text: str) -> str:
    """Mask mobile and ID numbers and e-mail addresses that appear inside free text."""
    text = EMAIL_RE.sub(lambda m: m.group(1) + "***@" + m.group(2), text)
    text = IDNO_RE.sub(lambda m: m.group(1) + "********" + m.group(3)[-1], text)
    return PHONE_RE.sub(lambda m: m.group(1) + MASK + m.group(3), text)
