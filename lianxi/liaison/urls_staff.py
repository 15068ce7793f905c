"""Staff and deputy pages of the liaison app, under /work/liaison/."""

from django.urls import URLPattern, URLResolver

app_name = "liaison_work"
urlpatterns: list[URLPattern | URLResolver] = []
