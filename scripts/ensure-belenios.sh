#!/bin/sh
# Make sure Debian's belenios-tool is there for the verifiable-ballot benchmark
# (benchmarks/scenarios_verifiable.py), which times it beside ours. Installs it as root with
# apt-get when missing; otherwise says how. Not needed by `make test`: without it the benchmark
# measures ours alone and says so.
set -eu
BELENIOS="${GOVERNANCE_BELENIOS:-belenios-tool}"
if command -v "$BELENIOS" >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing belenios-tool for the verifiable-ballot benchmark (apt-get install belenios-tool)..."
    retry="sh $(dirname "$0")/retry.sh 3"
    $retry apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $retry apt-get install -y -qq belenios-tool >/dev/null
    exit 0
fi
echo "belenios-tool is not installed and this is not a root shell with apt-get," >&2
echo "so the verifiable-ballot benchmark will measure ours alone. To compare:" >&2
echo "  sudo apt-get install belenios-tool" >&2
exit 0
