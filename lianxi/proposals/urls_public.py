from django.urls import path

from lianxi.proposals import views

app_name = "proposals"
urlpatterns = [path("", views.public_list, name="public")]
