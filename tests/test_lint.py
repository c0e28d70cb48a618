"""Static checks as a test: unused imports and names, undefined names, likely bugs (ruff)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_code_passes_the_lint_gate():
    """pyproject.toml [tool.ruff.lint]: pyflakes, pycodestyle, import order, bugbear, pyupgrade,
    Django's rules and simplifications, over the whole tree."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_laid_out_by_ruff_format():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_product_code_never_imports_the_tests():
    """A deployment may ship without tests/: the apps and the demo stand alone (the bench,
    a developer tool run from a checkout, may borrow the factories)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in (
            "engage",
            "concerns",
            "moderation",
            "social",
            "casework",
            "reports",
            "permits",
            "api",
        )
        for path in (ROOT / app).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.lstrip().startswith(("from tests", "import tests"))
    ]

    assert offenders == []


# Which apps each app may not import (STYLE.md's arrows): casework stands on engage alone, so
# every counter can share it; nothing imports the counters, and they do not import each other.
FORBIDDEN_IMPORTS = {
    "casework": ("concerns", "moderation", "social", "reports", "permits", "api"),
    "concerns": ("moderation", "social", "casework", "reports", "permits", "api"),
    "moderation": ("social", "casework", "reports", "permits", "api"),
    "social": ("moderation", "casework", "reports", "permits", "api"),
    "reports": ("permits", "api"),
    "permits": ("reports", "concerns", "social", "api"),
}


def test_the_apps_import_one_way():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app, forbidden in FORBIDDEN_IMPORTS.items()
        for path in (ROOT / app).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.lstrip().startswith(
            tuple(f"{verb} {other}" for other in forbidden for verb in ("from", "import"))
        )
    ]

    assert offenders == []


def test_the_apps_pass_mypy():
    """The type gate (pyproject.toml [tool.mypy]): every function in the apps annotated, the
    hook and screener seam held to its Protocols. The django-stubs plugin imports
    engage.settings, which needs DEBUG or a SECRET_KEY; the cache in .mypy_cache keeps a
    repeat run to a few seconds."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "engage.settings"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
