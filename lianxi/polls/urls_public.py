"""Public poll pages, under /polls/."""

from django.urls import path

from lianxi.polls import views

app_name = "polls"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.poll_detail, name="detail"),
    path("<int:pk>/results/", views.poll_results, name="results"),
    path("<int:pk>/print/", views.poll_print, name="print"),
]
