from django.urls import path

from lianxi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("<int:message_id>/open/", views.open_item, name="open"),
    path("<int:message_id>/read/", views.read_item, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("delivery/", views.delivery, name="delivery"),
    path("delivery/resend/", views.resend, name="resend"),
]
