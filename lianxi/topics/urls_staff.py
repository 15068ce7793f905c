"""Staff and deputy pages of the topics app, under /work/topics/."""

from django.urls import URLPattern, URLResolver

app_name = "topics_work"
urlpatterns: list[URLPattern | URLResolver] = []
