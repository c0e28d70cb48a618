"""The X settings have one home for their defaults (social/conf.py); the environment overrides."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import engage.settings as project_settings
from social import conf

ROOT = Path(__file__).resolve().parents[2]


def test_the_settings_file_defines_no_x_setting_the_environment_does_not_set():
    unset = [name for name in conf.DEFAULTS if name not in os.environ]
    assert "X_FEED_LEASE_SECONDS" in unset  # else this run proves nothing about its default

    assert [name for name in unset if hasattr(project_settings, name)] == []


def test_a_setting_left_unset_reads_its_default_from_conf(settings):
    assert not hasattr(settings, "X_FEED_LEASE_SECONDS")

    assert conf.get("X_FEED_LEASE_SECONDS") == conf.DEFAULTS["X_FEED_LEASE_SECONDS"] == 60


def test_the_environment_overrides_a_default_with_its_type():
    environment = {
        **os.environ,
        "DEBUG": "true",
        "X_FEED_LEASE_SECONDS": "7",
        "X_TIMEOUT_SECONDS": "2.5",
        "X_TOKEN_KEYS": "key-one,key-two",
    }
    environment.pop("X_BEARER_TOKEN", None)
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import engage.settings as s; print(repr(s.X_FEED_LEASE_SECONDS),"
            " repr(s.X_TIMEOUT_SECONDS), s.X_TOKEN_KEYS, hasattr(s, 'X_BEARER_TOKEN'))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert shown.stdout.split() == ["7", "2.5", "['key-one',", "'key-two']", "False"]


def test_no_module_of_social_shadows_the_standard_library():
    names = {path.stem for path in (ROOT / "social").rglob("*.py")}
    # Every app has a selectors.py (STYLE.md), imported only as `social.selectors`.
    house_names = {"selectors"}

    assert names & set(sys.stdlib_module_names) - house_names == set()
