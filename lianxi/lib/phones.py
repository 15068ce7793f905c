"""Mainland China mobile numbers."""

from __future__ import annotations

import re

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_mobile(raw: str) -> str | None:
    """Return the 11-digit number, or None when it is not a mainland mobile number."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if MOBILE_RE.match(digits) else None
