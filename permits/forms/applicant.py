"""Forms of the applicant's page: answering a request for more information, and withdrawing."""

from __future__ import annotations

from typing import Any

from django import forms

from casework.documents import CleanFile, DocumentRefused, check_upload
from casework.services.messages import MESSAGE_MAX


class AnswerRequestForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        max_length=MESSAGE_MAX,
        help_text="Answer what the licensing officer asked. Only they see it.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write your answer to the licensing officer",
            "max_length": f"Keep your answer under {MESSAGE_MAX} characters",
        },
    )
    file = forms.FileField(
        label="Add a document (optional)",
        required=False,
        help_text="If they asked for one: a PDF or a photo (JPEG, PNG or WebP)",
        error_messages={
            "invalid": "The file could not be read. Choose it again",
            "empty": "The file is empty. Choose another",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked_file: CleanFile | None = None

    def clean_file(self) -> Any:
        """Checked by its bytes and cleaned, as every document is (casework.documents)."""
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            try:
                self.checked_file = check_upload(uploaded)
            except DocumentRefused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
        return uploaded


class WithdrawForm(forms.Form):
    confirm = forms.ChoiceField(
        label="Are you sure you want to withdraw your application?",
        choices=[("yes", "Yes, withdraw it"), ("no", "No, keep it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you want to withdraw your application"},
    )
