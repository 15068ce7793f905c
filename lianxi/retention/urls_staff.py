from django.urls import path

from lianxi.retention import views

app_name = "retention_work"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("archive/", views.run_archive, name="archive"),
    path("anonymise/", views.run_anonymise, name="anonymise"),
    path("verify/", views.verify_audit, name="verify"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/approve/", views.approve, name="approve"),
    path("requests/<int:request_id>/refuse/", views.refuse, name="refuse"),
]
