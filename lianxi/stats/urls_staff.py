"""Staff and deputy pages of the stats app, under /work/stats/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.stats.views import documents, staff

app_name = "stats_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.dashboard_view, name="dashboard"),
    path("export.xlsx", staff.export, name="export"),
    path("export.pdf", documents.export_document, {"fmt": "pdf"}, name="export_pdf"),
    path("export.docx", documents.export_document, {"fmt": "docx"}, name="export_docx"),
    path("refresh/", staff.refresh_view, name="refresh"),
]
