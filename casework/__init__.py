"""Private casework shared by the station's counters (reports now, permits next): a case with an
unguessable reference, one state table, a risk grade, messages, documents, an append-only
history and an access log. Nothing of a case is ever public (docs/casework.md)."""
