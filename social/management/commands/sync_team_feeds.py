"""`manage.py sync_team_feeds [--full] [--feed USERNAME]`: sync feeds now, in this process,
with a progress bar. The same service as the Celery tasks: the lease, the budget and X's
rate limits still hold (a feed another worker is syncing is skipped, not synced twice)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from social import conf, services
from social.models import STOPPED, SyncKind, TeamFeed


class Command(BaseCommand):
    help = "Sync the enabled team X feeds now, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full", action="store_true", help="A full refresh (also removes posts deleted on X)."
        )
        parser.add_argument(
            "--feed",
            action="append",
            default=[],
            metavar="USERNAME",
            help="Only this feed (repeatable); stopped feeds are retried.",
        )

    def handle(self, *args: Any, full: bool, feed: list[str], **options: Any) -> None:
        if not conf.configured():
            raise CommandError("X is not configured: set X_BEARER_TOKEN.")
        feeds = TeamFeed.objects.filter(enabled=True).order_by("pk")
        feeds = feeds.filter(username__in=feed) if feed else feeds.exclude(status__in=STOPPED)
        kind = SyncKind.FULL if full else SyncKind.MANUAL if feed else SyncKind.POLL
        outcomes: Counter = Counter()
        new = 0
        for pk in tqdm(
            list(feeds.values_list("pk", flat=True)),
            desc="X feeds",
            unit="feed",
            file=self.stderr,
            disable=False,
        ):
            result = services.sync_team_feed(feed_id=pk, kind=kind)
            outcomes[result.outcome] += 1
            new += result.new_posts
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"{new} new post(s); {summary or 'no feeds'}.")
