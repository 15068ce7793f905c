"""The scheme a year starts from when staff first open it (they change it in the page)."""

from __future__ import annotations

from decimal import Decimal as D

from lianxi.performance.choices import LineKind as K

BASE = D(30)
BANDS = {"excellent_from": D(90), "competent_from": D(60), "basic_from": D(45)}
ITEMS: dict[str, tuple[D, D | None]] = {
    K.VISIT: (D(2), D(16)),
    K.DUTY_KEPT: (D(2), D(12)),
    K.DUTY_MISSED: (D(-4), D(16)),
    K.RECEPTION: (D(1), D(6)),
    K.CASE_RECEIVED: (D("0.5"), D(5)),
    K.CASE_ON_TIME: (D(1), D(10)),
    K.CASE_LATE: (D(-1), D(6)),
    K.CASE_REOPENED: (D(-2), D(6)),
    K.SUGGESTION_FILED: (D(3), D(9)),
    K.SUGGESTION_COSIGNED: (D(1), D(3)),
    K.SUGGESTION_ACCEPTED: (D(1), D(3)),
    K.COMMENT: (D(1), D(4)),
    K.TRAINING: (D(2), D(6)),
    K.ACTIVITY: (D(2), D(8)),
    K.ACTIVITY_MISSED: (D(-3), D(9)),
    K.NOTICE_READ: (D("0.2"), D(2)),
    K.MANUAL_SESSION: (D(5), D(5)),
    K.MANUAL_INSPECTION: (D(2), D(6)),
    K.MANUAL_OTHER: (D(1), D(3)),
}
