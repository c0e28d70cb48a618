"""System checks for the permits counter."""

from __future__ import annotations

import ctypes.util
from typing import Any

from django.core import checks

PANGO = ("pango-1.0", "pangoft2-1.0")  # what WeasyPrint loads when first imported


@checks.register(checks.Tags.compatibility)
def letters_can_be_drawn(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Decision letters are PDFs drawn by WeasyPrint, which loads Pango: without it every
    letter download fails, so say so at start-up, with the fix."""
    missing = [name for name in PANGO if ctypes.util.find_library(name) is None]
    if missing:
        return [
            checks.Warning(
                f"Decision letters cannot be made: WeasyPrint needs {', '.join(missing)}.",
                hint="Install it: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                "fonts-liberation",
                id="permits.W001",
            )
        ]
    return []
