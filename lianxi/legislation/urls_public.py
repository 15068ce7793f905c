"""Public addresses of the legislation app, under /legislation/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.legislation.views import public

app_name = "legislation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.consultation_list, name="list"),
    path("<int:consultation_id>/", public.consultation_detail, name="detail"),
    path("<int:consultation_id>/comment/", public.comment_new, name="comment"),
    path("<int:consultation_id>/mine/", public.my_comments, name="mine"),
    path("<int:consultation_id>/feedback/", public.feedback, name="feedback"),
    path("<int:consultation_id>/compare/", public.compare_versions, name="compare"),
    path("comments/<int:comment_id>/", public.comment_goto, name="comment_goto"),
]
