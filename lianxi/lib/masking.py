"""Masking of personal data for display (quality.md: `138****5678`)."""

from __future__ import annotations

import re

# Mainland mobile numbers and 18-digit resident ID numbers inside free text.
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
IDNO_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
MASK = "****"


def mask_phone(phone: str | None) -> str:
    """`13812345678` → `138****5678`; anything else keeps at most its last 4 characters."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
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


def mask_text(text: str) -> str:
    """Mask mobile and ID numbers that appear inside free text."""
    text = IDNO_RE.sub(lambda m: m.group(1) + "********" + m.group(3)[-1], text)
    return PHONE_RE.sub(lambda m: m.group(1) + MASK + m.group(3), text)
