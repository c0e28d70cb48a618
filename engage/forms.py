"""Input cleaning for the foundation pages. No writes: views hand cleaned_data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from engage.models import User, normalise_email
from engage.names import normalise_display_name, validate_display_name

SEARCH_MAX = 60
DISPLAY_NAME_ATTRS = {"autocomplete": "nickname", "class": "govuk-input--width-20"}


class NeighbourhoodSearchForm(forms.Form):
    q = forms.CharField(
        label="Neighbourhood name or postcode",
        max_length=SEARCH_MAX,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "autocomplete": "postal-code"}
        ),
        help_text="For example, Camden Town, NW1 or NW1 7AB",
        error_messages={
            "required": "Enter a neighbourhood name or a postcode, like Camden Town or NW1",
            "max_length": f"Enter {SEARCH_MAX} characters or fewer",
        },
    )


class SignupForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.com",
        },
    )
    display_name = forms.CharField(
        label="Display name",
        max_length=50,
        widget=forms.TextInput(attrs=DISPLAY_NAME_ATTRS),
        help_text="Shown next to what you post. You can post as 'a resident of your area' instead.",
        error_messages={"required": "Enter a display name"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. A few random words make a strong password.",
        error_messages={"required": "Enter a password"},
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_display_name(self) -> str:
        name = normalise_display_name(self.cleaned_data["display_name"])
        validate_display_name(name)
        return name

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password"):
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(data["password"], probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, labelled for email, with messages a resident understands."""

    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. Passwords are case-sensitive."
        ),
        "inactive": "This account has been closed. Contact us if you think this is wrong.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(autocomplete="email", autofocus=False)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "email_preference"]
        widgets = {
            "display_name": forms.TextInput(attrs=DISPLAY_NAME_ATTRS),
            "email_preference": forms.RadioSelect,
        }
        labels = {"email_preference": "How should we email you about things you follow?"}

    def clean_display_name(self) -> str:
        return normalise_display_name(self.cleaned_data["display_name"])


RECOVERY_CODE_LENGTH = 8  # django-otp's StaticToken.random_token(): 5 random bytes, base32
BASE32_LOWER = set("abcdefghijklmnopqrstuvwxyz234567")


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("Enter the 6-digit code, numbers only")
        return token


class SecondFactorForm(TokenForm):
    """The sign-in step: a code from the app, or one of the person's recovery codes."""

    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="If you do not have your phone, enter one of your recovery codes instead.",
        # No numeric keypad: recovery codes have letters.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app, or a recovery code"
        },
    )

    def clean_token(self) -> str:
        # People copy codes with spaces or a dash in the middle: "abcd efgh", "ABCD-EFGH".
        token = "".join(self.cleaned_data["token"].replace("-", " ").split()).lower()
        if token.isdigit() and len(token) == 6:
            return token
        if len(token) == RECOVERY_CODE_LENGTH and set(token) <= BASE32_LOWER:
            return token
        raise forms.ValidationError(
            "Enter the 6-digit code from your app, or an 8-character recovery code"
        )
