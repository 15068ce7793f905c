"""Public pages of the insight app, under /insight/."""

from django.urls import URLPattern, URLResolver

app_name = "insight"
urlpatterns: list[URLPattern | URLResolver] = []
