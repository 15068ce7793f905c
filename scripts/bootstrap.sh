#!/usr/bin/env bash
# Create the virtual environment; on a fresh Debian/Ubuntu, install python3-venv first.
set -euo pipefail
PYTHON=${1:-python3}
VENV=${2:-.venv}
if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "lianxi needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  pkg="python3-venv"
  ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info.major}.{sys.version_info.minor}")')
  echo "Installing $pkg (needed to create a virtual environment)…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" || \
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${ver}-venv"
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip
