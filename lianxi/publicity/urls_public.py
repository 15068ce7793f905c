"""Public addresses of the publicity app, under /stories/."""

from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_safe

from lianxi.publicity import feeds
from lianxi.publicity.views import documents, public

app_name = "publicity"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.story_list, name="list"),
    path("<int:story_id>/", public.story_detail, name="detail"),
    path("photos/<int:photo_id>.jpg", public.photo, name="photo"),
    path("feeds/stories.atom", require_safe(feeds.StoryFeed()), name="feed_stories"),
    path("feeds/cases.atom", require_safe(feeds.CaseFeed()), name="feed_cases"),
    path(
        "feeds/consultations.atom",
        require_safe(feeds.ConsultationFeed()),
        name="feed_consultations",
    ),
    path("reports/", documents.report_list, name="reports"),
    path("reports/<int:report_id>.pdf", documents.report_pdf, name="report_pdf"),
    path("reports/<int:report_id>.docx", documents.report_docx, name="report_docx"),
]
