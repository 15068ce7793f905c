"""Public addresses of the committee app, under /committee/: only the private iCal feed."""

from django.urls import URLPattern, URLResolver, path

from lianxi.committee.views import deputy

app_name = "committee"
urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar/<str:token>.ics", deputy.ical_feed, name="ical"),
]
