"""Writes of the report counter (services: keyword-only, atomic, the rule in the docstring)."""
