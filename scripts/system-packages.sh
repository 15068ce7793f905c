#!/usr/bin/env bash
# Debian/Ubuntu packages the platform needs beside its Python packages, installed when missing:
#   Word and PDF reports: Pango for WeasyPrint, the CJK fonts (Noto Serif/Sans CJK SC, and
#   WenQuanYi Micro Hei as a fallback);
#   with "dev": poppler-utils (pdftotext, pdffonts, pdftoppm) for the tests of those reports,
#   and Chromium for the browser tests (Playwright drives Debian's build).
# Without root or sudo it says what is missing and goes on (the rest of the platform works).
set -euo pipefail
need=()
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v fc-list >/dev/null || need+=(fontconfig)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "wqy" || need+=(fonts-wqy-microhei)
if [ "${1:-}" = "dev" ]; then
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  command -v chromium >/dev/null || need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "Please install these Debian packages (root needed): ${need[*]}" >&2
    echo "Word and PDF reports need them; everything else works without." >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "Not a Debian/Ubuntu system: install the equivalents of ${need[*]}" >&2
  exit 0
fi
echo "Installing ${need[*]}…"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
