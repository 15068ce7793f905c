"""Public pages of the liaison app, under /liaison/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.liaison.views import photos, public

app_name = "liaison"
urlpatterns: list[URLPattern | URLResolver] = [
    path("week/", public.this_week, name="week"),
    path("map/", public.station_map, name="map"),
    path("map/data.json", public.map_data, name="map_data"),
    path("stations/<int:station_id>/rota/", public.station_rota, name="station_rota"),
    path("stations/<int:station_id>/photos/<int:photo_id>/", photos.image, name="station_photo"),
    path("stations/<int:station_id>/follow/", public.follow, name="follow"),
    path("stations/<int:station_id>/check-in/", public.check_in, name="check_in"),
    path("shifts/<int:shift_id>/book/", public.book, name="book"),
    path("bookings/<int:booking_id>/cancel/", public.cancel, name="cancel"),
    path("deputies/<int:deputy_id>/follow/", public.follow_deputy, name="follow_deputy"),
    path("deputies/<int:deputy_id>/qr.svg", public.deputy_qr, name="deputy_qr"),
    path("ical/deputy/<int:deputy_id>/<str:token>.ics", public.deputy_feed, name="deputy_feed"),
    path("ical/station/<int:station_id>.ics", public.station_feed, name="station_feed"),
]
