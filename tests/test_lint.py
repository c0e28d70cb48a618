"""Static checks as a test: unused imports and names, undefined names, likely bugs (ruff)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_code_has_no_unused_or_undefined_names_or_likely_bugs():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "F,E9,B", "--no-cache",
         "engage", "concerns", "moderation", "social", "tests"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_apps_pass_mypy():
    """The type gate (pyproject.toml [tool.mypy]): every function in the apps annotated, the
    hook and screener seam held to its Protocols. The django-stubs plugin imports
    engage.settings, which needs DEBUG or a SECRET_KEY; the cache in .mypy_cache keeps a
    repeat run to a few seconds."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=90,
        env={**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "engage.settings"})

    assert result.returncode == 0, result.stdout + result.stderr
