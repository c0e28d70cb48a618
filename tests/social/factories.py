"""factory_boy factories for team feeds and their posts."""

from __future__ import annotations

import factory
from django.utils import timezone

from social.models import TeamFeed, TeamPost
from tests.factories import TeamFactory


class TeamFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamFeed
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    username = factory.LazyAttribute(lambda feed: feed.team.x_handle or "MPSTeam")

    @factory.post_generation
    def tokens(feed, create, extracted, **kwargs):
        """TeamFeedFactory(tokens=("access token", "secret")): the team can post."""
        if extracted:
            feed.set_user_tokens(*extracted)
            if create:
                feed.save()


class TeamPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamPost

    feed = factory.SubFactory(TeamFeedFactory)
    post_id = factory.Sequence(lambda n: 1_850_000_000_000_000_000 + n * 4096)
    text = factory.Sequence(lambda n: f"Team update {n}")
    html = factory.LazyAttribute(lambda post: post.text)
    posted_at = factory.LazyFunction(timezone.now)
