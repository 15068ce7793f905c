"""Staff and deputy pages of the committee app, under /work/committee/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.committee.views import activities, deputy, notices, trainings

app_name = "committee_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", deputy.inbox, name="inbox"),
    path("calendar/", deputy.calendar, name="calendar"),
    path("calendar/token/", deputy.calendar_token, name="calendar_token"),
    path("notices/", notices.notice_list, name="notices"),
    path("notices/new/", notices.notice_edit, name="notice_new"),
    path("notices/<int:notice_id>/", notices.notice_detail, name="notice"),
    path("notices/<int:notice_id>/edit/", notices.notice_edit, name="notice_edit"),
    path("notices/<int:notice_id>/publish/", notices.notice_publish, name="notice_publish"),
    path("notices/<int:notice_id>/withdraw/", notices.notice_withdraw, name="notice_withdraw"),
    path("notices/<int:notice_id>/confirm/", notices.notice_confirm, name="notice_confirm"),
    path("notices/<int:notice_id>/receipts.xlsx", notices.notice_export, name="notice_export"),
    path(
        "notices/<int:notice_id>/files/<int:attachment_id>/",
        notices.notice_attachment,
        name="notice_file",
    ),
    path("materials/", notices.material_list, name="materials"),
    path("materials/new/", notices.material_new, name="material_new"),
    path("materials/<int:material_id>/", notices.material_detail, name="material"),
    path("materials/<int:material_id>/download/", notices.material_download, name="material_get"),
    path(
        "materials/<int:material_id>/withdraw/", notices.material_withdraw, name="material_withdraw"
    ),
    path("trainings/", trainings.course_list, name="courses"),
    path("trainings/new/", trainings.course_new, name="course_new"),
    path("trainings/<int:course_id>/", trainings.course_detail, name="course"),
    path("trainings/<int:course_id>/enroll/", trainings.course_enroll, name="course_enroll"),
    path("trainings/<int:course_id>/close/", trainings.course_close, name="course_close"),
    path("sessions/<int:session_id>/", trainings.session_detail, name="session"),
    path("sessions/<int:session_id>/qr.svg", trainings.session_qr, name="session_qr"),
    path("checkin/<str:token>/", trainings.checkin, name="checkin"),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_new, name="activity_new"),
    path("activities/<int:activity_id>/", activities.activity_detail, name="activity"),
    path("activities/<int:activity_id>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/invite/", activities.activity_invite, name="invite"),
    path(
        "activities/<int:activity_id>/attendance/",
        activities.activity_attendance,
        name="activity_attendance",
    ),
    path("activities/<int:activity_id>/minutes/", activities.activity_minutes, name="minutes"),
    path(
        "activities/<int:activity_id>/contributions/",
        activities.activity_contribution,
        name="contribution",
    ),
    path("activities/<int:activity_id>/outcomes/", activities.activity_outcome, name="outcome"),
    path("activities/<int:activity_id>/cancel/", activities.activity_cancel, name="cancel"),
    path("invitations/<int:invitation_id>/answer/", activities.invitation_answer, name="answer"),
]
