"""Staff and deputy pages of the search app, under /work/search/."""

from django.urls import URLPattern, URLResolver

app_name = "search_work"
urlpatterns: list[URLPattern | URLResolver] = []
