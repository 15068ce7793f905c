"""Staff and deputy pages of the topics app, under /work/topics/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.topics.views import staff

app_name = "topics_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.hot_issues, name="hot_issues"),
    path("issues/<int:issue_id>/", staff.hot_issue, name="hot_issue"),
    path("refresh/", staff.refresh, name="refresh"),
    path("supervision/", staff.topics, name="topics"),
    path("supervision/<int:topic_id>/decide/", staff.decide, name="decide"),
]
