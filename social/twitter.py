"""The only import of tweepy: X API v2 calls in, plain dataclasses and our own errors out.

Every call is one HTTP request (pagination is the caller's loop, so each page can be counted
against the request budget). Errors are mapped so callers never see tweepy or requests:

- 429               -> RateLimited(until=x-rate-limit-reset). Never tweepy's wait_on_rate_limit,
                       which sleeps inside a worker, and spins when the header is missing.
- 5xx, timeouts,
  connection errors -> Transient (retry later with backoff).
- 401, 403          -> AuthRefused: a person must look at the credentials.
- 404, and HTTP 200
  carrying only `errors` (not found, suspended, protected) -> Unavailable(reason).
- 400               -> Rejected (a request we should not repeat as it is).

Tweepy hard-codes https://api.twitter.com and sets no timeout; the session's transport adapter
adds the timeout and, when settings point elsewhere (a loopback fake), rewrites the host.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import tweepy
from requests.adapters import HTTPAdapter

from social import conf

TWITTER_HOST = "https://api.twitter.com"
TWEET_FIELDS = [
    "created_at",
    "entities",
    "public_metrics",
    "attachments",
    "referenced_tweets",
    "author_id",
]
EXPANSIONS = ["attachments.media_keys", "author_id"]
MEDIA_FIELDS = ["type", "url", "preview_image_url", "alt_text"]
USER_FIELDS = ["username", "name", "protected"]
PAGE_SIZE = 100


class XError(Exception):
    """Base of what this adapter raises."""


class NotConfigured(XError):
    """No app bearer token (or no posting keys): nothing is asked of X."""


class RateLimited(XError):
    def __init__(self, until: datetime, message: str = "Rate-limited by X") -> None:
        super().__init__(message)
        self.until = until


class Transient(XError):
    """Worth trying again later: X's 5xx, a timeout, a dropped connection."""


class AuthRefused(XError):
    """401/403: the token is wrong, revoked, or lacks access."""


class Unavailable(XError):
    """The account can't be read: not found, suspended or protected (the message says)."""


class Rejected(XError):
    """400, or a 403 for the content (a duplicate post): repeating it will not help."""


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    name: str
    protected: bool = False


@dataclass(frozen=True)
class Media:
    key: str
    type: str
    url: str
    alt_text: str = ""


@dataclass(frozen=True)
class Post:
    id: int
    text: str
    created_at: datetime
    entities: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    media: tuple[Media, ...] = ()
    is_repost: bool = False
    is_reply: bool = False

    def links(self) -> list[str]:
        return [u.get("expanded_url") or u.get("url", "") for u in self.entities.get("urls", [])]


@dataclass(frozen=True)
class Page:
    posts: list[Post]
    newest_id: int | None
    oldest_id: int | None
    next_token: str | None
    author: XUser | None = None
    # From x-rate-limit-remaining/-reset: when 0 remain, no request before `reset`.
    remaining: int | None = None
    reset: datetime | None = None


