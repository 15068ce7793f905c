from django.urls import path

from lianxi.cases.views import replies, reveal, staff

app_name = "casework"
urlpatterns = [
    path("", staff.case_list, name="list"),
    path("bulk-reply/", replies.bulk_reply, name="bulk_reply"),
    path("<int:case_id>/", staff.case_detail, name="detail"),
    path("<int:case_id>/reveal/", reveal.reveal, name="reveal"),
    path("<int:case_id>/reply-template/", replies.reply_template, name="reply_template"),
    path("<int:case_id>/steps/<slug:step>/", staff.case_step, name="step"),
]
