"""Staff and deputy pages of the search app, under /work/search/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.search import views

app_name = "search_work"
urlpatterns: list[URLPattern | URLResolver] = [path("", views.staff_search, name="search")]
