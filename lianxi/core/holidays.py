"""China's public holidays and make-up working days (调休), shipped for 2026 and 2027.

2026 follows the State Council's notice (国办发明电〔2025〕号 arrangement). 2027 holds the
statutory holidays only, marked provisional: administrators add the make-up days when the
State Council publishes the 2027 arrangement.
"""

from __future__ import annotations

from datetime import date, timedelta


def _span(first: date, last: date, note: str) -> list[tuple[date, bool, str]]:
    days = (last - first).days
    return [(first + timedelta(days=i), False, note) for i in range(days + 1)]


HOLIDAYS: list[tuple[date, bool, str]] = [
    # 2026
    *_span(date(2026, 1, 1), date(2026, 1, 3), "元旦"),
    (date(2026, 1, 4), True, "元旦调休上班"),
    (date(2026, 2, 14), True, "春节调休上班"),
    *_span(date(2026, 2, 15), date(2026, 2, 23), "春节"),
    (date(2026, 2, 28), True, "春节调休上班"),
    *_span(date(2026, 4, 4), date(2026, 4, 6), "清明节"),
    *_span(date(2026, 5, 1), date(2026, 5, 5), "劳动节"),
    (date(2026, 5, 9), True, "劳动节调休上班"),
    *_span(date(2026, 6, 19), date(2026, 6, 21), "端午节"),
    (date(2026, 9, 20), True, "国庆节调休上班"),
    *_span(date(2026, 9, 25), date(2026, 9, 27), "中秋节"),
    *_span(date(2026, 10, 1), date(2026, 10, 7), "国庆节"),
    (date(2026, 10, 10), True, "国庆节调休上班"),
    # 2027 (provisional: statutory days only)
    *_span(date(2027, 1, 1), date(2027, 1, 1), "元旦（暂定）"),
    *_span(date(2027, 2, 5), date(2027, 2, 10), "春节（暂定）"),
    *_span(date(2027, 4, 5), date(2027, 4, 5), "清明节（暂定）"),
    *_span(date(2027, 5, 1), date(2027, 5, 3), "劳动节（暂定）"),
    *_span(date(2027, 6, 9), date(2027, 6, 9), "端午节（暂定）"),
    *_span(date(2027, 9, 15), date(2027, 9, 15), "中秋节（暂定）"),
    *_span(date(2027, 10, 1), date(2027, 10, 7), "国庆节（暂定）"),
]
