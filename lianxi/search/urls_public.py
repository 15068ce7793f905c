"""Public pages of the search app, under /search/."""

from django.urls import URLPattern, URLResolver

app_name = "search"
urlpatterns: list[URLPattern | URLResolver] = []
