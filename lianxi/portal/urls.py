from django.urls import path
from django.views.generic import TemplateView

app_name = "portal"
urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="home"),
    path("find/", TemplateView.as_view(template_name="base.html"), name="find"),
    path("stations/", TemplateView.as_view(template_name="base.html"), name="stations"),
    path("deputies/", TemplateView.as_view(template_name="base.html"), name="deputies"),
]
