"""Staff and deputy pages of the stats app, under /work/stats/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.stats.views import staff

app_name = "stats_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.dashboard_view, name="dashboard"),
    path("export.xlsx", staff.export, name="export"),
    path("refresh/", staff.refresh_view, name="refresh"),
]
