from django.urls import path

from lianxi.cases.views import mine, public, walkin

app_name = "cases"
urlpatterns = [
    path("new/", public.new, name="new"),
    path("new/code/", public.send_code, name="send_code"),
    path("new/done/", public.submitted, name="submitted"),
    path("track/", public.track, name="track"),
    path("mine/", mine.mine, name="mine"),
    path("mine/<int:case_id>/", mine.mine_detail, name="mine_detail"),
    path("<int:case_id>/files/<int:attachment_id>/", mine.attachment, name="attachment"),
    path("walk-in/", walkin.walkin, name="walkin"),
]
