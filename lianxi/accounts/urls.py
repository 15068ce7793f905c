from django.urls import path

from lianxi.accounts import views, views_second_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("second-factor/", views_second_factor.verify, name="second_factor"),
    path("second-factor/enrol/", views_second_factor.enrol, name="second_factor_enrol"),
    path(
        "second-factor/recovery-codes/",
        views_second_factor.recovery_codes,
        name="recovery_codes",
    ),
    path("citizen/", views.citizen_login, name="citizen_login"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
]
