"""Staff and deputy pages of the liaison app, under /work/liaison/."""

from django.urls import URLPattern, URLResolver, path

from lianxi.liaison.views import desk, photos, rota, visits

app_name = "liaison_work"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", rota.home, name="home"),
    path("stations/<int:station_id>/", rota.station, name="station"),
    path(
        "stations/<int:station_id>/check-in-poster/",
        rota.check_in_poster,
        name="check_in_poster",
    ),
    path("stations/<int:station_id>/patterns/", rota.new_pattern, name="new_pattern"),
    path("stations/<int:station_id>/photos/", photos.add, name="add_photo"),
    path("station-photos/<int:photo_id>/remove/", photos.remove, name="remove_photo"),
    path("patterns/<int:pattern_id>/generate/", rota.generate, name="generate"),
    path("patterns/<int:pattern_id>/end/", rota.end_pattern, name="end_pattern"),
    path("stations/<int:station_id>/shifts/", rota.new_shift, name="new_shift"),
    path("duties/<int:duty_id>/request/", rota.request_change, name="request"),
    path("requests/<int:request_id>/decide/", rota.decide, name="decide"),
    path("shifts/<int:shift_id>/", desk.shift, name="shift"),
    path("duties/<int:duty_id>/attendance/", desk.attendance, name="attendance"),
    path("shifts/<int:shift_id>/reception/", desk.reception, name="reception"),
    path("shifts/<int:shift_id>/case/", desk.shift_case, name="shift_case"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="visit"),
    path("visits/<int:visit_id>/review/", visits.review, name="review"),
    path("visits/<int:visit_id>/case/", visits.visit_case, name="visit_case"),
    path("compliance/", visits.compliance_view, name="compliance"),
    path("rules/", visits.rules, name="rules"),
    path("rules/carry-forward/", visits.carry_rules_forward, name="rules_carry_forward"),
    path("export/<slug:kind>.xlsx", visits.export, name="export"),
]
