from django.urls import path

from lianxi.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("stations/<int:station_id>/", views.station, name="station"),
    path("departments/<int:department_id>/", views.department, name="department"),
    path("deputies/<int:deputy_id>/", views.deputy, name="deputy"),
]
