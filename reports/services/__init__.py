"""Writes of the report counter: triage (reports.services.triage)."""
