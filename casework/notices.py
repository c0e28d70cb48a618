"""Email to a reporter about their case: a receipt, a status change, a message waiting.

The email names the reference and links to the case page; it never carries the case's text
(email is not a private channel). Sent through the outbox so a mail server that is down loses
nothing: the handler raises RetryLater on a refusal and the sweep tries again.
"""

from __future__ import annotations

from django.conf import settings

from casework.models import Case, Counter
from engage import mail, outbox

APPLICATION_SUBJECTS = {
    "receipt": "We have your application {ref}",
    "status": "Your application {ref} has been updated",
    "message": "A message about your application {ref}",
    "reminder": "Your certificate {ref} expires soon: time to renew",
}
APPLICATION_BODIES = {
    "receipt": "Thank you. We received your application at {at} and gave it the reference "
    "{ref}.\n\nThe licensing officers will look at it and write to you here.",
    "status": "There is news about your application {ref}.",
    "message": "A licensing officer has sent you a message about your application {ref}.",
    "reminder": "The certificate granted under {ref} expires soon. Apply to renew it in good "
    "time: a certificate that has lapsed cannot be renewed, only applied for again.",
}
SUBJECTS = {
    "receipt": "We have your report {ref}",
    "status": "Your report {ref} has been updated",
    "message": "A message about your report {ref}",
}
BODIES = {
    "receipt": "Thank you. We received your report at {at} and gave it the reference {ref}.\n\n"
    "A call handler will look at it; you will hear from us within 48 hours.",
    "status": "There is news about your report {ref}.",
    "message": "A call handler or officer has sent you a message about your report {ref}.",
}
RETRY_SECONDS = 60


def tell_reporter(case: Case, what: str, *, key: str) -> None:
    """Queue the email in the caller's transaction (at most once per `key`)."""
    if case.reporter_id is None:
        return
    outbox.enqueue("casework.notice", {"case": case.pk, "what": what, "key": key}, dedupe_key=key)


@outbox.handler("casework.notice")
def send_notice(payload: dict) -> None:
    case = Case.objects.select_related("reporter").filter(pk=payload["case"]).first()
    if case is None or case.reporter is None:
        return  # purged or the account is gone: nobody to tell
    what, ref = payload["what"], case.reference
    link = settings.SITE_URL.rstrip("/") + case.get_absolute_url()
    at = case.created_at.strftime("%H:%M on %d %B %Y")
    permit = case.counter == Counter.PERMIT
    subjects, bodies = (APPLICATION_SUBJECTS, APPLICATION_BODIES) if permit else (SUBJECTS, BODIES)
    body = (
        bodies[what].format(ref=ref, at=at)
        + f"\n\nSign in to see it: {link}\n\nIf anyone is in danger now, call 999."
    )
    letter = mail.Letter(
        subject=subjects[what].format(ref=ref),
        body=body,
        to=[case.reporter.email],
        key=payload["key"],
    )
    if not mail.send(letter):
        raise outbox.RetryLater(RETRY_SECONDS, "mail server refused the case notice")
