"""Pages of performance records, under /work/performance/."""

from django.urls import path

from lianxi.performance import views, views_accountability, views_reports

app_name = "performance"
urlpatterns = [
    path("", views.home, name="home"),
    path("entries/", views.entry_queue, name="entries"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/file/", views.entry_file, name="entry_file"),
    path("entries/<int:pk>/approve/", views.entry_approve, name="entry_approve"),
    path("entries/<int:pk>/reject/", views.entry_reject, name="entry_reject"),
    path("schemes/<int:year>/", views.scheme, name="scheme"),
    path("recompute/", views.recompute, name="recompute"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    # Commendation and accountability (views_accountability.py)
    path("commendations/", views_accountability.commendations, name="commendations"),
    path("commendations/<int:pk>/", views_accountability.commendation, name="commendation"),
    path(
        "commendations/<int:pk>/publish/",
        views_accountability.commendation_publish,
        name="commendation_publish",
    ),
    path("talks/", views_accountability.talks, name="talks"),
    path("talks/<int:pk>/", views_accountability.talk, name="talk"),
    path("talks/<int:pk>/close/", views_accountability.talk_close, name="talk_close"),
    path("<int:pk>/talks/new/", views_accountability.talk_new, name="talk_new"),
    path("flags/", views_accountability.flags, name="flags"),
    # The annual performance report, its batches, rankings and distributions (views_reports).
    path("reports/", views_reports.report_list, name="reports"),
    path("reports/batches/<int:batch_id>/", views_reports.batch, name="batch"),
    path("reports/batches/<int:batch_id>/file/", views_reports.batch_file, name="batch_file"),
    path("<int:record_id>/report/", views_reports.report, name="report"),
    path("<int:record_id>/report/new/", views_reports.report_new, name="report_new"),
    path("<int:record_id>/report/final/", views_reports.report_finalise, name="report_final"),
    path("<int:record_id>/report.pdf", views_reports.report_pdf, name="report_pdf"),
    path("<int:record_id>/report.docx", views_reports.report_docx, name="report_docx"),
    path("distribution/", views_reports.distribution, name="distribution"),
    path("distribution.xlsx", views_reports.distribution_xlsx, name="distribution_xlsx"),
]
