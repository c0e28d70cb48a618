"""Forms of the reporter's case page."""

from __future__ import annotations

from django import forms

from casework.services.messages import MESSAGE_MAX


class AddInformationForm(forms.Form):
    body = forms.CharField(
        label="Add information to your report",
        max_length=MESSAGE_MAX,
        help_text="Anything you have remembered or found out since. Only the police see this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write what you want to add",
            "max_length": f"Keep it under {MESSAGE_MAX} characters",
        },
    )
