from django.urls import re_path

from lianxi.api.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>[a-z]+)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]{1,12})" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^requests/(?P<number>\w{1,20})" + FMT, views.request_detail, name="request"),
]
