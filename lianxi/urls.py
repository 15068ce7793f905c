from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from lianxi.api.api import api
from lianxi.core import pwa
from lianxi.core import views as core_views

admin.site.site_header = "联系 · 系统管理"
admin.site.site_title = "联系"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("sw.js", pwa.service_worker, name="pwa_worker"),
    path("offline/", pwa.offline, name="pwa_offline"),
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg", permanent=True)),
    path("i18n/setlang/", set_language, name="set_language"),
    # The admin signs in through the staff sign-in, with its second factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("lianxi.accounts.urls")),
    path("work/directory/", include("lianxi.directory.urls")),
    path("work/cases/", include("lianxi.cases.urls_staff")),
    path("cases/", include("lianxi.cases.urls_public")),
    path("published/", include("lianxi.cases.urls_published")),
    path("work/liaison/", include("lianxi.liaison.urls_staff")),
    path("liaison/", include("lianxi.liaison.urls_public")),
    path("work/committee/", include("lianxi.committee.urls_staff")),
    path("committee/", include("lianxi.committee.urls_public")),
    path("work/legislation/", include("lianxi.legislation.urls_staff")),
    path("legislation/", include("lianxi.legislation.urls_public")),
    path("work/publicity/", include("lianxi.publicity.urls_staff")),
    path("stories/", include("lianxi.publicity.urls_public")),
    path("work/proposals/", include("lianxi.proposals.urls_staff")),
    path("proposals/", include("lianxi.proposals.urls_public")),
    path("work/polls/", include("lianxi.polls.urls_staff")),
    path("polls/", include("lianxi.polls.urls_public")),
    path("work/performance/", include("lianxi.performance.urls")),
    path("work/insight/", include("lianxi.insight.urls_staff")),
    path("insight/", include("lianxi.insight.urls_public")),
    path("work/topics/", include("lianxi.topics.urls_staff")),
    path("topics/", include("lianxi.topics.urls_public")),
    path("work/stats/", include("lianxi.stats.urls_staff")),
    path("stats/", include("lianxi.stats.urls_public")),
    path("work/search/", include("lianxi.search.urls_staff")),
    path("search/", include("lianxi.search.urls_public")),
    path("open311/v2/", include("lianxi.api.open311.urls")),
    path("notifications/", include("lianxi.notifications.urls")),
    path("work/retention/", include("lianxi.retention.urls_staff")),
    path("privacy/", include("lianxi.retention.urls_citizen")),
    path("work/", include("lianxi.workbench.urls")),
    path("", include("lianxi.portal.urls")),
]

handler400 = "lianxi.core.views.bad_request"
handler403 = "lianxi.core.views.forbidden"
handler404 = "lianxi.core.views.not_found"
handler500 = "lianxi.core.views.server_error"
