"""`manage.py seed_demo`: load the demo London wards, teams and people (safe to run again)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from engage.demo import seed


class Command(BaseCommand):
    help = "Seed demo data: real London wards, their teams, officers, moderators and residents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins at the end."
        )
        parser.add_argument(
            "--logins-only", action="store_true", help="Print the demo logins without seeding."
        )

    def handle(
        self, *args: Any, quiet_logins: bool = False, logins_only: bool = False, **options: Any
    ) -> None:
        if logins_only:
            self.stdout.write(format_logins())
            return
        steps = seed.seed_steps()
        with tqdm(
            steps,
            desc="Seeding demo data",
            unit="step",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        ) as bar:
            for label, step in bar:
                bar.set_postfix_str(label[:30])
                seed.run_step(step)
        if not quiet_logins:
            self.stdout.write(format_logins())


def format_logins() -> str:
    lines = ["", f"Demo logins (password for all: {seed.DEMO_PASSWORD})"]
    for login in seed.demo_logins():
        lines.append(f"  {login.role:<48} {login.email}")
        if login.totp_key:
            lines.append(f"  {'':<48} two-factor key: {login.totp_key}")
    lines.append("Staff roles need a 6-digit code: add the key to an authenticator app, or run")
    lines.append("  .venv/bin/python manage.py demo_code EMAIL")
    if settings.DEMO_MAILBOX:
        lines.append(
            f"Mail the demo sends (sign-up links, notifications) is not delivered: read "
            f"it at {settings.SITE_URL}/demo/mailbox/ signed in as a staff login."
        )
    return "\n".join(lines) + "\n"
