"""Writes of the report counter: submission, drafts, triage, the hand-over, the export."""
