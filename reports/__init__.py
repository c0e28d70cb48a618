"""Report a crime or incident: the station's second counter (docs/reports.md). Forms per type,
drafts that can be resumed, triage by call handlers (THRIVE), the hand-over to the force's
records system. Cases themselves are casework's."""
