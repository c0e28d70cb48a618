"""A team's posting tokens (OAuth 1.0a user context), stored encrypted."""

from __future__ import annotations

from social.models import TeamFeed


def set_team_tokens(*, feed: TeamFeed, access_token: str, access_secret: str) -> TeamFeed:
    """Store the team's posting tokens, encrypted (social.credentials). Only posting uses them:
    the feed's sync status is left as it is, because reading uses the app's bearer token, so
    new posting tokens cannot cure a feed that needs attention ("Sync now" retries it)."""
    feed.set_user_tokens(access_token, access_secret)
    feed.save(update_fields=["access_token_encrypted", "access_secret_encrypted"])
    return feed
