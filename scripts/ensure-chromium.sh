#!/bin/sh
# Make sure Debian's Chromium is there for the browser tests (tests/browser).
# Playwright drives the system browser; it never downloads one. Without Chromium the browser
# tests skip locally with this reason, and fail when CI is set.
set -eu
CHROMIUM="${GOVERNANCE_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)..."
    retry="sh $(dirname "$0")/retry.sh 3"
    $retry apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $retry apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "Chromium is not installed at $CHROMIUM and this is not a root shell with apt-get," >&2
echo "so the browser tests will be skipped (and fail under CI). To run them:" >&2
echo "  sudo apt-get install chromium" >&2
exit 0
