"""Staff and deputy pages of the committee app, under /work/committee/."""

from django.urls import URLPattern, URLResolver

app_name = "committee_work"
urlpatterns: list[URLPattern | URLResolver] = []
