"""Public pages of the topics app, under /topics/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.topics.views import public

app_name = "topics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("similar/", public.similar, name="similar"),
    path("follow/<str:token>/", public.follow, name="follow"),
    path("following/", public.following, name="following"),
    path("following/<int:follow_id>/stop/", public.unfollow, name="unfollow"),
]
