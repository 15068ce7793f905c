"""Public pages of the search app, under /search/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.search import views

app_name = "search"
urlpatterns: list[URLPattern | URLResolver] = [path("", views.public_search, name="search")]
