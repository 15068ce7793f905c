"""Public pages of the committee app, under /committee/."""

from django.urls import URLPattern, URLResolver

app_name = "committee"
urlpatterns: list[URLPattern | URLResolver] = []
