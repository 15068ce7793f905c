from datetime import date

import pytest

from lianxi.core.workdays import add_workdays, is_workday, workdays_between


@pytest.mark.django_db
def test_shipped_2026_calendar() -> None:
    assert not is_workday(date(2026, 10, 1))  # National Day
    assert is_workday(date(2026, 10, 10))  # Saturday make-up working day
    assert not is_workday(date(2026, 2, 16))  # Spring Festival
    assert is_workday(date(2026, 2, 14))  # Saturday make-up day


@pytest.mark.django_db
def test_add_workdays_skips_weekends_and_holidays() -> None:
    # Fri 2026-09-25 is the Mid-Autumn holiday; 9-28..9-30 work; 10-1..10-7 off;
    # 10-8, 10-9 work; Sat 10-10 is a make-up working day.
    assert add_workdays(date(2026, 9, 24), 3) == date(2026, 9, 30)
    assert add_workdays(date(2026, 9, 24), 6) == date(2026, 10, 10)
    assert add_workdays(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri → Mon


@pytest.mark.django_db
def test_workdays_between() -> None:
    assert workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert workdays_between(date(2026, 10, 8), date(2026, 10, 1)) == 0
