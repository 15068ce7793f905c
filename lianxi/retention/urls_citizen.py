from django.urls import path

from lianxi.retention import views

app_name = "privacy"
urlpatterns = [
    path("deletion/", views.my_requests, name="deletion"),
]
