"""The fake X's three endpoints (user lookup, timeline, create a post), in X API v2's answers:
mixed into FakeX (engage/demo/x_api_fake.py), which holds the state, the knobs and the rate
limits and calls `_route` once a request has passed them. Standard library only."""

from __future__ import annotations

import re
import threading
import time
from typing import TYPE_CHECKING, Any

from engage.demo.x_api_wire import expanded, not_found, problem, refers, user_json

if TYPE_CHECKING:
    from datetime import datetime

    from engage.demo.x_api_fake import Account, RequestLog


class XEndpoints:
    # FakeX's state, which these answers read and write (set in FakeX.__init__).
    accounts: dict[str, Account]
    posts: dict[str, list[dict]]
    media: dict[str, dict]
    hang_after_post: float
    hangs_left: int | None
    _lock: threading.RLock

    if TYPE_CHECKING:

        def account(self, username: str) -> Account: ...

        def add_post(
            self,
            username: str,
            text: str,
            *,
            reply_to: str | None = None,
            repost_of: str | None = None,
            media_alt: str | None = None,
            created_at: datetime | None = None,
        ) -> dict: ...

    def _route(self, log: RequestLog, body: dict | None) -> tuple[int, dict]:
        parts = log.path.strip("/").split("/")
        if log.method == "POST" and parts == ["2", "tweets"]:
            return self._create(log, body or {})
        if parts[:4] == ["2", "users", "by", "username"] and len(parts) == 5:
            return 200, self._lookup(parts[4])
        if parts[:2] == ["2", "users"] and len(parts) == 4 and parts[3] == "tweets":
            return 200, self._timeline(parts[2], log.params)
        return 404, problem(404, "Not Found")

    def _lookup(self, username: str) -> dict:
        try:
            account = self.account(username)
        except StopIteration:
            return {
                "errors": [
                    not_found(
                        "username", username, f"Could not find user with username: [{username}]."
                    )
                ]
            }
        if account.suspended:
            return {
                "errors": [
                    not_found("username", username, f"User has been suspended: [{username}].")
                ]
            }
        return {"data": user_json(account)}

    def _timeline(self, user_id: str, params: dict) -> dict:
        account = self.accounts.get(user_id)
        if account is None or account.suspended:
            return {
                "errors": [not_found("id", user_id, f"Could not find user with id: [{user_id}].")]
            }
        if account.protected:
            return {
                "errors": [
                    {
                        "title": "Authorization Error",
                        "resource_type": "user",
                        "parameter": "id",
                        "value": user_id,
                        "detail": f"Sorry, you are not authorized to see the user "
                        f"with id: [{user_id}].",
                        "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
                    }
                ]
            }
        excluded = set(params.get("exclude", "").split(","))
        since = int(params.get("since_id") or 0)
        size = min(100, max(5, int(params.get("max_results") or 10)))
        offset = int(params.get("pagination_token", "p0")[1:] or 0)
        with self._lock:
            matching = [
                p
                for p in self.posts[user_id]
                if int(p["id"]) > since
                and not (refers(p, "replied_to") and "replies" in excluded)
                and not (refers(p, "retweeted") and "retweets" in excluded)
            ]
        page = matching[offset : offset + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0]["id"], oldest_id=page[-1]["id"])
        if offset + size < len(matching):
            meta["next_token"] = f"p{offset + size}"
        if offset:
            meta["previous_token"] = f"p{max(0, offset - size)}"
        result: dict = {"meta": meta}
        if page:
            result["data"] = page
            includes: dict = {"users": [user_json(account)]}
            media = [
                self.media[k]
                for p in page
                for k in p.get("attachments", {}).get("media_keys", [])
                if k in self.media
            ]
            if media:
                includes["media"] = media
            result["includes"] = includes
        return result

    def _create(self, log: RequestLog, body: dict) -> tuple[int, dict]:
        token = re.search(r'oauth_token="([^"]+)"', log.headers.get("authorization", ""))
        account = next(
            (
                a
                for a in self.accounts.values()
                if a.tokens and token and a.tokens[0] == token.group(1)
            ),
            None,
        )
        if account is None:
            return 401, problem(401, "Unauthorized")
        text = body.get("text", "")
        if any(expanded(p) == text for p in self.posts[account.id]):
            return 403, {
                "detail": "You are not allowed to create a Tweet with duplicate content.",
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
            }
        post = self.add_post(account.username, text)
        if self.hang_after_post and self.hangs_left != 0:
            if self.hangs_left is not None:
                self.hangs_left -= 1
            time.sleep(self.hang_after_post)
        return 201, {
            "data": {"id": post["id"], "text": post["text"], "edit_history_tweet_ids": [post["id"]]}
        }
