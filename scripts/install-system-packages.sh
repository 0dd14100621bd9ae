#!/bin/sh
# The Debian (and Ubuntu) packages `make run` needs beyond Python itself: make, venv, and the
# libraries WeasyPrint loads to draw the minutes PDF (Pango, its FreeType backend, HarfBuzz's
# font subsetter), and libsodium, whose ristretto255 the verifiable ballots use (through
# pysodium). Run as root, or it uses sudo: `sh scripts/install-system-packages.sh`.
# The README names the same packages; tests/unit/test_system_packages.py keeps them in step.
set -eu
PACKAGES="make python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libsodium23"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "This script is for Debian or Ubuntu (apt-get). Elsewhere install Python 3.11+, make" >&2
    echo "and Pango (see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)." >&2
    exit 1
fi
run=""
if [ "$(id -u)" != "0" ]; then
    run="sudo"
fi
retry="sh $(dirname "$0")/retry.sh 3"
$run $retry apt-get update -qq
# shellcheck disable=SC2086 # the package list is meant to split into words
$run env DEBIAN_FRONTEND=noninteractive $retry apt-get install -y --no-install-recommends $PACKAGES
