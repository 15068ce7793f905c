"""Pages of suggestions and bills, under /work/proposals/."""

from django.urls import path

from lianxi.proposals import views

app_name = "proposals_work"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_edit, name="new"),
    path("numbers/", views.unit_numbers, name="numbers"),
    path("numbers.xlsx", views.unit_numbers_export, name="numbers_xlsx"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/document.<str:fmt>", views.proposal_document, name="document"),
    path("<int:pk>/file/", views.proposal_file, name="file"),
    path("<int:pk>/invite/", views.proposal_invite, name="invite"),
    path("<int:pk>/review/", views.proposal_review, name="review"),
    path("<int:pk>/assign/", views.proposal_assign, name="assign"),
    path("<int:pk>/return/", views.proposal_ask_return, name="ask_return"),
    path("<int:pk>/return/decide/", views.proposal_decide_return, name="decide_return"),
    path("<int:pk>/contact/", views.proposal_contact, name="contact"),
    path("<int:pk>/co-opinion/", views.proposal_co_opinion, name="co_opinion"),
    path("<int:pk>/reply/", views.proposal_reply, name="reply"),
    path("<int:pk>/sign-off/", views.proposal_sign_off, name="sign_off"),
    path("<int:pk>/correct/", views.proposal_correct, name="correct"),
    path("<int:pk>/merge/", views.proposal_merge, name="merge"),
    path("<int:pk>/unmerge/", views.proposal_unmerge, name="unmerge"),
    path("<int:pk>/rate/", views.proposal_rate, name="rate"),
    path("cosign/<int:cosigner_id>/", views.cosign, name="cosign"),
]
