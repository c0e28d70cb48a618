"""A resident's browser, as far as these runs need one: cookies, CSRF, the danger questions,
posting a concern. Standard library only, against a real server."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass


@dataclass
class Answer:
    status: int  # 0: no answer at all (refused, reset, timed out)
    url: str
    body: str
    seconds: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self, base: str, *, timeout: float = 15) -> None:
        self.base = base
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.follow = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.stay = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, path: str, data: dict | None = None, *, follow: bool = True) -> Answer:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        started = time.perf_counter()
        try:
            with (self.follow if follow else self.stay).open(request, timeout=self.timeout) as r:
                return Answer(
                    r.status,
                    r.url,
                    r.read().decode(errors="replace"),
                    time.perf_counter() - started,
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code,
                error.headers.get("Location") or error.url,
                error.read().decode(errors="replace"),
                time.perf_counter() - started,
            )
        except OSError:
            return Answer(0, "", "", time.perf_counter() - started)

    def csrf(self, page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, page[:500]
        return found.group(1)

    def sign_in(self, email: str, password: str) -> None:
        page = self.request("/account/login/")
        landed = self.request(
            "/account/login/",
            {"csrfmiddlewaretoken": self.csrf(page.body), "username": email, "password": password},
        )
        assert landed.url.endswith("/account/profile/"), landed.status

    def answer_danger_questions(self) -> None:
        """No one in danger, no one at risk: the session may then post for an hour."""
        for step in ("danger", "risk"):
            path = f"/before-you-start/?step={step}&flow=concern&next=/concerns/new/"
            page = self.request(path)
            self.request(
                path,
                {
                    "csrfmiddlewaretoken": self.csrf(page.body),
                    "answer": "no",
                    "flow": "concern",
                    "next": "/concerns/new/",
                },
            )

    def post_concern(
        self, title: str, body: str, *, neighbourhood: str = "camden-town"
    ) -> tuple[Answer, Answer]:
        """(the form page, the submit) for one concern; the submit is not followed, so its
        answer is the server's own: 302 to the "received" page, or an error."""
        form = self.request("/concerns/new/")
        if form.status != 200:
            return form, form
        category = re.search(
            r'name="category" type="radio" value="(\d+)"|'
            r'type="radio" name="category" value="(\d+)"|'
            r'name="category"[^>]*value="(\d+)"',
            form.body,
        )
        key = re.search(r'name="submission_key" value="([^"]+)"', form.body)
        data = {
            "csrfmiddlewaretoken": self.csrf(form.body),
            "neighbourhood": neighbourhood,
            "title": title,
            "body": body,
            "category": next(g for g in category.groups() if g),
            "location": "",
            "tags": "",
            "show_author_name": "name",
            "submission_key": key.group(1) if key else str(uuid.uuid4()),
            "submit": "1",
        }
        return form, self.request("/concerns/new/", data, follow=False)


def received(answer: Answer) -> bool:
    return answer.status == 302 and "/submitted/" in answer.url