class _Transport(HTTPAdapter):
    """Adds the timeout tweepy never sets and sends api.twitter.com to `base_url`."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(pool_connections=4, pool_maxsize=64)
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if self.base_url != TWITTER_HOST and request.url.startswith(TWITTER_HOST):
            request.url = self.base_url + request.url[len(TWITTER_HOST) :]
        kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def _client(**credentials: Any) -> tweepy.Client:
    client = tweepy.Client(**credentials, return_type=requests.Response, wait_on_rate_limit=False)
    base_url = conf.get("X_API_BASE_URL")
    client.session.mount(TWITTER_HOST, _Transport(base_url, float(conf.get("X_TIMEOUT_SECONDS"))))
    _environment_once(client.session, base_url)
    return client


def _environment_once(session: requests.Session, base_url: str) -> None:
    """What requests reads from the environment on every request (proxies, no_proxy, the CA
    bundle, ~/.netrc: a walk over os.environ and two stat calls, a fifth of a request's CPU),
    read once when the client is made. The bearer token or OAuth header is always ours, so
    .netrc never applied."""
    bypass = requests.utils.should_bypass_proxies(base_url, no_proxy=None)
    session.proxies = {} if bypass else requests.utils.getproxies()
    session.verify = (
        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    )
    session.trust_env = False


_readers = threading.local()


def _reader() -> tweepy.Client:
    """One app-token client per thread (keep-alive; requests.Session is not thread-safe)."""
    token = conf.get("X_BEARER_TOKEN")
    if not token:
        raise NotConfigured("X_BEARER_TOKEN is not set.")
    key = (token, conf.get("X_API_BASE_URL"), conf.get("X_TIMEOUT_SECONDS"))
    if getattr(_readers, "key", None) != key:
        _readers.client, _readers.key = _client(bearer_token=token), key
    return _readers.client


def _call(method: Callable[..., requests.Response], *args: Any, **kwargs: Any) -> requests.Response:
    try:
        return method(*args, **kwargs)
    except tweepy.TooManyRequests as error:
        raise RateLimited(_reset_time(error.reset_time)) from error
    except tweepy.TwitterServerError as error:
        raise Transient(f"X answered {error.response.status_code}") from error
    except (tweepy.Unauthorized, tweepy.Forbidden) as error:
        detail = _detail(error)
        if "duplicate" in detail.lower():
            raise Rejected(detail) from error
        raise AuthRefused(detail) from error
    except tweepy.NotFound as error:
        raise Unavailable(_detail(error) or "Not found on X") from error
    except tweepy.BadRequest as error:
        raise Rejected(_detail(error)) from error
    except tweepy.HTTPException as error:
        raise Transient(f"X answered {error.response.status_code}") from error
    except (requests.Timeout, requests.ConnectionError) as error:
        raise Transient(f"X did not answer: {type(error).__name__}") from error
    except ValueError as error:  # a body that is not JSON (a proxy's HTML error page)
        raise Transient("X sent something that is not JSON") from error


def _detail(error: tweepy.HTTPException) -> str:
    messages = list(error.api_messages) or [str(error)]
    return f"{error.response.status_code}: " + "; ".join(messages)[:250]


def _reset_time(reset: int | None) -> datetime:
    if reset is None:  # X always sends it; if not, wait one window rather than spin
        return _now() + timedelta(seconds=int(conf.get("X_REQUEST_WINDOW_SECONDS")))
    return datetime.fromtimestamp(reset, tz=UTC)


def _now() -> datetime:
    return datetime.now(tz=UTC)


def _json(response: requests.Response) -> dict:
    try:
        return response.json()
    except ValueError as error:
        raise Transient("X sent something that is not JSON") from error


def _only_errors(body: dict) -> None:
    """X answers 200 with only `errors` for a missing, suspended or protected account."""
    if body.get("data") or not body.get("errors"):
        return
    first = body["errors"][0]
    kind = first.get("type", "")
    detail = first.get("detail") or first.get("title") or "unavailable"
    if kind.endswith("not-authorized-for-resource"):
        raise Unavailable(f"Protected: {detail}"[:300])
    raise Unavailable(detail[:300])


def _user(data: dict) -> XUser:
    return XUser(
        id=str(data["id"]),
        username=data["username"],
        name=data.get("name", ""),
        protected=bool(data.get("protected", False)),
    )


def lookup_user(username: str) -> XUser:
    """GET /2/users/by/username/:username. Raises Unavailable if missing or suspended."""
    response = _call(_reader().get_user, username=username, user_fields=USER_FIELDS)
    body = _json(response)
    _only_errors(body)
    if not body.get("data"):
        raise Unavailable(f"@{username} was not found on X")
    return _user(body["data"])


def timeline_page(
    user_id: str,
    *,
    since_id: int | None = None,
    token: str | None = None,
    include_reposts: bool = False,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of GET /2/users/:id/tweets, newest first, replies excluded."""
    exclude = ["replies"] if include_reposts else ["retweets", "replies"]
    response = _call(
        _reader().get_users_tweets,
        user_id,
        since_id=since_id,
        pagination_token=token,
        max_results=page_size,
        exclude=exclude,
        tweet_fields=TWEET_FIELDS,
        expansions=EXPANSIONS,
        media_fields=MEDIA_FIELDS,
        user_fields=USER_FIELDS,
    )
    body = _json(response)
    _only_errors(body)
    return _page(body, response.headers)


def _page(body: dict[str, Any], headers: Mapping[str, str]) -> Page:
    includes = body.get("includes", {})
    media = {
        m["media_key"]: Media(
            key=m["media_key"],
            type=m.get("type", "photo"),
            url=m.get("url") or m.get("preview_image_url", ""),
            alt_text=m.get("alt_text") or "",
        )
        for m in includes.get("media", [])
    }
    users = includes.get("users", [])
    meta = body.get("meta", {})
    remaining = headers.get("x-rate-limit-remaining")
    reset = headers.get("x-rate-limit-reset")
    return Page(
        posts=[_post(item, media) for item in body.get("data", [])],
        newest_id=int(meta["newest_id"]) if meta.get("newest_id") else None,
        oldest_id=int(meta["oldest_id"]) if meta.get("oldest_id") else None,
        next_token=meta.get("next_token"),
        author=_user(users[0]) if users else None,
        remaining=int(remaining) if remaining and remaining.isdigit() else None,
        reset=_reset_time(int(reset)) if reset and reset.isdigit() else None,
    )


def _post(item: dict, media: dict[str, Media]) -> Post:
    kinds = {ref.get("type") for ref in item.get("referenced_tweets", [])}
    keys = item.get("attachments", {}).get("media_keys", [])
    return Post(
        id=int(item["id"]),
        text=item.get("text", ""),
        created_at=datetime.fromisoformat(item["created_at"].replace("Z", "+00:00")),
        entities=item.get("entities", {}),
        metrics=item.get("public_metrics", {}),
        media=tuple(media[key] for key in keys if key in media),
        is_repost="retweeted" in kinds,
        is_reply="replied_to" in kinds,
    )


def create_post(text: str, *, access_token: str, access_secret: str) -> int:
    """POST /2/tweets as the team (OAuth 1.0a user context). Returns the new post's id."""
    key, secret = conf.get("X_CONSUMER_KEY"), conf.get("X_CONSUMER_SECRET")
    if not (key and secret and access_token and access_secret):
        raise NotConfigured("Posting needs X_CONSUMER_KEY/SECRET and the team's tokens.")
    client = _client(
        consumer_key=key,
        consumer_secret=secret,
        access_token=access_token,
        access_token_secret=access_secret,
    )
    try:
        body = _json(_call(client.create_tweet, text=text, user_auth=True))
    finally:
        client.session.close()
    return int(body["data"]["id"])
