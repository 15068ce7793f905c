"""Public pages of the topics app, under /topics/."""

from django.urls import URLPattern, URLResolver

app_name = "topics"
urlpatterns: list[URLPattern | URLResolver] = []
