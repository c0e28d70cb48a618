"""Static checks as a test: unused imports and names, undefined names, likely bugs (ruff)."""

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
