"""Every change of state in the liaison app is one of these actions."""

from lianxi.liaison.actions.bookings import book_place, cancel_booking, send_booking_reminders
from lianxi.liaison.actions.rota import (
    add_shift,
    check_in,
    decide_request,
    end_pattern,
    generate_shifts,
    mark_attendance,
    request_change,
    save_pattern,
    send_rota_notices,
    send_shift_reminders,
    toggle_deputy_subscription,
    toggle_subscription,
)
from lianxi.liaison.actions.visits import (
    carry_rules_forward,
    log_visit,
    record_reception,
    review_visit,
    save_rule,
    send_compliance_reminders,
    walkin_case,
)

__all__ = [
    "add_shift",
    "book_place",
    "cancel_booking",
    "carry_rules_forward",
    "check_in",
    "decide_request",
    "end_pattern",
    "generate_shifts",
    "log_visit",
    "mark_attendance",
    "record_reception",
    "request_change",
    "review_visit",
    "save_pattern",
    "save_rule",
    "send_booking_reminders",
    "send_compliance_reminders",
    "send_rota_notices",
    "send_shift_reminders",
    "toggle_deputy_subscription",
    "toggle_subscription",
    "walkin_case",
]
