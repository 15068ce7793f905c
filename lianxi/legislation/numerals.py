"""Chinese numerals as drafts number chapters and articles (第十二条, 第一百零五条)."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 110 → 一百一十, 1001 → 一千零一."""
    if n <= 0 or n >= 10000:
        raise ValueError(n)
    if 10 <= n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for unit, name in UNITS:
        digit, n = divmod(n, unit)
        if digit:
            out += ("零" if zero else "") + DIGITS[digit] + name
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + DIGITS[n]
    return out


def from_chinese(text: str) -> int | None:
    """The inverse of `to_chinese` (also Arabic digits); None when it is not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in DIGITS + "十百千两" for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (digit if digit is not None else 1) * unit
            digit = None
        else:
            digit = 2 if char == "两" else DIGITS.index(char)
    total += digit or 0
    return total if total > 0 and to_chinese(total) == text.replace("两", "二") else None
