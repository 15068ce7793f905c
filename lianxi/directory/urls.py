from django.urls import path, re_path

from lianxi.directory import views

app_name = "directory"
KIND = r"(?P<kind>deputies|stations|departments)"
urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^import/{KIND}/$", views.import_view, name="import"),
    re_path(rf"^export/{KIND}\.xlsx$", views.export_view, name="export"),
    re_path(rf"^template/{KIND}\.xlsx$", views.template_view, name="template"),
]
