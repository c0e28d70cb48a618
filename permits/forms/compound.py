"""The questions of more than one box: a date, a date and time, a point, a person, a file
(permits.forms.simple has the base form and the one-box kinds)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from casework.documents import DocumentRefused, check_upload
from permits import flow
from permits.forms.simple import ADDRESS_MAX, AnswerForm, phone_number, too_long
from permits.models import PublishAs, QuestionKind


class DateAnswer(AnswerForm):
    """GOV.UK's date input: day, month and year boxes."""

    kind = QuestionKind.DATE
    example = "27 3 2027"

    def initial_from(self, saved: Any) -> dict[str, Any]:
        moment = flow.local_moment(saved)
        if moment is None:
            return {}
        moment = timezone.localtime(moment)
        initial = {"day": moment.day, "month": moment.month, "year": moment.year}
        return {**initial, "time": moment.strftime("%H:%M")} if "T" in str(saved) else initial

    def build(self) -> None:
        # Read together in clean(): one message for the date, on the day box, as GOV.UK's.
        for name, width in (("day", 2), ("month", 2), ("year", 4)):
            self.fields[name] = forms.CharField(
                label=name.capitalize(),
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": f"govuk-input--width-{width}"}
                ),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = self._day()
        if day is None:
            return data
        data["date"] = day
        moment = self._moment(day, data)
        if moment is not None:
            self._check_timing(moment)
        return data

    def _day(self) -> date | None:
        names = ("day", "month", "year")
        parts = [str(self.cleaned_data.get(name) or "").strip() for name in names]
        if not any(parts):
            if self.question.required:
                self.add_error("day", f"Enter the date, for example {self.example}")
            return None
        if not all(parts):
            missing = [name for name, part in zip(names, parts, strict=True) if not part]
            self.add_error("day", f"The date must include a {' and a '.join(missing)}")
            return None
        try:
            if not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
                raise ValueError(parts)
            day = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError):
            self.add_error("day", f"The date must be a real date, for example {self.example}")
            return None
        if day.year < 1900:
            self.add_error("day", "Enter the year as four digits, for example 2027")
            return None
        return day

    def _moment(self, day: date, data: dict[str, Any]) -> datetime | None:
        return datetime.combine(day, time(23, 59))

    def _check_timing(self, moment: datetime) -> None:
        """When it starts or ends cannot be over already, and the end cannot come before the
        start (the questions marked 'starts' and 'ends', whatever the type calls them)."""
        marked = self.question.publish_as
        if marked not in (PublishAs.STARTS, PublishAs.ENDS):
            return
        moment = timezone.make_aware(moment)
        if moment < timezone.now():
            self.add_error("day", "The date must be in the future")
        starts = self._starts()
        if marked == PublishAs.ENDS and starts and moment < starts:
            self.add_error("day", "The end must be after the start")

    def _starts(self) -> datetime | None:
        questions = self.question.type.questions.filter(publish_as=PublishAs.STARTS)
        key = questions.values_list("key", flat=True).first()
        return flow.local_moment(self.answers.get(key)) if key else None

    def answer(self) -> Any:
        day = self.cleaned_data.get("date")
        return day.isoformat() if day else ""


class DateTimeAnswer(DateAnswer):
    kind = QuestionKind.DATETIME

    def build(self) -> None:
        super().build()
        self.fields["time"] = forms.TimeField(
            label="Time",
            help_text="Use the 24-hour clock, for example 14:30",
            widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}),
            error_messages={
                "required": "Enter the time, for example 14:30",
                "invalid": "Enter the time like 14:30, using the 24-hour clock",
            },
        )

    def _moment(self, day: date, data: dict[str, Any]) -> datetime | None:
        at = data.get("time")
        if at is None:
            if "time" not in self.errors:
                self.add_error("time", "Enter the time, for example 14:30")
            return None
        return datetime.combine(day, at)

    def answer(self) -> Any:
        day, at = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        return f"{day.isoformat()}T{at:%H:%M}" if day and at else ""


