"""Staff addresses of the legislation app, under /work/legislation/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.legislation.views import documents, offline, staff

app_name = "legislation_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.consultation_list, name="list"),
    path("new/", staff.consultation_new, name="new"),
    path("<int:consultation_id>/", staff.consultation_detail, name="detail"),
    path("<int:consultation_id>/edit/", staff.consultation_edit, name="edit"),
    path("<int:consultation_id>/publish/", staff.consultation_publish, name="publish"),
    path("<int:consultation_id>/close/", staff.consultation_close, name="close"),
    path("<int:consultation_id>/feedback/", staff.consultation_report, name="report"),
    path("<int:consultation_id>/versions/", staff.version_add, name="version"),
    path("<int:consultation_id>/comments/", staff.comment_list, name="comments"),
    path("<int:consultation_id>/comments/dispose/", staff.comment_dispose, name="dispose"),
    path("<int:consultation_id>/comments/group/", staff.comment_group, name="group"),
    path("<int:consultation_id>/comments/<int:comment_id>/hide/", staff.comment_hide, name="hide"),
    path(
        "<int:consultation_id>/comments/<int:comment_id>/merge/",
        staff.comment_merge,
        name="merge",
    ),
    path("<int:consultation_id>/offline/", offline.offline, name="offline"),
    path(
        "<int:consultation_id>/offline/template.xlsx",
        offline.offline_template,
        name="offline_template",
    ),
    path("<int:consultation_id>/summary.docx", documents.summary_docx, name="summary_docx"),
    path("<int:consultation_id>/summary.xlsx", documents.summary_xlsx, name="summary_xlsx"),
]
