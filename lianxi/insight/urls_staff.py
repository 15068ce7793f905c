"""Staff and deputy pages of the insight app, under /work/insight/."""

from django.urls import URLPattern, URLResolver

app_name = "insight_work"
urlpatterns: list[URLPattern | URLResolver] = []
