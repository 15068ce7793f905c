from django.urls import path

from lianxi.cases.views import published

app_name = "published"
urlpatterns = [
    path("", published.case_list, name="list"),
    path("<str:tracking_number>/", published.case_detail, name="detail"),
]
