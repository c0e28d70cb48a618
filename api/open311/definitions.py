"""The fixed parts of the API: discovery, and the attributes every service shares. All of
them are optional (so services say `metadata` false): they carry what the web form asks that
Open311 has no field for."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from concerns.models import TITLE_MAX

CHANGESET = "2026-12-04T00:00:00Z"  # when this API last changed shape
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
YES_NO = [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}]

ATTRIBUTES: list[dict[str, Any]] = [
    {
        "variable": True,
        "code": "title",
        "datatype": "string",
        "required": False,
        "datatype_description": f"At most {TITLE_MAX} characters.",
        "order": 1,
        "description": "One line that sums it up. If not given, the description's first line.",
    },
    {
        "variable": True,
        "code": "at_risk",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "yes or no (no if not given).",
        "order": 2,
        "description": "Is a child or a vulnerable adult at risk of harm? If yes, it goes only "
        "to trained staff and is never published.",
        "values": YES_NO,
    },
    {
        "variable": True,
        "code": "emergency_understood",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "yes, only after a refusal asking for it.",
        "order": 3,
        "description": "Your user has seen the advice to call 999 if someone is in danger now, "
        "and still wants to send this.",
        "values": [{"key": "yes", "name": "Yes"}],
    },
]


def discovery_tree(base_url: str) -> dict[str, Any]:
    """Discovery: every field the spec requires, for the one endpoint we serve."""
    return {
        "changeset": CHANGESET,
        "contact": f"{settings.FORCE_NAME}: {settings.FORCE_URL} (in an emergency call 999; "
        f"otherwise {settings.FORCE_TELEPHONE}).",
        "key_service": "API keys for posting concerns are issued by the force's digital team; "
        f"ask through {settings.FORCE_URL}. Reading needs no key.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
