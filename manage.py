#!/usr/bin/env python
"""Django's command-line utility for Engage."""

import os
import sys

# The demo's own commands (the README's `demo_code EMAIL`, `seed_demo --logins-only`) work
# from a second shell beside `make run`, which sets DEBUG=true for its children only. They run
# as the demo does, unless a production SECRET_KEY says this is not a demo.
DEMO_COMMANDS = {"demo_code", "seed_demo"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
    if sys.argv[1:2] and sys.argv[1] in DEMO_COMMANDS and not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
