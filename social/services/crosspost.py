"""Sharing an officer's reply on the team's X account, exactly once.

`on_reply` is the hook concerns calls inside the reply's transaction (named in settings, so
concerns never imports social). It screens the text with the moderation detectors (whatever
settings.CONCERN_SCREENER names): anything held there (personal data above all) is never
posted. Otherwise it writes an outbox row and enqueues its task after commit.

`deliver` posts it. Exactly once, whatever fails:
- the row is claimed by a conditional UPDATE (one worker at a time; the claim expires, so a
  worker that died does not block it for ever) and the X post id is stored once known;
- an attempt that may have reached X (a timeout, a 5xx, a dropped connection) is never simply
  repeated: before posting again the team's timeline is read for a post carrying this reply's
  link, which is unique to the reply; if it is there, its id is stored instead.
"""

from __future__ import annotations

import html
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

from engage import outbox
from social import budget, conf, twitter
from social.models import CrossPost, CrossPostStatus, TeamFeed

if TYPE_CHECKING:  # types only: at run time social calls what settings name
    from concerns import hooks
    from concerns.models import Reply
    from concerns.screening import Screener

log = logging.getLogger(__name__)
MAX_LENGTH = 280
URL_LENGTH = 23  # X counts every link as 23 characters (t.co)
CLAIM_SECONDS = 120
CROSSPOST = "social.crosspost"


class OverBudgetError(Exception):
    """No request left in this window to check the timeline: try later."""


def _screener() -> Screener:
    # Read on every call, cached on the path: a test that overrides CONCERN_SCREENER is
    # screened by its own.
    return _imported_screener(settings.CONCERN_SCREENER)


@cache
def _imported_screener(path: str) -> Screener:
    return import_string(path)  # held to Screener where it is defined


def reply_link(reply: Reply) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reply.concern.get_absolute_url()}#reply-{reply.pk}"


def compose(body_html: str, link: str) -> str:
    """The reply as plain text, cut at a word to fit with the link in X's 280 characters."""
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    room = MAX_LENGTH - URL_LENGTH - 1
    if len(text) > room:
        cut = text[: room - 1].rsplit(" ", 1)[0] if " " in text[: room - 1] else text[: room - 1]
        text = cut.rstrip(" ,.;:") + "…"
    return f"{text} {link}"


def screening_problems(text: str) -> tuple[str, ...]:
    """Why a text must not go on X (the moderation detectors' reasons), or () if it may."""
    screening = _screener()(text)
    return screening.reasons if screening.held else ()


def team_can_crosspost(team_id: int | None) -> bool:
    """Whether to offer the tick: the team has a feed with posting tokens."""
    return (
        team_id is not None
        and bool(team_id)
        and TeamFeed.objects.filter(team_id=team_id, enabled=True)
        .exclude(access_token_encrypted="")
        .exists()
    )


def on_reply(*, reply: Reply, crosspost: bool = False, **_: object) -> CrossPost | None:
    """Hook, inside the reply's transaction: queue the reply for X if the officer asked."""
    if not crosspost:
        return None
    # A neighbourhood with no team filters team_id IS NULL; the stubs refuse None.
    feed = TeamFeed.objects.filter(team_id=reply.concern.neighbourhood.team_id).first()  # type: ignore[misc]
    if feed is None or not feed.can_post:
        return None
    link = reply_link(reply)
    problems = screening_problems(strip_tags(reply.body_html))
    row = CrossPost.objects.create(
        reply=reply,
        feed=feed,
        link=link,
        text=compose(reply.body_html, link),
        status=CrossPostStatus.HELD if problems else CrossPostStatus.PENDING,
        detail="; ".join(problems)[:300],
    )
    if not problems:
        # Through the outbox: the post to X is recorded with the reply, so a broker outage
        # delays it and never drops it (nor fails the officer's request after commit).
        outbox.enqueue(CROSSPOST, {"crosspost": row.pk}, dedupe_key=f"crosspost:{row.pk}")
    return row


@outbox.handler("social.crosspost")
def _deliver_from_outbox(payload: dict[str, Any]) -> None:
    result = deliver(crosspost_id=payload["crosspost"])
    if result.retry:
        attempts = (
            CrossPost.objects.filter(pk=payload["crosspost"])
            .values_list("attempts", flat=True)
            .first()
            or 1
        )
        raise outbox.RetryLater(
            outbox.backoff(
                attempts, base=float(conf.get("X_CROSSPOST_RETRY_BASE_SECONDS")), cap=900
            ),
            result.outcome,
        )


@dataclass
class Delivery:
    outcome: str
    retry: bool = False


def _claim(crosspost_id: int) -> uuid.UUID | None:
    now, token = timezone.now(), uuid.uuid4()
    claimed = (
        CrossPost.objects.filter(pk=crosspost_id, status=CrossPostStatus.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            claim_token=token,
            attempts=F("attempts") + 1,
            claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
        )
    )
    return token if claimed else None


def _finish(row: CrossPost, token: uuid.UUID, **changes: Any) -> None:
    CrossPost.objects.filter(pk=row.pk, claim_token=token).update(
        claim_token=None, claimed_until=None, **changes
    )


def deliver(*, crosspost_id: int) -> Delivery:
    """Post one queued cross-post, or find that an earlier attempt already did."""
    token = _claim(crosspost_id)
    if token is None:
        return Delivery("skipped")
    row = CrossPost.objects.select_related("feed").get(pk=crosspost_id)
    try:
        found = _already_posted(row) if row.attempts > 1 else None
        post_id = found or _post(row)
    except (twitter.Transient, twitter.RateLimited, OverBudgetError) as error:
        if row.attempts > conf.get("X_FEED_MAX_RETRIES"):
            _finish(row, token, status=CrossPostStatus.FAILED, detail=str(error)[:300])
            return Delivery("failed")
        _finish(row, token, detail=str(error)[:300])  # still pending: the task retries
        return Delivery("retry", retry=True)
    except twitter.XError as error:
        _finish(row, token, status=CrossPostStatus.FAILED, detail=str(error)[:300])
        log.warning("cross-post %s failed: %s", row.pk, error)
        return Delivery("failed")
    _finish(
        row,
        token,
        status=CrossPostStatus.POSTED,
        x_post_id=post_id,
        posted_at=timezone.now(),
        detail="Found on the timeline" if found else "",
    )
    return Delivery("posted")


def _post(row: CrossPost) -> int:
    access_token, access_secret = row.feed.user_tokens()
    try:
        return twitter.create_post(row.text, access_token=access_token, access_secret=access_secret)
    except twitter.Rejected as error:
        if "duplicate" in str(error).lower():  # X says it has this text: it got through
            found = _already_posted(row)
            if found:
                return found
        raise


def _already_posted(row: CrossPost) -> int | None:
    """The id of a post on the team's timeline carrying this reply's link, if any."""
    if budget.reserve(1) == 0:
        raise OverBudgetError("The request budget for this window is spent.")
    feed = row.feed
    user_id = feed.x_user_id or twitter.lookup_user(feed.username).id
    page = twitter.timeline_page(user_id, include_reposts=False, page_size=20)
    for post in page.posts:
        if row.link in post.links() or row.link in html.unescape(post.text):
            return post.id
    return None


if TYPE_CHECKING:
    # settings.CONCERN_HOOKS names it by path, which mypy cannot follow: held here to the
    # signature concerns.hooks.run calls it with.
    _reply_published: hooks.ReplyPublished = on_reply
