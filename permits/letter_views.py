"""The decision letter, served only to the applicant and the unit's licensing officers (after
two-factor; each staff download logged), and only once the application is decided. Everyone
else, and a letter that does not exist yet, gets 404, as if there were none."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from casework import access
from casework.models import AccessAction, Case, Counter
from casework.services import record_access
from casework.states import CaseStatus, Role
from engage import permissions
from engage.two_factor import two_factor_redirect
from permits.letters import decision_letter

WITH_LETTERS = (CaseStatus.GRANTED, CaseStatus.REFUSED)


def letter(request: HttpRequest, reference: str) -> HttpResponse:
    case = Case.objects.filter(
        counter=Counter.PERMIT, reference=reference.strip().upper(), status__in=WITH_LETTERS
    ).first()
    verified = bool(getattr(request.user, "is_verified", lambda: False)())
    roles = access.roles_on(case, request.user, verified=verified) if case else set()
    if not roles and not verified and permissions.is_licensing_officer(request.user):
        return two_factor_redirect(request)  # asked of every reference alike: nothing leaks
    if case is None or not roles:
        raise Http404("No such letter.")
    if Role.LICENSING in roles:
        record_access(case, user=request.user, action=AccessAction.DOWNLOAD, detail="letter")  # type: ignore[arg-type]
    response = HttpResponse(decision_letter(case), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{case.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
