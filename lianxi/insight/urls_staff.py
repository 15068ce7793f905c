"""Staff and deputy pages of the insight app, under /work/insight/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.insight.views import staff

app_name = "insight_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("routing/", staff.routing, name="routing"),
    path("routing/retrain/", staff.retrain, name="retrain"),
    path("answer-check/<int:case_id>/", staff.answer_check, name="answer_check"),
]
