"""`manage.py demo_code EMAIL`: print the current two-factor code of a demo staff account."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from engage.demo.seed import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current 6-digit two-factor code for a demo account (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not email.lower().endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) can have codes printed.")
        try:
            device = TOTPDevice.objects.filter(user__email=email.lower(), confirmed=True).first()
        except DatabaseError:
            raise CommandError(
                "The demo database is not set up yet: run `make run` first."
            ) from None
        if device is None:
            raise CommandError(
                f"{email} has no two-factor device. Run `manage.py seed_demo` first."
            )
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
