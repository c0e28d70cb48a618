"""The tests' X: the loopback fake X API v2 lives in the product tree (engage/demo/x_api_fake.py,
which the demo serves too; product code never imports tests). Tests import it from here or from
there. `python -m tests.fakes.x_api ...` still runs its benchmark command."""

from __future__ import annotations

from engage.demo.x_api_fake import Account, FakeX, RequestLog, main, seeded

__all__ = ["Account", "FakeX", "RequestLog", "seeded"]

if __name__ == "__main__":
    main()
