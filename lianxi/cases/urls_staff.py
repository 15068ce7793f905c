from django.urls import path

from lianxi.cases.views import replies, reveal, staff, templates

app_name = "casework"
urlpatterns = [
    path("", staff.case_list, name="list"),
    path("bulk-reply/", replies.bulk_reply, name="bulk_reply"),
    path("templates/", templates.template_list, name="templates"),
    path("templates/new/", templates.template_new, name="template_new"),
    path("templates/<int:template_id>/", templates.template_edit, name="template_edit"),
    path("templates/<int:template_id>/delete/", templates.template_delete, name="template_delete"),
    path("<int:case_id>/", staff.case_detail, name="detail"),
    path("<int:case_id>/reveal/", reveal.reveal, name="reveal"),
    path("<int:case_id>/reply-template/", replies.reply_template, name="reply_template"),
    path("<int:case_id>/steps/<slug:step>/", staff.case_step, name="step"),
]
