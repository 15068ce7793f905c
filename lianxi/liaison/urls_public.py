"""Public pages of the liaison app, under /liaison/."""

from django.urls import URLPattern, URLResolver

app_name = "liaison"
urlpatterns: list[URLPattern | URLResolver] = []
