"""Signing in and out, the second factor and the password reset (under the language prefix).

The names of django.contrib.auth.urls are kept (login, logout, password_reset ...), so every
`{% url 'login' %}` and LOGIN_URL go on working; the steps of this app are in the namespace
`accounts`.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .password_reset import EqualPasswordResetView

app_patterns = (
    [
        path("second-factor/", views.second_factor, name="second_factor"),
        path("second-factor/set-up/", views.enrol, name="enrol"),
        path("security/", views.security, name="security"),
        path("security/recovery-codes/", views.new_recovery_codes, name="new_recovery_codes"),
    ],
    "accounts",
)

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_reset/", EqualPasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include(app_patterns)),
]
