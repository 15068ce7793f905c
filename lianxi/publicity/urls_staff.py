"""Staff addresses of the publicity app, under /work/publicity/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.publicity.views import documents, staff

app_name = "publicity_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.story_list, name="list"),
    path("new/", staff.story_new, name="new"),
    path("<int:story_id>/", staff.story_detail, name="detail"),
    path("<int:story_id>/edit/", staff.story_edit, name="edit"),
    path("<int:story_id>/photos/", staff.photo_add, name="photo_add"),
    path("<int:story_id>/photos/<int:photo_id>/remove/", staff.photo_remove, name="photo_remove"),
    path("<int:story_id>/submit/", staff.story_submit, name="submit"),
    path("<int:story_id>/publish/", staff.story_publish, name="publish"),
    path("<int:story_id>/return/", staff.story_return, name="return"),
    path("<int:story_id>/withdraw/", staff.story_withdraw, name="withdraw"),
    path("<int:story_id>/reopen/", staff.story_reopen, name="reopen"),
    path("reports/", documents.staff_reports, name="reports"),
    path("reports/<int:report_id>/", documents.report_edit, name="report"),
    path("reports/<int:report_id>/preview.pdf", documents.preview_pdf, name="preview_pdf"),
    path("reports/<int:report_id>/preview.docx", documents.preview_docx, name="preview_docx"),
    path("reports/<int:report_id>/finalise/", documents.report_finalise, name="finalise"),
]
