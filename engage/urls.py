"""URL routes. Each app adds its own include() here as it lands."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from concerns import views as concern_views
from engage import account_views, safety, views
from engage.forms import EmailAuthenticationForm
from engage.health import HealthView

account_patterns = [
    path("account/signup/", account_views.signup, name="signup"),
    path("account/verify/<str:token>/", account_views.verify_email, name="verify_email"),
    path("account/verify-again/", account_views.resend_verification, name="resend_verification"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/profile/", account_views.profile, name="profile"),
    path("account/two-factor/setup/", account_views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/", account_views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/recovery-codes/", account_views.recovery_codes, name="recovery_codes"),
    path(
        "account/password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"
    ),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# A database outage is a 503 "try again", anything else the 500 page (engage/errors.py).
handler500 = "engage.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("neighbourhoods/", views.find_neighbourhood, name="find_neighbourhood"),
    # The neighbourhood page shows concerns, so the concerns app serves it.
    path("neighbourhoods/<slug:slug>/", concern_views.neighbourhood, name="neighbourhood"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("before-you-start/", safety.question, name="safety_question"),
    path("call-999/", safety.call_999, name="call_999"),
    path("before-you-start/safeguarding/", safety.safeguarding_help, name="safeguarding_help"),
    path("privacy/", views.privacy, name="privacy"),
    path("staff/", views.staff_home, name="staff_home"),
    path("demo/mailbox/", views.demo_mailbox, name="demo_mailbox"),
    path("health/", HealthView.as_view(), name="health"),  # for monitors; public, says no more
    *account_patterns,
    path("", include("moderation.urls")),  # before concerns: /concerns/<ref>/report/
    path("", include("concerns.urls")),
    path("", include("reports.urls")),  # /report/... (the forms) and /reports/<reference>/
    path("contact-centre/", include("reports.staff_urls")),
    path("staff/report-figures/", include("reports.figures_urls")),
    path("", include("permits.urls")),  # /apply/... (the forms) and /applications/<reference>/
    path("licensing/", include("permits.staff_urls")),
    path("", include("permits.public_urls")),  # /neighbourhoods/<slug>/events/
    path("", include("api.urls")),  # /open311/v2/... and /api/... (data.police.uk's paths)
    path("", include("casework.urls")),  # /cases/<reference>/documents/<id>/
    path("admin/", admin.site.urls),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
]
