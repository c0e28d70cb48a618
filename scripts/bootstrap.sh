#!/usr/bin/env bash
# Make a fresh Debian machine ready: a virtualenv with the pinned requirements and, with
# --browser, Debian's Chromium for the browser tests. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf 'setup: %s\n' "$*"; }
is_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  say "installing Debian packages: $* (apt-get)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

if ! command -v "$PYTHON" >/dev/null; then
  say "$PYTHON not found. Install Python 3.11 or newer (apt-get install python3 python3-venv)."; exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "$("$PYTHON" --version) is too old: Engage needs Python 3.11 or newer."; exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    if is_root && command -v apt-get >/dev/null; then apt_install python3-venv
    else say "Python's venv module is missing: run 'sudo apt-get install python3-venv', then retry."; exit 1; fi
  fi
  say "creating the virtualenv in $VENV"
  "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.requirements.sha256"
want=$(cat requirements.txt requirements-test.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing Python packages from requirements-test.txt (about a minute the first time)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar on -q -r requirements-test.txt -c constraints.txt
  echo "$want" > "$stamp"
fi

# Decision letters (permits.letters) are drawn by WeasyPrint, which needs Pango.
if ! "$VENV/bin/python" -c 'import ctypes.util as u, sys; sys.exit(not (u.find_library("pango-1.0") and u.find_library("pangoft2-1.0")))'; then
  if is_root && command -v apt-get >/dev/null; then
    apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
  else
    say "Pango is not installed: decision letters (PDF) cannot be made, and their tests will fail."
    say "To fix: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation"
  fi
fi

if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null; then
  if is_root && command -v apt-get >/dev/null; then
    apt_install chromium fonts-liberation
  else
    say "Chromium is not installed and this is not root: browser tests will be SKIPPED."
    say "To run them: sudo apt-get install chromium"
  fi
fi
exit 0
