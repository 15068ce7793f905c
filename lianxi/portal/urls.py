from django.urls import path

from lianxi.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("find/streets/", views.find_streets, name="find_streets"),
    path("find/communities/", views.find_communities, name="find_communities"),
    path("find/search/", views.find_search, name="find_search"),
    path("stations/", views.stations, name="stations"),
    path("stations/<int:station_id>/", views.station, name="station"),
    path("stations/<int:station_id>/qr.svg", views.station_qr, name="station_qr"),
    path("deputies/", views.deputies, name="deputies"),
    path("deputies/<int:deputy_id>/", views.deputy, name="deputy"),
]
