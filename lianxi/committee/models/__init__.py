"""Models of the committee app: audiences, notices, materials, trainings, activities."""

from lianxi.committee.models.activities import (
    Activity,
    ActivitySeries,
    Contribution,
    Invitation,
    Outcome,
)
from lianxi.committee.models.audience import Audience, CalendarToken
from lianxi.committee.models.notices import (
    Material,
    MaterialDownload,
    Notice,
    NoticeAttachment,
    NoticeRead,
    NoticeReminder,
)
from lianxi.committee.models.trainings import Course, Enrollment, SessionAttendance, TrainingSession

__all__ = [
    "Activity",
    "ActivitySeries",
    "Audience",
    "CalendarToken",
    "Contribution",
    "Course",
    "Enrollment",
    "Invitation",
    "Material",
    "MaterialDownload",
    "Notice",
    "NoticeAttachment",
    "NoticeRead",
    "NoticeReminder",
    "Outcome",
    "SessionAttendance",
    "TrainingSession",
]
