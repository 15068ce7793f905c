"""Staff and deputy pages of the stats app, under /work/stats/."""

from django.urls import URLPattern, URLResolver

app_name = "stats_work"
urlpatterns: list[URLPattern | URLResolver] = []
