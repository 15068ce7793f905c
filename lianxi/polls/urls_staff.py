"""Work pages of polls, under /work/polls/."""

from django.urls import path

from lianxi.polls import views

app_name = "polls_work"
urlpatterns = [
    path("", views.work_list, name="list"),
    path("new/", views.work_edit, name="new"),
    path("<int:pk>/", views.work_detail, name="detail"),
    path("<int:pk>/edit/", views.work_edit, name="edit"),
    path("<int:pk>/questions/new/", views.question_edit, name="question_new"),
    path("<int:pk>/questions/<int:qid>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:qid>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/step/<str:step>/", views.work_step, name="step"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/paper-template.xlsx", views.paper_template, name="paper_template"),
    path("<int:pk>/answers.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/follow-up/<str:kind>/", views.follow_up, name="follow_up"),
]
