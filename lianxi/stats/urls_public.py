"""Public pages of the stats app, under /stats/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.stats.views import public

app_name = "stats"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.statistics, name="statistics"),
]