class PointAnswer(AnswerForm):
    """A point as latitude and longitude, typed (the page works without a map); both may also
    be pasted into the first box as "51.5390, -0.1426"."""

    kind = QuestionKind.POINT

    def initial_from(self, saved: Any) -> dict[str, Any]:
        return {"lat": saved.get("lat"), "lng": saved.get("lng")} if isinstance(saved, dict) else {}

    def build(self) -> None:
        for name, label in (("lat", "Latitude"), ("lng", "Longitude")):
            self.fields[name] = forms.CharField(
                label=label,
                required=name == "lat",
                max_length=40,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
                ),
                error_messages={
                    "required": "Enter the latitude and longitude, like 51.5390 and -0.1426"
                },
            )
        self.fields["lat"].help_text = "For example 51.5390 (you can copy it from a map app)"
        self.fields["lng"].help_text = "For example -0.1426"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = str(data.get("lat") or ""), str(data.get("lng") or "")
        if "," in lat and not lng:
            lat, _, lng = lat.partition(",")
        if not lat.strip() and not lng.strip():
            return data
        try:
            point = {"lat": float(lat), "lng": float(lng)}
        except ValueError:
            self.add_error(
                "lat", "Enter the latitude and longitude as numbers, like 51.5390 and -0.1426"
            )
            return data
        if not (-90 <= point["lat"] <= 90 and -180 <= point["lng"] <= 180):
            self.add_error(
                "lat", "Enter a latitude from -90 to 90 and a longitude from -180 to 180"
            )
            return data
        data["point"] = {key: round(value, 6) for key, value in point.items()}
        return data

    def answer(self) -> Any:
        return self.cleaned_data.get("point") or ""


class PersonAnswer(AnswerForm):
    """A person: their name, address, phone and email (at least a way to reach them)."""

    kind = QuestionKind.PERSON

    def initial_from(self, saved: Any) -> dict[str, Any]:
        return dict(saved) if isinstance(saved, dict) else {}

    def build(self) -> None:
        self.fields["name"] = forms.CharField(
            label="Full name",
            max_length=120,
            error_messages={"required": "Enter their full name", **too_long(120)},
        )
        self.fields["address"] = forms.CharField(
            label="Address",
            required=False,
            max_length=ADDRESS_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages=too_long(ADDRESS_MAX),
        )
        self.fields["phone"] = forms.CharField(
            label="Phone number",
            required=False,
            max_length=30,
            widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
            error_messages=too_long(30),
        )
        self.fields["email"] = forms.EmailField(
            label="Email address",
            required=False,
            widget=forms.EmailInput(attrs={"autocomplete": "off"}),
            error_messages={
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        )

    def clean_phone(self) -> str:
        return phone_number(self.cleaned_data["phone"], "Enter a phone number, like 07700 900 982")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) for name in ("name", "address", "phone", "email"))
        if not filled:
            return data
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", "Enter their full name")
        if not (data.get("phone") or data.get("email")) and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number or an email address for them")
        return data

    def answer(self) -> Any:
        data = self.cleaned_data
        if not data.get("name"):
            return ""
        return {
            name: str(data.get(name) or "").strip()
            for name in ("name", "address", "phone", "email")
        }


class FileAnswer(AnswerForm):
    """A document, checked by its bytes and cleaned (casework.documents: location data out of
    photos, nothing active in PDFs). A file saved before stands unless another is chosen."""

    kind = QuestionKind.FILE

    def build(self) -> None:
        self.fields["file"] = forms.FileField(
            label=self.question.label,
            help_text=self.question.hint or "A PDF or a photo (JPEG, PNG or WebP)",
            required=self.question.required and not isinstance(self.saved, dict),
            error_messages={
                "required": "Choose a file to upload",
                "invalid": "The file could not be read. Choose it again",
                "empty": "The file is empty. Choose another",
            },
        )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            try:
                self.checked_file = check_upload(uploaded)
            except DocumentRefused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
        return uploaded

    def answer(self) -> Any:
        return self.saved if isinstance(self.saved, dict) and self.checked_file is None else ""
